import { hostSideOf, type HostSide } from '../model/external.js';
import { addressInPrefix, isNetworkAddress, prefixesOverlap, type Prefix } from '../model/net.js';
import type { ContainerModel, DockerNetworkModel } from '../model/types.js';
import { ps } from '../powershell.js';
import { inspectNetwork, recreateNetworkWith } from './fixes.js';
import type { Check, Fix, FindingDraft, Severity } from './types.js';

const READ_PHYSICAL = [
  "Get-NetIPConfiguration | Select-Object -Property 'InterfaceAlias','IPv4Address','IPv4DefaultGateway'",
  "Get-NetIPAddress -AddressFamily 'IPv4' | Select-Object -Property 'InterfaceAlias','IPAddress','PrefixLength'",
];

interface Problem {
  readonly severity: Severity;
  readonly text: string;
  /** The network itself must change (not only a container's address). */
  readonly network: boolean;
}

interface Physical {
  readonly side: HostSide;
  readonly prefix: Prefix;
  readonly address: string;
}

/** The host's address on the network's physical segment, preferring one that overlaps the network's subnet. */
function physicalOf(sides: readonly HostSide[], subnet: Prefix | undefined): Physical | undefined {
  const all = sides.flatMap((side) => side.ipv4.map((a) => ({ side, prefix: a.prefix!, address: a.address })));
  return all.find((p) => subnet && prefixesOverlap(p.prefix, subnet)) ?? all[0];
}

function readFix(net: DockerNetworkModel): Fix {
  return {
    title: `Read the physical network's prefix and router, then re-create '${net.name}' with --subnet and --gateway set to them`,
    risk: 'safe',
    runOn: 'container-host',
    commands: READ_PHYSICAL,
    verify: inspectNetwork(net.name),
    expect: "The network's subnet and gateway equal the host's prefix and default router.",
  };
}

export const staticIpNeedsSubnetGateway: Check = {
  meta: {
    code: 'WCN305',
    knowledge: 'static-ip-needs-subnet-gateway',
    title: 'Static IPs without a subnet and gateway matching the physical network',
    severity: 'error',
    requires: ['docker.networks', 'docker.containers'],
    owners: ['docker'],
    description: "Transparent and l2bridge networks with static addresses need --subnet and --gateway equal to the physical network's prefix and router, and container addresses inside them.",
  },
  run(model) {
    const out: FindingDraft[] = [];
    const withAddresses = model.captured.has('netIPAddresses');
    const withRoutes = model.captured.has('netRoutes');
    for (const net of model.dockerNetworks) {
      if (net.driver !== 'transparent' && net.driver !== 'l2bridge') continue;
      const declared = net.subnets.filter((s) => s.prefix && s.prefix.family === 'ipv4' && s.prefix.length > 0);
      const statics = net.containers.filter((a) => a.staticIpv4);
      const sides = withAddresses ? hostSideOf(model, net) : [];
      const first = declared[0];
      const physical = physicalOf(sides, first?.prefix);
      const routers = withRoutes && physical ? physical.side.gateways.filter((g) => addressInPrefix(g, physical.prefix)) : [];
      const problems: Problem[] = [];
      const involved = new Set<ContainerModel>();

      // (a) Static addresses on a transparent network that has no subnet or no gateway.
      // (l2bridge without them is l2bridge-dhcp-unsupported's finding.)
      if (net.driver === 'transparent' && statics.length > 0 && (declared.length === 0 || !declared.some((s) => s.gateway))) {
        const missing = declared.length === 0 ? 'no subnet and no gateway' : 'no gateway';
        statics.forEach((a) => involved.add(a.container));
        problems.push({
          severity: 'error', network: true,
          text: `it has ${missing}, yet ${statics.map((a) => `'${a.container.name}' (${a.staticIpv4})`).join(', ')} ${statics.length === 1 ? 'has a static address' : 'have static addresses'}. Without --gateway, HNS can take the subnet's network address as the gateway and fail ("The object already exists")`,
        });
      }
      for (const s of declared) {
        const p = s.prefix!;
        // (c) The gateway is the subnet's network address.
        if (s.gateway && isNetworkAddress(s.gateway, p)) {
          problems.push({ severity: 'error', network: true, text: `its gateway ${s.gateway} is the network address of ${p.text}, not a router` });
        }
        // (b) Subnet and gateway against the host's own prefix and default router on that segment.
        if (physical) {
          const host = physicalOf(sides, p)!;
          if (!prefixesOverlap(host.prefix, p)) {
            problems.push({ severity: 'error', network: true, text: `its subnet ${p.text} is not the physical network of its adapter: the host has ${host.address}/${host.prefix.length} on '${host.side.adapter.name}', in ${host.prefix.text}` });
          } else if (host.prefix.length !== p.length) {
            problems.push({ severity: 'warning', network: true, text: `its subnet ${p.text} is ${p.length > host.prefix.length ? 'narrower' : 'wider'} than the physical network ${host.prefix.text} (the host has ${host.address}/${host.prefix.length} on '${host.side.adapter.name}'), so containers get the wrong mask` });
          }
          const hostRouters = withRoutes ? host.side.gateways.filter((g) => addressInPrefix(g, host.prefix)) : [];
          if (s.gateway && hostRouters.length > 0 && !hostRouters.includes(s.gateway) && !isNetworkAddress(s.gateway, p)) {
            problems.push({ severity: 'error', network: true, text: `its gateway ${s.gateway} is not the physical network's router: the host's default gateway on '${host.side.adapter.name}' is ${hostRouters.join(', ')}` });
          }
        }
      }
      // (d) Static container addresses outside every subnet.
      if (declared.length > 0) {
        for (const a of statics) {
          if (declared.some((s) => addressInPrefix(a.staticIpv4, s.prefix))) continue;
          involved.add(a.container);
          problems.push({ severity: 'error', network: false, text: `container '${a.container.name}' has static address ${a.staticIpv4}, outside ${declared.map((s) => s.prefix!.text).join(', ')}, so it cannot start on this network` });
        }
      }
      if (problems.length === 0) continue;

      const severity: Severity = problems.some((p) => p.severity === 'error') ? 'error' : 'warning';
      const fixes: Fix[] = [];
      const networkWrong = problems.some((p) => p.network);
      if (networkWrong) {
        const subnet = physical?.prefix.text ?? first?.prefix?.text;
        const subnetPrefix = physical?.prefix ?? first?.prefix;
        const keepGateway = first?.gateway && subnetPrefix && addressInPrefix(first.gateway, subnetPrefix) && !isNetworkAddress(first.gateway, subnetPrefix) ? first.gateway : undefined;
        const gateway = routers[0] ?? keepGateway;
        if (subnet && gateway) {
          fixes.push(recreateNetworkWith(net, { subnet, gateway }, `Re-create '${net.name}' with --subnet ${subnet} --gateway ${gateway} (the physical network's)`, {
            verify: inspectNetwork(net.name),
            expect: `IPAM.Config shows subnet ${subnet} and gateway ${gateway}.`,
          }));
        }
      } else {
        for (const a of statics) {
          if (declared.some((s) => addressInPrefix(a.staticIpv4, s.prefix))) continue;
          const inside = declared.map((s) => s.prefix!.text).join(', ');
          fixes.push({
            title: `Reconnect '${a.container.name}' so it gets an address inside ${inside} (or pass --ip with an address reserved for it)`,
            risk: 'disruptive',
            disrupts: `the network connection of '${a.container.name}', which gets a new address`,
            runOn: 'container-host',
            commands: [ps`docker network disconnect --force ${net.name} ${a.container.name}`, ps`docker network connect ${net.name} ${a.container.name}`],
            verify: ps`docker inspect ${a.container.name} --format '{{json .NetworkSettings.Networks}}'`,
            expect: `The address on '${net.name}' lies inside ${inside}.`,
          });
        }
      }
      if (fixes.length === 0) fixes.push(readFix(net));
      out.push({
        severity,
        message: `Docker network '${net.name}' (${net.driver}): ${problems.map((p) => p.text).join('; ')}.`,
        subjects: [net.subject, ...(physical ? [physical.side.adapter.subject] : []), ...[...involved].map((c) => c.subject)],
        fixes,
      });
    }
    return out;
  },
};
