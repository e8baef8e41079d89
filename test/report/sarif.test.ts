import test from 'ava';
import { Ajv } from 'ajv';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { CHECKS } from '../../src/core/checks/index.js';
import { loadKnowledge } from '../../src/core/knowledge/pages.js';
import { sarifLog } from '../../src/core/report/sarif.js';
import { analyse } from '../../src/cli/analyse.js';
import { runCli, tempDir, writeCapture } from '../helpers/cli.js';
import { miniCapture } from '../helpers/mini-capture.js';

const schema = JSON.parse(readFileSync(join(process.cwd(), 'test/fixtures/sarif-2.1.0-required.schema.json'), 'utf8'));
const ajv = new Ajv({ allErrors: true, strict: true, strictRequired: false, allowUnionTypes: true });
ajv.addFormat('uri', (s: string) => URL.canParse(s));
// A relative reference resolves against any base; an absolute one must parse by itself.
ajv.addFormat('uri-reference', (s: string) => URL.canParse(s, 'file:///base/') && !/[\s\u0000-\u001f"<>\\^`{|}]/.test(s));
const validate = ajv.compile(schema);

function valid(t: import('ava').ExecutionContext, log: unknown): void {
  const ok = validate(log);
  t.true(ok, JSON.stringify(validate.errors?.slice(0, 5), null, 2));
}

type Json = any;

test('a SARIF log of a broken capture follows the 2.1.0 structure, with rules from the knowledge base', async (t) => {
  const file = writeCapture(miniCapture());
  const r = await runCli(['check', '--format', 'sarif', file]);
  t.is(r.code, 1);
  const log: Json = JSON.parse(r.out);
  valid(t, log);
  t.is(log.version, '2.1.0');
  t.is(log.runs.length, 1);
  const run = log.runs[0];
  const pages = loadKnowledge();
  t.deepEqual(run.tool.driver.rules.map((x: Json) => x.id), CHECKS.map((c) => c.meta.code));
  for (const rule of run.tool.driver.rules) {
    const check = CHECKS.find((c) => c.meta.code === rule.id)!;
    const page = pages.find((p) => p.id === check.meta.knowledge)!;
    t.is(rule.shortDescription.text, check.meta.title);
    t.is(rule.help.markdown, page.body.trim());
    t.is(rule.defaultConfiguration.level, { error: 'error', warning: 'warning', info: 'note' }[check.meta.severity]);
    t.is(rule.properties.knowledge, page.id);
  }
  t.deepEqual(run.results.map((x: Json) => x.ruleId).sort(), ['WCN101', 'WCN203', 'WCN301']);
  for (const res of run.results) t.is(run.tool.driver.rules[res.ruleIndex].id, res.ruleId);
});

test('results point at the capture file, the line of the evidence and its JSON pointer', async (t) => {
  const file = writeCapture(miniCapture());
  const a = await analyse(file, { regions: true });
  const log: Json = sarifLog([a.report], { pages: loadKnowledge(), cwd: '/', region: (f, p) => a.regions?.[f]?.[p] });
  valid(t, log);
  const lines = readFileSync(file, 'utf8').split('\n');
  const ipv6 = log.runs[0].results.find((x: Json) => x.ruleId === 'WCN101');
  const loc = ipv6.locations[0];
  t.is(loc.physicalLocation.artifactLocation.uri, new URL(`file://${file}`).href);
  t.is(loc.logicalLocations[0].fullyQualifiedName, '/tcpip6/DisabledComponents');
  const region = loc.physicalLocation.region;
  t.is(lines[region.startLine - 1]!.slice(region.startColumn - 1, region.endColumn - 1), '255');
  t.regex(lines[region.startLine - 1]!, /"DisabledComponents": 255/);
});

test('in the folder form, /key/... points into <folder>/<key>.json', async (t) => {
  const dir = tempDir();
  const raw = miniCapture();
  for (const [k, v] of Object.entries(raw)) writeCapture(v as never, `${k}.json`, dir);
  const a = await analyse(dir, { regions: true });
  t.is(a.report.form, 'folder');
  const log: Json = sarifLog([a.report], { pages: loadKnowledge(), cwd: '/', region: (f, p) => a.regions?.[f]?.[p] });
  valid(t, log);
  const run = log.runs[0];
  const ipv6 = run.results.find((x: Json) => x.ruleId === 'WCN101');
  const phys = ipv6.locations[0].physicalLocation;
  t.true(phys.artifactLocation.uri.endsWith('/tcpip6.json'));
  const text = readFileSync(join(dir, 'tcpip6.json'), 'utf8').split('\n');
  t.is(text[phys.region.startLine - 1]!.slice(phys.region.startColumn - 1, phys.region.endColumn - 1), '255');
  t.is(run.artifacts[phys.artifactLocation.index].location.uri, phys.artifactLocation.uri);
  // The folder itself is an artifact, marked as a directory.
  t.true(run.artifacts[0].location.uri.endsWith('/'));
  t.is(run.artifacts[0].mimeType, undefined);
});

test('problems reading a capture are tool execution notifications; an unreadable one fails its invocation', async (t) => {
  const raw = miniCapture();
  raw.vmSwitches[0].SwitchType = 'Sideways';
  raw.surprise = 1;
  const file = writeCapture(raw);
  const missing = join(tempDir(), 'nope.json');
  const r = await runCli(['check', '--format', 'sarif', '--jobs', '1', file, missing]);
  t.is(r.code, 2);
  const log: Json = JSON.parse(r.out);
  valid(t, log);
  const [ok, bad] = log.runs[0].invocations;
  t.true(ok.executionSuccessful);
  const read = ok.toolExecutionNotifications.filter((n: Json) => n.descriptor.id === 'WCN-READ');
  t.true(read.some((n: Json) => n.level === 'error' && n.locations[0].logicalLocations[0].fullyQualifiedName.startsWith('/vmSwitches/0')));
  t.true(read.some((n: Json) => n.level === 'warning' && /surprise/.test(n.message.text)));
  t.false(bad.executionSuccessful);
  t.regex(bad.toolExecutionNotifications[0].message.text, /no such file/);
});

test('checks that could not judge are notes naming their rule', async (t) => {
  const raw = miniCapture();
  delete raw.tcpip6;
  const r = await runCli(['check', '--format', 'sarif', writeCapture(raw)]);
  const log: Json = JSON.parse(r.out);
  valid(t, log);
  const na = log.runs[0].invocations[0].toolExecutionNotifications.find((n: Json) => n.descriptor.id === 'WCN-NA');
  t.is(na.associatedRule.id, 'WCN101');
  t.is(na.level, 'note');
  t.regex(na.message.text, /tcpip6/);
});

test('relative paths stay relative to the working directory, with spaces and # percent-encoded', async (t) => {
  const dir = tempDir();
  writeCapture(miniCapture(), 'host #1 (a).json', dir);
  const r = await runCli(['check', '--format', 'sarif', 'host #1 (a).json'], { cwd: dir });
  // The capture is read relative to the process's working directory (not found here: exit 2);
  // its URI is written relative to the run's working directory all the same.
  t.is(r.code, 2);
  const log: Json = JSON.parse(r.out);
  valid(t, log);
  const art = log.runs[0].artifacts[0].location;
  t.is(art.uri, 'host%20%231%20(a).json');
  t.is(art.uriBaseId, 'CWD');
  t.is(log.runs[0].originalUriBaseIds.CWD.uri, new URL(`file://${dir}/`).href);
});

test('the validator is not a rubber stamp', (t) => {
  t.false(validate({ version: '2.1.0', runs: [{ tool: { driver: {} } }] }));
  t.false(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ ruleId: 'X' }] }] }));
  t.false(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' }, level: 'fatal' }] }] }));
  t.true(validate({ version: '2.1.0', runs: [{ tool: { driver: { name: 'x' } }, results: [{ message: { text: 'm' } }] }] }));
});
