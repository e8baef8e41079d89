import { OPT } from '../model/build.js';
import { freePhysicalAdapters } from '../model/external.js';
import type { AdapterModel, DockerNetworkModel, HostModel } from '../model/types.js';
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

function judge(model: HostModel, net: DockerNetworkModel, value: string, named: ReadonlySet<string>): Verdict {
  const byName = model.adapterByName(value);
  if (byName && !byName.isHostVnic) return { value };
  const lower = value.toLowerCase();
  const byDescription = model.adapters.find((a) => a.description?.toLowerCase() === lower);
  const vnic = byName ?? (byDescription?.isHostVnic ? byDescription : undefined);
  if (vnic || /^vEthernet \(/i.test(value)) {
    const sw = vnic?.vnicOf;
    return {
      value,
      problem: `'${value}' is a host vNIC${sw ? ` (the host's port on vSwitch '${sw.name}')` : ''}, not an adapter that a vSwitch can bind to`,
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
  const onSwitch = net.hns?.switch?.boundAdapters.find((a) => a.isPhysical && unused(a));
  return {
    value,
    problem: `no adapter is named '${value}' (renamed or replaced?)`,
    suggestion: onSwitch ?? freePhysicalAdapters(model).find(unused),
  };
}

/** The network works today when HNS shows it on an External switch with a real adapter. */
function worksToday(net: DockerNetworkModel): boolean {
  const sw = net.hns?.switch;
  return !!sw && sw.type === 'External' && sw.boundAdapters.length > 0;
}

export const interfaceOptionInvalid: Check = {
  meta: {
    code: 'WCN303',
    knowledge: 'interface-option-invalid',
    title: 'The interface option does not name an existing adapter',
    severity: 'error',
    requires: ['docker.networks', 'netAdapters'],
    description: 'Checks that com.docker.network.windowsshim.interface names adapters by their Get-NetAdapter Name, and is not set on nat networks.',
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
      const verdicts = values.map((v) => judge(model, net, v, named));
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
      const works = worksToday(net);
      const team = values.length > 1 ? ' (a Switch Embedded Team: every name must exist)' : '';
      const suggestions = bad.filter((v) => v.suggestion).map((v) => `'${v.suggestion!.name}' for '${v.value}'`);
      out.push({
        ...(works ? { severity: 'warning' as const } : {}),
        message: `Docker network '${net.name}' (${net.driver}) sets com.docker.network.windowsshim.interface='${raw}'${team}: ${bad.map((v) => v.problem).join('; ')}. The option takes the adapter Name from Get-NetAdapter.${suggestions.length > 0 ? ` Use ${suggestions.join(', ')}.` : ''} ${works ? `HNS still has the network on vSwitch '${net.hns!.switch!.name}', so it works today, but re-creating it (after a reset or on another host) fails with "The parameter is incorrect" (0x57) or "An adapter was not found" (0x803b0006).` : 'Creating the network fails with "The parameter is incorrect" (0x57) or "An adapter was not found" (0x803b0006).'}`,
        subjects: [net.subject, ...bad.flatMap((v) => (v.subject ? [v.subject.subject] : []))],
        fixes,
      });
    }
    return out;
  },
};
