/**
 * A name from a capture can never break out of its PowerShell string.
 *
 * For every broken sample capture (and the demo), each object a finding is
 * about (switch, adapter, host vNIC, NAT, docker or HNS network, container,
 * the host itself) is renamed everywhere in the capture, once to a plain
 * name and once to a hostile one (quotes of every kind, `$()`, backticks,
 * `;`, `|`, `&`, line breaks of every kind, `#`, `<#`, `#>`, NUL, terminal
 * escapes, bidi overrides). The checks must fire the same way on both, and
 * every command they offer with the hostile name must be exactly the plain
 * command with the name's literal quoted again: the same commands, the same
 * arguments, no parse error, the same parse tree shape, and the literal
 * reads back as the hostile name. The remediation script of the whole
 * report must keep its shape too.
 */
import test from 'ava';
import fc from 'fast-check';
import { readdirSync } from 'node:fs';
import { join } from 'node:path';
import type { HostReport } from '../../src/core/diagnose.js';
import { SNAPSHOTS_DIR } from '../../src/core/paths.js';
import { renderRemediationScript } from '../../src/core/report/remediation.js';
import { sample } from '../fuzz/arbitraries.js';
import { syntaxErrors } from '../helpers/powershell-grammar.js';
import {
  FIXED_HOSTILE_NAMES, commandProblems, commandStructure, diagnoseRaw, hostileName, renameEverywhere, shapeOf, treeShape,
} from './injection-helpers.js';

const PLAIN = 'Wcnplainname7q';
/** Kinds of objects whose names reach commands; registry paths and static-mapping labels are made by wcn-doctor. */
const RENAMED_KINDS = new Set(['host', 'vswitch', 'adapter', 'host-vnic', 'winnat', 'docker-network', 'container', 'hns-network', 'vm-adapter']);

interface Candidate {
  readonly sample: string;
  readonly kind: string;
  readonly name: string;
  readonly plain: HostReport;
  /** Commands of the plain report that carry the plain name. */
  readonly commandsWithName: number;
}

const SAMPLES = ['demo', ...readdirSync(join(SNAPSHOTS_DIR, 'cases')).sort().map((c) => `cases/${c}/broken`)];

function renamed(sampleName: string, from: string, to: string): HostReport {
  const raw = sample(sampleName);
  if (renameEverywhere(raw, from, to) === 0) throw new Error(`'${from}' is nowhere in ${sampleName}`);
  return diagnoseRaw(raw, `${sampleName}.json`);
}

function allCommands(r: HostReport): string[] {
  return r.findings.flatMap((f) => f.fixes.flatMap((x) => [...x.commands, x.verify]));
}

/** Every object whose plain rename leaves the diagnosis as it was (its name carries no meaning to a check). */
function findCandidates(): { candidates: Candidate[]; skipped: string[] } {
  const candidates: Candidate[] = [];
  const skipped: string[] = [];
  for (const s of SAMPLES) {
    const original = diagnoseRaw(sample(s), `${s}.json`);
    const seen = new Set<string>();
    for (const f of original.findings) {
      for (const subject of f.subjects) {
        if (!RENAMED_KINDS.has(subject.kind) || seen.has(subject.name)) continue;
        seen.add(subject.name);
        const plain = renamed(s, subject.name, PLAIN);
        const kept = JSON.stringify(shapeOf(plain)) === JSON.stringify(shapeOf(original));
        const named = plain.findings.some((x) => x.subjects.some((y) => y.name === PLAIN || y.name === `vEthernet (${PLAIN})`));
        if (!kept || !named) {
          skipped.push(`${s}: ${subject.kind} '${subject.name}' (its name means something to a check)`);
          continue;
        }
        candidates.push({ sample: s, kind: subject.kind, name: subject.name, plain, commandsWithName: allCommands(plain).filter((c) => c.includes(PLAIN)).length });
      }
    }
  }
  return { candidates, skipped };
}

const { candidates, skipped } = findCandidates();

/**
 * An adapter's name also appears in docker's `windowsshim.interface` option,
 * a comma list whose items may be quoted: there a comma or an outer double
 * quote changes which adapters are meant, which is syntax of docker, not of
 * PowerShell. Adapter names keep their other hostile characters.
 */
function forKind(kind: string, name: string): string {
  return kind === 'adapter' || kind === 'host-vnic' ? `${name.replace(/,/g, ';')}x` : name;
}

/** Everything that differs between the hostile and the plain diagnosis, as PowerShell. */
function problems(c: Candidate, hostileRaw: string): string[] {
  const hostile = forKind(c.kind, hostileRaw);
  const out: string[] = [];
  const report = renamed(c.sample, c.name, hostile);
  if (JSON.stringify(shapeOf(report)) !== JSON.stringify(shapeOf(c.plain))) {
    return [`the checks judged the hostile name differently: ${JSON.stringify(shapeOf(report))} vs ${JSON.stringify(shapeOf(c.plain))}`];
  }
  if (!report.findings.some((f) => f.subjects.some((s) => s.name === hostile || s.name === `vEthernet (${hostile})`))) {
    out.push('no finding is about the renamed object');
  }
  report.findings.forEach((f, i) => {
    const twin = c.plain.findings[i]!;
    f.fixes.forEach((fix, j) => {
      const plainFix = twin.fixes[j]!;
      [...fix.commands, fix.verify].forEach((cmd, k) => {
        const plainCmd = [...plainFix.commands, plainFix.verify][k]!;
        for (const p of commandProblems(cmd, plainCmd, PLAIN, hostile)) out.push(`${f.check} fix ${j + 1} command ${k + 1}: ${p}`);
      });
    });
  });
  const options = { fixes: 'all' as const, generatedAt: '2024-01-01T00:00:00Z' };
  const script = renderRemediationScript(report, options);
  const plainScript = renderRemediationScript(c.plain, options);
  const errors = syntaxErrors(script);
  if (errors.length > 0) out.push(`the remediation script does not parse: ${JSON.stringify(errors.slice(0, 3))}`);
  if (JSON.stringify(commandStructure(script)) !== JSON.stringify(commandStructure(plainScript))) out.push('the remediation script runs other commands');
  if (JSON.stringify(treeShape(script)) !== JSON.stringify(treeShape(plainScript))) out.push('the remediation script has another shape');
  return out;
}

test('the hostile-name cases cover switches, adapters, NATs, networks, containers and VMs, with commands that carry the name', (t) => {
  t.log(`${candidates.length} objects renamed; left out: ${skipped.join('; ')}`);
  const kinds = new Set(candidates.filter((c) => c.commandsWithName > 0).map((c) => c.kind));
  // 'host' covers VM names too: the container host's VM name is what -VMName takes on the Hyper-V parent.
  for (const kind of ['vswitch', 'adapter', 'winnat', 'docker-network', 'container', 'host']) t.true(kinds.has(kind), `no ${kind} name reaches a command`);
  t.true(candidates.some((c) => c.kind === 'host' && allCommands(c.plain).some((cmd) => cmd.includes(`-VMName '${PLAIN}'`))), 'a VM name reaches -VMName');
  t.true(candidates.reduce((n, c) => n + c.commandsWithName, 0) >= 40, 'enough commands carry a renamed object');
});

test('fixed hostile names stay inside their literals in every command and the remediation script', (t) => {
  candidates.forEach((c, i) => {
    for (const hostile of [FIXED_HOSTILE_NAMES[0]!, FIXED_HOSTILE_NAMES[1 + (i % (FIXED_HOSTILE_NAMES.length - 1))]!]) {
      t.deepEqual(problems(c, hostile), [], `${c.sample}: ${c.kind} '${c.name}' renamed to ${JSON.stringify(forKind(c.kind, hostile))}`);
    }
  });
});

test('random hostile names stay inside their literals', (t) => {
  const details = fc.check(fc.property(fc.nat(candidates.length - 1), hostileName, (i, hostile) => {
    const c = candidates[i]!;
    const p = problems(c, hostile);
    if (p.length > 0) throw new Error(`${c.sample}: ${c.kind} '${c.name}' renamed to ${JSON.stringify(forKind(c.kind, hostile))}:\n${p.join('\n')}`);
  }), { numRuns: Math.round(80 * (Number(process.env['FUZZ_RUNS'] ?? '1') || 1)), ...(process.env['FUZZ_SEED'] ? { seed: Number(process.env['FUZZ_SEED']) } : {}) });
  const error = details.errorInstance instanceof Error ? details.errorInstance.message : String(details.errorInstance);
  t.false(details.failed, `seed ${details.seed}, path ${details.counterexamplePath}: ${error}`);
});
