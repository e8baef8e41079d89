import test from 'ava';
import { ephemeralPortExhaustion, freeBlocks } from '../../src/core/checks/ephemeral-port-exhaustion.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { testCheck } from '../helpers/check-tester.js';

const exclude = (protocol: string, start: number, end: number) => (raw: RawCapture): void => {
  raw['excludedPortRanges'].push({ Protocol: protocol, StartPort: start, EndPort: end });
};

testCheck(test, ephemeralPortExhaustion, {
  valid: [
    { name: 'a docker host: not judged', expect: 'no-such-owner', baseline: 'healthy-ws2022', patch: (raw) => {
      raw['dynamicPortRanges'] = [{ Protocol: 'TCP', StartPort: 49152, NumberOfPorts: 16384 }];
      raw['excludedPortRanges'] = [{ Protocol: 'tcp', StartPort: 49152, EndPort: 65000 }];
    } },
    { name: 'flannel: the whole range free', baseline: 'healthy-kubeadm-flannel' },
    { name: 'AKS', baseline: 'healthy-aks-azurecni' },
    { name: 'Calico: half the range excluded still leaves plenty', baseline: 'healthy-calico', patch: exclude('tcp', 49152, 57343) },
    { name: 'flannel: excluded ranges below the dynamic range do not count', baseline: 'healthy-kubeadm-flannel', patch: exclude('tcp', 1000, 49151) },
  ],
  invalid: [
    {
      name: 'flannel: TCP range nearly all excluded, load balancers without DSR',
      baseline: 'healthy-kubeadm-flannel',
      patch: exclude('tcp', 49152, 64999),
      findings: [{ severity: 'error', message: ['TCP dynamic port range 49152-65535', 'leaving 8 free blocks', '3 load balancers without DSR', '0x803b0013'], minFixes: 2 }],
    },
    {
      name: 'AKS: UDP range nearly all excluded, DSR already on',
      baseline: 'healthy-aks-azurecni',
      patch: exclude('udp', 49200, 65535),
      findings: [{ severity: 'error', message: ['UDP dynamic port range', 'leaving 0 free blocks'] }],
    },
    {
      name: 'Calico: many small exclusions leave only slivers',
      baseline: 'healthy-calico',
      patch: (raw) => { for (let p = 49152; p < 65535; p += 70) raw['excludedPortRanges'].push({ Protocol: 'tcp', StartPort: p, EndPort: p + 9 }); },
      findings: [{ severity: 'error', message: ['leaving 0 free blocks'] }],
    },
  ],
});

test('WCN715 free blocks: gaps between excluded ranges, overlaps counted once', (t) => {
  t.deepEqual(freeBlocks(0, 639, []), { blocks: 10, excludedPorts: 0 });
  t.deepEqual(freeBlocks(0, 639, [{ start: 64, end: 127 }, { start: 100, end: 191 }]), { blocks: 8, excludedPorts: 128 });
  t.deepEqual(freeBlocks(100, 227, [{ start: 0, end: 99 }, { start: 300, end: 400 }]), { blocks: 2, excludedPorts: 0 });
});

test('WCN715 DSR first where kube-proxy runs without it; the range change is described, not scripted', (t) => {
  const [f] = findingsOf(ephemeralPortExhaustion, 'healthy-kubeadm-flannel', exclude('tcp', 49152, 64999));
  t.regex(f?.fixes[0]?.title ?? '', /--enable-dsr=true/);
  t.is(f?.fixes[0]?.runOn, 'cluster');
  t.deepEqual(f?.fixes[1]?.commands, []);
  const [aks] = findingsOf(ephemeralPortExhaustion, 'healthy-aks-azurecni', exclude('udp', 49200, 65535));
  t.is(aks?.fixes.length, 1);
});
