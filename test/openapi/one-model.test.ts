// One operation model: no file of a package or of the scripts, and no helper of the tests, reads the description's
// `paths` or lists the HTTP methods itself; they read `buildOperationModel` (packages/openapi/src/model.ts). A
// second walk is how the sandbox once missed a field that the client, the docs and the validator had.
//
// The check reads the syntax tree (TypeScript's parser), so comments, strings and type declarations
// (`interface D { paths: ... }`) do not count, and every way of reading a value's `paths` does:
// `x.paths`, `x?.paths`, `x['paths']`, `` x[`paths`] ``, `const { paths } = ...`, `({ paths }) => ...`.
import { existsSync, readdirSync, readFileSync, statSync } from 'node:fs';
import { join, relative } from 'node:path';
import { fileURLToPath } from 'node:url';
import ts from 'typescript';
import { describe, expect, it } from 'vitest';

const root = fileURLToPath(new URL('../../', import.meta.url));
const MODEL = 'packages/openapi/src/model.ts';
const SOURCE = /\.(ts|mts|cts|tsx|js|mjs|cjs)$/;

function sources(dir: string): string[] {
  const out: string[] = [];
  for (const name of readdirSync(dir)) {
    if (name === 'node_modules' || name === 'dist' || name === 'generated' || name.startsWith('.')) continue;
    const path = join(dir, name);
    if (statSync(path).isDirectory()) out.push(...sources(path));
    else if (SOURCE.test(name) && !name.endsWith('.d.ts')) out.push(path);
  }
  return out;
}

/** The tests' helpers, which many tests read the description through: everything in test/support/, and each test folder's support.ts. */
function testHelpers(): string[] {
  const dir = join(root, 'test');
  const perFolder = readdirSync(dir)
    .filter((name) => name !== 'support' && statSync(join(dir, name)).isDirectory())
    .map((name) => join(dir, name, 'support.ts'))
    .filter((path) => existsSync(path));
  return [...sources(join(dir, 'support')), ...perFolder].map((path) => relative(root, path));
}

/**
 * Helpers left out of the check, each with the reason; the test of the helpers below fails when one no longer needs it.
 * Test files that are not helpers are out of scope: a test may walk the document to check the model itself.
 */
const HELPERS_LEFT_OUT: Record<string, string> = {};

// Everything in packages/ (sources, scripts, benches, the docs' page script and samples) and scripts/, and the
// tests' helpers (test/support/, test/*/support.ts) but those left out above.
const files = [...[...sources(join(root, 'packages')), ...sources(join(root, 'scripts'))].map((path) => relative(root, path)), ...testHelpers().filter((name) => !(name in HELPERS_LEFT_OUT))].map(
  (name) => ({ name, text: readFileSync(join(root, name), 'utf8') }),
);

const HTTP_METHOD = /^(get|put|post|delete|patch|head|options|trace)$/i;

/** What a source reads of `paths` and where it lists HTTP methods: `line: what` for each place. */
function findings(name: string, text: string): string[] {
  const file = ts.createSourceFile(name, text, ts.ScriptTarget.Latest, true, name.endsWith('x') ? ts.ScriptKind.TSX : ts.ScriptKind.TS);
  const out: string[] = [];
  const at = (node: ts.Node, what: string): void => {
    out.push(`${file.getLineAndCharacterOfPosition(node.getStart(file)).line + 1}: ${what}`);
  };
  const literal = (node: ts.Node): string | undefined => (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node) ? node.text : undefined);
  const visit = (node: ts.Node): void => {
    if (ts.isPropertyAccessExpression(node) && node.name.text === 'paths') at(node, `reads ${node.getText(file)}`);
    else if (ts.isElementAccessExpression(node) && literal(node.argumentExpression) === 'paths') at(node, `reads ${node.getText(file)}`);
    else if (ts.isBindingElement(node) && ts.isObjectBindingPattern(node.parent) && (node.propertyName ?? node.name).getText(file) === 'paths') at(node, 'destructures paths');
    else if (ts.isArrayLiteralExpression(node)) {
      const methods = node.elements.map(literal).filter((value) => value !== undefined && HTTP_METHOD.test(value));
      if (methods.length >= 2) at(node, `lists HTTP methods ${methods.join(', ')}`);
    }
    ts.forEachChild(node, visit);
  };
  visit(file);
  return out;
}

describe('one operation model', () => {
  it('reads the sources it checks (the packages, their scripts, benches and page script, the scripts)', () => {
    const names = files.map((f) => f.name);
    for (const expected of [
      MODEL,
      'packages/client/scripts/generate.ts',
      'packages/mock/src/sandbox/core.ts',
      'packages/docs/src/build.ts',
      'packages/docs/src/page-script.js',
      'scripts/gate.ts',
      'packages/openapi/src/verify/check.ts',
    ])
      expect(names).toContain(expected);
  });

  it('finds each way of reading paths or listing methods, and not prose, strings or type declarations', () => {
    const found = (text: string): number => findings('probe.ts', text).length;
    for (const walk of [
      'for (const [path, item] of Object.entries(document.paths)) {}',
      'for (const p in doc.paths) {}',
      'Object.keys(bundle?.paths ?? {});',
      "const item = spec['paths'][p];",
      'const item = spec[`paths`];',
      'const { paths } = loadDescription();',
      'const { paths: items } = this.document;',
      'function walk({ paths }: OpenApiDocument) {}',
      'const f = ({ paths }) => paths;',
      'Object.entries(ok ? document.paths : {});',
      "const METHODS = ['get', 'put', 'post', 'delete'];",
      "const verbs = new Set(['GET', 'PUT']);",
      "const mixed = ['x', 'get', 'y', 'put'];",
    ])
      expect(found(walk), walk).toBeGreaterThan(0);
    for (const harmless of [
      '// walks document.paths in prose only',
      "const s = 'packages/*'; const note = 'document.paths';",
      'interface D { paths: Record<string, unknown> }',
      'type T = { paths?: string[] };',
      "const one = ['get'];",
      "const globs = { paths: ['redact.authorization'] };",
    ])
      expect(found(harmless), harmless).toBe(0);
  });

  it('no file but the model reads `paths` or lists the HTTP methods', () => {
    const offenders = files.filter((f) => f.name !== MODEL).flatMap((f) => findings(f.name, f.text).map((what) => `${f.name}:${what}`));
    expect(offenders).toEqual([]);
  });

  it("reads the tests' helpers, and leaves out only helpers that still need it", () => {
    const names = files.map((f) => f.name);
    for (const expected of ['test/support/description.ts', 'test/client/support.ts', 'test/tokens/support.ts']) expect(names).toContain(expected);
    const helpers = testHelpers();
    for (const [name, reason] of Object.entries(HELPERS_LEFT_OUT)) {
      expect(helpers, `${name} is left out but is not a helper`).toContain(name);
      expect(findings(name, readFileSync(join(root, name), 'utf8')), `${name} is left out (${reason}) but no longer reads paths or lists methods: remove it from HELPERS_LEFT_OUT`).not.toEqual([]);
    }
  });

  it('the model itself does both', () => {
    const own = findings(MODEL, files.find((f) => f.name === MODEL)!.text);
    expect(own.some((what) => what.includes('document.paths'))).toBe(true);
    expect(own.some((what) => what.includes('lists HTTP methods'))).toBe(true);
  });
});
