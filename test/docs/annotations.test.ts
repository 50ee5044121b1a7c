// The pieces of the docs build that change text or code they do not own, tested on small inputs: the marks of
// this description's own rules (from ERRATA.md), and the patches to Redoc's bundle (which must fail loudly,
// naming the patch, when Redoc no longer has what they change).
import { describe, expect, it } from 'vitest';
import { erratumEntries, markOwnCodes, ownCodeRules, ownMark } from '../../packages/docs/src/annotate.js';
import { CURL_PREAMBLE } from '../../packages/docs/src/example-samples.js';
import { REDOC_PATCHES, patchRedoc } from '../../packages/docs/src/redoc-patches.js';
import { listSamples, readSample } from '../../packages/docs/src/samples.js';

const ERRATA = `# Errata

## E10. Media types
- **Description:** a body of another type is answered 415 \`web_application\`.
- **Source:** page; the 415 answer with \`web_application\` is **this description's own** rule.

## E17. Error codes
- **Description:** 413 and 415 carry \`web_application\`, the code the service gives other web-layer errors.
`;

describe("this description's own rules, from the errata", () => {
  const rules = ownCodeRules(erratumEntries(ERRATA, 'errata'));

  it('finds the code and the statuses a sentence calls its own or says carry it, once per code', () => {
    expect(rules.map((r) => ({ code: r.code, statuses: r.statuses, entry: r.entry.id }))).toEqual([{ code: 'web_application', statuses: ['413', '415'], entry: 'E10' }]);
  });

  it('marks a line that names the code and one of those statuses, once, and leaves other lines alone', () => {
    const text = ['| 413 | `web_application` | Too large. |', '| 500 | `web_application` | Inside. |', '```', '415 `web_application`', '```'].join('\n');
    const marked = markOwnCodes(text, rules).split('\n');
    expect(marked[0]).toBe(`| 413 | \`web_application\`${ownMark(rules[0] as never)} | Too large. |`);
    expect(marked.slice(1)).toEqual(['| 500 | `web_application` | Inside. |', '```', '415 `web_application`', '```']);
    expect(markOwnCodes(markOwnCodes(text, rules), rules)).toBe(markOwnCodes(text, rules));
  });
});

describe('the patches to the Redoc bundle', () => {
  it('apply each once to a bundle that has what they change', () => {
    const bundle = [
      'var DC=[`#9D00FF`,`#615CEA`,`#147DF5`,`#08BFCC`,`#08CC7A`,`#81CC08`,`#E5BE00`,`#FF8700`,`#FF00B8`];',
      'if(!r.specUrl)return d;let f=[u,{buttonText:t(`page.actions.claudeButtonText`,`Open in Claude`),onClick:()=>l(`claude`)},{buttonText:t(`x`),onClick:()=>l(`chatgpt`)}];',
      'var mye={chatgpt:`https://chatgpt.com`,claude:`https://claude.ai/new`};',
      'Object.freeze({CURSOR:`cursor`,CLAUDE:`claude`,CHATGPT:`chatgpt`});',
      'function No(e){return`https://claude.ai/customize/connectors?modal=add&n=${e}`}',
    ].join('\n');
    const patched = patchRedoc(bundle);
    expect(patched).toContain('var(--schema-level-color-1)');
    expect(patched).toContain('if(!0)return d;let f=[u];');
    expect(patched).not.toMatch(/chatgpt|claude/i);
  });

  it('fail naming each patch whose text Redoc no longer has', () => {
    expect(() => patchRedoc('nothing of Redoc here')).toThrow(/src\/redoc-patches\.ts did not find[\s\S]*nested property names[\s\S]*Open in Claude\/ChatGPT/);
    expect(REDOC_PATCHES.length).toBeGreaterThan(3);
  });
});

describe('the curl samples', () => {
  it('each start with the four variables set to placeholders (the environment wins)', () => {
    const curl = listSamples().filter((s) => s.language === 'curl');
    expect(curl.length).toBeGreaterThan(8);
    for (const sample of curl) expect(readSample(sample).startsWith(CURL_PREAMBLE), sample.file).toBe(true);
    for (const name of ['BASE_URL', 'ORG', 'APP', 'TOKEN']) expect(CURL_PREAMBLE).toMatch(new RegExp(`^${name}="\\$\\{${name}:-[^}]+\\}"$`, 'm'));
  });
});
