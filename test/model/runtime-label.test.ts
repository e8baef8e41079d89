/**
 * The runtime label: derived once from the model, shown in the TUI header
 * and the report headings.
 */
import test from 'ava';
import { cniDisplayName, runtimeLabel } from '../../src/core/model/derived/runtime-label.js';
import { diagnoseModel } from '../../src/core/diagnose.js';
import { renderMarkdownHost } from '../../src/core/report/markdown.js';
import { hostLine, renderTextReport } from '../../src/core/report/text.js';
import { modelOf, rawSample } from '../helpers/captures.js';
import { runtimeAndTime } from '../../src/ui/logic/header-text.js';

const label = (name: string, patch?: (raw: Record<string, any>) => void) => {
  const raw = rawSample(name);
  patch?.(raw);
  return runtimeLabel(modelOf(raw).model);
};

test('the four docker-free samples: containerd with nerdctl, and Kubernetes with Azure CNI, flannel VXLAN, Calico', (t) => {
  t.like(label('healthy-ws2025-containerd'), { kind: 'containerd', text: 'containerd 2.0.2 with nerdctl', cni: undefined });
  t.like(label('healthy-aks-azurecni'), { kind: 'kubernetes', cni: 'Azure CNI', text: 'Kubernetes v1.30.6 on containerd 1.7.23+azure · Azure CNI', short: 'Kubernetes v1.30.6 · Azure CNI' });
  t.like(label('healthy-kubeadm-flannel'), { kind: 'kubernetes', cni: 'flannel VXLAN', text: 'Kubernetes v1.31.5 on containerd 1.7.25 · flannel VXLAN' });
  t.like(label('healthy-calico'), { kind: 'kubernetes', cni: 'Calico', text: 'Kubernetes v1.30.9 on containerd 1.7.25 · Calico' });
});

test('the docker samples: docker and Docker Desktop with their versions; a stopped engine says so', (t) => {
  t.like(label('healthy-ws2016'), { kind: 'docker', text: 'docker 18.09.11' });
  t.like(label('healthy-ws2019'), { kind: 'docker', text: 'docker 20.10.17' });
  t.like(label('healthy-ws2022'), { kind: 'docker', text: 'docker 23.0.14' });
  t.like(label('healthy-win11'), { kind: 'docker-desktop', text: 'Docker Desktop 27.3.1' });
  t.like(label('cases/docker-not-running/broken'), { kind: 'docker', text: 'docker (stopped)' });
  t.like(label('cases/containerd-not-running/broken'), { kind: 'containerd', text: 'containerd 2.0.2 (stopped) with nerdctl' });
});

test('flannel host-gw on an l2bridge network; no runtime at all says so', (t) => {
  t.like(label('healthy-kubeadm-flannel', (raw) => {
    for (const n of raw['hnsNetworks']) if (n.Type === 'Overlay') n.Type = 'L2Bridge';
    for (const f of raw['kubernetes'].files ?? []) if (typeof f.text === 'string') f.text = f.text.replace(/"[Vv][Xx][Ll][Aa][Nn]"/g, '"host-gw"');
  }), { cni: 'flannel host-gw' });
  const none = label('healthy-ws2022', (raw) => {
    delete raw['docker'];
    raw['services'] = raw['services'].filter((s: { Name: string }) => s.Name !== 'docker');
  });
  t.like(none, { kind: 'none', text: 'no container runtime found', cni: undefined });
});

test('CNI display names', (t) => {
  t.is(cniDisplayName('azure-vnet'), 'Azure CNI');
  t.is(cniDisplayName('flannel', { type: 'overlay' }), 'flannel VXLAN');
  t.is(cniDisplayName('flannel', { type: 'l2bridge' }), 'flannel host-gw');
  t.is(cniDisplayName('flannel', { type: 'overlay' }, 'host-gw'), 'flannel host-gw', 'the configured backend wins');
  t.is(cniDisplayName('flannel'), 'flannel');
  t.is(cniDisplayName('sdnbridge'), 'win-bridge');
  t.is(cniDisplayName('win-overlay'), 'win-overlay');
  t.is(cniDisplayName('host preparation'), undefined);
  t.is(cniDisplayName(undefined), undefined);
});

test('the text and Markdown headings name the runtime; a capture that could not be read has none', (t) => {
  const { model } = modelOf(rawSample('healthy-kubeadm-flannel'));
  const report = diagnoseModel(model, []);
  t.regex(hostLine(report), / · Kubernetes v1\.31\.5 on containerd 1\.7\.25 · flannel VXLAN$/);
  t.regex(renderTextReport(report, { color: false }), /^ {2}.* · Kubernetes v1\.31\.5 on containerd 1\.7\.25 · flannel VXLAN$/m);
  t.regex(renderMarkdownHost(report), /^\| Host \| .* · Kubernetes v1\\\.31\\\.5 on containerd 1\\\.7\\\.25 · flannel VXLAN \|$/m);
  t.like(report.host.runtime, { kind: 'kubernetes', cni: 'flannel VXLAN' });
  const { runtime: _, ...bare } = report.host;
  t.notRegex(hostLine({ ...report, host: bare }), /Kubernetes/);
});

test('the header fits the runtime and the capture time to the room, runtime first', (t) => {
  const host = diagnoseModel(modelOf(rawSample('healthy-aks-azurecni')).model, []).host;
  const full = runtimeAndTime(host, 200);
  t.regex(full, /^· Kubernetes v1\.30\.6 on containerd 1\.7\.23\+azure · Azure CNI {2}· captured \d{4}-\d\d-\d\d \d\d:\d\d/);
  t.is(runtimeAndTime(host, 60), '· Kubernetes v1.30.6 on containerd 1.7.23+azure · Azure CNI');
  const date = host.capturedAt!.slice(0, 10);
  t.is(runtimeAndTime(host, 55), `· Kubernetes v1.30.6 · Azure CNI  · captured ${date}`, 'the short runtime and the date');
  t.is(runtimeAndTime(host, 54), "· Kubernetes v1.30.6 · Azure CNI", 'the time goes before the runtime loses words');
  t.regex(runtimeAndTime(host, 34), /^· Kubernetes v1\.30\.6 · Azure CNI$/);
  t.true(runtimeAndTime(host, 10).length <= 10);
  const evil = { ...host, runtime: { ...host.runtime!, text: 'docker\u001b]0;pwned\u0007 1.0', short: 'docker\u001b[2J' } };
  t.notRegex(runtimeAndTime(evil, 200), /[\u0000-\u001f]/);
});
