// Where a component schema is used, in requests and in answers (scripts/schema-usage.ts), and the breaking
// changes of a `redocly diff` report named on the side they break (scripts/gate.ts): on the built bundle and
// on reports shaped as redocly prints them, without spawning anything.
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { describe, expect, it } from 'vitest';
import { breakingChanges, type DiffChange, type DiffReport } from '../../scripts/gate.js';
import { schemaTrail, schemaUsages, usageText } from '../../scripts/schema-usage.js';
import { repoRoot } from './support.js';

const bundle = JSON.parse(readFileSync(join(repoRoot, 'packages', 'openapi', 'dist', 'openapi.json'), 'utf8')) as unknown;
const texts = (name: string, side: 'request' | 'answer') =>
  schemaUsages(bundle, name)
    .filter((u) => u.side === side)
    .map((u) => usageText(u));
const report = (...changes: DiffChange[]): DiffReport => ({ reportVersion: '1', summary: { major: changes.length, minor: 0, patch: 0 }, changes });

describe('schemaUsages', () => {
  it('finds a schema shared by a request body and answers, through the schemas that embed it', () => {
    expect(texts('PushMode', 'request')).toEqual(['`setPushSettings` body `type`']);
    expect(texts('PushMode', 'answer')).toEqual(expect.arrayContaining(['`getPushSettings` 200 answer `data.type`', '`setPushSettings` 200 answer `data.type`']));
  });

  it('finds a schema used only by path parameters (path-level parameters included)', () => {
    expect(texts('ConversationType', 'request').sort()).toEqual(['`getPushSettings` path parameter `type`', '`setPushSettings` path parameter `type`']);
    expect(texts('ConversationType', 'answer')).toEqual([]);
  });

  it('stops on a recursive schema and finds nothing for a name no operation uses', () => {
    const doc = {
      openapi: '3.1.0',
      info: { title: 't', version: '0' },
      paths: {
        '/a': {
          summary: 'not an operation',
          post: {
            operationId: 'op',
            'x-rate-limit': { limit: 1, period: 'second', scope: 'app-key', budget: 'a' },
            requestBody: { content: { 'application/json': { schema: { $ref: '#/components/schemas/Tree' } } } },
            responses: { '200': { description: 'ok' } },
          },
        },
      },
      components: {
        schemas: {
          Tree: { type: 'object', properties: { children: { type: 'array', items: { $ref: '#/components/schemas/Tree' } }, leaf: { $ref: '#/components/schemas/Leaf' } } },
          Leaf: { type: 'string' },
        },
      },
    };
    // Tree is entered once per chain of $refs: its `children[]` (Tree again) is not walked a second time.
    expect(schemaUsages(doc, 'Leaf').map((u) => usageText(u))).toEqual(['`op` body `leaf`']);
    expect(schemaUsages(doc, 'Nothing')).toEqual([]);
  });

  it('turns a pointer below a schema into a property trail', () => {
    expect(schemaTrail('/properties/data/properties/items/items/enum')).toEqual(['data', 'items', '[]']);
    expect(schemaTrail('')).toEqual([]);
  });
});

describe('breakingChanges', () => {
  const inSchema = (ruleId: string, pointer: string): DiffChange => ({
    path: '#/paths/~1x/get/responses/200/content/application~1json/schema',
    kind: 'modified',
    impact: 'major',
    verdicts: [{ ruleId, impact: 'major', message: `${ruleId} happened.` }],
    base: { pointer },
    revision: { pointer },
  });

  it('an enum value removed breaks requests, one added breaks answers, wherever redocly reported it', () => {
    const [removed, added] = breakingChanges(
      report(inSchema('enum-values-removed', '#/components/schemas/PushMode/enum'), inSchema('enum-values-added', '#/components/schemas/PushMode/enum')),
      bundle,
    );
    expect(removed).toMatchObject({ schema: 'PushMode', breaks: ['request'] });
    expect(removed!.text).toContain('**breaks requests**: `setPushSettings` body `type`; answers (not broken by this change): ');
    expect(added).toMatchObject({ schema: 'PushMode', breaks: ['answer'] });
    expect(added!.text).toContain('requests (not broken by this change): `setPushSettings` body `type`; **breaks answers**: ');
  });

  it('a rule whose direction the gate does not know breaks both sides; a change below a schema gets its trail', () => {
    const [change] = breakingChanges(report(inSchema('schema-type-changed', '#/components/schemas/PushSettingsUpdate/properties/type')), bundle);
    expect(change!.breaks).toEqual(['request', 'answer']);
    expect(change!.places.request).toEqual(['`setPushSettings` body `type`']);
    expect(change!.text).toContain('**breaks answers**: none');
  });

  it('a change outside the components is on the side its path says; non-breaking changes are left out', () => {
    const [change] = breakingChanges(
      report(
        {
          path: '#/paths/~1x/put/requestBody',
          kind: 'modified',
          impact: 'major',
          property: 'required',
          verdicts: [{ ruleId: 'request-body-became-required', impact: 'major', message: 'Request body became required.' }],
        },
        { path: '#/paths/~1x/get/responses/200', kind: 'added', impact: 'minor', verdicts: [] },
      ),
    );
    expect(change).toMatchObject({ breaks: ['request'], places: { request: ['`PUT /x` · request body'], answer: [] } });
  });
});
