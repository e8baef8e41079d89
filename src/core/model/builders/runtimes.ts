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

/** True when `docker info` came from a daemon that answered (a stopped daemon leaves ServerErrors). */
export function dockerAnswered(capture: Capture): boolean {
  const info = capture.docker?.info;
  return info !== undefined && info.answered !== false;
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
    f.version = d.info?.ServerVersion ?? d.version?.Server?.Version;
    f.evidence.push(f.answered ? 'docker info answered' : 'docker records in the capture');
    f.pointer ??= '/docker';
  }
  return out;
}

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
