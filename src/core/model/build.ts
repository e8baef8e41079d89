/**
 * Capture -> HostModel. Pure and linear in the size of the capture: every
 * relation is resolved through a map built once. Each concern has its own
 * builder (./builders/); this module composes them in dependency order:
 * host, adapters, switches, WinNAT, then HNS (the root), the views bound to
 * it (docker, CNI confs, pod sandboxes), the runtimes, and last the owners of every HNS
 * object (src/core/owners/resolve.ts).
 */
import { EITHER_PARTS, PARTED_KEYS } from '../capture/keys.js';
import type { Capture } from '../capture/schema.js';
import { buildInventory, resolveOwners } from '../owners/resolve.js';
import { buildAdapters } from './builders/adapters.js';
import { buildCniConfs } from './builders/cni.js';
import { lower } from './builders/common.js';
import { buildDocker } from './builders/docker.js';
import { buildHns } from './builders/hns.js';
import { buildHost, buildServices } from './builders/host.js';
import { buildPods } from './builders/pods.js';
import { buildRuntimes } from './builders/runtimes.js';
import { buildSwitches } from './builders/switches.js';
import { buildWinNat } from './builders/winnat.js';
import type { HostModel, RuntimeKind } from './types.js';

export { OPT, VFP_EXTENSION_ID, VFP_EXTENSION_NAME } from './constants.js';
export { detectVirtualization } from './builders/host.js';

/** Keys and docker parts that were captured and readable. */
function capturedKeys(capture: Capture): Set<string> {
  const captured = new Set<string>();
  for (const [k, v] of Object.entries(capture)) if (v !== undefined) captured.add(k);
  for (const key of PARTED_KEYS) {
    for (const [k, v] of Object.entries(capture[key] ?? {})) if (v !== undefined) captured.add(`${key}.${k}`);
  }
  // A `docker info` that carries ServerErrors is the client saying the daemon did not answer: nothing was read from the engine.
  if (capture.docker?.info?.answered === false) captured.delete('docker.info');
  // A `docker version` without its Server half is the client alone.
  if (capture.docker?.version && capture.docker.version.Server == null) captured.delete('docker.version');
  for (const either of EITHER_PARTS) if (either.anyOf.some((k) => captured.has(k))) captured.add(either.key);
  return captured;
}

export function buildModel(capture: Capture, source = '<capture>'): HostModel {
  const captured = capturedKeys(capture);
  const { host, platform } = buildHost(capture);
  const services = buildServices(capture);
  const adapters = buildAdapters(capture);
  const switches = buildSwitches(capture, adapters);
  const { nats, staticMappings, excludedPortRanges } = buildWinNat(capture);
  const hns = buildHns(capture, switches, adapters);
  const docker = buildDocker(capture, hns);
  const cniConfs = buildCniConfs(capture, hns);
  const pods = buildPods(capture, hns.endpoints);
  const runtimes = buildRuntimes(capture, services);
  const inventory = buildInventory(capture, captured, runtimes);
  const kubeProxy = capture.kubernetes?.kubeProxy;
  resolveOwners(hns, { runtimes, inventory, cniConfs: cniConfs.length, kubeProxyNetwork: kubeProxy?.networkName?.value, sourceVip: kubeProxy?.sourceVip?.value });
  const runtimeByKind = new Map<RuntimeKind, (typeof runtimes)[number]>(runtimes.map((r) => [r.kind, r]));
  const switchByName = switches.byName;
  const adapterByName = adapters.byName;
  const netByName = docker.byName;

  const model: HostModel = {
    source, capture, captured, host, platform,
    ipv6DisabledComponents: capture.tcpip6?.DisabledComponents,
    services, adapters: adapters.adapters, switches: switches.switches, extensions: switches.extensions, nats, staticMappings,
    excludedPortRanges,
    routes: adapters.routes,
    ipRoutes: adapters.ipRoutes,
    hnsNetworks: hns.networks, hnsEndpoints: hns.endpoints, hnsLoadBalancers: hns.loadBalancers,
    runtimes, inventory, cniConfs,
    docker: docker.docker, dockerNetworks: docker.networks, containers: docker.containers, pods,
    hotfixes: (capture.hotfixes ?? []).map((h) => h.HotFixID),
    parentVmAdapters: capture.parentVmNetworkAdapters,
    collectorErrors: capture.collectorErrors ?? [],
    service: (n) => services.get(lower(n)),
    adapterByName: (n) => adapterByName.get(lower(n)),
    switchByName: (n) => switchByName.get(lower(n)),
    dockerNetworkByName: (n) => netByName.get(lower(n)),
    runtime: (k) => runtimeByKind.get(k),
  };
  return model;
}
