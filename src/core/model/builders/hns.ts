/** HNS networks, endpoints, their policies and load balancers: the root of the model. */
import type { Capture, HnsEndpointRecord } from '../../capture/schema.js';
import { VFP_EXTENSION_ID, VFP_EXTENSION_NAME } from '../constants.js';
import { normalizeMac, parsePrefix } from '../net.js';
import type { HnsEndpointModel, HnsLoadBalancerModel, HnsNetworkModel, Owner, SubnetModel } from '../types.js';
import type { Adapters } from './adapters.js';
import { guid, guidOf, lower } from './common.js';
import type { Switches } from './switches.js';

/** Placeholder until the owners are resolved (src/core/owners/resolve.ts). */
const UNRESOLVED: Owner = { kind: 'unknown', evidence: 'none', label: 'no recognisable owner' };

export interface Hns {
  readonly networks: HnsNetworkModel[];
  readonly endpoints: HnsEndpointModel[];
  readonly loadBalancers: HnsLoadBalancerModel[];
  readonly byId: Map<string, HnsNetworkModel>;
  readonly byName: Map<string, HnsNetworkModel>;
  /** The normalized network id of each endpoint, by position. */
  readonly endpointNet: string[];
  /** Network id text -> normalized id. */
  readonly guids: Map<string, string>;
}

type SubnetInput = { AddressPrefix?: string | undefined; GatewayAddress?: string | undefined; Policies?: SubnetModel['policies'] };

function subnetsOf(list: readonly SubnetInput[]): SubnetModel[] {
  return list.map((s) => ({ text: s.AddressPrefix, prefix: parsePrefix(s.AddressPrefix), gateway: s.GatewayAddress || undefined, policies: s.Policies ?? [] }));
}

function hnsEndpointModel(e: HnsEndpointRecord, network: HnsNetworkModel | undefined): HnsEndpointModel {
  const ep: HnsEndpointModel = {
    id: e.ID, name: e.Name, networkId: e.NetworkId, ipAddress: e.IPAddress, mac: normalizeMac(e.MacAddress),
    isRemote: e.IsRemoteEndpoint, state: e.State, sharedContainers: e.SharedContainers, policies: e.Policies ?? [], network, container: undefined, pod: undefined,
    loadBalancers: [], owner: UNRESOLVED,
    subject: { kind: 'hns-endpoint', name: e.Name ?? e.ID, id: e.ID, pointer: e.$ptr },
  };
  network?.endpoints.push(ep);
  return ep;
}

export function buildHns(capture: Capture, switches: Switches, adapters: Adapters): Hns {
  const networks: HnsNetworkModel[] = (capture.hnsNetworks ?? []).map((n) => {
    const vfp = n.Extensions.find((e) => lower(e.Name) === lower(VFP_EXTENSION_NAME) || guid(e.Id) === VFP_EXTENSION_ID);
    return {
      id: n.ID, name: n.Name, type: lower(n.Type), subnets: subnetsOf(n.Subnets), natName: n.NatName,
      adapterName: n.NetworkAdapterName, managementIp: n.ManagementIP, shape: n.Shape, vfpEnabled: vfp?.IsEnabled, policies: n.Policies,
      switch: undefined, dockerNetwork: undefined, cni: undefined, endpoints: [], owner: UNRESOLVED,
      subject: { kind: 'hns-network', name: n.Name ?? n.ID, id: n.ID, pointer: n.$ptr },
    };
  });
  const byId = new Map(networks.map((n) => [guid(n.id), n]));
  const byName = new Map<string, HnsNetworkModel>();
  for (const h of networks) if (h.name !== undefined && !byName.has(lower(h.name))) byName.set(lower(h.name), h);
  for (const n of networks) {
    let sw = n.name ? switches.byName.get(lower(n.name)) : undefined;
    if (!sw && n.adapterName) sw = adapters.byName.get(lower(n.adapterName))?.boundTo;
    if (sw) {
      n.switch = sw;
      sw.hnsNetworks.push(n);
    }
  }
  const guids = new Map<string, string>();
  const endpoints: HnsEndpointModel[] = [];
  const endpointNet: string[] = [];
  for (const e of capture.hnsEndpoints ?? []) {
    const net = guidOf(guids, e.NetworkId);
    endpointNet.push(net);
    endpoints.push(hnsEndpointModel(e, e.NetworkId ? byId.get(net) : undefined));
  }
  const loadBalancers = buildLoadBalancers(capture, endpoints);
  return { networks, endpoints, loadBalancers, byId, byName, endpointNet, guids };
}

function buildLoadBalancers(capture: Capture, endpoints: readonly HnsEndpointModel[]): HnsLoadBalancerModel[] {
  const list = capture.hnsLoadBalancers ?? [];
  if (list.length === 0) return [];
  const epById = new Map<string, HnsEndpointModel>();
  for (const e of endpoints) epById.set(guid(e.id), e);
  return list.map((lb) => {
    const vip = lb.FrontendVIPs[0];
    const port = lb.PortMappings[0];
    const model: HnsLoadBalancerModel = {
      id: lb.ID, vips: lb.FrontendVIPs, sourceVip: lb.SourceVIP, dsr: lb.Dsr, endpointIds: lb.EndpointIds,
      ports: lb.PortMappings.map((m) => ({ protocol: m.Protocol, internalPort: m.InternalPort, externalPort: m.ExternalPort, nodePort: m.LocalRoutedVip, ilb: m.Ilb })),
      endpoints: [], owner: UNRESOLVED,
      subject: {
        kind: 'hns-load-balancer', id: lb.ID, pointer: lb.$ptr,
        name: `${vip ?? (port?.LocalRoutedVip ? 'node port' : lb.ID)}${port?.ExternalPort !== undefined ? `:${port.ExternalPort}` : ''}${port?.Protocol ? `/${port.Protocol}` : ''}`,
      },
    };
    for (const id of lb.EndpointIds) {
      const ep = epById.get(guid(id));
      if (ep) {
        model.endpoints.push(ep);
        ep.loadBalancers.push(model);
      }
    }
    return model;
  });
}
