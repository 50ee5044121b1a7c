/** The folder of the built site (`packages/docs/dist/`), with a trailing slash: index.html, openapi.yaml, openapi.json, reference.md, llms.txt. `pnpm build` writes it. */
export declare const docsDir: string;
/** The page, `packages/docs/dist/index.html`: open it from file:// or serve the folder. */
export declare const indexHtml: string;
