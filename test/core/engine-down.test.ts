/**
 * Hosts whose docker engine could not start, as the collector writes them
 * (snapshots/engine-down/): the capture alone names the cause first, with
 * the stopped engine as evidence, and the cause's first fix, simulated on
 * the capture, starts the engine with nothing left to report.
 */
import test from 'ava';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { ENGINE_DOWN_DIR } from '../../bench/cause-ranks.js';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import { mostLikelyLine } from '../../src/core/causes.js';
import { diagnoseFile } from '../../src/core/diagnose.js';
import { simulateCommands } from '../../src/core/simulate/index.js';

const SAMPLES = [
  { id: 'winnat-slot-taken', check: 'WCN201', names: 'LabNAT' },
  { id: 'nat-outside-winnat-prefix', check: 'WCN202', names: '"fixed-cidr" to 192.168.100.0/24' },
] as const;

for (const s of SAMPLES) {
  const file = join(ENGINE_DOWN_DIR, `${s.id}.json`);

  test(`engine-down/${s.id}: named first from the capture alone, the stopped engine as evidence`, (t) => {
    const { report } = diagnoseFile(file);
    t.is(report.likelyCauses?.[0]?.knowledge, s.id);
    t.regex(mostLikelyLine(report.likelyCauses) ?? '', new RegExp(`— ${s.check}$`));
    const f = report.findings.find((x) => x.check === s.check)!;
    t.true(f.message.includes(s.names), f.message);
    t.regex(f.message, /The docker engine is not running/);
    t.regex(f.message, /could not be captured/);
    t.true(f.subjects.some((x) => x.kind === 'service' && x.name === 'docker'));
    t.true(f.evidence.some((e) => e.startsWith('/collectorErrors/')));
    t.true(f.evidence.includes('/services/3'));
  });

  test(`engine-down/${s.id}: the first fix, simulated, starts the engine and leaves no error`, (t) => {
    const { report } = diagnoseFile(file);
    const fix = report.findings.find((x) => x.check === s.check)!.fixes[0]!;
    const { capture } = ingestCapture(JSON.parse(readFileSync(file, 'utf8')), file);
    const r = simulateCommands(capture, fix.commands);
    t.true(r.ok, r.steps.map((x) => `${x.command}: ${x.status}`).join('\n'));
    t.deepEqual(r.after.filter((f) => f.severity === 'error').map((f) => f.check), []);
    t.true(r.cleared.some((f) => f.check === s.check));
    t.regex(r.steps.at(-1)!.notes.join(' '), /Docker creates its default 'nat' network/);
  });
}
