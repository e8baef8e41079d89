/**
 * Regenerates the README's picture of the demo's HTML report
 * (docs/images/report-demo.png) in headless Chromium, with the code the
 * browser tests use. Usage: npm run screenshot
 */
import { mkdirSync } from 'node:fs';
import { dirname, join, relative } from 'node:path';
import { DEMO_CAPTURE, PACKAGE_ROOT } from '../src/core/paths.js';
import { chromiumMissing, launchChromium, reportHtml, screenshotReport } from './browser.js';

export const SCREENSHOT = join(PACKAGE_ROOT, 'docs', 'images', 'report-demo.png');

const missing = chromiumMissing();
if (missing) {
  process.stderr.write(`screenshot: ${missing}\n`);
  process.exit(2);
}
// Relative to the package, so the picture shows the path a reader would type.
process.chdir(PACKAGE_ROOT);
const html = await reportHtml([relative(PACKAGE_ROOT, DEMO_CAPTURE)]);
mkdirSync(dirname(SCREENSHOT), { recursive: true });
const browser = await launchChromium();
try {
  await screenshotReport(browser, html, SCREENSHOT);
} finally {
  await browser.close();
}
process.stdout.write(`wrote ${relative(PACKAGE_ROOT, SCREENSHOT)}\n`);
