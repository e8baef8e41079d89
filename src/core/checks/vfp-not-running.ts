import { ps } from '../powershell.js';
import { VFP_EXTENSION_NAME } from '../model/build.js';
import type { DockerNetworkModel, HnsNetworkModel, SwitchExtensionModel, SwitchModel } from '../model/types.js';
import { recreateNetworkFix, serviceState, startServiceFix } from './fixes.js';
import type { Check, Fix, FindingDraft } from './types.js';

/** The drivers that need VFP: overlay (VXLAN encapsulation) and l2bridge (MAC rewrite). */
const NEEDS_VFP = new Set(['overlay', 'l2bridge']);

const described = (n: HnsNetworkModel) => `${n.type} network '${n.dockerNetwork?.name ?? n.name ?? n.id}'`;

function extensionState(ext: SwitchExtensionModel): string {
  return `${ext.enabled ? 'enabled' : 'disabled'} and ${ext.running ? 'running' : 'not running'}`;
}

function recreateFixes(nets: readonly HnsNetworkModel[]): Fix[] {
  return nets
    .map((n) => n.dockerNetwork)
    .filter((d): d is DockerNetworkModel => d !== undefined && d.subnets.some((s) => s.prefix))
    .map((d) => ({
      ...recreateNetworkFix(d, {}, `Re-create docker network '${d.name}' so HNS rebuilds its switch${d.driver === 'overlay' ? ' (on a swarm manager)' : ''}`),
      risk: 'disruptive' as const,
      disrupts: `docker network '${d.name}' and every container on it, while it is removed and created again`,
      verify: ps`Get-VMSwitch | Get-VMSwitchExtension -Name ${VFP_EXTENSION_NAME} | Select-Object -Property 'SwitchName','Enabled','Running'`,
      expect: `The vSwitch of the new '${d.name}' shows Enabled True and Running True.`,
    }));
}

function switchFinding(sw: SwitchModel | undefined, nets: HnsNetworkModel[], ext: SwitchExtensionModel | undefined, serviceDown: boolean): FindingDraft | undefined {
  const users = nets.map(described).join(', ');
  const switchText = sw ? `vSwitch '${sw.name}'` : `the vSwitch of ${users}`;
  if (ext) {
    // With the service stopped the extension cannot run; the service finding covers that.
    if (ext.enabled !== false && (ext.running !== false || serviceDown)) return undefined;
  } else if (!nets.some((n) => n.vfpEnabled === false)) {
    return undefined;
  }
  const fixes: Fix[] = [];
  const verify = sw ? ps`Get-VMSwitchExtension -VMSwitchName ${sw.name} -Name ${VFP_EXTENSION_NAME} | Select-Object -Property 'SwitchName','Enabled','Running'` : undefined;
  if (sw && (!ext || ext.enabled === false)) {
    fixes.push({
      title: `Enable the VFP extension on vSwitch '${sw.name}'`,
      risk: 'disruptive',
      disrupts: `traffic on vSwitch '${sw.name}', which can drop briefly while the extension binds`,
      runOn: 'container-host',
      commands: [ps`Enable-VMSwitchExtension -VMSwitchName ${sw.name} -Name ${VFP_EXTENSION_NAME}`],
      verify: verify!,
      expect: 'Enabled is True and Running is True.',
    });
  } else if (sw) {
    fixes.push({
      title: `Disable and enable the VFP extension on vSwitch '${sw.name}' again`,
      risk: 'disruptive',
      disrupts: `traffic on vSwitch '${sw.name}', which stops while the extension is rebound`,
      runOn: 'container-host',
      commands: [
        ps`Disable-VMSwitchExtension -VMSwitchName ${sw.name} -Name ${VFP_EXTENSION_NAME}`,
        ps`Enable-VMSwitchExtension -VMSwitchName ${sw.name} -Name ${VFP_EXTENSION_NAME}`,
      ],
      verify: verify!,
      expect: 'Enabled is True and Running is True.',
    });
  }
  fixes.push(...recreateFixes(nets));
  const state = ext ? `the VFP extension is ${extensionState(ext)}` : 'HNS reports the VFP extension disabled';
  return {
    message: `On ${switchText}, used by ${users}, ${state}. ${nets.some((n) => n.type === 'overlay') ? 'Overlay networks need VFP for VXLAN encapsulation' : 'l2bridge networks need VFP to rewrite MAC addresses'}${nets.some((n) => n.type === 'overlay') && nets.some((n) => n.type === 'l2bridge') ? ', and l2bridge networks to rewrite MAC addresses' : ''}: without it containers cannot reach ${nets.some((n) => n.type === 'overlay') ? 'other hosts' : 'the physical network'}, and endpoint creation may fail.`,
    subjects: [...(sw ? [sw.subject] : []), ...(ext ? [ext.subject] : []), ...nets.map((n) => n.subject)],
    fixes,
  };
}

export const vfpNotRunning: Check = {
  meta: {
    code: 'WCN105',
    knowledge: 'vfp-not-running',
    title: 'The VFP switch extension is not running',
    severity: 'error',
    requires: ['hnsNetworks'],
    description: "For overlay and l2bridge networks: service 'vfpext' must run, and the Microsoft Azure VFP Switch Extension must be enabled and running on the network's vSwitch.",
  },
  run(model) {
    if (model.platform.vfpPresent === false) return [];
    const service = model.service('vfpext');
    if (model.platform.vfpPresent === undefined && !service && !model.extensions.some((e) => e.isVfp)) return [];
    const nets = model.hnsNetworks.filter((n) => NEEDS_VFP.has(n.type));
    const dockerOnly = model.dockerNetworks.filter((n) => NEEDS_VFP.has(n.driver) && !n.hns);
    if (nets.length === 0 && dockerOnly.length === 0) return [];
    const out: FindingDraft[] = [];
    const serviceDown = service !== undefined && !service.running;
    if (service && serviceDown) {
      const users = [...nets.map(described), ...dockerOnly.map((n) => `${n.driver} network '${n.name}'`)].join(', ');
      out.push({
        message: `Service 'vfpext' (the Virtual Filtering Platform) is ${serviceState(service)}, while ${users} need${nets.length + dockerOnly.length === 1 ? 's' : ''} it: VFP does the VXLAN encapsulation of overlay networks and the MAC rewrite of l2bridge networks. Containers on them cannot reach other hosts or the physical network.`,
        subjects: [service.subject, ...nets.map((n) => n.subject), ...dockerOnly.map((n) => n.subject)],
        fixes: [startServiceFix(service, 'Status is Running.')],
      });
    }
    // One finding per switch (networks whose switch is unknown each count on their own).
    const bySwitch = new Map<SwitchModel | HnsNetworkModel, HnsNetworkModel[]>();
    for (const n of nets) {
      const key = n.switch ?? n;
      const group = bySwitch.get(key);
      if (group) group.push(n);
      else bySwitch.set(key, [n]);
    }
    for (const group of bySwitch.values()) {
      const sw = group[0]!.switch;
      const ext = sw?.extensions.find((e) => e.isVfp);
      const f = switchFinding(sw, group, ext, serviceDown);
      if (f) out.push(f);
    }
    return out;
  },
};
