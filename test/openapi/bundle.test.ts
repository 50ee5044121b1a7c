// The bundle in packages/openapi/dist is what the description says today: rebuilt into a temporary
// folder and compared byte for byte, so a stale dist/ fails here.
import { mkdtempSync, readdirSync, readFileSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { parse } from 'yaml';
import { afterAll, describe, expect, it } from 'vitest';
import { bundleDescription } from '../../scripts/bundle.js';
import { distDir } from '../support/description.js';

const fresh = mkdtempSync(join(tmpdir(), 'bundle-'));
afterAll(() => rmSync(fresh, { recursive: true, force: true }));

describe('the bundle', () => {
  bundleDescription(fresh);

  const files = readdirSync(fresh, { recursive: true, withFileTypes: true })
    .filter((entry) => entry.isFile())
    .map((entry) => join(entry.parentPath, entry.name).slice(fresh.length + 1));

  it('ships the description, its errata and extensions', () => {
    expect(files).toEqual(expect.arrayContaining(['openapi.yaml', 'openapi.json', 'ERRATA.md', 'EXTENSIONS.md']));
  });

  it.each(files)('dist/%s is fresh', (file) => {
    expect(readFileSync(join(distDir, file), 'utf8')).toBe(readFileSync(join(fresh, file), 'utf8'));
  });

  it('has the same document in YAML and JSON', () => {
    expect(JSON.parse(readFileSync(join(distDir, 'openapi.json'), 'utf8'))).toEqual(parse(readFileSync(join(distDir, 'openapi.yaml'), 'utf8')));
  });

  it('names every component as its file, with no renamed clash (X-2)', () => {
    const doc = JSON.parse(readFileSync(join(distDir, 'openapi.json'), 'utf8')) as { components: Record<string, Record<string, unknown>> };
    const names = Object.values(doc.components).flatMap((group) => Object.keys(group));
    expect(names.filter((n) => /-\d+$/.test(n))).toEqual([]);
    expect(names.length).toBeGreaterThan(50);
  });

  it('is self-contained: no reference leaves the file', () => {
    const text = readFileSync(join(distDir, 'openapi.json'), 'utf8');
    const refs = [...text.matchAll(/"\$ref": "([^"]+)"/g)].map((m) => m[1]);
    expect(refs.length).toBeGreaterThan(0);
    expect(refs.filter((r) => !r?.startsWith('#/components/'))).toEqual([]);
  });
});
