// The docs site as its readers use it, in Debian's Chromium (playwright-core) from file:// with the network cut
// off, on a desktop (1280 px) and a phone (390 px), in light and dark mode:
// - axe-core's color-contrast rule finds nothing on the landing view and on every operation;
// - the code-sample picker works from the keyboard (Tab reaches it; Enter, ArrowDown, Enter changes its label and
//   the code; Escape closes it) and stays in step with the Example picker beside it;
// - nothing runs past the page or its panel; a skip link comes first; links have readable names;
// - on a phone the title breaks between words, the glance table keeps readable columns and the menu button
//   covers no text;
// - no "Open in ChatGPT/Claude";
// - reference.html: every operation with its anchor, no script, light and dark at 4.5:1, no overflow.
// Waits are on what the page shows (never on a clock). Screenshots go to .artifacts/docs/.
import { mkdirSync, readFileSync } from 'node:fs';
import { createRequire } from 'node:module';
import { join } from 'node:path';
import type { Locator, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { type OfflineBrowser, fileUrl, openOffline, requireChromium } from '../../packages/docs/src/browser.js';
import { distDir, ensureBuilt, packageDir } from '../../packages/docs/src/build.js';
import { type PageOperation, pageOperations } from '../../packages/docs/src/page.js';
import { THIRD_PARTY_AI } from '../../packages/docs/src/redoc-patches.js';

const require = createRequire(join(packageDir, 'package.json'));
const AXE = readFileSync(require.resolve('axe-core/axe.min.js'), 'utf8');
const artifacts = join(packageDir, '..', '..', '.artifacts', 'docs');
const VIEWPORTS = {
  desktop: { width: 1280, height: 900 },
  phone: { width: 390, height: 844 },
} as const;
const MODES = ['light', 'dark'] as const;

let operations: PageOperation[];
const indexUrl = (): string => fileUrl(join(distDir, 'index.html'));

beforeAll(() => {
  requireChromium(); // fails, naming the apt command, when Chromium is missing: never skipped
  operations = pageOperations(readFileSync(ensureBuilt(), 'utf8'));
  mkdirSync(artifacts, { recursive: true });
}, 120_000);

/** Sets Redoc's colour mode from the page URL's `?colorMode=` before the page's scripts run. */
async function colourModeFromUrl(page: Page): Promise<void> {
  await page.addInitScript(() => {
    const mode = new URLSearchParams(location.search).get('colorMode');
    if (mode) localStorage.setItem('redoc.colorMode', mode);
  });
}

/** Opens `route` of the page in `mode` and waits until Redoc has rendered it (its code samples included). */
async function openRoute(page: Page, route: string, mode: (typeof MODES)[number] = 'light'): Promise<void> {
  await page.goto(`${indexUrl()}?colorMode=${mode}${route}`);
  await expect.poll(() => page.evaluate(() => document.documentElement.className), { timeout: 20_000 }).toContain(mode);
  const op = operations.find((o) => o.route === route);
  if (op) {
    const element = page.locator(`[id="${op.elementId}"]`);
    await element.getByText(op.summary, { exact: true }).first().waitFor({ timeout: 20_000 });
    await element.locator('[data-testid="right-panel"] pre').first().waitFor({ timeout: 20_000 });
  } else {
    await page.locator('#redoc h1').first().waitFor({ timeout: 20_000 });
  }
}

/** axe-core's color-contrast violations of the page as it is: `selector: ratio (fg on bg)`. */
async function contrastViolations(page: Page): Promise<string[]> {
  if (!(await page.evaluate(() => 'axe' in window))) await page.addScriptTag({ content: AXE });
  return page.evaluate(async () => {
    const axe = (window as unknown as { axe: { run(context: Document, options: object): Promise<{ violations: { nodes: { target: string[]; any: { message: string }[] }[] }[] }> } }).axe;
    const result = await axe.run(document, { runOnly: ['color-contrast'] });
    return result.violations.flatMap((v) => v.nodes.map((n) => `${n.target.join(' ')}: ${n.any[0]?.message.slice(0, 140) ?? ''}`));
  });
}

const text = (locator: Locator): Promise<string> => locator.evaluate((e) => (e.textContent ?? '').replace(/\s+/g, ' ').trim());

for (const [device, viewport] of Object.entries(VIEWPORTS)) {
  describe(`the docs page on a ${device} (${viewport.width} px), offline`, () => {
    let browser: OfflineBrowser;
    let page: Page;
    beforeAll(async () => {
      browser = await openOffline({ viewport });
      page = browser.page;
      await colourModeFromUrl(page);
    }, 60_000);
    afterAll(async () => {
      await browser?.close();
    });

    it('has no axe color-contrast violation on the landing view and on every operation, in light and in dark mode', async () => {
      const found: string[] = [];
      // On a phone: the landing view and the two operations with the most colours (a request body and a template).
      const routes = ['#/', ...operations.map((o) => o.route)].filter(
        (r) => device === 'desktop' || ['#/', '#/push-mode-and-do-not-disturb/setpushsettings', '#/push-templates/getpushtemplate'].includes(r),
      );
      for (const mode of MODES) {
        for (const route of routes) {
          await openRoute(page, route, mode);
          for (const violation of await contrastViolations(page)) found.push(`${mode} ${route} ${violation}`);
        }
      }
      expect(found).toEqual([]);
    }, 300_000);

    describe('the code-sample picker of an operation with request examples', () => {
      const op = (): PageOperation => operations.find((o) => o.operationId === 'setPushSettings') as PageOperation;
      const panel = (): Locator => page.locator(`[id="${op().elementId}"] .panel-request-samples`).first();
      const picker = (): Locator =>
        panel()
          .locator('button[aria-haspopup="menu"]')
          .filter({ hasText: /^(curl|TypeScript): / })
          .first();
      const example = (): Locator => panel().locator('button[aria-label="Example"]').first();
      const code = (): Locator => panel().locator('pre').first();

      it('is reached with Tab; Enter, ArrowDown, Enter changes its label and its code; Escape closes it', async () => {
        await openRoute(page, op().route);
        // Tab from the start of the page until the picker has the focus.
        await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
        let reached = false;
        for (let i = 0; i < 150 && !reached; i += 1) {
          await page.keyboard.press('Tab');
          reached = await picker().evaluate((e) => e === document.activeElement);
        }
        expect(reached, 'Tab never reached the code-sample picker').toBe(true);
        const [label, before] = [await text(picker()), await code().innerText()];
        await page.keyboard.press('Enter');
        await page.locator('[role="menu"]:visible [role="menuitem"]').first().waitFor();
        await page.keyboard.press('ArrowDown');
        await page.keyboard.press('Enter');
        await expect.poll(() => text(picker())).not.toBe(label);
        // The code follows the label (a render later, at most).
        await expect.poll(() => code().innerText()).not.toBe(before);
        const after = await code().innerText();
        // The label names the sample now shown: its summary is the first comment after the variables.
        expect(after).toContain((await text(picker())).replace(/^curl: /, ''));
        await expect.poll(() => page.evaluate(() => document.activeElement?.getAttribute('aria-haspopup'))).toBe('menu');
        // Escape closes it and leaves the focus on it.
        await page.keyboard.press('Enter');
        await page.locator('[role="menu"]:visible').first().waitFor();
        await page.keyboard.press('Escape');
        await expect.poll(() => page.locator('[role="menu"]:visible').count()).toBe(0);
        // The page gives the focus back once the menu is gone (a frame later, at most): poll, as for the label.
        await expect.poll(() => picker().evaluate((e) => e === document.activeElement)).toBe(true);
      }, 120_000);

      it('stays in step with the Example picker beside it, both ways', async () => {
        await openRoute(page, op().route);
        const summary = async (): Promise<string> => (await text(picker())).replace(/^(curl|TypeScript): /, '');
        expect(await summary()).toBe(await text(example()));
        // The Example picker chosen by the mouse: the sample follows.
        await example().click();
        const items = page.locator('[role="menu"]:visible [role="menuitem"]');
        await items.first().waitFor();
        const labels = (await items.allInnerTexts()).map((t) => t.trim());
        const target = labels.find((l) => /mute/i.test(l)) ?? (labels[2] as string);
        await items.filter({ hasText: target }).first().click();
        await expect.poll(summary, { timeout: 10_000 }).toBe(target);
        expect(await code().innerText()).toContain(target);
        // The sample chosen: the Example picker follows.
        await picker().click();
        await items.first().waitFor();
        await items
          .filter({ hasText: /^curl: Clear the DND duration$/ })
          .first()
          .click();
        await expect.poll(() => text(example()), { timeout: 10_000 }).toBe('Clear the DND duration');
      }, 120_000);

      it('keeps its label inside the panel, and nothing runs past the page', async () => {
        await openRoute(page, op().route);
        const [pickerBox, panelBox] = [await picker().boundingBox(), await panel().boundingBox()];
        expect(pickerBox && panelBox).toBeTruthy();
        if (pickerBox && panelBox) expect(pickerBox.x + pickerBox.width).toBeLessThanOrEqual(panelBox.x + panelBox.width + 1);
        const overflow = await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth);
        expect(overflow).toBeLessThanOrEqual(0);
        await page.screenshot({ path: join(artifacts, `readers-picker-${device}.png`) });
      }, 60_000);
    });

    it('offers a skip link as the first Tab stop, which moves the focus to the content', async () => {
      await openRoute(page, '#/');
      await page.evaluate(() => (document.activeElement as HTMLElement | null)?.blur());
      const route = await page.evaluate(() => location.hash);
      await page.keyboard.press('Tab');
      expect(await page.evaluate(() => document.activeElement?.textContent?.trim())).toBe('Skip to content');
      await page.keyboard.press('Enter');
      await expect.poll(() => page.evaluate(() => document.activeElement?.tagName)).toBe('MAIN');
      // The route stays: the link is not a hash route.
      expect(await page.evaluate(() => location.hash)).toBe(route);
    });

    it('names every link readably: no "link to section/...", none without a name', async () => {
      await openRoute(page, '#/');
      await openRoute(page, operations[0]?.route ?? '#/');
      const unreadable = await page.evaluate(() =>
        [...document.querySelectorAll('#redoc a[href]')]
          .map((a) => (a.getAttribute('aria-label') ?? a.textContent ?? '').replace(/\s+/g, ' ').trim())
          .filter((name) => name === '' || /^link to /i.test(name) || /section\//.test(name)),
      );
      expect(unreadable).toEqual([]);
    });

    it('has no "Open in ChatGPT/Claude" page action', async () => {
      await openRoute(page, '#/');
      const copy = page.locator('[data-testid="page-actions"]').first();
      await copy.waitFor();
      expect(await copy.locator('button[aria-haspopup="menu"]').count(), 'a menu of more page actions').toBe(0);
      // The site's own list of third-party AI hosts and names (the same one the test of every site file uses).
      expect(await page.content()).not.toMatch(THIRD_PARTY_AI);
    });

    if (device === 'phone') {
      it('breaks the title between words, keeps the glance table readable, and its menu button covers no text', async () => {
        await openRoute(page, '#/');
        // Each word of the title on one line.
        const split = await page.evaluate(() => {
          const h1 = document.querySelector('#redoc h1') as HTMLElement;
          const node = [...h1.childNodes].find((n) => n.nodeType === Node.TEXT_NODE && (n.textContent ?? '').trim()) as Text;
          const words: string[] = [];
          const range = document.createRange();
          let at = 0;
          for (const word of (node.textContent ?? '').split(/(\s+)/)) {
            if (word.trim()) {
              range.setStart(node, at);
              range.setEnd(node, at + word.length);
              const tops = new Set([...range.getClientRects()].map((r) => Math.round(r.top)));
              // A word with a hyphen may break after it; anything else on two lines is broken mid-word.
              if (tops.size > 1 && !/-/.test(word)) words.push(word);
            }
            at += word.length;
          }
          return { words, height: h1.getBoundingClientRect().height };
        });
        expect(split.words).toEqual([]);
        expect(split.height).toBeLessThan(viewport.height * 0.3);
        // The glance table: readable columns (it scrolls sideways instead of crushing them).
        await page.evaluate(() => {
          location.hash = '#/section/operations-at-a-glance';
        });
        const table = page
          .locator('.md-table-wrapper')
          .filter({ has: page.locator('th', { hasText: /^Operation$/ }) })
          .first();
        await table.waitFor({ timeout: 20_000 });
        const widths = await table.locator('th').evaluateAll((ths) => ths.map((th) => th.getBoundingClientRect().width));
        expect(Math.min(...widths)).toBeGreaterThanOrEqual(100);
        // The menu button: the element under each corner of it is the button (or its bar), never text.
        await page.evaluate(() => window.scrollTo(0, 0));
        await page.screenshot({ path: join(artifacts, 'readers-phone-top.png') });
        for (const route of ['#/', operations[2]?.route ?? '#/']) {
          await openRoute(page, route);
          const covered = await page.evaluate(() => {
            const button = document.querySelector('[data-testid="floating-button"]') as HTMLElement;
            const box = button.getBoundingClientRect();
            const hits: string[] = [];
            const texts = [...document.querySelectorAll('#redoc main p, #redoc main li, #redoc main h1, #redoc main h2, #redoc main td, #redoc main code, #redoc main pre')];
            for (const element of texts) {
              for (const r of element.getClientRects()) {
                if (r.width > 0 && r.left < box.right && box.left < r.right && r.top < box.bottom && box.top < r.bottom) hits.push((element.textContent ?? '').slice(0, 40));
              }
            }
            return hits;
          });
          expect(covered, route).toEqual([]);
        }
      }, 120_000);
    }

    it('logged no error and sent no request off the page', () => {
      expect(browser.leaks).toEqual([]);
      expect(browser.errors).toEqual([]);
    });
  });
}

describe('reference.html, the static reference page', () => {
  let browser: OfflineBrowser;
  let page: Page;
  const url = (): string => fileUrl(join(distDir, 'reference.html'));
  beforeAll(async () => {
    // axe-core is injected as a script, which the page's own policy forbids (it has none): the browser lets the test.
    browser = await openOffline({ viewport: VIEWPORTS.desktop, bypassCSP: true });
    page = browser.page;
    await colourModeFromUrl(page);
  }, 60_000);
  afterAll(async () => {
    await browser?.close();
  });

  it('opens from file:// without a script, and each operation anchor lands on the operation', async () => {
    await page.goto(url());
    expect(await page.locator('script').count()).toBe(0);
    for (const op of operations) {
      await page.goto(`${url()}#${op.operationId}`);
      const heading = page.locator(`h3[id="${op.operationId}"]`);
      expect(await text(heading), op.operationId).toBe(op.summary);
      expect(await page.locator(`[id="${op.operationId}"]`).evaluate((e) => e.getBoundingClientRect().top)).toBeLessThan(VIEWPORTS.desktop.height);
      // Its table of contents links there.
      expect(await page.locator(`nav a[href="#${op.operationId}"]`).count(), op.operationId).toBe(1);
    }
  });

  it('has no axe color-contrast violation in light and in dark mode, and nothing runs past a phone screen', async () => {
    const found: string[] = [];
    for (const colorScheme of ['light', 'dark'] as const) {
      await page.emulateMedia({ colorScheme });
      await page.goto(url());
      found.push(...(await contrastViolations(page)).map((v) => `${colorScheme}: ${v}`));
    }
    expect(found).toEqual([]);
    await page.setViewportSize(VIEWPORTS.phone);
    await page.goto(url());
    expect(await page.evaluate(() => document.documentElement.scrollWidth - document.documentElement.clientWidth)).toBeLessThanOrEqual(0);
    await page.screenshot({ path: join(artifacts, 'reference-html-phone.png') });
  }, 120_000);

  it('is linked from the Redoc page', async () => {
    await page.setViewportSize(VIEWPORTS.desktop);
    await openRoute(page, '#/');
    expect(await page.locator('#redoc a[href="reference.html"]').count()).toBeGreaterThan(0);
  });

  it('logged no error and sent no request off the page', () => {
    expect(browser.leaks).toEqual([]);
    expect(browser.errors).toEqual([]);
  });
});
