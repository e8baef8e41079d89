import type { CniBinDir } from '../capture/runtime-types.js';
import { containerdCni, pluginsNeeded, samePath } from '../model/derived/cni.js';
import { kubernetesFacts } from '../model/derived/kubernetes.js';
import { ps } from '../powershell.js';
import type { Check, FindingDraft, Fix } from './types.js';

/** Where each plugin family is released, for the install fix. */
const RELEASES: readonly [RegExp, string][] = [
  [/^(nat|sdnbridge|sdnoverlay)$/, "microsoft/windows-container-networking's release archive"],
  [/^(win-bridge|win-overlay|host-local)$/, "the containernetworking/plugins Windows release archive"],
  [/^flannel$/, "flannel-io/cni-plugin's Windows release (flannel-amd64.exe, saved as flannel.exe)"],
  [/^calico(-ipam)?$/, "the Calico for Windows install (calico.exe, calico-ipam.exe)"],
  [/^azure-vnet/, "Azure/azure-container-networking's Windows CNI release"],
];

function releaseOf(type: string): string {
  return RELEASES.find(([re]) => re.test(type))?.[1] ?? `the release of the '${type}' CNI plugin`;
}

const hasExe = (dir: CniBinDir, type: string) => dir.files.some((f) => f.toLowerCase() === `${type}.exe`);

export const cniPluginMissing: Check = {
  meta: {
    code: 'WCN702',
    knowledge: 'cni-plugin-missing',
    title: 'A CNI conf names a plugin that is in no CNI bin folder',
    severity: 'error',
    requires: [],
    owners: ['cni', 'containerd'],
    description: "For each conf containerd loads, every plugin, delegate and IPAM type it names must be an .exe in one of containerd's CNI bin folders (bin_dir / bin_dirs).",
  },
  run(model) {
    const setup = containerdCni(model);
    const bins = setup?.binDirRecords;
    if (!setup || !bins) return [];
    const own = setup.binDirs.value.map((path) => ({ path, record: bins.find((b) => samePath(b.path, path)) }));
    const target = own[0]!.path;
    const out: FindingDraft[] = [];
    for (const file of setup.loaded) {
      const conf = file.conf!;
      const missing = pluginsNeeded(conf.plugins).filter((t) => !own.some((o) => o.record && hasExe(o.record, t)));
      if (missing.length === 0) continue;
      const where = own.map((o) => `'${o.path}'${o.record ? '' : ' (does not exist)'}`).join(', ');
      const parts = [`CNI conf '${file.name}' (network '${conf.name ?? '?'}') names plugin${missing.length === 1 ? '' : 's'} ${missing.map((t) => `'${t}'`).join(', ')}, but ${missing.map((t) => `${t}.exe`).join(', ')} ${missing.length === 1 ? 'is' : 'are'} in none of containerd's CNI bin folders: ${where} (${setup.binDirs.from}).`];
      const fixes: Fix[] = [];
      const copies: { from: string; type: string }[] = [];
      for (const t of missing) {
        const elsewhere = bins.find((b) => !own.some((o) => samePath(o.path, b.path)) && hasExe(b, t));
        if (elsewhere) copies.push({ from: `${elsewhere.path.replace(/[\\/]+$/, '')}\\${t}.exe`, type: t });
      }
      if (copies.length > 0) {
        parts.push(`Found elsewhere: ${copies.map((c) => `'${c.from}'`).join(', ')}.`);
        fixes.push({
          title: `Copy ${copies.map((c) => `${c.type}.exe`).join(', ')} into '${target}'`,
          risk: 'safe',
          runOn: 'container-host',
          commands: [ps`New-Item -ItemType Directory -Path ${target} -Force`, ...copies.map((c) => ps`Copy-Item -Path ${c.from} -Destination ${target}`)],
          verify: ps`Get-ChildItem -Path ${target} -Filter '*.exe' | Select-Object -Property 'Name'`,
          expect: `The folder lists ${copies.map((c) => `${c.type}.exe`).join(', ')}; the next pod sandbox gets its network.`,
        });
      }
      const uncopied = missing.filter((t) => !copies.some((c) => c.type === t));
      if (uncopied.length > 0) {
        fixes.push({
          title: `Install ${uncopied.map((t) => `${t}.exe`).join(', ')} into '${target}' from ${[...new Set(uncopied.map(releaseOf))].join(' and ')}`,
          risk: 'safe',
          runOn: 'container-host',
          // Which release and version fit this node is the operator's choice: a manual step, with the check that it worked.
          commands: [],
          verify: ps`Get-ChildItem -Path ${target} -Filter '*.exe' | Select-Object -Property 'Name'`,
          expect: `The folder lists ${uncopied.map((t) => `${t}.exe`).join(', ')}.`,
        });
      }
      parts.push(kubernetesFacts(model).isNode
        ? 'Every pod sandbox on this node fails to get a network until the plugin is there (kubelet: FailedCreatePodSandBox, "failed to find plugin").'
        : 'Containers on this network fail to start until the plugin is there (nerdctl: "needs CNI plugin ... to be installed in CNI_PATH").');
      out.push({
        message: parts.join(' '),
        subjects: [{ kind: 'cni-conf', name: file.name, pointer: file.$ptr }],
        evidence: [file.$ptr, ...own.flatMap((o) => (o.record ? [o.record.$ptr] : []))],
        fixes,
      });
    }
    return out;
  },
};
