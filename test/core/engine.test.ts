import test from 'ava';
import type { Check, FindingDraft, Fix } from '../../src/core/checks/types.js';
import { runChecks } from '../../src/core/engine.js';
import { modelOf, rawSample } from '../helpers/captures.js';

const { model } = modelOf(rawSample('healthy-ws2022'));

const fix = (title: string, command: string): Fix => ({
  title, risk: 'safe', runOn: 'container-host', commands: [command], verify: 'Get-NetNat', expect: 'Nothing.',
});

/** A check that returns exactly the drafts it is given. */
function returning(drafts: readonly FindingDraft[]): Check {
  return {
    meta: { code: 'WCN199', knowledge: 'port-conflict', title: 'A test check', severity: 'error', requires: [], description: 'Returns what the test gives it.' },
    run: () => drafts,
  };
}

const mapping = (pointer: string, port = 8080): FindingDraft => ({
  message: `Static mapping 0 forwards port ${port}.`,
  subjects: [{ kind: 'static-mapping', name: `TCP ${port}`, pointer }],
  fixes: [fix('Remove static mapping 0', 'Remove-NetNatStaticMapping -StaticMappingID 0 -Confirm:$false')],
});

test('one object listed twice in a capture makes one finding, with the evidence of both copies', (t) => {
  const { findings, results } = runChecks(model, [returning([mapping('/netNatStaticMappings/0'), mapping('/netNatStaticMappings/1'), mapping('/netNatStaticMappings/1')])]);
  t.is(findings.length, 1);
  t.deepEqual(findings[0]!.evidence, ['/netNatStaticMappings/0', '/netNatStaticMappings/1']);
  t.is(results[0]!.status, 'fail');
});

test('findings that differ in text, objects or fixes are all kept', (t) => {
  const otherFix = { ...mapping('/netNatStaticMappings/1'), fixes: [fix('Remove static mapping 0', 'Remove-NetNatStaticMapping -StaticMappingID 7 -Confirm:$false')] };
  const otherId = { ...mapping('/netNatStaticMappings/2'), subjects: [{ kind: 'static-mapping' as const, name: 'TCP 8080', id: '7' }] };
  const { findings } = runChecks(model, [returning([mapping('/netNatStaticMappings/0'), mapping('/netNatStaticMappings/3', 9090), otherFix, otherId])]);
  t.is(findings.length, 4);
});

test('a fix offered twice in the same words is listed once; fixes with one title but other commands stay', (t) => {
  const same = fix('Re-create the container', 'docker rm --force web');
  const other = fix('Re-create the container', 'docker rm --force api');
  const { findings } = runChecks(model, [returning([{ message: 'Two containers publish one port.', subjects: [], fixes: [same, { ...same }, other, same] }])]);
  t.deepEqual(findings[0]!.fixes.map((f) => f.commands[0]), ['docker rm --force web', 'docker rm --force api']);
});
