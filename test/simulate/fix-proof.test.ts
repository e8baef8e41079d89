/**
 * Fix proof over the catalog: for every check and its broken sample, the
 * FIRST fix of each of its findings clears the finding in the simulator
 * without raising a new error; and every command of every fix offered on the
 * samples is modelled.
 */
import test from 'ava';
import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import { CHECKS } from '../../src/core/checks/index.js';
import { RUN_ELSEWHERE, type Check } from '../../src/core/checks/types.js';
import { runChecks } from '../../src/core/engine.js';
import { buildModel } from '../../src/core/model/build.js';
import { SNAPSHOTS_DIR } from '../../src/core/paths.js';
import { findingKey, simulateCommands } from '../../src/core/simulate/engine.js';
import { proveFix, verifyFixes } from '../../src/core/simulate/verify.js';
import { rawSample, type RawCapture } from '../helpers/captures.js';

/**
 * Patched healthy samples for checks whose broken sample has not landed yet.
 * A check with neither fails the test below, so a new check cannot skip it.
 */
const FALLBACKS: Record<string, () => RawCapture> = {};

/**
 * Checks whose first fix is a manual step with no command (installing a
 * cumulative update cannot be written as one command). The simulator cannot
 * prove them; the test insists they stay commandless, so a command added
 * later is proven like every other.
 */
const MANUAL_FIRST_FIX = new Set(['os-build-unsupported', 'networks-lost-after-reboot', 'overlay-build-unsupported', 'windows-update-regression', 'apiserver-unreachable', 'dualstack-unsupported', 'cni-plugin-missing', 'cni-interface-selection']);

function brokenSample(check: Check): { name: string; raw: RawCapture } | undefined {
  const id = check.meta.knowledge;
  if (existsSync(join(SNAPSHOTS_DIR, 'cases', id, 'broken.json'))) return { name: `cases/${id}/broken`, raw: rawSample(`cases/${id}/broken`) };
  const fb = FALLBACKS[id];
  return fb ? { name: `patched sample for ${id}`, raw: fb() } : undefined;
}

const load = (raw: RawCapture) => ingestCapture(raw, 'test').capture;

for (const check of CHECKS) {
  test(`${check.meta.code} ${check.meta.knowledge}: the first fix clears the finding without a new error`, (t) => {
    const sample = brokenSample(check);
    if (!sample) {
      t.fail(`no broken sample for ${check.meta.knowledge}: add snapshots/cases/${check.meta.knowledge}/broken.json or a FALLBACKS entry`);
      return;
    }
    const capture = load(sample.raw);
    const findings = runChecks(buildModel(capture, sample.name), [check]).findings;
    t.true(findings.length > 0, `${sample.name} must raise ${check.meta.code}`);
    for (const f of findings) {
      // Information needs no fix; everything else must offer one.
      if (f.severity === 'info' && f.fixes.length === 0) continue;
      t.true(f.fixes.length > 0, `${f.check} offers no fix: ${f.message}`);
      if (f.fixes.length === 0) continue;
      if (RUN_ELSEWHERE.has(f.fixes[0]!.runOn)) {
        // Runs where the capture holds no state (a swarm manager, vCenter): reported as such, never guessed.
        t.is(proveFix(capture, f, 0).verdict, 'elsewhere');
        continue;
      }
      if (MANUAL_FIRST_FIX.has(check.meta.knowledge)) {
        t.deepEqual(f.fixes[0]!.commands, [], `${check.meta.knowledge}: its first fix now has commands; remove it from MANUAL_FIRST_FIX so they are proven`);
        t.is(proveFix(capture, f, 0).verdict, 'manual');
        continue;
      }
      const proof = proveFix(capture, f, 0);
      const stepText = proof.steps.map((s) => `[${s.status}] ${s.command}: ${s.error?.text ?? s.reason}`).join('\n');
      t.is(proof.verdict, 'clears', `fix '${f.fixes[0]!.title}' on ${sample.name}:\n${stepText}`);
      t.deepEqual(proof.caused.filter((c) => c.severity === 'error').map((c) => `${c.check}: ${c.message}`), [], `fix '${f.fixes[0]!.title}' raises a new error`);
    }
  });
}

const SAMPLES = ['demo', 'healthy-ws2016', 'healthy-ws2019', 'healthy-ws2022', 'healthy-win11',
  ...CHECKS.map((c) => `cases/${c.meta.knowledge}/broken`).filter((n) => existsSync(join(SNAPSHOTS_DIR, `${n}.json`)))];

test('every command of every fix offered on the samples is modelled', (t) => {
  let commands = 0;
  for (const name of SAMPLES) {
    const capture = load(rawSample(name));
    const { findings } = runChecks(buildModel(capture, name), CHECKS);
    for (const f of findings) {
      for (const fix of f.fixes) {
        if (RUN_ELSEWHERE.has(fix.runOn)) continue;
        const r = simulateCommands(capture, fix.commands);
        commands += fix.commands.length;
        const unmodelled = r.steps.filter((s) => s.status === 'not-modelled');
        t.deepEqual(unmodelled.map((s) => `${s.command}: ${s.reason}`), [], `${name}, ${f.check} fix '${fix.title}'`);
      }
    }
  }
  t.true(commands > 0, 'the samples offer fixes to check');
});

test('verifyFixes proves every fix of the demo and reports the ones that fail there', (t) => {
  const capture = load(rawSample('demo'));
  const { findings } = runChecks(buildModel(capture, 'demo'), CHECKS);
  const proofs = verifyFixes(capture, findings);
  t.is(proofs.length, findings.length);
  const ipv6 = proofs.find((p) => p.knowledge === 'ipv6-disabled')!;
  t.is(ipv6.fixes[0]!.verdict, 'clears');
  // On the demo IPv6 is disabled, so re-creating CustomNat2 fails until the host is fixed and restarted.
  const gw = proofs.find((p) => p.knowledge === 'gateway-outside-subnet')!;
  t.is(gw.fixes[0]!.verdict, 'fails');
  t.true(gw.fixes[0]!.steps.some((s) => s.error?.text.includes('0x490')));
});

test('a finding key survives unrelated changes and the first fix of the demo IPv6 finding needs the restart', (t) => {
  const capture = load(rawSample('demo'));
  const { findings } = runChecks(buildModel(capture, 'demo'), CHECKS);
  const ipv6 = findings.find((f) => f.knowledge === 'ipv6-disabled')!;
  const onlyRemove = simulateCommands(capture, [ipv6.fixes[0]!.commands[0]!]);
  t.true(onlyRemove.after.some((f) => findingKey(f) === findingKey(ipv6)), 'without the restart DisabledComponents still applies');
  t.is(onlyRemove.pending.disabledComponents, null);
});
