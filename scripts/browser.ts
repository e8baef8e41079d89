/**
 * The HTML report in a real browser: Debian's Chromium at /usr/bin/chromium
 * (or WCN_CHROMIUM), driven by playwright-core, never a downloaded browser.
 * Used by the browser tests (test/report/html-browser.test.ts) and by
 * `npm run screenshot`, which writes the README's picture with the same code.
 *
 * Chromium runs headless with a fresh, empty profile and without any of its
 * own network traffic (updates, sync, background connections).
 */
import { existsSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import type { BrowserContext, Page } from 'playwright-core';
import { main } from '../src/cli.js';
import type { Io } from '../src/cli/io.js';

export const CHROMIUM_PATH = process.env['WCN_CHROMIUM'] ?? '/usr/bin/chromium';

export const CHROMIUM_FLAGS: readonly string[] = [
  '--headless', '--no-sandbox', '--disable-gpu', '--disable-quic', '--no-first-run',
  '--disable-background-networking', '--disable-component-update', '--disable-sync',
];

/** Why the browser cannot run here, or undefined when it can. */
export function chromiumMissing(): string | undefined {
  return existsSync(CHROMIUM_PATH) ? undefined : `Chromium not found at ${CHROMIUM_PATH} (apt-get install chromium, or set WCN_CHROMIUM)`;
}

/** `wcn-doctor check --format html <captures>` run in this process; returns the page (also when a capture was unreadable). */
export async function reportHtml(captures: readonly string[]): Promise<string> {
  let out = '';
  let err = '';
  const io: Io = {
    out: (t) => { out += t; }, err: (t) => { err += t; },
    stdoutIsTTY: false, stderrIsTTY: false, color: false, columns: 100, env: {}, cwd: process.cwd(),
  };
  const code = await main(['check', '--format', 'html', '--jobs', '1', ...captures], io);
  if (code === 3 || out === '') throw new Error(`check --format html exited ${code}: ${err}`);
  return out;
}

export interface Browser {
  readonly context: BrowserContext;
  close(): Promise<void>;
}

export async function launchChromium(): Promise<Browser> {
  const { chromium } = await import('playwright-core');
  const profile = mkdtempSync(join(tmpdir(), 'wcn-chromium-'));
  const context = await chromium.launchPersistentContext(profile, {
    executablePath: CHROMIUM_PATH,
    headless: true,
    args: [...CHROMIUM_FLAGS],
    viewport: { width: 1200, height: 1500 },
    permissions: ['clipboard-read', 'clipboard-write'],
  });
  return {
    context,
    async close() {
      await context.close();
      rmSync(profile, { recursive: true, force: true });
    },
  };
}

/** What a page did that it must not: console errors, script errors, policy violations, requests for anything but itself. */
export interface PageTrouble {
  readonly consoleErrors: string[];
  readonly pageErrors: string[];
  readonly requests: string[];
}

export interface OpenedReport {
  readonly page: Page;
  readonly url: string;
  readonly trouble: PageTrouble;
  /** Content-Security-Policy violations the page reported (read from the page). */
  violations(): Promise<string[]>;
}

/** Writes the page to a file of its own and opens it, watching for trouble from the first moment. */
export async function openReport(browser: Browser, html: string, dir: string): Promise<OpenedReport> {
  const file = join(dir, 'report.html');
  writeFileSync(file, html);
  const url = pathToFileURL(file).href;
  const page = await browser.context.newPage();
  const trouble: PageTrouble = { consoleErrors: [], pageErrors: [], requests: [] };
  page.on('console', (m) => { if (m.type() === 'error') trouble.consoleErrors.push(m.text()); });
  page.on('pageerror', (e) => { trouble.pageErrors.push(e.message); });
  page.on('request', (r) => { if (r.url() !== url) trouble.requests.push(r.url()); });
  // Runs before the page's own script, outside its policy: records what the policy refused.
  await page.addInitScript({
    content: `window.__wcnViolations = [];
      document.addEventListener('securitypolicyviolation', (e) => { window.__wcnViolations.push(e.violatedDirective + ' ' + e.blockedURI); });`,
  });
  await page.goto(url, { waitUntil: 'load' });
  return {
    page, url, trouble,
    violations: () => page.evaluate('window.__wcnViolations.slice()') as Promise<string[]>,
  };
}

/** The README's picture: the top of the demo's report, its first finding open. */
export async function screenshotReport(browser: Browser, html: string, png: string): Promise<void> {
  const dir = mkdtempSync(join(tmpdir(), 'wcn-shot-'));
  try {
    const { page } = await openReport(browser, html, dir);
    await page.setViewportSize({ width: 1100, height: 1400 });
    await page.locator('details.finding > summary').first().click();
    await page.screenshot({ path: png, fullPage: false });
    await page.close();
  } finally {
    rmSync(dir, { recursive: true, force: true });
  }
}
