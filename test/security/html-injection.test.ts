/**
 * No markup or script from a capture survives into the HTML report: the page
 * for the demo with hostile names in every place the report prints has
 * exactly the elements and attributes of the page for the plain demo, and
 * shows each hostile name as text.
 */
import test from 'ava';
import { writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { htmlText } from '../../src/core/report/html.js';
import { runCli, tempDir } from '../helpers/cli.js';
import { EVIL_HTML, hostileHtmlCapture } from '../helpers/hostile-html.js';
import { RENAMED_IN_DEMO } from './injection-helpers.js';
import { sample } from '../fuzz/arbitraries.js';

/** Every tag with its attribute names, in order, and the contents of raw-text elements: the page's structure without its text. */
function structure(html: string): string[] {
  const out: string[] = [];
  const re = /<(\/?)([A-Za-z][\w:-]*)((?:\s+[\w:-]+(?:="[^"]*")?)*)\s*\/?>|<!--[\s\S]*?-->|<!DOCTYPE html>|(<)/g;
  let m: RegExpExecArray | null;
  while ((m = re.exec(html)) !== null) {
    if (m[4] !== undefined) throw new Error(`a bare '<' at ${m.index}: ${html.slice(m.index, m.index + 40)}`);
    if (m[2] === undefined) continue;
    const attrs = [...(m[3] ?? '').matchAll(/([\w:-]+)(?:="[^"]*")?/g)].map((a) => a[1]);
    out.push(`${m[1]}${m[2].toLowerCase()}(${attrs.join(',')})`);
  }
  return out;
}

async function page(raw: Record<string, unknown>): Promise<string> {
  const dir = tempDir();
  const file = join(dir, 'host.json');
  writeFileSync(file, JSON.stringify(raw, null, 2));
  const r = await runCli(['check', '--format', 'html', file]);
  if (r.code > 1) throw new Error(r.err);
  return r.out;
}

test('hostile names add no element and no attribute to the page, and are shown escaped', async (t) => {
  const hostile = hostileHtmlCapture();
  // The same capture with plain names: the same findings, so the same page structure.
  const plainRaw = JSON.parse(JSON.stringify(hostile).split(JSON.stringify(EVIL_HTML).slice(1, -1)).join('_plain')) as Record<string, unknown>;
  const [evil, plain] = await Promise.all([page(hostile), page(plainRaw)]);
  t.true(plain.includes('LabExternal_plain'), 'the plain page names the renamed objects');
  t.deepEqual(structure(evil), structure(plain));
  t.is((evil.match(/<script>/g) ?? []).length, 1, 'one script: the page\'s own');
  t.false(structure(evil).some((tag) => /[(,]on[a-z]/.test(tag)), 'no event handler attribute');
  t.false(/="javascript:/i.test(evil), 'no script link');
  for (const name of RENAMED_IN_DEMO) t.true(evil.includes(htmlText(`${name}${EVIL_HTML}`)), `${name} is shown, escaped`);
  t.true(evil.includes(htmlText(`HOST${EVIL_HTML}`)));
  t.true(evil.includes('&lt;script&gt;window.__pwned'));
});

test('the plain demo page is one document: the policy allows only its own style and script', async (t) => {
  const html = await page(sample('demo'));
  const csp = /<meta http-equiv="Content-Security-Policy" content="([^"]+)">/.exec(html)?.[1];
  t.truthy(csp);
  t.regex(csp!, /^default-src 'none'; style-src 'sha256-[A-Za-z0-9+/=]+'; script-src 'sha256-[A-Za-z0-9+/=]+'; base-uri 'none'; form-action 'none'$/);
  t.false(/\s(src|href)="(?!#)/.test(html.replace(/<details class="knowledge">[\s\S]*?<\/details>/g, '')), 'nothing loaded or linked outside the page, but the knowledge pages\' references');
  t.false(/<link|<iframe|<img|<object|<embed|@import|url\(/i.test(html));
});
