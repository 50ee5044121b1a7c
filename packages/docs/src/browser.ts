/**
 * Opens the built page in Debian's Chromium (driven by playwright-core) with the network cut off: every
 * request that is not a file: URL is recorded and aborted. Used by the browser test (test/docs) and the
 * benchmark (bench/run.ts).
 */
import { existsSync, mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { type BrowserContext, type Page, chromium } from 'playwright-core';

export const CHROMIUM = '/usr/bin/chromium';

/** Flags for a headless Chromium in a container (see ../shared/TOOLCHAIN.md). */
export const CHROMIUM_ARGS = ['--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run', '--disable-background-networking', '--disable-component-update', '--disable-sync'];

/** Throws a sentence saying how to install Chromium when it is missing. */
export function requireChromium(): string {
  if (!existsSync(CHROMIUM)) {
    throw new Error(
      `Chromium is not installed at ${CHROMIUM}: install Debian's package with ` +
        '`apt-get update && apt-get install -y chromium` (the root `pnpm test` does this when it can). ' +
        '`npx playwright install` cannot download browsers on this network.',
    );
  }
  return CHROMIUM;
}

export interface OfflineBrowser {
  context: BrowserContext;
  page: Page;
  /** Every request that was not for a file:, data: or blob: URL (or the allowed origin): each one was aborted. */
  leaks: string[];
  /** Console messages of type error, uncaught page errors, and failed requests. */
  errors: string[];
  /** Console warnings (reported, not failures). */
  warnings: string[];
  close(): Promise<void>;
}

const LOCAL = /^(file|data|blob):/;

/**
 * Launches Chromium with a fresh profile and opens a blank page with the network blocked and recorded.
 * `origin` (e.g. `http://127.0.0.1:8080`) is let through too, for a page served by a local static host.
 */
export async function openOffline(
  options: {
    viewport?: { width: number; height: number };
    origin?: string;
    /** Lets a test inject a checker (axe-core) into a page whose Content-Security-Policy forbids scripts. */
    bypassCSP?: boolean;
  } = {},
): Promise<OfflineBrowser> {
  const { viewport = { width: 1440, height: 1000 }, origin, bypassCSP = false } = options;
  const local = (url: string): boolean => LOCAL.test(url) || (origin !== undefined && url.startsWith(`${origin}/`));
  const executablePath = requireChromium();
  const profile = mkdtempSync(join(tmpdir(), 'agora-chat-push-docs-chromium-'));
  // launchPersistentContext gives Chromium its --user-data-dir: a fresh, empty profile for every run.
  const context = await chromium.launchPersistentContext(profile, {
    executablePath,
    headless: true,
    args: CHROMIUM_ARGS,
    viewport,
    bypassCSP,
    serviceWorkers: 'block',
  });
  const leaks: string[] = [];
  const errors: string[] = [];
  const warnings: string[] = [];
  await context.route('**/*', async (route) => {
    const url = route.request().url();
    if (local(url)) return route.continue();
    leaks.push(`${route.request().method()} ${url}`);
    return route.abort('blockedbyclient');
  });
  // Requests the router does not see (e.g. from workers) still show up here.
  context.on('request', (request) => {
    const url = request.url();
    if (!local(url) && !leaks.some((l) => l.endsWith(` ${url}`))) leaks.push(`${request.method()} ${url}`);
  });
  const page = context.pages()[0] ?? (await context.newPage());
  page.on('websocket', (ws) => leaks.push(`WEBSOCKET ${ws.url()}`));
  page.on('console', (message) => {
    const text = `${message.type()}: ${message.text()}`;
    if (message.type() === 'error') errors.push(text);
    else if (message.type() === 'warning') warnings.push(text);
  });
  page.on('pageerror', (error) => errors.push(`pageerror: ${error.message}`));
  page.on('requestfailed', (request) => {
    if (local(request.url())) errors.push(`request failed: ${request.url()} (${request.failure()?.errorText ?? ''})`);
  });
  return {
    context,
    page,
    leaks,
    errors,
    warnings,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** The file: URL of a local file, for page.goto. */
export const fileUrl = (path: string): string => pathToFileURL(path).href;
