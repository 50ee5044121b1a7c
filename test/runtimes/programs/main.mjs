// The command line for Node, Bun and Deno: `main.mjs client|app-token BASE_URL APP_NAME [APP_ID APP_CERTIFICATE]`.
// Prints one JSON line: what the program reports, and which runtime ran it.
import { run } from './client.mjs';
import { runAppToken } from './app-token.mjs';

const args = globalThis.Deno ? globalThis.Deno.args : process.argv.slice(2);
const [what, baseUrl, appName, appId, appCertificate] = args;
const runtime = globalThis.Deno ? `deno ${globalThis.Deno.version.deno}` : globalThis.Bun ? `bun ${globalThis.Bun.version}` : `node ${process.versions.node}`;
const result = what === 'app-token' ? await runAppToken(baseUrl, appName, appId, appCertificate) : await run(baseUrl, appName);
console.log(JSON.stringify({ runtime, ...result }));
