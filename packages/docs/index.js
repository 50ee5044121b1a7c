// Where the built docs site is. `pnpm build` writes it; the site is the one file dist/index.html
// (Redoc and the description inlined, no other assets), so any static server can serve docsDir as is.
import { fileURLToPath } from 'node:url';

/** The folder of the built site. */
export const docsDir = fileURLToPath(new URL('./dist/', import.meta.url));
/** The whole site: open it from file:// or serve it. */
export const indexHtml = fileURLToPath(new URL('./dist/index.html', import.meta.url));
