import { compareMinor, kubernetesFacts, podNetwork, type KubeVersion } from '../model/derived/kubernetes.js';
import { kubeProxyReconfigureFix } from '../owners/kube-proxy.js';
import type { Check } from './types.js';

/**
 * kube-proxy's Windows feature gates by release (kubernetes pkg/features/kube_features.go):
 * WinOverlay alpha 1.14 (off), beta 1.20 (on), GA 1.34 (locked on);
 * WinDSR alpha 1.14 (off), beta 1.33 (on), GA 1.34 (locked on).
 */
const GATES = {
  WinOverlay: { onByDefault: [1, 20], locked: [1, 34] },
  WinDSR: { onByDefault: [1, 33], locked: [1, 34] },
} as const;
type Gate = keyof typeof GATES;

const atLeast = (v: KubeVersion | undefined, [major, minor]: readonly [number, number]) => !!v && compareMinor(v, major, minor) >= 0;
const before = (v: KubeVersion | undefined, [major, minor]: readonly [number, number]) => !!v && compareMinor(v, major, minor) < 0;

export const kubeproxyFeatureGateMismatch: Check = {
  meta: {
    code: 'WCN712',
    knowledge: 'kubeproxy-feature-gate-mismatch',
    title: "kube-proxy's WinOverlay or WinDSR gate is wrong",
    severity: 'error',
    requires: ['kubernetes'],
    owners: ['kube-proxy'],
    description: "Reads kube-proxy's --feature-gates, its version, --enable-dsr and the pod network's type: a gate turned off that the setup needs, a gate needed but off by default in that version, a gate set to false where the version locks it on.",
  },
  run(model) {
    const facts = kubernetesFacts(model);
    const kp = facts.kubeProxy;
    if (!facts.isNode || !kp) return [];
    const v = facts.kubeProxyVersion;
    const gates = kp.featureGates;
    const network = podNetwork(model).network;
    const overlay = network?.type === 'overlay';
    const dsr = kp.enableDSR?.value === true;
    const version = v ? `kube-proxy ${v.text}` : 'kube-proxy (version not captured)';
    const problems: { gate: Gate; text: string }[] = [];
    for (const gate of Object.keys(GATES) as Gate[]) {
      const spec = GATES[gate];
      const set = gates[gate];
      const needed = gate === 'WinOverlay' ? overlay : dsr;
      const why = gate === 'WinOverlay' ? `the pod network '${network?.name ?? ''}' is Overlay` : `--enable-dsr is true (${kp.enableDSR?.from ?? ''})`;
      if (set === false && atLeast(v, spec.locked)) {
        problems.push({ gate, text: `${version} locks ${gate} to true and refuses to start with ${gate}=false ("cannot set feature gate ${gate} to false, feature is locked to true")` });
      } else if (set === false && needed) {
        problems.push({ gate, text: `${gate}=false is set while ${why}: kube-proxy stops with "${gate} feature gate not enabled"` });
      } else if (set === undefined && needed && before(v, spec.onByDefault)) {
        problems.push({ gate, text: `${why}, and ${version} leaves ${gate} off unless --feature-gates sets ${gate}=true: kube-proxy stops with "${gate} feature gate not enabled"` });
      }
    }
    if (problems.length === 0) return [];
    const change = problems.map((p) => (gates[p.gate] === false && atLeast(v, GATES[p.gate].locked) ? `${p.gate}=false removed from --feature-gates` : `--feature-gates=${p.gate}=true`)).join(' and ');
    const subject = model.runtime('kube-proxy')?.subject;
    return [{
      message: `${problems.map((p) => p.text).join('; ')}. Without kube-proxy no Service answers from this node.`,
      subjects: subject ? [subject] : [],
      fixes: [kubeProxyReconfigureFix(model, change)],
    }];
  },
};
