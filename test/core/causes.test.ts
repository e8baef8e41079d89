import test from 'ava';
import type { Finding, Severity } from '../../src/core/checks/types.js';
import type { Subject } from '../../src/core/model/types.js';
import { mostLikelyLine, rankFindings, scoreFinding } from '../../src/core/causes.js';
import { brokenSamples, causeRanks } from '../../bench/cause-ranks.js';
import { diagnoseFile } from '../../src/core/diagnose.js';

function finding(check: string, knowledge: string, severity: Severity, subjects: Subject[], evidence: string[] = []): Finding {
  return { check, knowledge, severity, title: `title of ${knowledge}`, message: 'm', subjects, evidence, fixes: [] };
}

const oldBuild = finding('WCN102', 'os-build-unsupported', 'warning', [{ kind: 'host', name: 'H1' }]);
const slot = finding('WCN201', 'winnat-slot-taken', 'error', [{ kind: 'winnat', name: 'LabNAT' }]);
const missingNat = finding('WCN207', 'default-nat-missing', 'info', [{ kind: 'container', name: 'web' }]);

test('an error naming an object ranks above a background warning about the build, which stays in the list', (t) => {
  const causes = rankFindings([oldBuild, slot]);
  t.deepEqual(causes.map((c) => c.knowledge), ['winnat-slot-taken', 'os-build-unsupported']);
  t.regex(causes[0]!.why, /names winnat 'LabNAT'/);
  t.regex(causes[1]!.why, /background/);
});

test('a finding that explains what fails outranks a background warning of higher severity', (t) => {
  t.true(scoreFinding(missingNat).score > scoreFinding(oldBuild).score);
  t.deepEqual(rankFindings([oldBuild, missingNat]).map((c) => c.knowledge), ['default-nat-missing', 'os-build-unsupported']);
  t.regex(rankFindings([missingNat])[0]!.why, /explains what fails on container 'web'/);
});

test('evidence of a failure to read from the engine counts as an observed failure', (t) => {
  const quiet = finding('WCN202', 'nat-outside-winnat-prefix', 'error', [{ kind: 'winnat', name: 'N' }]);
  const seen = finding('WCN202', 'nat-outside-winnat-prefix', 'error', [{ kind: 'winnat', name: 'N' }], ['/collectorErrors/docker.networks']);
  t.true(scoreFinding(seen).score > scoreFinding(quiet).score);
  t.regex(scoreFinding(seen).reasons.join(' '), /collectorErrors/);
});

test('one cause per knowledge entry; ties keep the lower check code first', (t) => {
  const a = finding('WCN311', 'default-switch-ics', 'info', [{ kind: 'docker-network', name: 'Default Switch' }]);
  const b = finding('WCN310', 'dockernat-switch', 'info', [{ kind: 'vswitch', name: 'DockerNAT' }]);
  t.deepEqual(rankFindings([a, b, a]).map((c) => c.knowledge), ['default-switch-ics', 'dockernat-switch']);
  t.regex(rankFindings([a, b, a])[0]!.why, /2 findings/);
  t.deepEqual(rankFindings([a, b]).map((c) => c.check), ['WCN310', 'WCN311']);
});

test('no finding, no cause and no headline', (t) => {
  t.deepEqual(rankFindings([]), []);
  t.is(mostLikelyLine([]), undefined);
  t.is(mostLikelyLine(undefined), undefined);
  t.is(mostLikelyLine(rankFindings([slot, oldBuild])), 'Most likely: title of winnat-slot-taken — WCN201');
});

const ranks = causeRanks();
test('every broken sample is ranked', (t) => {
  t.true(ranks.length >= 74, `only ${ranks.length} samples (72 cases and 2 engine-down samples at least)`);
  t.deepEqual(ranks.filter((r) => r.stateOnly === null).map((r) => r.sample), [], 'samples whose cause is not among the likely causes at all');
});

test('the engine-down samples are ranked, and their engine is down as the collector writes it', (t) => {
  for (const id of ['winnat-slot-taken', 'nat-outside-winnat-prefix']) {
    const sample = brokenSamples().find((s) => s.sample === `engine-down/${id}`);
    t.truthy(sample, id);
    t.is(ranks.find((r) => r.sample === `engine-down/${id}`)?.knowledge, id);
    const { model, report } = diagnoseFile(sample!.file);
    t.false(model!.captured.has('docker.networks'), 'docker networks are a collector error');
    t.deepEqual(model!.collectorErrors.map((e) => e.key), ['docker.info', 'docker.version', 'docker.networks', 'docker.containers']);
    t.false(model!.service('docker')!.running);
    t.regex(mostLikelyLine(report.likelyCauses) ?? '', id === 'winnat-slot-taken' ? /WCN201$/ : /WCN202$/);
  }
});
for (const r of ranks) {
  test(`broken sample ${r.sample}: its own failure comes first, from the state alone and with its error text`, (t) => {
    t.is(r.stateOnly, 1, `first from state alone is ${r.top}`);
    if (r.symptom !== null) t.is(r.withSymptom, 1, `with "${r.symptom}"`);
  });
}
