/**
 * The runtimes and node agents a capture shows: docker, Docker Desktop,
 * containerd, kubelet, kube-proxy, flanneld. One is "installed" when its
 * service, its process, its configuration or its records are in the capture;
 * it "answered" when the collector got data from it.
 */
import type { Capture } from '../../capture/schema.js';
import type { RuntimeKind, RuntimeModel, ServiceModel } from '../types.js';

interface RuntimeFacts {
  service?: ServiceModel | undefined;
  evidence: string[];
  running?: boolean | undefined;
  answered: boolean;
  version?: string | undefined;
  pointer?: string | undefined;
}

/** Service names each runtime is installed under. */
const SERVICE_NAMES: Readonly<Record<RuntimeKind, readonly string[]>> = {
  docker: ['docker'],
  'docker-desktop': ['com.docker.service'],
  containerd: ['containerd'],
  kubelet: ['kubelet'],
  'kube-proxy': ['kubeproxy', 'kube-proxy'],
  flanneld: ['flanneld'],
};

const LABEL: Readonly<Record<RuntimeKind, string>> = {
  docker: 'docker engine', 'docker-desktop': 'Docker Desktop', containerd: 'containerd', kubelet: 'kubelet', 'kube-proxy': 'kube-proxy', flanneld: 'flanneld',
};

/**
 * True when the engine answered the collector: `docker info` without
 * ServerErrors, or `docker version` with its Server half (a stopped engine
 * leaves ServerErrors in info and no Server in version).
 */
function dockerAnswered(capture: Capture): boolean {
  const info = capture.docker?.info;
  return (info !== undefined && info.answered !== false) || capture.docker?.version?.Server != null;
}

function facts(capture: Capture, services: ReadonlyMap<string, ServiceModel>): Map<RuntimeKind, RuntimeFacts> {
  const out = new Map<RuntimeKind, RuntimeFacts>();
  const get = (k: RuntimeKind): RuntimeFacts => {
    let f = out.get(k);
    if (!f) out.set(k, (f = { evidence: [], answered: false }));
    return f;
  };
  for (const [kind, names] of Object.entries(SERVICE_NAMES) as [RuntimeKind, readonly string[]][]) {
    for (const n of names) {
      const s = services.get(n);
      if (!s) continue;
      const f = get(kind);
      f.service ??= s;
      f.running = (f.running ?? false) || s.running;
      f.evidence.push(`service '${s.name}'`);
      f.pointer ??= s.subject.pointer;
    }
  }
  const d = capture.docker;
  if (d && (d.info || d.version || d.networks || d.containers || d.daemonConfig)) {
    // Docker Desktop's engine answers docker's CLI too: its records belong to it when only its service is there.
    const kind: RuntimeKind = !services.has('docker') && services.has('com.docker.service') ? 'docker-desktop' : 'docker';
    const f = get(kind);
    f.answered = dockerAnswered(capture);
    f.version = (d.info?.answered !== false ? d.info?.ServerVersion : undefined) || d.version?.Server?.Version || undefined;
    f.evidence.push(f.answered ? `docker ${d.info?.answered === false || !d.info ? 'version' : 'info'} answered` : 'docker records in the capture');
    f.pointer ??= '/docker';
  }
  const ctr = capture.containerd;
  if (ctr) {
    const f = get('containerd');
    f.answered = ctr.criInfo !== undefined || ctr.version !== undefined;
    f.version = ctr.versionNumber ?? ctr.version;
    f.evidence.push(ctr.config ? `its configuration ${ctr.configPath ?? 'config.toml'}` : 'containerd in the capture');
    f.pointer ??= ctr.$ptr;
  }
  const k8s = capture.kubernetes;
  for (const p of k8s?.processes ?? []) {
    const kind = AGENT_RUNTIME[p.agent];
    if (!kind) continue;
    const f = get(kind);
    f.running = true;
    f.answered ||= kind !== 'containerd';
    f.evidence.push(`process '${p.Name}'`);
    f.pointer ??= p.$ptr;
  }
  for (const s of k8s?.services ?? []) {
    const kind = (Object.entries(SERVICE_NAMES) as [RuntimeKind, readonly string[]][]).find(([, names]) => names.includes(s.Name.toLowerCase()))?.[0];
    if (!kind) continue;
    const f = get(kind);
    const running = (s.State ?? '').toLowerCase() === 'running';
    f.running = (f.running ?? false) || running;
    f.evidence.push(`service '${s.Name}' (Win32_Service)`);
    f.pointer ??= s.$ptr;
  }
  return out;
}

const AGENT_RUNTIME: Readonly<Partial<Record<string, RuntimeKind>>> = {
  kubelet: 'kubelet', 'kube-proxy': 'kube-proxy', flanneld: 'flanneld', containerd: 'containerd',
};

export function buildRuntimes(capture: Capture, services: ReadonlyMap<string, ServiceModel>): RuntimeModel[] {
  const out: RuntimeModel[] = [];
  for (const [kind, f] of facts(capture, services)) {
    out.push({
      kind, service: f.service, installed: true, running: f.running, answered: f.answered, version: f.version, evidence: f.evidence,
      subject: { kind: 'runtime', name: LABEL[kind], pointer: f.pointer },
    });
  }
  return out;
}
