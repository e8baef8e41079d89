/**
 * The HTML report in a real browser (Debian's Chromium, driven by
 * playwright-core): it renders with no console error, no script error, no
 * request for anything outside the page and no policy violation; a finding
 * opens; a copy button copies exactly the command text; and on the page of a
 * capture full of hostile names, no injected script runs.
 *
 * Without Chromium these tests are skipped with the reason, except under CI
 * (CI=true), where they fail: .ci/run installs Chromium.
 */
import test, { type ExecutionContext } from 'ava';
import { existsSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { chromiumMissing, launchChromium, openReport, reportHtml, screenshotReport, type Browser, type OpenedReport } from '../../scripts/browser.js';
import { DEMO_CAPTURE } from '../../src/core/paths.js';
import { runCli } from '../helpers/cli.js';
import { hostileHtmlCapture } from '../helpers/hostile-html.js';

const missing = chromiumMissing();
const required = process.env['CI'] === 'true';

let browser: Browser | undefined;
const dir = mkdtempSync(join(tmpdir(), 'wcn-html-'));

test.before(async () => {
  if (!missing) browser = await launchChromium();
});
test.after.always(async () => {
  await browser?.close();
  rmSync(dir, { recursive: true, force: true });
});

/** A browser test: skipped with the reason where Chromium is absent, failed instead under CI. */
function browserTest(title: string, body: (t: ExecutionContext, b: Browser) => Promise<void>): void {
  if (missing && !required) {
    test.skip(`${title} (skipped: ${missing})`, () => {});
    return;
  }
  test.serial(title, async (t) => {
    if (missing) {
      t.fail(`${missing}; CI=true requires the browser tests`);
      return;
    }
    await body(t, browser!);
  });
}

async function open(b: Browser, html: string, name: string): Promise<OpenedReport> {
  const d = mkdtempSync(join(dir, `${name}-`));
  return openReport(b, html, d);
}

async function assertClean(t: ExecutionContext, r: OpenedReport): Promise<void> {
  t.deepEqual(r.trouble.consoleErrors, [], 'no console error');
  t.deepEqual(r.trouble.pageErrors, [], 'no script error');
  t.deepEqual(r.trouble.requests, [], 'nothing requested but the page');
  t.deepEqual(await r.violations(), [], 'nothing refused by the policy');
}

browserTest('the demo report renders cleanly; a finding opens; a copy button copies the exact command', async (t, b) => {
  const html = await reportHtml([DEMO_CAPTURE]);
  const r = await open(b, html, 'demo');
  const { page } = r;
  t.is(await page.title(), 'wcn-doctor report: CTR-LAB-07');
  // The script ran: no copy button is hidden any more.
  t.true(await page.locator('.cmd button').count() > 0);
  t.is(await page.locator('.cmd button[hidden]').count(), 0);
  t.true(await page.locator('figure.drawing svg').isVisible(), 'the drawing is shown');

  const finding = page.locator('details.finding').nth(1);
  t.false(await finding.evaluate((d) => (d as unknown as { open: boolean }).open));
  await finding.locator(':scope > summary').click();
  t.true(await finding.evaluate((d) => (d as unknown as { open: boolean }).open), 'the finding opened');
  t.true(await finding.locator('.fix').first().isVisible(), 'its fix is shown');

  // The first fix's commands, from the JSON report of the same capture.
  const json = JSON.parse((await runCli(['check', '--format', 'json', DEMO_CAPTURE])).out) as { reports: { findings: { fixes: { commands: string[] }[] }[] }[] };
  const want = json.reports[0]!.findings[1]!.fixes[0]!.commands.join('\n');
  await finding.locator('.cmd button').first().click();
  const copied = await page.evaluate('navigator.clipboard.readText()');
  t.is(copied, want);
  t.is(await finding.locator('.cmd button').first().textContent(), 'Copied');

  // A link to a finding opens it.
  await page.evaluate('location.hash = "#host-1-finding-3"');
  t.true(await page.locator('#host-1-finding-3').evaluate((d) => (d as unknown as { open: boolean }).open));
  await assertClean(t, r);
  await page.close();
});

browserTest('with scripts turned off the page reads fully: findings open, no button that would do nothing', async (t, b) => {
  const d = mkdtempSync(join(dir, 'noscript-'));
  const file = join(d, 'report.html');
  writeFileSync(file, await reportHtml([DEMO_CAPTURE]));
  const page = await b.context.newPage();
  const cdp = await b.context.newCDPSession(page);
  await cdp.send('Emulation.setScriptExecutionDisabled', { value: true });
  await page.goto(pathToFileURL(file).href);
  const finding = page.locator('details.finding').first();
  await finding.locator(':scope > summary').click();
  t.true(await finding.locator('.fix').first().isVisible(), 'a finding opens without script');
  t.true(await finding.locator('.cmd pre').first().isVisible(), 'its commands are shown');
  t.true(await finding.locator('.cmd button').count() > 0);
  t.is(await finding.locator('.cmd button:visible').count(), 0, 'copy buttons stay hidden');
  t.true(await page.locator('figure.drawing svg').isVisible());
  t.true(await page.locator('table.checks').isVisible());
  await page.close();
});

browserTest('a fleet report links each host from its summary table', async (t, b) => {
  const other = join(dir, 'other.json');
  writeFileSync(other, readFileSync(join(DEMO_CAPTURE, '..', 'healthy-ws2022.json')));
  const r = await open(b, await reportHtml([DEMO_CAPTURE, other, join(dir, 'missing.json')]), 'fleet');
  const links = r.page.locator('#fleet table.fleet a');
  t.is(await links.count(), 3);
  await links.nth(1).click();
  t.is(await r.page.evaluate('location.hash'), '#host-2');
  t.true(await r.page.locator('#host-3 ul.ingest').isVisible(), 'the unreadable capture shows what went wrong');
  await assertClean(t, r);
  await r.page.close();
});

browserTest('on the page of a capture full of hostile names no injected script runs', async (t, b) => {
  const file = join(dir, 'hostile.json');
  writeFileSync(file, JSON.stringify(hostileHtmlCapture()));
  const r = await open(b, await reportHtml([file]), 'hostile');
  const { page } = r;
  // Open every finding and knowledge page, and hover over the drawing: nothing hidden may run either.
  for (const d of await page.locator('details').all()) await d.evaluate((x) => { (x as unknown as { open: boolean }).open = true; });
  await page.locator('figure.drawing').hover();
  for (const button of await page.locator('.cmd button').all()) await button.click();
  t.is(await page.evaluate('typeof window.__pwned'), 'undefined');
  t.is(await page.locator('script').count(), 1);
  t.is(await page.locator('img, iframe, link, base, meta[http-equiv="refresh"], a[href^="javascript"]').count(), 0);
  t.true((await page.locator('body').innerText()).includes('<script>window.__pwned="script"</script>'), 'the hostile name is shown as text');
  await assertClean(t, r);
  await page.close();
});

browserTest('the screenshot code writes a picture of the demo report', async (t, b) => {
  const png = join(dir, 'shot.png');
  await screenshotReport(b, await reportHtml([DEMO_CAPTURE]), png);
  t.true(existsSync(png));
  t.deepEqual([...readFileSync(png).subarray(0, 8)], [0x89, 0x50, 0x4e, 0x47, 0x0d, 0x0a, 0x1a, 0x0a], 'a PNG file');
});
