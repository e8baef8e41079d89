/**
 * Fix pieces that several checks share. All text goes through `ps`.
 */
import { OPT } from '../model/constants.js';
import { addressInPrefix, parsePrefix } from '../model/net.js';
import type { DockerNetworkModel, HostModel, ServiceModel } from '../model/types.js';
import { ps, psQuote } from '../powershell.js';
import { removeHnsNetworkCommand } from '../owners/hns.js';
import type { Fix } from './types.js';

export const TCPIP6_PARAMETERS = 'HKLM:\\SYSTEM\\CurrentControlSet\\Services\\Tcpip6\\Parameters';

/** `Restart-Service` for one service; with `force` it is stopped even when other services depend on it. */
export function restartService(name: string, options: { readonly force?: boolean } = {}): string {
  return options.force ? ps`Restart-Service -Name ${name} -Force` : ps`Restart-Service -Name ${name}`;
}

export function stopService(name: string): string {
  return ps`Stop-Service -Name ${name}`;
}

/** Restart one Windows service, with the read-only check that it came back; the wording says what it disrupts. */
export function serviceRestartFix(service: string, disrupts: string, words: { readonly title?: string; readonly expect?: string } = {}): Fix {
  return {
    title: words.title ?? `Restart '${service}'`,
    risk: 'disruptive',
    disrupts,
    runOn: 'container-host',
    commands: [restartService(service)],
    verify: ps`Get-Service -Name ${service} | Select-Object -Property 'Name','Status'`,
    expect: words.expect ?? 'Status is Running.',
  };
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
function keptOptions(net: DockerNetworkModel): Record<string, string> {
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
 * Windows Server) or Docker Desktop's `com.docker.service`; `docker` when
 * neither service is in the capture (not captured, or not installed).
 */
export function engineServiceName(model: HostModel): string {
  if (model.service('docker')) return 'docker';
  if (model.service('com.docker.service')) return 'com.docker.service';
  return 'docker';
}

/** The safe fix that starts a stopped service (re-enabling it first when it is disabled). */
export function startServiceFix(service: Pick<ServiceModel, 'name' | 'startType'>, expect: string, verify?: string): Fix {
  return {
    title: service.startType === 'Disabled' ? `Re-enable service '${service.name}' (start type Manual) and start it` : `Start service '${service.name}'`,
    risk: 'safe',
    runOn: 'container-host',
    commands: startServiceCommands(service),
    verify: verify ?? ps`Get-Service -Name ${service.name} | Select-Object -Property 'Name','Status','StartType'`,
    expect,
  };
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

export interface NetworkChanges {
  /** Another driver (l2tunnel -> l2bridge). */
  readonly driver?: string;
  /** A new subnet; null drops it; undefined keeps the current one. */
  readonly subnet?: string | null;
  /** A new gateway; null drops it; undefined keeps the current one. */
  readonly gateway?: string | null;
  /** Options to set (a string) or drop (null); the other windowsshim options are kept. */
  readonly options?: Readonly<Record<string, string | null>>;
}

/**
 * Remove a docker network and create it again with the given changes, then
 * reattach its containers; a container that had a static address keeps it
 * (`--ip`) when the address still fits the new subnet. Disruptive when
 * containers are attached.
 */
export function recreateNetworkWith(
  net: DockerNetworkModel,
  changes: NetworkChanges,
  title: string,
  check: { readonly verify: string; readonly expect: string },
): Fix {
  const declared = net.subnets.find((s) => s.prefix && s.prefix.length > 0);
  const subnet = changes.subnet === null ? undefined : changes.subnet ?? declared?.text;
  const gateway = changes.gateway === null ? undefined : changes.gateway ?? declared?.gateway;
  const options: Record<string, string> = keptOptions(net);
  for (const [k, v] of Object.entries(changes.options ?? {})) {
    if (v === null) delete options[k];
    else options[k] = v;
  }
  const newPrefix = subnet ? parsePrefix(subnet) : undefined;
  const attached = net.containers;
  const reconnect = attached.map((a) => {
    const ip = a.staticIpv4;
    return ip && newPrefix && addressInPrefix(ip, newPrefix)
      ? ps`docker network connect --ip ${ip} ${net.name} ${a.container.name}`
      : ps`docker network connect ${net.name} ${a.container.name}`;
  });
  const names = attached.map((a) => `'${a.container.name}'`).join(', ');
  return {
    title,
    risk: attached.length > 0 ? 'disruptive' : 'safe',
    ...(attached.length > 0 ? { disrupts: `the network connection of ${attached.length === 1 ? 'container' : 'containers'} ${names} while '${net.name}' is re-created` } : {}),
    runOn: 'container-host',
    commands: [
      ...attached.map((a) => ps`docker network disconnect --force ${net.name} ${a.container.name}`),
      dockerNetworkRm(net.name),
      dockerNetworkCreate({ driver: changes.driver ?? net.driver, name: net.name, ...(subnet ? { subnet } : {}), ...(gateway ? { gateway } : {}), options }),
      ...reconnect,
    ],
    verify: check.verify,
    expect: check.expect,
  };
}

/** A read-only look at a network's driver, addressing and options. */
export function inspectNetwork(name: string): string {
  return ps`docker network inspect ${name} --format '{{.Driver}} {{json .IPAM.Config}} {{json .Options}}'`;
}

export const DAEMON_JSON = 'C:\\ProgramData\\docker\\config\\daemon.json';

/**
 * Commands that set one top-level value in daemon.json and keep everything
 * else: a `.bak` copy first, then read, change, and write back as UTF-8
 * without a byte order mark (`Set-Content -Encoding UTF8` in Windows
 * PowerShell 5.1 writes one, and the daemon then refuses the file).
 */
export function setDaemonJsonValue(key: string, value: string): string[] {
  return [
    ps`$path = ${DAEMON_JSON}`,
    "if (Test-Path -Path $path) { Copy-Item -Path $path -Destination ($path + '.bak') -Force }",
    "$text = if (Test-Path -Path $path) { Get-Content -Path $path -Raw } else { '' }",
    "$config = if ($text -and $text.Trim()) { $text | ConvertFrom-Json } else { New-Object -TypeName 'PSObject' }",
    ps`$config | Add-Member -NotePropertyName ${key} -NotePropertyValue ${value} -Force`,
    "$null = New-Item -ItemType 'Directory' -Path (Split-Path -Path $path -Parent) -Force",
    '[System.IO.File]::WriteAllText($path, ($config | ConvertTo-Json -Depth 10))',
  ];
}

/**
 * Pin the default nat network to `subnet` with `fixed-cidr` and let Docker
 * rebuild it: Docker adopts an existing HNS nat network at start and only
 * uses `fixed-cidr` when it creates one, so the HNS network goes while
 * Docker is stopped.
 */
export function pinDefaultNatSubnetFix(model: HostModel, subnet: string, hnsId: string | undefined, title: string): Fix {
  const service = engineServiceName(model);
  const desktop = service === 'com.docker.service';
  return {
    title: desktop ? `${title} (Docker Desktop: set "fixed-cidr" under Settings > Docker Engine instead of editing the file)` : title,
    risk: 'disruptive',
    disrupts: 'the Docker engine stops and starts: every container stops, and containers on nat come back with addresses in the new range',
    runOn: 'container-host',
    commands: [
      ...setDaemonJsonValue('fixed-cidr', subnet),
      ps`Stop-Service -Name ${service}`,
      hnsId ? removeHnsNetworkCommand(hnsId) : "Get-HnsNetwork | Where-Object -Property 'Name' -EQ -Value 'nat' | Remove-HnsNetwork",
      startService(service),
    ],
    verify: "docker network inspect 'nat' --format '{{json .IPAM.Config}}'",
    expect: `Shows the subnet ${subnet}.`,
  };
}

/** Commands that delete one top-level value from daemon.json (with a `.bak` copy), written back without a BOM. */
export function removeDaemonJsonValue(key: string): string[] {
  return [
    ps`$path = ${DAEMON_JSON}`,
    "Copy-Item -Path $path -Destination ($path + '.bak') -Force",
    '$config = Get-Content -Path $path -Raw | ConvertFrom-Json',
    ps`$config.PSObject.Properties.Remove(${key})`,
    '[System.IO.File]::WriteAllText($path, ($config | ConvertTo-Json -Depth 10))',
  ];
}
