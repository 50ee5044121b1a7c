// Where the built docs site is. `pnpm build` writes it: the folder as it is published (index.html, the page,
// with Redoc and the description inlined; openapi.yaml and openapi.json, the bundle; reference.md and llms.txt),
// so any static server can serve docsDir as is, at its root or under a sub-path.
import { fileURLToPath } from 'node:url';

/** The folder of the built site. */
export const docsDir = fileURLToPath(new URL('./dist/', import.meta.url));
/** The page: open it from file:// or serve the folder. */
export const indexHtml = fileURLToPath(new URL('./dist/index.html', import.meta.url));
