import test from 'ava';
import { join } from 'node:path';
import { diagnoseFile } from '../../src/core/diagnose.js';
import { SNAPSHOTS_DIR } from '../../src/core/paths.js';
import { renderTextReport } from '../../src/core/report/text.js';
import { emptyVerdict, otherOwnersLine, unjudgedChecks } from '../../src/core/report/verdict.js';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import { buildModel } from '../../src/core/model/build.js';
import { diagnoseModel } from '../../src/core/diagnose.js';

test('a healthy capture reads as healthy', (t) => {
  const { report } = diagnoseFile(join(SNAPSHOTS_DIR, 'healthy-ws2019.json'));
  const v = emptyVerdict(report);
  t.true(v.ok);
  t.regex(v.text, /^No problems found by the checks that could run\.$/);
});

test('a capture no check could judge never reads as healthy', (t) => {
  const { capture, issues } = ingestCapture({ os: { BuildNumber: 'abc' }, vmSwitches: [{ Name: 'x', SwitchType: 7 }] }, 'bad.json');
  const report = diagnoseModel(buildModel(capture, 'bad.json'), issues);
  const v = emptyVerdict(report);
  t.false(v.ok);
  t.regex(v.text, /No check could judge this capture: parts of it could not be read/);
  const text = renderTextReport(report, { color: false });
  t.notRegex(text, /No problems found/);
  t.regex(text, /▲ No check could judge this capture/);
});

test('a partly read capture says how many checks judged it', (t) => {
  const { capture, issues } = ingestCapture({ tcpip6: {}, vmSwitches: [{ Name: 'x', SwitchType: 7 }] }, 'part.json');
  const report = diagnoseModel(buildModel(capture, 'part.json'), issues);
  const v = emptyVerdict(report);
  t.false(v.ok);
  t.regex(v.text, new RegExp(`\\(\\d+ of \\d+ checks could judge this capture\\)\\. Parts of the capture could not be read\\.`));
});

test('checks for a runtime the host does not have are not counted, and the reports say so in one line', (t) => {
  const { report } = diagnoseFile(join(SNAPSHOTS_DIR, 'healthy-ws2019.json'));
  const others = report.checks.filter((c) => c.notApplicable === 'no-such-owner');
  t.true(others.length > 20, 'the Kubernetes checks have nothing to judge on a docker host');
  t.deepEqual(unjudgedChecks(report.checks).filter((c) => c.notApplicable === 'no-such-owner'), []);
  t.regex(otherOwnersLine(report.checks) ?? '', new RegExp(`^${others.length} more checks are for runtimes this host does not have`));
  const v = emptyVerdict(report);
  t.true(v.ok, v.text);
  t.false(/of \d+ checks/.test(v.text), v.text);
  t.regex(renderTextReport(report, { color: false }), /checks are for runtimes this host does not have/);
});
