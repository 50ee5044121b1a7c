// The published docs site in Debian's Chromium (playwright-core), on a desktop and on a 390-pixel phone:
// - served by a plain static host under a sub-path (as GitHub Pages serves /<repo>/), and from file://:
//   every link of the page opened in a new tab lands where it points; both description files download and
//   equal the bundle byte for byte; nothing leaves the page;
// - what a reader relies on: the code sample of each request example sends that example; errata titles are
//   whole in the menu and in search; code comments reach 4.5:1 contrast in light and dark mode (computed
//   from the rendered colours); the copy button does not cover code; a wide table scrolls with a cue;
//   headings do not skip levels; the tab title names the route; Tab reaches the search box.
// Artifacts (screenshots) go to .artifacts/docs/.
import { mkdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { BrowserContext, Page } from 'playwright-core';
import { afterAll, beforeAll, describe, expect, it } from 'vitest';
import { loadDescription } from '@agora-chat-push/openapi';
import { type OfflineBrowser, fileUrl, openOffline, requireChromium } from '../../packages/docs/src/browser.js';
import { CHANGES_TAG, ERRATA_TAG, descriptionFiles, distDir, ensureBuilt, packageDir } from '../../packages/docs/src/build.js';
import { erratumEntries } from '../../packages/docs/src/annotate.js';
import { exampleSamples } from '../../packages/docs/src/example-samples.js';
import { type PageOperation, pageOperations, tagSlug } from '../../packages/docs/src/page.js';
import { type StaticSite, serveStatic } from '../../scripts/serve-static.js';

const artifacts = join(packageDir, '..', '..', '.artifacts', 'docs');
const PREFIX = 'agora-chat-push-openapi';
const VIEWPORTS = {
  desktop: { width: 1440, height: 1000 },
  phone: { width: 390, height: 844 },
} as const;

let site: StaticSite;
let operations: PageOperation[];

beforeAll(async () => {
  requireChromium(); // fails, naming the apt command, when Chromium is missing: never skipped
  operations = pageOperations(readFileSync(ensureBuilt(), 'utf8'));
  mkdirSync(artifacts, { recursive: true });
  site = await serveStatic(distDir, { prefix: PREFIX });
}, 120_000);

afterAll(async () => {
  await site?.close();
});

/** Waits until Redoc has rendered the element a hash route points at (its first segment). */
async function waitForRoute(page: Page, hash: string): Promise<void> {
  const id = decodeURIComponent(hash.replace(/^#\/?/, '')).split('#')[0] ?? '';
  if (id === '') {
    await page.locator('#redoc h1').first().waitFor({ timeout: 20_000 });
    return;
  }
  await page.waitForFunction((target) => document.getElementById(target) !== null, id, { timeout: 20_000 });
}

/** Opens `url` in a new tab of `context`; returns the status (or the download) and the text of what it got. */
async function openInNewTab(context: BrowserContext, url: string): Promise<{ status: number; body: Buffer; download: boolean }> {
  const tab = await context.newPage();
  try {
    const download = tab.waitForEvent('download', { timeout: 10_000 }).catch(() => undefined);
    const response = await tab.goto(url).catch((error: Error) => (/Download is starting/.test(error.message) ? null : Promise.reject(error)));
    if (response) {
      const hash = new URL(url).hash;
      if (hash && (response.headers()['content-type'] ?? 'text/html').includes('html')) await waitForRoute(tab, hash);
      return { status: response.status(), body: await response.body(), download: false };
    }
    const file = await download;
    if (!file) throw new Error(`${url}: neither a page nor a download`);
    return { status: 200, body: readFileSync((await file.path()) as string), download: true };
  } finally {
    await tab.close();
  }
}

/** Every route of the page a reader can reach: intro sections, tags, operations, errata and changes entries. */
const pageRoutes = (): string[] => ['#/', ...operations.map((o) => o.route), `#/${tagSlug(CHANGES_TAG)}`, `#/${tagSlug(ERRATA_TAG)}`];

/** Opens every route in turn (calling `onRoute` once each has rendered), then scrolls the last one to its end. */
async function visitEverything(page: Page, onRoute?: () => Promise<void>): Promise<void> {
  for (const route of pageRoutes()) {
    await page.evaluate((hash) => {
      location.hash = hash;
    }, route);
    await waitForRoute(page, route);
    await onRoute?.();
  }
  // The errata and changes sections render their entries as they scroll into view.
  await page.evaluate(async () => {
    for (let i = 0; i < 300 && window.scrollY + window.innerHeight < document.body.scrollHeight; i += 1) {
      window.scrollBy(0, window.innerHeight);
      await new Promise((resolve) => requestAnimationFrame(resolve));
    }
  });
}

/** The links of the page (resolved), collected on every route while each is visited once, and after the scroll. */
async function collectLinks(page: Page): Promise<string[]> {
  const links = new Set<string>();
  const grab = async (): Promise<void> => {
    for (const href of await page.evaluate(() => [...document.querySelectorAll('a[href]')].map((a) => (a as HTMLAnchorElement).href))) links.add(href);
  };
  await grab();
  await visitEverything(page, grab);
  await grab();
  return [...links];
}

/** The links to check: one per route of the page (plus one deep link per route), and every file. */
function linksToCheck(links: string[], pageUrl: string, deep = true): { routes: string[]; files: string[]; external: string[]; other: string[] } {
  const base = pageUrl.split('#')[0] as string;
  const routes = new Map<string, string[]>();
  const files = new Set<string>();
  const external: string[] = [];
  const other: string[] = [];
  for (const link of links) {
    if (link.startsWith(`${base}#`) || link === base) {
      const hash = link.slice(base.length);
      const route = hash.split('#').slice(0, 2).join('#');
      routes.set(route, [...(routes.get(route) ?? []), link]);
    } else if (link.startsWith(base.replace(/[^/]*$/, ''))) {
      files.add(link.split('#')[0] as string);
    } else if (/^https:\/\//.test(link)) {
      external.push(link);
    } else {
      other.push(link);
    }
  }
  const checked: string[] = [];
  for (const [, variants] of routes) {
    checked.push(variants[0] as string);
    const deepLink = variants.find((v) => v.slice(base.length).split('#').length > 2);
    if (deep && deepLink && deepLink !== variants[0]) checked.push(deepLink);
  }
  return { routes: [...new Set(checked)], files: [...files], external, other };
}

/** Runs `task` over `items`, `limit` at a time. */
async function inTurn<T>(items: T[], limit: number, task: (item: T) => Promise<void>): Promise<void> {
  const queue = [...items];
  await Promise.all(
    Array.from({ length: limit }, async () => {
      for (let item = queue.shift(); item !== undefined; item = queue.shift()) await task(item);
    }),
  );
}

/** WCAG contrast ratio of two `rgb(...)` colours. */
function contrast(a: string, b: string): number {
  const luminance = (color: string): number => {
    const [r, g, bl] = (color.match(/[\d.]+/g) ?? []).slice(0, 3).map((v) => {
      const c = Number(v) / 255;
      return c <= 0.03928 ? c / 12.92 : ((c + 0.055) / 1.055) ** 2.4;
    });
    return 0.2126 * (r ?? 0) + 0.7152 * (g ?? 0) + 0.0722 * (bl ?? 0);
  };
  const [l1, l2] = [luminance(a), luminance(b)].sort((x, y) => y - x) as [number, number];
  return (l1 + 0.05) / (l2 + 0.05);
}

describe.each(Object.entries(VIEWPORTS))('the published site on a %s', (device, viewport) => {
  let browser: OfflineBrowser;
  let page: Page;

  beforeAll(async () => {
    browser = await openOffline({ viewport, origin: new URL(site.url).origin });
    page = browser.page;
  }, 60_000);

  afterAll(async () => {
    await browser?.close();
  });

  it('served under a sub-path: every link opened in a new tab lands where it points', async () => {
    await page.goto(site.url);
    await waitForRoute(page, '#/');
    const links = await collectLinks(page);
    // On the phone, one link per route (the desktop run also opens one deep link, e.g. a field, per route).
    const { routes, files, external, other } = linksToCheck(links, site.url, device === 'desktop');
    expect(other, 'links that are neither on the site nor https').toEqual([]);
    for (const link of external) expect(link).toMatch(/^https:\/\/[a-z0-9.-]+\//);
    expect(routes.length).toBeGreaterThan(35); // sections, tags, operations, errata entries (and deep links)
    expect(files.map((f) => f.slice(site.url.length)).sort()).toEqual(['llms.txt', 'openapi.json', 'openapi.yaml', 'reference.html', 'reference.md']);
    const failures: string[] = [];
    await inTurn([...routes, ...files], 3, async (url) => {
      const result = await openInNewTab(browser.context, url).catch((error: Error) => ({ status: 0, body: Buffer.from(error.message), download: false }));
      if (result.status !== 200) failures.push(`${url}: ${result.status} ${result.body.toString().slice(0, 200)}`);
    });
    expect(failures).toEqual([]);
    // Every request went to the site's folder. (Chromium asks a host for /favicon.ico when it shows a text
    // file, which has no <link rel="icon"> to say otherwise; the page itself never does.)
    expect(site.requests.filter((r) => !r.startsWith(`GET /${PREFIX}/`) && r !== 'GET /favicon.ico')).toEqual([]);
  }, 300_000);

  it("downloads both description files from Redoc's download button and the introduction's links, equal to the bundle", async () => {
    const files = descriptionFiles();
    await page.goto(site.url);
    await waitForRoute(page, '#/');
    for (const name of ['openapi.yaml', 'openapi.json']) {
      const bundle = readFileSync(name.endsWith('json') ? files.json : files.yaml);
      // Redoc's button: a link with a download attribute.
      const button = page.locator(`a[download][href="${name}"]`).first();
      await button.scrollIntoViewIfNeeded();
      const [download] = await Promise.all([page.waitForEvent('download'), button.click()]);
      expect(download.url()).toBe(`${site.url}${name}`);
      expect(readFileSync((await download.path()) as string).equals(bundle), `${name} from the download button`).toBe(true);
      // The introduction's link, opened in a new tab.
      const href = await page
        .locator(`#redoc a:not([download])[href="${name}"]`)
        .first()
        .evaluate((a) => (a as HTMLAnchorElement).href);
      const opened = await openInNewTab(browser.context, href);
      expect(opened.body.equals(bundle), `${name} from the introduction`).toBe(true);
    }
  }, 120_000);

  it('shows for each request example a curl sample that sends exactly that example', async () => {
    const generated = exampleSamples(loadDescription() as never).filter((s) => s.language === 'curl');
    await page.goto(site.url);
    const problems: string[] = [];
    for (const op of operations.filter((o) => generated.some((g) => g.operationId === o.operationId))) {
      await page.evaluate((hash) => {
        location.hash = hash;
      }, op.route);
      const element = page.locator(`[id="${op.elementId}"]`);
      await element.getByText(op.summary, { exact: true }).first().waitFor({ timeout: 20_000 });
      const panel = element.locator('.panel-request-samples');
      await panel.scrollIntoViewIfNeeded();
      const language = panel.locator('[data-component-name="Panel/PanelHeader"] [data-component-name="Dropdown/Dropdown"]').last().locator('button').first();
      for (const sample of generated.filter((g) => g.operationId === op.operationId)) {
        if ((await language.getAttribute('aria-expanded')) !== 'true') await language.click();
        await page.locator('[role="menu"]:visible [role="menuitem"]').filter({ hasText: sample.label }).first().click();
        await expect.poll(() => language.innerText()).toContain(sample.label);
        const shown = (await panel.locator('pre[data-testid="source-code"] code').first().textContent()) ?? '';
        const body = /-d '([\s\S]*)'\s*$/.exec(shown)?.[1];
        const path = sample.request.path
          .replace('{org_name}', '$ORG')
          .replace('{app_name}', '$APP')
          .replace(/\{(\w+)\}/g, (_, key: string) => sample.request.pathValues[key] ?? '');
        if (!body || JSON.stringify(JSON.parse(body)) !== JSON.stringify(sample.request.body)) problems.push(`${sample.label}: shows ${body ?? shown.slice(0, 200)}`);
        if (!shown.includes(path)) problems.push(`${sample.label}: the URL lacks ${path}`);
      }
    }
    expect(problems).toEqual([]);
  }, 120_000);

  it('titles every errata entry in full in the menu and in search', async () => {
    const entries = erratumEntries(readFileSync(descriptionFiles().errata, 'utf8'), tagSlug(ERRATA_TAG));
    await page.goto(`${site.url}#/${tagSlug(ERRATA_TAG)}`);
    await waitForRoute(page, `#/${tagSlug(ERRATA_TAG)}`);
    if (device === 'phone') await page.getByRole('button', { name: 'Open navigation menu' }).click();
    const menu = page.locator('[data-component-name="Menu/Menu"]').filter({ visible: true }).first();
    await menu.getByText(ERRATA_TAG, { exact: true }).first().waitFor();
    await expect.poll(() => menu.locator(`a[href^="#/${tagSlug(ERRATA_TAG)}/"]`).count()).toBe(entries.length);
    const titles = (await menu.locator(`a[href^="#/${tagSlug(ERRATA_TAG)}/"]`).allInnerTexts()).map((t) => t.trim());
    expect(titles).toEqual(entries.map((e) => e.heading));
    const hrefs = await menu.locator(`a[href^="#/${tagSlug(ERRATA_TAG)}/"]`).evaluateAll((as) => as.map((a) => a.getAttribute('href')));
    expect(hrefs).toEqual(entries.map((e) => e.route));
    // Search: an entry whose title had code spans comes back whole.
    const withCode = entries.find((e) => e.id === 'E2') ?? (entries[1] as (typeof entries)[number]);
    await page.locator('[data-testid="search-trigger"]').filter({ visible: true }).first().click();
    await page.getByPlaceholder('Search docs...').fill(withCode.heading.split(' ').slice(1, 4).join(' '));
    await page.getByText(withCode.heading, { exact: true }).first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
  }, 60_000);

  it('gives code comments at least 4.5:1 contrast in light and in dark mode (rendered colours)', async () => {
    const op = operations.find((o) => o.operationId === 'getPushSettings') as PageOperation;
    const ratios: Record<string, number> = {};
    for (const mode of ['light', 'dark']) {
      await page.goto(`${site.url}${op.route}`);
      await page.evaluate((m) => localStorage.setItem('redoc.colorMode', m), mode);
      await page.reload();
      await page.locator(`[id="${op.elementId}"] pre[data-testid="source-code"] .th-comment`).first().waitFor({ timeout: 20_000 });
      expect(await page.evaluate(() => document.documentElement.className)).toContain(mode);
      const colours = await page.evaluate(() => {
        const comment = document.querySelector('pre[data-testid="source-code"] .th-comment') as HTMLElement;
        let node: HTMLElement | null = comment;
        let background = 'rgba(0, 0, 0, 0)';
        while (node && /rgba\(0, 0, 0, 0\)|transparent/.test(background)) {
          background = getComputedStyle(node).backgroundColor;
          node = node.parentElement;
        }
        return { color: getComputedStyle(comment).color, background };
      });
      ratios[mode] = contrast(colours.color, colours.background);
    }
    await page.evaluate(() => localStorage.removeItem('redoc.colorMode'));
    expect(ratios.light, JSON.stringify(ratios)).toBeGreaterThanOrEqual(4.5);
    expect(ratios.dark, JSON.stringify(ratios)).toBeGreaterThanOrEqual(4.5);
  }, 60_000);

  it('keeps the copy button off the first line of every code block', async () => {
    const overlaps: string[] = [];
    for (const op of operations) {
      await page.goto(`${site.url}${op.route}`);
      await page.locator(`[id="${op.elementId}"] pre[data-testid="source-code"]`).first().waitFor({ timeout: 20_000 });
      overlaps.push(
        ...(await page.evaluate((id) => {
          const found: string[] = [];
          for (const pre of document.getElementById(id)?.querySelectorAll('pre[data-testid="source-code"]') ?? []) {
            let scope: Element | null = pre;
            let button: Element | null = null;
            for (let i = 0; i < 4 && scope && !button; i += 1) {
              button = scope.querySelector('[data-testid="copy-button"]');
              scope = scope.parentElement;
            }
            const line = pre.querySelector('.th-line, .line') ?? pre.firstElementChild;
            if (!button || !line) continue;
            const range = document.createRange();
            range.selectNodeContents(line);
            const a = range.getBoundingClientRect();
            const b = button.getBoundingClientRect();
            if (a.width > 0 && b.width > 0 && a.left < b.right && b.left < a.right && a.top < b.bottom && b.top < a.bottom) found.push(`${id}: "${(line.textContent ?? '').slice(0, 40)}"`);
          }
          return found;
        }, op.elementId)),
      );
    }
    expect(overlaps).toEqual([]);
  }, 120_000);

  it('lets the glance table scroll sideways to its last column, with a cue when it does', async () => {
    await page.goto(`${site.url}#/section/operations-at-a-glance`);
    await waitForRoute(page, '#/section/operations-at-a-glance');
    const wrapper = page
      .locator('.md-table-wrapper')
      .filter({ has: page.locator('th', { hasText: /^Operation$/ }) })
      .first();
    await wrapper.scrollIntoViewIfNeeded();
    const state = await wrapper.evaluate((w) => ({
      overflows: w.scrollWidth > w.clientWidth + 1,
      overflowX: getComputedStyle(w).overflowX,
      cue: getComputedStyle(w).backgroundImage,
    }));
    if (device === 'phone') expect(state.overflows, 'on a phone the table is wider than the screen').toBe(true);
    if (state.overflows) {
      expect(state.overflowX).toBe('auto');
      expect(state.cue).toMatch(/gradient/);
    }
    await wrapper.evaluate((w) => w.scrollTo({ left: w.scrollWidth }));
    const last = wrapper.locator('th').last();
    expect(await last.innerText()).toBe('Rate limit');
    const [box, frame] = [await last.boundingBox(), await wrapper.boundingBox()];
    expect((box?.x ?? 0) + (box?.width ?? 0)).toBeLessThanOrEqual((frame?.x ?? 0) + (frame?.width ?? 0) + 1);
    await page.screenshot({ path: join(artifacts, `glance-${device}.png`) });
  });

  it('never skips a heading level, with one level-1 heading, on the introduction and on every operation opened directly', async () => {
    const problems: string[] = [];
    for (const route of ['#/', ...operations.map((o) => o.route)]) {
      const tab = await browser.context.newPage();
      try {
        await tab.goto(`${site.url}${route}`);
        await waitForRoute(tab, route);
        // As assistive technology reads them: aria-level over the tag, hidden ones left out. Redoc keeps
        // rendering after the route's element appears: read until the outline is whole (or time is up).
        const outline = async (): Promise<string[]> => {
          const levels = await tab.evaluate(() =>
            [...document.querySelectorAll('h1, h2, h3, h4, h5, h6, [role="heading"]')]
              .filter((h) => !(h as HTMLElement).hidden && !h.closest('[hidden], [aria-hidden="true"]'))
              .map((h) => ({ level: Number(h.getAttribute('aria-level') ?? h.tagName.charAt(1)), text: (h.textContent ?? '').slice(0, 40) })),
          );
          const found: string[] = [];
          const ones = levels.filter((l) => l.level === 1);
          if (ones.length !== 1) found.push(`${route}: ${ones.length} level-1 headings`);
          if (levels[0]?.level !== 1) found.push(`${route}: starts at level ${levels[0]?.level}`);
          levels.forEach((l, i) => {
            if (i > 0 && l.level > (levels[i - 1]?.level ?? 0) + 1) found.push(`${route}: "${l.text}" (${l.level}) after "${levels[i - 1]?.text}" (${levels[i - 1]?.level})`);
          });
          return found;
        };
        await expect
          .poll(outline, { timeout: 10_000 })
          .toEqual([])
          .catch(async () => problems.push(...(await outline())));
      } finally {
        await tab.close();
      }
    }
    expect(problems).toEqual([]);
  }, 180_000);

  it('names the section or operation of the route in the tab title', async () => {
    await page.goto(site.url);
    await waitForRoute(page, '#/');
    const base = await page.title();
    expect(base).toMatch(/unofficial/);
    for (const op of operations) {
      await page.evaluate((hash) => {
        location.hash = hash;
      }, op.route);
      await expect.poll(() => page.title(), { message: op.route, timeout: 20_000 }).toBe(`${op.summary} · ${base}`);
    }
    await page.evaluate(() => {
      location.hash = '#/section/errors';
    });
    await expect.poll(() => page.title(), { timeout: 20_000 }).toBe(`Errors · ${base}`);
    // Opened directly in a new tab too.
    const tab = await browser.context.newPage();
    const op = operations.at(-1) as PageOperation;
    await tab.goto(`${site.url}${op.route}`);
    await expect.poll(() => tab.title(), { timeout: 20_000 }).toBe(`${op.summary} · ${base}`);
    await tab.close();
  }, 120_000);

  it('reaches the search box with the keyboard (on a phone, through the navigation menu it lives in)', async () => {
    await page.goto(site.url);
    await waitForRoute(page, '#/');
    const focused = (): Promise<string> => page.evaluate(() => `${document.activeElement?.getAttribute('data-testid') ?? ''}|${document.activeElement?.getAttribute('aria-label') ?? ''}`);
    const tabUntil = async (want: RegExp, most: number, key = 'Tab'): Promise<boolean> => {
      for (let i = 0; i < most; i += 1) {
        await page.keyboard.press(key);
        if (want.test(await focused())) return true;
      }
      return false;
    };
    if (device === 'phone') {
      // The search box is in the navigation drawer, as on Redoc's own phone layout: open it first. Redoc
      // leaves the focus on the menu button, and the drawer comes before it in the tab order: Shift+Tab.
      expect(await tabUntil(/Open navigation menu/, 10)).toBe(true);
      await page.keyboard.press('Enter');
      expect(await tabUntil(/^search-trigger\|/, 60, 'Shift+Tab'), 'Shift+Tab never reached the search box').toBe(true);
    } else {
      expect(await tabUntil(/^search-trigger\|/, 60), 'Tab never reached the search box').toBe(true);
    }
    await page.keyboard.press('Enter');
    await page.getByPlaceholder('Search docs...').waitFor({ timeout: 10_000 });
    await page.keyboard.type('ignoreInterval');
    await page.getByText('request fields → ignoreInterval').first().waitFor({ timeout: 10_000 });
    await page.keyboard.press('Escape');
  });

  // Last, after every interaction above.
  it('sent no request off the site and logged no error', () => {
    expect(browser.leaks).toEqual([]);
    // A navigation that became a download is reported as an aborted request: that is the download.
    expect(browser.errors.filter((e) => !/request failed: .*openapi\.yaml \(net::ERR_ABORTED\)/.test(e))).toEqual([]);
  });
});

describe('the site from file://', () => {
  it('opens offline; every link opened in a new tab lands, the description files included', async () => {
    const browser = await openOffline();
    try {
      const index = fileUrl(join(distDir, 'index.html'));
      await browser.page.goto(index);
      await waitForRoute(browser.page, '#/');
      const links = await collectLinks(browser.page);
      const { routes, files, other } = linksToCheck(links, index, false);
      expect(other).toEqual([]);
      expect(files.map((f) => f.slice(fileUrl(distDir).length + (fileUrl(distDir).endsWith('/') ? 0 : 1))).sort()).toEqual([
        'llms.txt',
        'openapi.json',
        'openapi.yaml',
        'reference.html',
        'reference.md',
      ]);
      const failures: string[] = [];
      await inTurn(routes, 3, async (url) => {
        const tab = await browser.context.newPage();
        try {
          await tab.goto(url);
          await waitForRoute(tab, new URL(url).hash);
        } catch (error) {
          failures.push(`${url}: ${(error as Error).message.split('\n')[0]}`);
        } finally {
          await tab.close();
        }
      });
      expect(failures).toEqual([]);
      const description = descriptionFiles();
      for (const name of ['openapi.json', 'openapi.yaml']) {
        const url = files.find((f) => f.endsWith(name)) as string;
        const opened = await openInNewTab(browser.context, url);
        expect(opened.body.equals(readFileSync(name.endsWith('json') ? description.json : description.yaml)), name).toBe(true);
      }
      expect(browser.leaks).toEqual([]);
      expect(browser.errors.filter((e) => !/request failed: .*openapi\.yaml \(net::ERR_ABORTED\)/.test(e))).toEqual([]);
    } finally {
      await browser.close();
    }
  }, 300_000);
});
