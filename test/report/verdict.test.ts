import test from 'ava';
import { join } from 'node:path';
import { diagnoseFile } from '../../src/core/diagnose.js';
import { SNAPSHOTS_DIR } from '../../src/core/paths.js';
import { renderTextReport } from '../../src/core/report/text.js';
import { emptyVerdict } from '../../src/core/report/verdict.js';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import { buildModel } from '../../src/core/model/build.js';
import { diagnoseModel } from '../../src/core/diagnose.js';
import { CHECKS } from '../../src/core/checks/index.js';

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
  t.regex(v.text, new RegExp(`\\(\\d+ of ${CHECKS.length} checks could judge this capture\\)\\. Parts of the capture could not be read\\.`));
});
