import test from 'ava';
import { spawnSync } from 'node:child_process';
import { join } from 'node:path';
import { readCapture } from '../../src/core/capture/read.js';
import { loadKnowledge } from '../../src/core/knowledge/pages.js';
import { KnowledgeIndex } from '../../src/core/knowledge/search.js';
import { diagnoseFile } from '../../src/core/diagnose.js';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { commandCauses, pastedCauses, pastedCommands } from '../../src/core/pasted.js';
import { SHIPPED_BIN } from '../helpers/shipped-bin.js';

const SLOT = join(PACKAGE_ROOT, 'snapshots/cases/winnat-slot-taken/broken.json');
const HEALTHY = join(PACKAGE_ROOT, 'snapshots/cases/winnat-slot-taken/fixed.json');
const CREATE = 'docker network create -d nat --subnet 10.1.0.0/24 mynat';

function capture(path: string) {
  const r = readCapture(path);
  if (!r.readable) throw new Error(`cannot read ${path}`);
  return r.capture;
}

function run(args: string[]) {
  const r = spawnSync(process.execPath, [SHIPPED_BIN, ...args], { encoding: 'utf8', env: { ...process.env, NO_COLOR: '1', FORCE_COLOR: '' } });
  return { out: r.stdout, err: r.stderr, code: r.status };
}

test('docker, nerdctl and PowerShell commands read as commands; error texts do not', (t) => {
  t.deepEqual(pastedCommands(CREATE), [CREATE]);
  t.truthy(pastedCommands('New-NetNat -Name x -InternalIPInterfaceAddressPrefix 10.2.0.0/24'));
  t.truthy(pastedCommands('PS C:\\> docker network ls'));
  t.truthy(pastedCommands('nerdctl network ls'));
  t.is(pastedCommands('HNS failed with error : The parameter is incorrect.'), undefined);
  t.is(pastedCommands('docker: Error response from daemon: network not found.'), undefined);
  t.is(pastedCommands('Element not found 0x80070490'), undefined);
  t.is(pastedCommands('docker network create "unclosed'), undefined);
  t.is(pastedCommands('   '), undefined);
});

test('a command that fails on the capture names the failure and its knowledge id', (t) => {
  const causes = commandCauses(capture(SLOT), CREATE);
  t.is(causes[0]?.knowledge, 'winnat-slot-taken');
  t.regex(causes[0]!.why, /^This command fails here because .*'LabNAT'/);
  t.regex(causes[0]!.why, /simulated: docker network create/);
});

test('on the fixed host a nat network inside the WinNAT prefix fails nowhere, and an error text is never simulated', (t) => {
  // On the fixed host the slot is free, and a subnet inside the WinNAT prefix is accepted.
  t.deepEqual(commandCauses(capture(HEALTHY), 'docker network create -d nat --subnet 172.29.81.0/24 mynat'), []);
  // Outside the prefix, the same host names the prefix rule instead.
  t.is(commandCauses(capture(HEALTHY), CREATE)[0]?.knowledge, 'nat-outside-winnat-prefix');
  t.deepEqual(commandCauses(capture(SLOT), 'HNS failed with error : The parameter is incorrect.'), []);
});

test('the simulated verdict comes first among the likely causes, with the finding that shows it', (t) => {
  const { report } = diagnoseFile(SLOT);
  const index = new KnowledgeIndex(loadKnowledge());
  const causes = pastedCauses(index, CREATE, report.findings, report.checks, capture(SLOT));
  t.is(causes[0]?.knowledge, 'winnat-slot-taken');
  t.is(causes[0]?.check, 'WCN201');
  t.is(causes.filter((c) => c.knowledge === 'winnat-slot-taken').length, 1, 'one entry per knowledge id');
  // Without a capture, the text alone is searched.
  t.false(pastedCauses(index, CREATE, report.findings, report.checks, undefined).some((c) => c.why.startsWith('This command fails')));
});

test('check --symptom with a command: the report opens with the simulated cause', (t) => {
  const r = run(['check', '--symptom', CREATE, SLOT]);
  t.is(r.err, '');
  t.regex(r.out, /^.*\n {2}Most likely: Another NAT holds the only WinNAT slot — WCN201\n/);
  t.regex(r.out, /1\. winnat-slot-taken score 0\.98\n {5}This command fails here because/);
  const json = JSON.parse(run(['check', '--format', 'json', '--symptom', CREATE, SLOT]).out) as { reports: { likelyCauses: { knowledge: string; why: string }[]; symptom: string }[] };
  t.is(json.reports[0]!.symptom, CREATE);
  t.is(json.reports[0]!.likelyCauses[0]!.knowledge, 'winnat-slot-taken');
  t.regex(json.reports[0]!.likelyCauses[0]!.why, /This command fails here/);
});

test('search --capture with a command simulates it; without a capture it only searches', (t) => {
  const withCapture = run(['search', '--capture', SLOT, '--format', 'json', CREATE]);
  t.is(withCapture.code, 0);
  const json = JSON.parse(withCapture.out) as { likelyCauses: { knowledge: string; why: string }[] };
  t.is(json.likelyCauses[0]!.knowledge, 'winnat-slot-taken');
  t.regex(json.likelyCauses[0]!.why, /This command fails here/);
  const alone = run(['search', CREATE]);
  t.is(alone.code, 0);
  t.notRegex(alone.out, /This command fails here/);
});
