import { kubernetesFacts, podNetwork } from '../model/derived/kubernetes.js';
import type { HostModel, ServiceModel } from '../model/types.js';
import type { Check, FindingDraft } from './types.js';

/**
 * Inbox services and their English display names. Windows shows display
 * names in the system's display language, so another name for one of these
 * is the capture's evidence of a non-English Windows (the capture does not
 * record the OS language itself).
 */
const ENGLISH_NAMES: Readonly<Record<string, string>> = {
  hns: 'Host Network Service',
  vmcompute: 'Hyper-V Host Compute Service',
};

function localized(model: HostModel): ServiceModel[] {
  return Object.entries(ENGLISH_NAMES).flatMap(([name, english]) => {
    const s = model.service(name);
    return s?.displayName && s.displayName.trim() !== english ? [s] : [];
  });
}

/** Node agents that drive the pod network from their own scripts and read the host's state. */
const AGENTS = ['flanneld', 'calico-node'] as const;

export const nonEnglishOsLocale: Check = {
  meta: {
    code: 'WCN709',
    knowledge: 'non-english-os-locale',
    title: 'A Kubernetes node runs a non-English Windows',
    severity: 'info',
    requires: ['services'],
    owners: ['cni', 'containerd'],
    description: "On a Kubernetes node, reads the display names of inbox services (hns, vmcompute), which Windows shows in its display language, and whether flanneld or calico-node runs without the pod network existing.",
  },
  run(model) {
    if (!kubernetesFacts(model).isNode) return [];
    const names = localized(model);
    if (names.length === 0) return [];
    const agents = (model.capture.kubernetes?.processes ?? []).filter((p) => (AGENTS as readonly string[]).includes(p.agent));
    const { network, wanted } = podNetwork(model);
    const shown = names.map((s) => `'${s.name}' is shown as '${s.displayName}'`).join(', ');
    const base = `Windows here runs in another display language than English (${shown}).`;
    const stuck = agents.length > 0 && !network;
    const agentNames = [...new Set(agents.map((a) => a.Name))].join(', ');
    const draft: FindingDraft = stuck
      ? {
        message: `${base} ${agentNames} runs, but the pod network${wanted ? ` '${wanted.value}'` : ''} does not exist in HNS. Node scripts that read netsh or PowerShell output as text (adapter and interface names, "Connected" states) fail on a localized Windows and never find the management interface; read the agent's log for that.`,
        severity: 'warning',
        subjects: names.map((s) => s.subject),
        fixes: [{
          title: "Read the agent's log for an interface or adapter it could not find",
          risk: 'safe',
          runOn: 'container-host',
          commands: ["Get-NetAdapter | Select-Object -Property 'Name','InterfaceDescription','Status'"],
          verify: "Get-HnsNetwork | Select-Object -Property 'Name','Type','ManagementIP'",
          expect: 'The pod network appears once the agent finds its interface; if the log names a localized text it could not parse, update the agent or give it the interface by name or address.',
        }],
      }
      : {
        message: `${base} Some node scripts and older agents parse the text netsh and PowerShell print, which is localized; if pod networking fails to start with an interface or adapter "not found", this is a likely cause.`,
        subjects: names.map((s) => s.subject),
        fixes: [],
      };
    return [draft];
  },
};
