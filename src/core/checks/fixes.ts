/**
 * Fix pieces that several checks share. All text goes through `ps`.
 */
import { OPT } from '../model/build.js';
import type { DockerNetworkModel, HostModel, ServiceModel } from '../model/types.js';
import { ps, psQuote } from '../powershell.js';
import type { Fix } from './types.js';

export const TCPIP6_PARAMETERS = 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters';

export function restartService(name: string): string {
  return ps`Restart-Service -Name ${name}`;
}

export function startService(name: string): string {
  return ps`Start-Service -Name ${name}`;
}

/** Options that docker or HNS set themselves and that must not be passed again. */
const GENERATED_OPTIONS = new Set<string>([OPT.hnsId]);

export interface NetworkSpec {
  readonly driver: string;
  readonly name: string;
  readonly subnet?: string;
  readonly gateway?: string;
  readonly options?: Readonly<Record<string, string>>;
}

/** `docker network create` for a spec; every value quoted. */
export function dockerNetworkCreate(spec: NetworkSpec): string {
  let cmd = ps`docker network create -d ${spec.driver}`;
  if (spec.subnet) cmd += ` --subnet ${psQuote(spec.subnet)}`;
  if (spec.gateway) cmd += ` --gateway ${psQuote(spec.gateway)}`;
  for (const [k, v] of Object.entries(spec.options ?? {})) {
    if (GENERATED_OPTIONS.has(k)) continue;
    cmd += ` -o ${psQuote(`${k}=${v}`)}`;
  }
  return `${cmd} ${psQuote(spec.name)}`;
}

export function dockerNetworkRm(name: string): string {
  return ps`docker network rm ${name}`;
}

/** The options of an existing network that a re-creation should keep. */
export function keptOptions(net: DockerNetworkModel): Record<string, string> {
  const out: Record<string, string> = {};
  for (const [k, v] of Object.entries(net.options)) {
    if (k.startsWith('com.docker.network.windowsshim.') && !GENERATED_OPTIONS.has(k)) out[k] = v;
  }
  return out;
}

/**
 * Remove a docker network and create it again with other settings. Disruptive
 * when containers are attached: they must be disconnected first.
 */
export function recreateNetworkFix(net: DockerNetworkModel, changes: { subnet?: string; gateway?: string }, title: string): Fix {
  const attached = net.containers.map((a) => a.container.name);
  const commands = [
    ...attached.map((c) => ps`docker network disconnect --force ${net.name} ${c}`),
    dockerNetworkRm(net.name),
    dockerNetworkCreate({
      driver: net.driver,
      name: net.name,
      subnet: changes.subnet ?? net.subnets[0]?.text,
      gateway: changes.gateway ?? net.subnets[0]?.gateway,
      options: keptOptions(net),
    }),
    ...attached.map((c) => ps`docker network connect ${net.name} ${c}`),
  ];
  return {
    title,
    risk: attached.length > 0 ? 'disruptive' : 'safe',
    ...(attached.length > 0 ? { disrupts: `the network connection of ${attached.length === 1 ? 'container' : 'containers'} ${attached.map((c) => `'${c}'`).join(', ')}` } : {}),
    runOn: 'container-host',
    commands,
    verify: ps`docker network inspect ${net.name} --format '{{json .IPAM.Config}}'`,
      expect: 'Shows the new subnet and gateway.',
  };
}

/**
 * The service that runs the docker engine here: `docker` (the engine on
 * Windows Server) or Docker Desktop's `com.docker.service`; `docker` when the
 * services were not captured.
 */
export function engineServiceName(model: HostModel): string {
  if (model.service('docker')) return 'docker';
  if (model.service('com.docker.service')) return 'com.docker.service';
  return 'docker';
}

/** Start a service, first setting a Disabled start type back to `startType`. */
export function startServiceCommands(service: Pick<ServiceModel, 'name' | 'startType'>, startType: 'Manual' | 'Automatic' = 'Manual'): string[] {
  return [
    ...(service.startType === 'Disabled' ? [ps`Set-Service -Name ${service.name} -StartupType ${startType}`] : []),
    startService(service.name),
  ];
}

/** `Status` and `StartType` of one service, for messages: "Stopped (start type Disabled)". */
export function serviceState(service: Pick<ServiceModel, 'status' | 'startType'>): string {
  return `${service.status}${service.startType ? ` (start type ${service.startType})` : ''}`;
}
