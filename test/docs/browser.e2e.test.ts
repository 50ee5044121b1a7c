// The docs page in a real browser: Debian's Chromium, driven by playwright-core, opens the built
// packages/docs/dist/index.html from file:// with the network cut off (every other request is recorded and
// aborted). It expands every operation, checks what a reader must find there (fields, rules, examples, both
// code samples), searches, and checks that no request left the page and the console stayed free of errors.
// The same page served over HTTP by a plain static host must ask that host for itself only.
// Artifacts (screenshots, the text seen per operation) go to .artifacts/docs/.
import { mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { createServer } from 'node:http';
import type { AddressInfo } from 'node:net';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfflineBrowser, fileUrl, openOffline, requireChromium } from '../../packages/docs/src/browser.js';
import { ERRATA_TAG, descriptionFiles, ensureBuilt, packageDir } from '../../packages/docs/src/build.js';
import { type PageOperation, pageOperations, renderEveryOperation, tagSlug } from '../../packages/docs/src/page.js';
import { listSamples, readSample } from '../../packages/docs/src/samples.js';
// The package's export the root start script serves (the root does not depend on the private package).
import { docsDir } from '../../packages/docs/index.js';

const artifacts = join(packageDir, '..', '..', '.artifacts', 'docs');

const STATUSES = ['200', '400', '401', '403', '404', '429', '500'];
/** Shown by every operation: its rate limit, its security, and the 429 error example of the response panel. */
const COMMON = ['Rate limit:', 'appToken', '"error": "reach_limit"', '"error_description": "This request has reached API limit."'];
const USERNAME_RULE = ['username', '[ 1 .. 64 ] characters', '^[A-Za-z0-9_.-]+$'];
const IGNORE_INTERVAL_PATTERN = '^(([01][0-9]|2[0-3]):[0-5][0-9]-([01][0-9]|2[0-3]):[0-5][0-9])?$';

/** What a reader must find in each operation once it is expanded (fields, rules, examples). */
const EXPECTED: Record<string, string[]> = {
  updatePushDisplay: [
    ...USERNAME_RULE,
    'nickname',
    'notification_display_style',
    'at most 100 characters',
    '<= 100 characters',
    'Set the push display name',
    'Set the display style',
    'testuser',
    '"notification_display_style": 1',
    'shared',
    'notification_no_disturbing',
    'Deprecated',
    '4759aa70-eba5-11e8-925f-6fa0510823ba',
    '2882303761517426801',
  ],
  setPushSettings: [
    ...USERNAME_RULE,
    'ignoreInterval',
    IGNORE_INTERVAL_PATTERN,
    'HH:MM-HH:MM',
    'valid only at the app level',
    'ignoreDuration',
    '604800000',
    '[ 0 .. 604800000 ]',
    'DEFAULT',
    'ALL',
    'AT',
    'NONE',
    'chatgroup',
    '21:30-08:00',
    '86400000',
    'Unix time (ms) when DND ends',
    'App level: no push, DND at night and for one day',
  ],
  getPushSettings: [...USERNAME_RULE, 'ignoreInterval', 'ignoreDuration', 'Unix time (ms) when DND ends', '1647590149924', '12312312321'],
  setPushLanguage: [...USERNAME_RULE, 'translationLanguage', 'an empty string', '"translationLanguage": "EU"', '"language": "EU"'],
  getPushLanguage: [...USERNAME_RULE, 'language', '"language": "EU"'],
  createPushTemplate: ['name', 'title_pattern', 'content_pattern', '[ 1 .. 64 ] characters', '^[A-Za-z0-9]+$', '{$fromNickname}', '"title_pattern": "Hello,{0}"', '1646989584124'],
  getPushTemplate: ['[ 1 .. 64 ] characters', '^[A-Za-z0-9]+$', 'entity_not_found', 'not 404', 'Hello,{0}', '"test7 template is not exist"'],
  deletePushTemplate: ['[ 1 .. 64 ] characters', '^[A-Za-z0-9]+$', 'entity_not_found', 'test7', '"action": "delete"'],
};

let browser: OfflineBrowser;
let page: Page;
let operations: PageOperation[];
const seen = new Map<string, string>();

async function open(route = ''): Promise<void> {
  if (route === '') {
    await page.goto(fileUrl(join(packageDir, 'dist', 'index.html')));
  } else {
    await page.evaluate((hash) => {
      location.hash = hash;
    }, route);
  }
}

/** Navigates to an operation and waits until Redoc has rendered it. */
async function visit(op: PageOperation): Promise<Locator> {
  await open(op.route);
  const element = page.locator(`[id="${op.elementId}"]`);
  await element.getByText(op.summary, { exact: true }).first().waitFor({ timeout: 15_000 });
  await element.scrollIntoViewIfNeeded();
  return element;
}

/** Opens a Redoc dropdown (its menu is portalled to the end of the body) unless it is open. */
async function openMenu(trigger: Locator): Promise<Locator> {
  if ((await trigger.getAttribute('aria-expanded')) !== 'true') await trigger.click();
  const items = page.locator('[role="menu"]:visible [role="menuitem"]');
  await items.first().waitFor();
  return items;
}

/** The labels of a dropdown's items; leaves it closed. */
async function menuItems(trigger: Locator): Promise<string[]> {
  const labels = (await (await openMenu(trigger)).allInnerTexts()).map((t) => t.trim());
  await page.keyboard.press('Escape');
  if ((await trigger.getAttribute('aria-expanded')) === 'true') await trigger.click();
  await expect.poll(() => trigger.getAttribute('aria-expanded')).not.toBe('true');
  return labels;
}

async function choose(trigger: Locator, label: string): Promise<void> {
  const items = await openMenu(trigger);
  await items.filter({ hasText: label }).first().click();
}

/** Expands everything in an operation, walks every status tab and example, and returns all the text seen. */
async function expandAndRead(op: PageOperation): Promise<string> {
  const element = await visit(op);
  const texts: string[] = [];
  // Open what Redoc keeps closed (nested schemas, long patterns), then take the text.
  const read = async (): Promise<void> => {
    for (const button of await element.getByTestId('schema-expand-all-button').all()) {
      if ((await button.innerText()).includes('Expand all')) await button.click();
    }
    for (let shown = 0; shown < 50; shown += 1) {
      const more = element.getByText('Show pattern', { exact: true });
      if ((await more.count()) === 0) break;
      await more.first().click();
    }
    const text = await element.innerText();
    if (texts.at(-1) !== text) texts.push(text);
  };
  await read();
  // The request panel: switch to "Payload" to see every request example as JSON.
  const requestPanel = element.locator('.panel-request-samples');
  const language = requestPanel.locator('[data-component-name="Panel/PanelHeader"] [data-component-name="Dropdown/Dropdown"]').last().locator('button').first();
  if ((await requestPanel.count()) > 0 && (await menuItems(language)).includes('Payload')) {
    await choose(language, 'Payload');
    const examples = requestPanel.locator('button[aria-label="Example"]');
    if ((await examples.count()) > 0) {
      for (const label of await menuItems(examples.first())) {
        await choose(examples.first(), label);
        await read();
      }
    }
  }
  // Every tab of the schema column: oneOf alternatives (the two actions of updatePushDisplay), response statuses.
  for (const tablist of await element.locator('[role="tablist"]').all()) {
    for (const tab of await tablist.getByRole('tab').all()) {
      await tab.click();
      await read();
    }
  }
  // Every status of the response samples panel, and every example of each.
  const responsePanel = element.locator('.panel-response-samples');
  for (const status of await responsePanel
    .locator('button')
    .filter({ hasText: /^\d{3}$/ })
    .all()) {
    await status.click();
    await read();
    const examples = responsePanel.locator('button[aria-label="Example"]');
    if ((await examples.count()) > 0) {
      for (const label of await menuItems(examples.first())) {
        await choose(examples.first(), label);
        await read();
      }
    }
  }
  return texts.join('\n');
}

beforeAll(async () => {
  requireChromium(); // fails, naming the apt command, when Chromium is missing: never skipped
  const html = readFileSync(ensureBuilt(), 'utf8');
  operations = pageOperations(html);
  mkdirSync(artifacts, { recursive: true });
  browser = await openOffline();
  page = browser.page;
  await open();
  await page.getByRole('heading', { level: 1 }).first().waitFor();
}, 120_000);

afterAll(async () => {
  await browser?.close();
});

describe('the docs page in Chromium, offline', () => {
  it('opens with a title and an introduction that say it is unofficial', async () => {
    expect(await page.title()).toMatch(/unofficial/i);
    const h1 = await page.getByRole('heading', { level: 1 }).first().innerText();
    expect(h1).toMatch(/Agora Chat push-notification settings REST API \(unofficial\)/);
    const intro = await page.locator('#api-content').innerText();
    for (const text of [
      'Unofficial.',
      'It is not made, endorsed or supported by Agora',
      'Where host, org and app come from',
      'Authentication: the app token',
      'Authorization: Bearer <app token>',
      'The response envelope',
      'Errors',
      'reach_limit',
      'Rate limits',
      'one budget of 100 calls per second',
      'Errata',
      'Code samples',
      'BASE_URL',
    ]) {
      expect(intro, text).toContain(text);
    }
  });

  it('lists every tag and operation in its menu', async () => {
    const menu = page.locator('[data-component-name="Menu/Menu"]').first();
    // A tag opens in the menu when clicked (and the one open before closes).
    for (const tag of [...new Set(operations.map((o) => o.tag))]) {
      await menu.getByText(tag, { exact: true }).first().click();
      for (const op of operations.filter((o) => o.tag === tag)) {
        await expect.poll(() => menu.locator(`a[href="${op.route}"]`).count(), { message: op.route }).toBeGreaterThan(0);
        expect(await menu.locator(`a[href="${op.route}"]`).first().innerText()).toContain(op.summary);
      }
    }
  });

  it('shows all 8 operations (9 actions), each expanded, with its fields, rules, examples and statuses', async () => {
    expect(operations.map((o) => o.operationId).sort()).toEqual(Object.keys(EXPECTED).sort());
    const missing: string[] = [];
    for (const op of operations) {
      const text = await expandAndRead(op);
      seen.set(op.operationId, text);
      writeFileSync(join(artifacts, `${op.operationId}.txt`), text);
      for (const expected of [op.summary, op.method, op.path, ...COMMON, ...STATUSES, ...(EXPECTED[op.operationId] ?? [])]) {
        if (!text.includes(expected)) missing.push(`${op.operationId}: ${expected}`);
      }
    }
    expect(missing, 'text not found on the page (see .artifacts/docs/<operationId>.txt)').toEqual([]);
  }, 240_000);

  it('shows every code sample of every operation, the same text as the tested file', async () => {
    const problems: string[] = [];
    for (const op of operations) {
      const files = listSamples().filter((s) => s.operationId === op.operationId);
      const element = await visit(op);
      const panel = element.locator('.panel-request-samples');
      const language = panel.locator('[data-component-name="Panel/PanelHeader"] [data-component-name="Dropdown/Dropdown"]').last().locator('button').first();
      const labels = await menuItems(language);
      for (const sample of files) {
        if (!labels.includes(sample.label)) {
          problems.push(`${op.operationId}: no "${sample.label}" in the sample menu (${labels.join(', ')})`);
          continue;
        }
        await choose(language, sample.label);
        const code = panel.locator('pre[data-testid="source-code"] code');
        await expect.poll(() => language.innerText()).toContain(sample.label);
        const shown = (await code.first().textContent()) ?? '';
        if (shown.replace(/\n$/, '') !== readSample(sample).replace(/\n$/, '')) {
          problems.push(`${op.operationId} "${sample.label}" differs from ${sample.file}:\n${shown}`);
        }
      }
      expect(labels.filter((l) => l.startsWith('curl')).length, op.operationId).toBeGreaterThan(0);
      expect(labels.filter((l) => l.startsWith('TypeScript')).length, op.operationId).toBeGreaterThan(0);
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('finds ignoreInterval with its search box, and the result leads to the operation', async () => {
    await open('#/');
    await page.getByText('Search Ctrl+K').first().click();
    const input = page.getByPlaceholder('Search docs...');
    await input.fill('ignoreInterval');
    const result = page.getByText('request fields → ignoreInterval').first();
    await result.waitFor({ timeout: 10_000 });
    await page.getByText('Set push mode and do-not-disturb').filter({ visible: true }).first().waitFor();
    await result.click();
    await expect.poll(() => page.evaluate(() => location.hash)).toContain('setpushsettings');
  });

  it(`shows ERRATA.md in full in its last section, "${ERRATA_TAG}"`, async () => {
    const errata = readFileSync(descriptionFiles().errata, 'utf8');
    expect(errata.trim(), 'ERRATA.md is empty').not.toBe('');
    await open(`#/${tagSlug(ERRATA_TAG)}`);
    await page.locator(`[id="${tagSlug(ERRATA_TAG)}"]`).waitFor({ timeout: 15_000 });
    // Redoc renders each heading of the section as the reader scrolls to it: scroll until the last one.
    const headings = [...errata.matchAll(/^## (.+)$/gm)].map((m) => (m[1] ?? '').replace(/`/g, ''));
    expect(headings.length).toBeGreaterThan(0);
    const last = headings.at(-1) as string;
    // It also unmounts what is far off screen: keep everything seen on the way.
    const text = await page.evaluate(async (last) => {
      const content = document.getElementById('api-content') as HTMLElement;
      let seen = content.innerText;
      for (let i = 0; i < 200 && !seen.includes(last); i += 1) {
        window.scrollBy(0, window.innerHeight / 2);
        await new Promise((resolve) => setTimeout(resolve, 50));
        seen += `\n${content.innerText}`;
      }
      return seen;
    }, last);
    for (const heading of headings) expect(text, heading).toContain(heading);
  });

  it('renders every operation when a reader visits them in turn', async () => {
    await open('#/');
    const times = await renderEveryOperation(page, operations);
    expect(Object.keys(times).sort()).toEqual(operations.map((o) => o.elementId).sort());
  });

  it('saves a full-page screenshot to .artifacts/docs/, and one of each operation', async () => {
    await open('#/');
    await page.evaluate(() => window.scrollTo(0, 0));
    await page.waitForTimeout(500); // let the menu's animations settle
    const file = join(artifacts, 'page.png');
    await page.screenshot({ path: file, fullPage: true });
    expect(readFileSync(file).subarray(1, 4).toString()).toBe('PNG');
    // Redoc renders operations lazily as they come into view: one screenshot per operation shows them.
    for (const op of operations) {
      await visit(op);
      await page.waitForTimeout(300);
      await page.screenshot({ path: join(artifacts, `${op.operationId}.png`) });
    }
  }, 60_000);

  // Last, after every interaction above.
  it('sent no request off the page', () => {
    expect(browser.leaks).toEqual([]);
  });

  it('logged no error in the console', () => {
    expect(browser.errors).toEqual([]);
    if (browser.warnings.length > 0) writeFileSync(join(artifacts, 'console-warnings.txt'), browser.warnings.join('\n'));
  });
});

describe('the docs page served by a plain static host', () => {
  it('renders over HTTP too, and the browser asks the host for the page only', async () => {
    requireChromium();
    ensureBuilt();
    const asked: string[] = [];
    const server = createServer((request, response) => {
      asked.push(`${request.method ?? ''} ${request.url ?? ''}`);
      if (request.url === '/' || request.url === '/index.html') {
        response.writeHead(200, { 'content-type': 'text/html; charset=utf-8' }).end(readFileSync(join(docsDir, 'index.html')));
      } else {
        response.writeHead(404, { 'content-type': 'text/plain' }).end('not found\n');
      }
    });
    await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', resolve));
    const origin = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
    const served = await openOffline({ origin });
    try {
      const op = pageOperations(readFileSync(join(docsDir, 'index.html'), 'utf8')).find((o) => o.operationId === 'getPushSettings') as PageOperation;
      await served.page.goto(`${origin}/${op.route}`);
      await served.page.locator(`[id="${op.elementId}"]`).getByText(op.summary, { exact: true }).first().waitFor({ timeout: 15_000 });
      await served.page.waitForTimeout(1_000); // room for late requests (telemetry, icons)
      expect(served.leaks).toEqual([]);
      expect(served.errors).toEqual([]);
      expect(asked).toEqual(['GET /']);
    } finally {
      await served.close();
      await new Promise((resolve) => server.close(resolve));
    }
  }, 60_000);
});
