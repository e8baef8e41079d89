import type { CniConfFile } from '../capture/runtime-types.js';
import { escapeRegExp as escape, containerdCni } from '../model/derived/cni.js';
import { cniConfEditFix, occursOnce } from '../owners/cni-conf.js';
import { kubernetesFacts } from '../model/derived/kubernetes.js';
import type { Check, FindingDraft, Fix } from './types.js';

/**
 * Plugins whose Windows build maps hostPorts when the conf declares the
 * capability (flannel passes it to its delegate). Calico and others are not
 * judged: how they publish host ports is their own.
 */
const MAPPING_PLUGINS = new Set(['flannel', 'win-bridge', 'win-overlay', 'sdnbridge', 'sdnoverlay', 'azure-vnet']);


/** One exact replacement that declares the capability, when the raw text allows one. */
function declareFix(file: CniConfFile): Fix | undefined {
  const text = file.text ?? '';
  const unique = (s: string) => occursOnce(text, s);
  let change: { oldText: string; newText: string } | undefined;
  const off = /"portMappings"\s*:\s*false/.exec(text)?.[0];
  const caps = /"capabilities"\s*:\s*\{/.exec(text)?.[0];
  const name = file.conf?.name ? new RegExp(`"name"\\s*:\\s*"${escape(file.conf.name)}"\\s*,`).exec(text)?.[0] : undefined;
  if (off && unique(off)) change = { oldText: off, newText: '"portMappings": true' };
  else if (caps && unique(caps)) change = { oldText: caps, newText: `${caps} "portMappings": true,` };
  else if (name && unique(name) && !file.conf?.isList) change = { oldText: name, newText: `${name} "capabilities": { "portMappings": true },` };
  if (!change) return undefined;
  return cniConfEditFix({
    file,
    changes: [change],
    title: `Declare the portMappings capability in ${file.name}`,
    expect: 'The conf declares "portMappings": true. Pods made before the edit keep their endpoints: delete the pods that use hostPort so they are made again with the mapping.',
  });
}

export const cniPortmappingsMissing: Check = {
  meta: {
    code: 'WCN704',
    knowledge: 'cni-portmappings-missing',
    title: 'The pod network CNI conf does not declare the portMappings capability',
    severity: 'warning',
    requires: [],
    owners: ['cni', 'containerd'],
    description: 'On a Kubernetes node, reads whether the confs containerd loads declare capabilities.portMappings for plugins that map hostPorts (flannel, win-bridge, win-overlay, sdnbridge, sdnoverlay, azure-vnet).',
  },
  run(model) {
    if (!kubernetesFacts(model).isNode) return [];
    const setup = containerdCni(model);
    if (!setup) return [];
    const out: FindingDraft[] = [];
    for (const file of setup.loaded) {
      const conf = file.conf!;
      if (conf.portMappings) continue;
      const type = conf.plugins.map((p) => p.type?.toLowerCase()).find((t) => t && MAPPING_PLUGINS.has(t));
      if (!type) continue;
      const fix = declareFix(file);
      out.push({
        message: `CNI conf '${file.name}' (network '${conf.name ?? '?'}', plugin ${type}) does not declare "capabilities": {"portMappings": true}, so kubelet's hostPort mappings are not passed to the plugin and are dropped without an error: a pod's hostPort does not answer on this node. (Pod specs are not in the capture; this matters only where pods use hostPort.)`,
        subjects: [{ kind: 'cni-conf', name: file.name, pointer: file.$ptr }],
        evidence: [file.$ptr],
        fixes: fix ? [fix] : [],
      });
    }
    return out;
  },
};
