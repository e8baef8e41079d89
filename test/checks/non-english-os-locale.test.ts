import test from 'ava';
import { nonEnglishOsLocale } from '../../src/core/checks/non-english-os-locale.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';

/** A Korean Windows shows inbox services under Korean display names. */
function korean(raw: RawCapture): void {
  for (const s of raw['services']) {
    if (s.Name === 'hns') s.DisplayName = '호스트 네트워크 서비스';
    if (s.Name === 'vmcompute') s.DisplayName = 'Hyper-V 호스트 컴퓨팅 서비스';
  }
}

testCheck(test, nonEnglishOsLocale, {
  valid: [
    { name: 'a Korean docker host is not judged', expect: 'no-such-owner', baseline: 'healthy-ws2022', patch: korean },
    { name: 'an English flannel node', baseline: 'healthy-kubeadm-flannel' },
    { name: 'an English Calico node', baseline: 'healthy-calico' },
    { name: 'a Korean nerdctl host without Kubernetes', baseline: 'healthy-ws2025-containerd', patch: korean },
  ],
  invalid: [
    {
      name: 'a Korean flannel node whose network exists: information',
      baseline: 'healthy-kubeadm-flannel',
      patch: korean,
      findings: [{ severity: 'info', subjects: ['hns', 'vmcompute'], message: ["'hns' is shown as '호스트 네트워크 서비스'", 'localized'] }],
    },
    {
      name: 'a Korean Calico node whose pod network was never made: warning',
      baseline: 'healthy-calico',
      patch: (raw) => { korean(raw); raw['hnsNetworks'] = raw['hnsNetworks'].filter((n: { Name: string }) => n.Name !== 'Calico'); },
      findings: [{ severity: 'warning', message: ["calico-node.exe runs, but the pod network 'Calico' does not exist in HNS", 'management interface'] }],
    },
  ],
});
