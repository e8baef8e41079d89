/**
 * check --format html on every sample and on a fleet of every broken case:
 * one page, one section per capture, a drawing per readable host, every
 * finding with its fixes and knowledge page, every check's status.
 * (The browser tests are in html-browser.test.ts, the hostile names in
 * test/security/html-injection.test.ts.)
 */
import test from 'ava';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import { SNAPSHOTS_DIR } from '../../src/core/paths.js';
import { runCli, tempDir } from '../helpers/cli.js';

const SAMPLES = readdirSync(SNAPSHOTS_DIR).filter((f) => f.endsWith('.json') && f !== 'capture.schema.json').map((f) => join(SNAPSHOTS_DIR, f));
const BROKEN = readdirSync(join(SNAPSHOTS_DIR, 'cases')).sort().map((d) => join(SNAPSHOTS_DIR, 'cases', d, 'broken.json'));

const count = (html: string, re: RegExp) => (html.match(re) ?? []).length;

test('every sample: one page with the host, its findings, the drawing and every check', async (t) => {
  for (const file of SAMPLES) {
    const [html, json] = await Promise.all([runCli(['check', '--format', 'html', file]), runCli(['check', '--format', 'json', file])]);
    t.true(html.code === 0 || html.code === 1, `${file}: ${html.err}`);
    t.is(html.code, json.code, 'the same exit code as any other format');
    const report = (JSON.parse(json.out) as { reports: { findings: { fixes: unknown[]; knowledge: string }[]; checks: unknown[] }[] }).reports[0]!;
    const page = html.out;
    t.true(page.startsWith('<!DOCTYPE html>\n<html lang="en">'));
    t.true(page.trimEnd().endsWith('</html>'));
    t.is(count(page, /<section class="host"/g), 1);
    t.is(count(page, /id="fleet"/g), 0, 'no summary table for one capture');
    t.is(count(page, /<details class="finding /g), report.findings.length, file);
    t.is(count(page, /<div class="fix">/g), report.findings.reduce((n, f) => n + f.fixes.length, 0));
    t.is(count(page, /<details class="knowledge">/g), report.findings.length, 'each finding carries its knowledge page');
    t.is(count(page, /<td class="status-/g), report.checks.length, 'every check has a row');
    t.is(count(page, /<figure class="drawing"[^>]*><svg /g), 1, 'the drawing is inline');
    if (report.findings.length === 0) t.regex(page, /<p class="verdict-ok">No problems found/);
  }
});

test('a fleet: a summary table linking each host, and an unreadable capture shown with its problems', async (t) => {
  const missing = join(tempDir(), 'missing.json');
  const r = await runCli(['check', '--format', 'html', '--jobs', '2', ...BROKEN, missing]);
  t.is(r.code, 2, 'an unreadable capture makes the exit code 2, as in every format');
  const page = r.out;
  t.is(count(page, /<section class="host"/g), BROKEN.length + 1);
  t.is(count(page, /<table class="fleet">/g), 1);
  for (let i = 1; i <= BROKEN.length + 1; i++) {
    t.true(page.includes(`<a href="#host-${i}">`), `link to host ${i}`);
    t.true(page.includes(`<section class="host" id="host-${i}">`));
  }
  t.is(count(page, /<figure class="drawing"/g), BROKEN.length, 'no drawing for the unreadable capture');
  const last = page.slice(page.indexOf(`id="host-${BROKEN.length + 1}"`));
  t.regex(last, /<h2>Unreadable capture<\/h2>/);
  t.regex(last, /<ul class="ingest">\n<li><strong>Error:<\/strong>/);
  t.regex(page, /<table class="modes">/);
});

test('--symptom adds the likely causes to the page', async (t) => {
  const r = await runCli(['check', '--format', 'html', '--symptom', 'Element not found 0x490', SAMPLES.find((f) => f.endsWith('demo.json'))!]);
  t.regex(r.out, /Likely causes of the error text<\/h2>\n<ol><li><code>ipv6-disabled<\/code>/);
});

test('topology --format svg draws every sample', async (t) => {
  for (const file of SAMPLES) {
    const r = await runCli(['topology', '--format', 'svg', file]);
    t.is(r.code, 0, `${file}: ${r.err}`);
    t.regex(r.out, /<svg width="\d+pt" height="\d+pt"/);
    t.true(r.out.trimEnd().endsWith('</svg>'));
  }
});
