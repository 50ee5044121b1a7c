// The bundler moved into the package that owns the build: packages/openapi/scripts/bundle.ts.
// This file keeps `import { bundleDescription, root } from './bundle.js'` of the other scripts working.
export { bundleDescription } from '../packages/openapi/scripts/bundle.js';
export { root } from './root.js';
