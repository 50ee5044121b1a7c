// The CommonJS build of the matchers: dist/matchers.cjs, for Jest (29, 30) in its default CommonJS mode, which
// cannot `require()` this ES module package (`Must use import to load ES Module`). esbuild bundles
// src/matchers.ts with what it imports from this package (the validator, the checker); Ajv and ajv-formats stay
// `require()`s of the dependencies (they are CommonJS). The file sits beside dist/index.js, so
// `new URL('./openapi.json', import.meta.url)` finds the same bundled description: `import.meta.url` becomes the
// file's own URL. Its types: dist/matchers.d.cts, the ES build's declarations (types only, no import of ESM code).
import { readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { build } from 'esbuild';

const pkg = join(import.meta.dirname, '..');
await build({
  entryPoints: [join(pkg, 'src', 'matchers.ts')],
  outfile: join(pkg, 'dist', 'matchers.cjs'),
  bundle: true,
  platform: 'node',
  format: 'cjs',
  target: 'node20',
  external: ['ajv', 'ajv-formats', 'ajv/*'],
  define: { 'import.meta.url': '__matchersFileUrl' },
  banner: { js: "const __matchersFileUrl = require('node:url').pathToFileURL(__filename).href;" },
  sourcemap: true,
  logLevel: 'warning',
});

// The declarations: the ES build's, each relative import pointing at its .d.ts (the same types).
const dts = readFileSync(join(pkg, 'dist', 'matchers.d.ts'), 'utf8');
writeFileSync(join(pkg, 'dist', 'matchers.d.cts'), dts);
