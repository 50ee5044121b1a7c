// The comparison the issue asks for: PactFlow's bi-directional contract testing validator,
// @pactflow/swagger-mock-validator 14.5 (installed from the registry into a fixture project, never into this
// workspace), and this kit's verify on the same Pact v2 files. Whatever interaction it finds incompatible, verify
// must find too, on the same side (request or answer); the test also pins what each one catches, so a change of
// either shows here.
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { fileURLToPath } from 'node:url';
import { descriptionUrl } from '@agora-chat-push/openapi';
import { verifyTraffic, type Report } from '@agora-chat-push/openapi/verify';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { fixtureProject, type Fixture } from '../kit/fixtures.js';
import { BUGGY, CLEAN, ONE_BUG_EACH, pactV2 } from './pacts.js';
import { matrixFolder } from './support.js';

const { tmp, close } = matrixFolder('verify-smv-');
afterAll(close);

const RUNNER = `
import { SwaggerMockValidatorFactory } from '@pactflow/swagger-mock-validator';
const [spec, ...pacts] = process.argv.slice(2);
const out = {};
for (const mock of pacts) {
  const result = await SwaggerMockValidatorFactory.create().validate({ specPathOrUrl: spec, mockPathOrUrl: mock });
  out[mock] = result.errors.map((e) => ({ code: e.code, location: e.mockDetails?.location ?? '', message: e.message }));
}
process.stdout.write(JSON.stringify(out));
`;

let fixture: Fixture;
beforeAll(() => {
  // Its postinstall runs patch-package on its own dev copy of Ajv, which fails in a plain install ("Patch file
  // found for package ajv which is not present"); its dist/ bundles the patched Ajv, so the script is skipped.
  fixture = fixtureProject('swagger-mock-validator', { '@pactflow/swagger-mock-validator': '14.5.0' }, { type: 'module', ignoreScripts: true });
  fixture.write('run.mjs', RUNNER);
}, 600_000);

interface SmvError {
  code: string;
  location: string;
  message: string;
}

const write = (name: string, pact: unknown): string => {
  const file = join(tmp, name);
  writeFileSync(file, JSON.stringify(pact, null, 2));
  return file;
};

function swaggerMockValidator(files: string[]): Record<string, SmvError[]> {
  const { status, output } = fixture.run('node', ['run.mjs', fileURLToPath(descriptionUrl), ...files]);
  expect(status, output).toBe(0);
  return JSON.parse(output.slice(output.indexOf('{'))) as Record<string, SmvError[]>;
}

/** `[root].interactions[3].response.body.data` -> `3 response` (`3` alone when it names no side). */
const sideOf = (location: string): string => {
  const m = /interactions\[(\d+)\](?:\.(request|response))?/.exec(location);
  return m ? `${m[1]}${m[2] ? ` ${m[2]}` : ''}` : location;
};
const oursBySide = (report: Report): Set<string> => new Set(report.violations.flatMap((v) => [`${v.exchange}`, `${v.exchange} ${v.pointer.split('/')[1]}`]));

describe('swagger-mock-validator 14.5 and verify on the same Pact v2 files', () => {
  let files: { clean: string; buggy: string; each: string };
  let theirs: Record<string, SmvError[]>;
  beforeAll(() => {
    files = { clean: write('clean.json', pactV2(CLEAN)), buggy: write('buggy.json', pactV2(BUGGY)), each: write('each.json', pactV2(ONE_BUG_EACH)) };
    theirs = swaggerMockValidator(Object.values(files));
  }, 300_000);

  it('both accept the clean consumer', async () => {
    expect(theirs[files.clean]).toEqual([]);
    expect((await verifyTraffic(files.clean)).violationCount).toBe(0);
  });

  it('verify finds every incompatibility swagger-mock-validator finds, on the same side of the same interaction', async () => {
    for (const file of [files.buggy, files.each]) {
      const ours = oursBySide(await verifyTraffic(file));
      const missed = theirs[file]!.filter((e) => !ours.has(sideOf(e.location)));
      expect(missed, file).toEqual([]);
    }
  });

  it("verify names the issue's three fields in the buggy consumer; swagger-mock-validator two of them", async () => {
    const text = (await verifyTraffic(files.buggy)).violations.map((v) => v.message).join('\n');
    const smvText = theirs[files.buggy]!.map((e) => `${e.location} ${e.message}`).join('\n');
    for (const field of ['translationLanguage', 'ignoreDurration', 'ignoreInterval']) expect(text).toContain(field);
    // Its request error says only "must NOT have additional properties", without the field's name.
    expect(['translationLanguage', 'ignoreDurration', 'ignoreInterval'].filter((f) => smvText.includes(f))).toEqual(['translationLanguage', 'ignoreInterval']);
    expect(theirs[files.buggy]).toHaveLength(3);
  });

  it('pins which drifts each one catches (one per interaction)', async () => {
    const caughtByThem = [...new Set(theirs[files.each]!.map((e) => Number(sideOf(e.location).split(' ')[0])))].sort((a, b) => a - b);
    const caughtByUs = [...new Set((await verifyTraffic(files.each)).violations.map((v) => v.exchange))];
    expect(caughtByUs).toEqual(ONE_BUG_EACH.map((_, i) => i));
    // What swagger-mock-validator 14.5 reports as errors on the same file (its warnings are not failures).
    expect(caughtByThem.map((i) => ONE_BUG_EACH[i]!.description)).toMatchSnapshot();
  });
});
