/** The folder of the built site (`packages/docs/dist/`), with a trailing slash. `pnpm build` writes it. */
export declare const docsDir: string;
/** The whole site, `packages/docs/dist/index.html`: open it from file:// or serve it. */
export declare const indexHtml: string;
