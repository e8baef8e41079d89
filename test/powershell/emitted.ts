/**
 * Writes what the project emits as PowerShell, for the Pester tests:
 *   commands.json    every fix command, verify command and simulator advice
 *                    for the bundled samples: [{source, text}]
 *   scripts/*.ps1    the remediation script `fix --fixes all` writes for
 *                    each broken sample
 *   hostile.json     remediation scripts for samples with one object renamed
 *                    to a plain name and to hostile names (from the injection
 *                    tests): [{sample, kind, plainScript, hostileScript, plain, hostile}]
 * Usage: node dist/test/powershell/emitted.js <folder>
 */
import { mkdirSync, readdirSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import type { HostReport } from '../../src/core/diagnose.js';
import { SNAPSHOTS_DIR } from '../../src/core/paths.js';
import { renderRemediationScript } from '../../src/core/report/remediation.js';
import { simulateCommands } from '../../src/core/simulate/index.js';
import { sample } from '../fuzz/arbitraries.js';
import { diagnoseRaw, FIXED_HOSTILE_NAMES, renameEverywhere, shapeOf } from '../security/injection-helpers.js';

const PLAIN = 'Wcnplainname7q';
const RENAMED_KINDS = new Set(['vswitch', 'winnat', 'docker-network', 'container', 'hns-network', 'vm-adapter']);
/** Simulator inputs that fail on purpose, so that the advice they give is checked too. */
const FAILING_COMMANDS = [
  'docker network create -d nat --subnet 10.0.0.0/8 second-nat',
  'docker network create -d transparent --subnet 10.99.0.0/24 --gateway 10.99.0.1 tp',
  "New-VMSwitch -Name 'nat' -SwitchType Internal",
  "New-NetNat -Name 'x' -InternalIPInterfaceAddressPrefix '172.16.0.0/12'",
  'docker run --network nat -p 80:80 mcr.microsoft.com/windows/nanoserver:ltsc2022',
  'Restart-Service hns',
];

export function samples(): string[] {
  const cases = readdirSync(join(SNAPSHOTS_DIR, 'cases')).sort().map((c) => `cases/${c}/broken`);
  const top = readdirSync(SNAPSHOTS_DIR).filter((f) => f.endsWith('.json') && f !== 'capture.schema.json').map((f) => f.replace(/\.json$/, '')).sort();
  const engineDown = readdirSync(join(SNAPSHOTS_DIR, 'engine-down')).filter((f) => f.endsWith('.json')).map((f) => `engine-down/${f.replace(/\.json$/, '')}`).sort();
  return [...top, ...cases, ...engineDown];
}

const OPTIONS = { fixes: 'all' as const, generatedAt: '2024-01-01T00:00:00Z' };

function commandsOf(name: string, report: HostReport): { source: string; text: string }[] {
  const out: { source: string; text: string }[] = [];
  const { capture } = ingestCapture(sample(name), `${name}.json`);
  for (const f of report.findings) {
    f.fixes.forEach((fix, j) => {
      for (const c of fix.commands) out.push({ source: `${name} ${f.check} fix ${j + 1}`, text: c });
      out.push({ source: `${name} ${f.check} fix ${j + 1} verify`, text: fix.verify });
      if (fix.commands.length > 0) {
        for (const step of simulateCommands(capture, fix.commands).steps) {
          for (const a of step.advice) out.push({ source: `${name} ${f.check} fix ${j + 1} simulated advice`, text: a });
        }
      }
    });
  }
  for (const step of simulateCommands(capture, FAILING_COMMANDS).steps) {
    for (const a of step.advice) out.push({ source: `${name} simulator advice for ${step.command}`, text: a });
  }
  return out;
}

function hostileCases(): { sample: string; kind: string; plainScript: string; hostileScript: string; plain: string; hostile: string }[] {
  const out = [];
  const hostileNames = [FIXED_HOSTILE_NAMES[1]!, FIXED_HOSTILE_NAMES[3]!, FIXED_HOSTILE_NAMES[5]!, FIXED_HOSTILE_NAMES[8]!];
  const kindsDone = new Set<string>();
  for (const s of samples().filter((n) => n.startsWith('cases/'))) {
    const original = diagnoseRaw(sample(s), `${s}.json`);
    for (const f of original.findings) {
      for (const subject of f.subjects) {
        if (!RENAMED_KINDS.has(subject.kind) || kindsDone.has(subject.kind)) continue;
        const rename = (to: string): HostReport | undefined => {
          const raw = sample(s);
          return renameEverywhere(raw, subject.name, to) === 0 ? undefined : diagnoseRaw(raw, `${s}.json`);
        };
        const plain = rename(PLAIN);
        if (plain === undefined || JSON.stringify(shapeOf(plain)) !== JSON.stringify(shapeOf(original))) continue;
        const plainScript = renderRemediationScript(plain, OPTIONS);
        if (!plainScript.includes(PLAIN)) continue;
        kindsDone.add(subject.kind);
        for (const hostile of hostileNames) {
          const report = rename(hostile);
          if (report === undefined || JSON.stringify(shapeOf(report)) !== JSON.stringify(shapeOf(plain))) continue;
          out.push({ sample: s, kind: subject.kind, plainScript, hostileScript: renderRemediationScript(report, OPTIONS), plain: PLAIN, hostile });
        }
      }
    }
  }
  return out;
}

export function writeEmitted(dir: string): void {
  mkdirSync(join(dir, 'scripts'), { recursive: true });
  const commands: { source: string; text: string }[] = [];
  for (const name of samples()) {
    const report = diagnoseRaw(sample(name), `${name}.json`);
    commands.push(...commandsOf(name, report));
    if (name.startsWith('cases/')) {
      // With a byte order mark, as fix --out writes it.
      writeFileSync(join(dir, 'scripts', `${name.split('/')[1]}.ps1`), `\uFEFF${renderRemediationScript(report, OPTIONS)}`);
    }
  }
  writeFileSync(join(dir, 'commands.json'), JSON.stringify(commands));
  writeFileSync(join(dir, 'hostile.json'), JSON.stringify(hostileCases()));
}

if (process.argv[1] !== undefined && /emitted\.js$/.test(process.argv[1])) {
  writeEmitted(process.argv[2] ?? 'emitted');
}
