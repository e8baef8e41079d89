import { OPT } from '../model/build.js';
import { freePhysicalAdapters } from '../model/external.js';
import type { AdapterModel, HnsNetworkModel, HostModel, SwitchModel } from '../model/types.js';
import { recreateFromConfFix } from '../owners/containerd.js';
import { ps } from '../powershell.js';
import { inspectNetwork, recreateNetworkWith } from './fixes.js';
import type { Check, Fix, FindingDraft } from './types.js';

const LIST_ADAPTERS = "Get-NetAdapter -Physical | Select-Object -Property 'Name','InterfaceDescription','Status'";

interface Verdict {
  readonly value: string;
  /** Why the value is wrong; undefined when it names a usable adapter. */
  readonly problem?: string;
  /** The adapter Name to use instead, when one can be told. */
  readonly suggestion?: AdapterModel;
  readonly subject?: AdapterModel;
}

/** The physical adapter behind a host vNIC: its switch's bound adapter, or the adapter named inside `vEthernet (…)`. */
function behindVnic(model: HostModel, vnic: AdapterModel | undefined, name: string): AdapterModel | undefined {
  const bound = vnic?.vnicOf?.boundAdapters.find((a) => a.isPhysical);
  if (bound) return bound;
  const inner = /^vEthernet \((.*)\)$/i.exec(name)?.[1];
  const a = inner !== undefined ? model.adapterByName(inner) : undefined;
  return a && !a.isHostVnic ? a : undefined;
}

/** Judges one adapter value; `sw` is the switch HNS made for the network, whose adapter is the first suggestion. */
function judge(model: HostModel, sw: SwitchModel | undefined, value: string, named: ReadonlySet<string>): Verdict {
  const byName = model.adapterByName(value);
  if (byName && !byName.isHostVnic) return { value };
  const lower = value.toLowerCase();
  const byDescription = model.adapters.find((a) => a.description?.toLowerCase() === lower);
  const vnic = byName ?? (byDescription?.isHostVnic ? byDescription : undefined);
  if (vnic || /^vEthernet \(/i.test(value)) {
    const of = vnic?.vnicOf;
    return {
      value,
      problem: `'${value}' is a host vNIC${of ? ` (the host's port on vSwitch '${of.name}')` : ''}, not an adapter that a vSwitch can bind to`,
      suggestion: behindVnic(model, vnic, value),
      subject: vnic,
    };
  }
  if (byDescription) {
    return {
      value,
      problem: `'${value}' is the InterfaceDescription of adapter '${byDescription.name}' (what Get-VMSwitch shows)`,
      suggestion: byDescription,
      subject: byDescription,
    };
  }
  // The adapter HNS really bound, else a free one; never one the option already names.
  const unused = (a: AdapterModel) => !named.has(a.name.toLowerCase());
  const onSwitch = sw?.boundAdapters.find((a) => a.isPhysical && unused(a));
  return {
    value,
    problem: `no adapter is named '${value}' (renamed or replaced?)`,
    suggestion: onSwitch ?? freePhysicalAdapters(model).find(unused),
  };
}

/** The network works today when HNS shows it on an External switch with a real adapter. */
function worksToday(sw: SwitchModel | undefined): sw is SwitchModel {
  return !!sw && sw.type === 'External' && sw.boundAdapters.length > 0;
}

const FAILS = 'fails with "The parameter is incorrect" (0x57) or "An adapter was not found" (0x803b0006).';

/** HNS network types that bind an adapter (nat ignores one: nerdctl's nat conf names `master` by default). */
const BINDS_ADAPTER = ['transparent', 'l2bridge', 'l2tunnel', 'overlay'];

/**
 * The adapter an HNS network docker does not show is configured with: its
 * CNI conf's `master` (the owner's own setting), else the adapter name HNS
 * was given (NetworkAdapterName, or the NetAdapterName policy).
 */
function configuredAdapter(hns: HnsNetworkModel): { value: string; where: string; conf: boolean } | undefined {
  if (hns.cni?.master) return { value: hns.cni.master, where: `'master' in CNI conf ${hns.cni.file}`, conf: true };
  const policy = hns.policies.find((p) => p.Type === 'NetAdapterName');
  const name = hns.adapterName ?? (policy?.Type === 'NetAdapterName' ? policy.NetworkAdapterName : undefined);
  return name ? { value: name, where: 'the adapter name HNS holds for it (NetworkAdapterName)', conf: false } : undefined;
}

function hnsFinding(model: HostModel, hns: HnsNetworkModel): FindingDraft | undefined {
  if (!BINDS_ADAPTER.includes(hns.type)) return undefined;
  const configured = configuredAdapter(hns);
  if (!configured || configured.value.trim() === '') return undefined;
  const verdict = judge(model, hns.switch, configured.value, new Set([configured.value.toLowerCase()]));
  if (!verdict.problem) return undefined;
  const name = hns.name ?? hns.id;
  const sw = hns.switch;
  const works = worksToday(sw);
  const use = verdict.suggestion?.name;
  const fixes: Fix[] = [];
  const edit = configured.conf && use ? recreateFromConfFix(model, hns, [{ from: configured.value, to: use }], `Name adapter '${use}' in the conf of '${name}'`) : undefined;
  if (edit) fixes.push(edit);
  else fixes.push({
    title: `List the adapter Names, then give '${name}' the right one where its owner configures it (${hns.owner.label})`,
    risk: 'safe',
    runOn: 'container-host',
    commands: [LIST_ADAPTERS],
    verify: ps`Get-HnsNetwork | Where-Object Id -eq ${hns.id} | Select-Object -Property 'Name','NetworkAdapterName'`,
    expect: 'NetworkAdapterName appears in the Name column of the adapter list.',
  });
  return {
    ...(works ? { severity: 'warning' as const } : {}),
    message: `HNS network '${name}' (${hns.type}; owner: ${hns.owner.label}) names adapter '${configured.value}' in ${configured.where}: ${verdict.problem}. HNS binds a network by the adapter Name from Get-NetAdapter.${use ? ` Use '${use}'.` : ''} ${works ? `HNS still has the network on vSwitch '${sw.name}', so it works today, but making it again (after a reset, or on the next pod or container) ${FAILS}` : `Creating the network ${FAILS}`}`,
    subjects: [hns.subject, ...(hns.cni ? [hns.cni.subject] : []), ...(verdict.subject ? [verdict.subject.subject] : [])],
    fixes,
  };
}

export const interfaceOptionInvalid: Check = {
  meta: {
    code: 'WCN303',
    knowledge: 'interface-option-invalid',
    title: 'The interface option does not name an existing adapter',
    severity: 'error',
    requires: ['hnsNetworks', 'netAdapters'],
    description: "Checks that the adapter a network is configured with (docker's com.docker.network.windowsshim.interface, a CNI conf's master, the HNS network's adapter name) is a Get-NetAdapter Name, and that docker does not set it on nat networks.",
  },
  run(model) {
    const out: FindingDraft[] = [];
    for (const net of model.dockerNetworks) {
      const raw = net.options[OPT.iface];
      // An empty value is the same as no value: Docker lets HNS pick the adapter.
      if (raw === undefined || raw.trim() === '') continue;
      const values = net.interfaceOption ?? [];
      if (net.driver === 'nat') {
        out.push({
          severity: 'warning',
          message: `Docker network '${net.name}' is a nat network but sets com.docker.network.windowsshim.interface='${raw}'. The option binds transparent, l2bridge, l2tunnel and overlay networks to an adapter; nat networks ignore it (or refuse it), so it does not do what it seems to.`,
          subjects: [net.subject],
          fixes: [recreateNetworkWith(net, { options: { [OPT.iface]: null } }, `Re-create '${net.name}' without the interface option`, {
            verify: inspectNetwork(net.name),
            expect: 'The options no longer list com.docker.network.windowsshim.interface.',
          })],
        });
        continue;
      }
      const named = new Set(values.map((v) => v.toLowerCase()));
      const verdicts = values.map((v) => judge(model, net.hns?.switch, v, named));
      const bad = verdicts.filter((v) => v.problem !== undefined);
      if (bad.length === 0) continue;
      const replacement = [...new Set(verdicts.map((v) => (v.problem ? v.suggestion?.name : v.value)))];
      const complete = bad.every((v) => v.suggestion) && replacement.every((r) => r !== undefined) && replacement.length > 0;
      const fixes: Fix[] = [];
      if (complete) {
        const newValue = (replacement as string[]).join(',');
        fixes.push(recreateNetworkWith(net, { options: { [OPT.iface]: newValue } }, `Re-create '${net.name}' with interface '${newValue}' (the adapter Name)`, {
          verify: inspectNetwork(net.name),
          expect: `The options show com.docker.network.windowsshim.interface = ${newValue}.`,
        }));
      }
      if (!complete) fixes.push({
        title: `List the adapter Names to choose from for '${net.name}'`,
        risk: 'safe',
        runOn: 'container-host',
        commands: [LIST_ADAPTERS],
        verify: inspectNetwork(net.name),
        expect: 'The interface value appears in the Name column of the adapter list.',
      });
      const works = worksToday(net.hns?.switch);
      const team = values.length > 1 ? ' (a Switch Embedded Team: every name must exist)' : '';
      const suggestions = bad.filter((v) => v.suggestion).map((v) => `'${v.suggestion!.name}' for '${v.value}'`);
      out.push({
        ...(works ? { severity: 'warning' as const } : {}),
        message: `Docker network '${net.name}' (${net.driver}) sets com.docker.network.windowsshim.interface='${raw}'${team}: ${bad.map((v) => v.problem).join('; ')}. The option takes the adapter Name from Get-NetAdapter.${suggestions.length > 0 ? ` Use ${suggestions.join(', ')}.` : ''} ${works ? `HNS still has the network on vSwitch '${net.hns!.switch!.name}', so it works today, but re-creating it (after a reset or on another host) ${FAILS}` : `Creating the network ${FAILS}`}`,
        subjects: [net.subject, ...bad.flatMap((v) => (v.subject ? [v.subject.subject] : []))],
        fixes,
      });
    }
    for (const hns of model.hnsNetworks) {
      if (hns.dockerNetwork) continue;
      const f = hnsFinding(model, hns);
      if (f) out.push(f);
    }
    return out;
  },
};
