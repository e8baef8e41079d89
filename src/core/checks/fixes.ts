/**
 * Fix pieces that several checks share. All text goes through `ps`.
 */
import { OPT } from '../model/build.js';
import { addressInPrefix, parsePrefix } from '../model/net.js';
import type { DockerNetworkModel } from '../model/types.js';
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
  const subnet = changes.subnet ?? net.subnets[0]?.text;
  const newPrefix = parsePrefix(subnet);
  // A container keeps its static address only when it is reconnected with --ip (and the address still fits).
  const reconnect = net.containers.map((a) => (a.staticIpv4 && newPrefix && addressInPrefix(a.staticIpv4, newPrefix)
    ? ps`docker network connect --ip ${a.staticIpv4} ${net.name} ${a.container.name}`
    : ps`docker network connect ${net.name} ${a.container.name}`));
  const commands = [
    ...attached.map((c) => ps`docker network disconnect --force ${net.name} ${c}`),
    dockerNetworkRm(net.name),
    dockerNetworkCreate({
      driver: net.driver,
      name: net.name,
      subnet,
      gateway: changes.gateway ?? net.subnets[0]?.gateway,
      options: keptOptions(net),
    }),
    ...reconnect,
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
