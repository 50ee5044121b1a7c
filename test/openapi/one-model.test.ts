// One operation model: no file of a package or of the scripts walks the description's `paths` or lists the HTTP
// methods itself; they read `buildOperationModel` (packages/openapi/src/model.ts). A second walk is how the
// sandbox once missed a field that the client, the docs and the validator had.
import { readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const MODEL = 'packages/openapi/src/model.ts';

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'generated') continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (/\.(ts|js|mjs|cjs)$/.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

const files = [
  ...readdirSync(join(root, 'packages')).flatMap((pkg) =>
    ['src', 'scripts', 'bench'].flatMap((dir) => {
      const path = join(root, 'packages', pkg, dir);
      try {
        return statSync(path).isDirectory() ? sources(path) : [];
      } catch {
        return [];
      }
    }),
  ),
  ...sources(join(root, 'scripts')),
].map((path) => ({ name: relative(root, path), text: readFileSync(path, 'utf8') }));

/** Code only: comments and string contents would name `paths` in prose. */
const code = (text: string): string => text.replace(/\/\*[\s\S]*?\*\//g, '').replace(/(^|[^:])\/\/.*$/gm, '$1');

/** A walk over the document's path items: `.paths` read as a value, `['paths']`, or `paths` destructured. */
const WALK = /\.paths\b(?!\s*:)|\[\s*['"]paths['"]\s*\]|\{\s*[^}]*\bpaths\b[^}]*\}\s*=\s*\w*(document|bundle|description|spec|doc)\b/;
/** A list of HTTP methods: two or more method names in a row in an array or a set. */
const METHOD_LIST = /\[\s*(['"`](get|put|post|delete|patch|head|options|trace)['"`]\s*,\s*){2,}/i;

describe('one operation model', () => {
  it('reads the sources it checks (the packages, their scripts and benches, the scripts)', () => {
    const names = files.map((f) => f.name);
    expect(names).toContain(MODEL);
    for (const expected of ['packages/client/scripts/generate.ts', 'packages/mock/src/sandbox/core.ts', 'packages/docs/src/build.ts', 'scripts/gate.ts', 'packages/openapi/src/verify/check.ts'])
      expect(names).toContain(expected);
  });

  it('the patterns find a walk and a method list (so the next test can fail)', () => {
    expect(code('for (const [path, item] of Object.entries(document.paths)) {}')).toMatch(WALK);
    expect(code("const item = spec['paths'][p];")).toMatch(WALK);
    expect(code("const METHODS = ['get', 'put', 'post', 'delete'];")).toMatch(METHOD_LIST);
    expect(code('// walks document.paths in prose only')).not.toMatch(WALK);
    expect(code('interface D { paths: Record<string, unknown> }')).not.toMatch(WALK);
  });

  it('no file but the model walks `paths` or lists the HTTP methods', () => {
    const offenders = files
      .filter((f) => f.name !== MODEL)
      .flatMap((f) => {
        const text = code(f.text);
        return [...(WALK.test(text) ? [`${f.name}: walks paths`] : []), ...(METHOD_LIST.test(text) ? [`${f.name}: lists HTTP methods`] : [])];
      });
    expect(offenders).toEqual([]);
  });

  it('the model itself does both, once', () => {
    const text = code(files.find((f) => f.name === MODEL)!.text);
    expect(text).toMatch(WALK);
    expect(text).toMatch(METHOD_LIST);
  });
});
