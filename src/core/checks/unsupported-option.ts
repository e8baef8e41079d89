import { OPT } from '../model/constants.js';
import { parseLink } from '../model/derived/docker.js';
import type { ContainerModel, DockerNetworkModel } from '../model/types.js';
import { ps } from '../powershell.js';
import { dockerNetworkCreate, dockerNetworkRm, recreateNetworkWith } from './fixes.js';
import type { Check, Fix, FindingDraft, Severity } from './types.js';

/**
 * One unsupported setting found on an object. `error` marks settings whose
 * promise Windows breaks without a word (isolation, encryption); `warning`
 * marks settings that are simply ignored.
 */
interface Unsupported {
  /** The docker CLI option, as the user typed it. */
  readonly option: string;
  /** What the capture shows. */
  readonly shows: string;
  /** What Windows does with it. */
  readonly effect: string;
  readonly severity: Severity;
}

/** IPAM drivers that are normal on Windows: `windows` for local networks, `default` for swarm and null networks. */
const NORMAL_IPAM = new Set(['windows', 'default', '']);

function networkUnsupported(net: DockerNetworkModel): Unsupported[] {
  const out: Unsupported[] = [];
  if (net.internal) {
    out.push({
      option: '--internal', shows: 'Internal: true', severity: 'error',
      effect: 'the Windows drivers ignore it, so the network is not isolated: its containers still reach and are reached from outside',
    });
  }
  if (net.driver === 'overlay' && Object.keys(net.options).some((k) => k.toLowerCase() === OPT.encrypted)) {
    out.push({
      option: '--opt encrypted', shows: `option '${OPT.encrypted}'`, severity: 'error',
      effect: 'Windows nodes do not encrypt overlay traffic: Windows containers on it cannot talk to Linux containers, and traffic between Windows containers crosses the network in clear text',
    });
  }
  if (net.enableIPv6) {
    out.push({
      option: '--ipv6', shows: 'EnableIPv6: true', severity: 'warning',
      effect: 'the Windows drivers refuse IPv6 subnets, so containers on it get IPv4 only',
    });
  }
  const ipam = (net.ipamDriver ?? '').toLowerCase();
  if (!NORMAL_IPAM.has(ipam)) {
    out.push({
      option: '--ipam-driver', shows: `IPAM driver '${net.ipamDriver}'`, severity: 'warning',
      effect: 'Windows documents only its own address management, so addresses from that driver are not guaranteed to reach HNS',
    });
  }
  const ipamOpts = Object.keys(net.ipamOptions);
  if (ipamOpts.length > 0) {
    out.push({
      option: '--ipam-opt', shows: `IPAM options ${ipamOpts.map((k) => `'${k}'`).join(', ')}`, severity: 'warning',
      effect: 'the Windows address management ignores them',
    });
  }
  if (net.ipRanges.length > 0) {
    out.push({
      option: '--ip-range', shows: `IP range ${net.ipRanges.join(', ')}`, severity: 'warning',
      effect: 'HNS assigns addresses from the whole subnet, so containers may get addresses outside that range',
    });
  }
  if (net.auxAddresses.length > 0) {
    out.push({
      option: '--aux-address', shows: `auxiliary addresses ${net.auxAddresses.join(', ')}`, severity: 'warning',
      effect: 'HNS does not reserve them and may give them to containers, which then clash with the devices that own them',
    });
  }
  return out;
}

/** `/db:/web/database` or `db:database` -> { target: 'db', alias: 'database' }. */
function containerUnsupported(c: ContainerModel): Unsupported[] {
  const out: Unsupported[] = [];
  const links = [...new Set([...c.links, ...c.attachments.flatMap((a) => a.links ?? [])])];
  if (links.length > 0) {
    const described = links.map(parseLink).map((l) => (l.alias === l.target ? `'${l.target}'` : `'${l.target}' as '${l.alias}'`));
    out.push({
      option: '--link', shows: `links to ${described.join(', ')}`, severity: 'warning',
      effect: 'Windows ignores links: the link names do not resolve; on a nat network the target is reachable by its container name instead',
    });
  }
  if (c.dnsOptions.length > 0) {
    out.push({
      option: '--dns-option', shows: `DNS options ${c.dnsOptions.map((o) => `'${o}'`).join(', ')}`, severity: 'warning',
      effect: 'Windows ignores them',
    });
  }
  if (c.dnsSearch.length > 1) {
    out.push({
      option: '--dns-search', shows: `${c.dnsSearch.length} DNS search domains (${c.dnsSearch.map((d) => `'${d}'`).join(', ')})`, severity: 'warning',
      effect: 'Windows supports one search domain per container; names may not be completed with the others',
    });
  }
  return out;
}

function worst(items: readonly Unsupported[]): Severity {
  return items.some((i) => i.severity === 'error') ? 'error' : 'warning';
}

function describe(items: readonly Unsupported[]): string {
  return items.map((i) => `${i.option} (${i.shows}): ${i.effect}`).join('; ');
}

function networkVerify(net: DockerNetworkModel): string {
  return ps`docker network inspect ${net.name} --format '{{.Internal}} {{.EnableIPv6}} {{.IPAM.Driver}} {{json .IPAM.Config}} {{json .Options}}'`;
}

/** An overlay network belongs to swarm services: they must let go of it before it can be removed. */
function recreateOverlayFix(net: DockerNetworkModel, title: string): Fix {
  const subnet = net.subnets.find((s) => s.prefix && s.prefix.length > 0);
  const options: Record<string, string> = {};
  for (const [k, v] of Object.entries(net.options)) {
    if (k.startsWith('com.docker.network.windowsshim.') && k !== OPT.hnsId) options[k] = v;
  }
  return {
    title,
    risk: 'disruptive',
    disrupts: `every service and container attached to '${net.name}': remove them from it (docker service update --network-rm) before the network can be removed`,
    runOn: 'container-host',
    commands: [
      dockerNetworkRm(net.name),
      dockerNetworkCreate({ driver: 'overlay', name: net.name, subnet: subnet?.text, gateway: subnet?.gateway, options }),
    ],
    verify: networkVerify(net),
    expect: 'Shows false false, no IP range or auxiliary addresses, and no encrypted option.',
  };
}

function networkDraft(net: DockerNetworkModel, items: readonly Unsupported[]): FindingDraft {
  const options = items.map((i) => i.option).join(', ');
  const title = `Re-create '${net.name}' without ${options}`;
  let fix: Fix;
  if (net.driver === 'overlay') {
    fix = recreateOverlayFix(net, `${title} (on a swarm manager)`);
  } else {
    const declared = net.subnets.some((x) => x.prefix && x.prefix.length > 0);
    const s = declared ? undefined : net.effectiveSubnets[0];
    fix = recreateNetworkWith(net, s ? { subnet: s.text, gateway: s.gateway ?? null } : {}, title, {
      verify: networkVerify(net),
      expect: 'Shows false false, the IPAM driver windows, and no IP range or auxiliary addresses.',
    });
  }
  return {
    severity: worst(items),
    message: `Docker network '${net.name}' (${net.driver}) uses ${items.length === 1 ? 'an option' : 'options'} that Windows does not support: ${describe(items)}.`,
    subjects: [net.subject],
    fixes: [fix],
  };
}

function containerDraft(c: ContainerModel, items: readonly Unsupported[]): FindingDraft {
  const options = items.map((i) => i.option).join(', ');
  const network = c.attachments.find((a) => a.network)?.networkName ?? (c.networkMode && c.networkMode !== 'default' ? c.networkMode : undefined);
  const run: string[] = [ps`docker run -d --name ${c.name}`];
  if (network) run.push(ps`--network ${network}`);
  if (c.isolation) run.push(ps`--isolation ${c.isolation}`);
  for (const p of c.ports) {
    if (p.hostPort !== undefined) run.push(ps`-p ${`${p.hostPort}:${p.containerPort}/${p.protocol}`}`);
  }
  for (const d of c.dns) run.push(ps`--dns ${d}`);
  if (c.dnsSearch[0]) run.push(ps`--dns-search ${c.dnsSearch[0]}`);
  run.push('$image');
  return {
    severity: worst(items),
    message: `Container '${c.name}' was started with ${items.length === 1 ? 'an option' : 'options'} that Windows does not support: ${describe(items)}.`,
    subjects: [c.subject],
    fixes: [{
      title: `Re-create '${c.name}' without ${options}`,
      risk: 'disruptive',
      disrupts: `container '${c.name}' is removed and started again; settings the capture does not hold (environment, volumes, command) must be added back from its compose file or original run command`,
      runOn: 'container-host',
      commands: [
        ps`$image = docker inspect --format '{{.Config.Image}}' ${c.name}`,
        ps`docker rm --force ${c.name}`,
        run.join(' '),
      ],
      verify: ps`docker inspect --format '{{json .HostConfig.Links}} {{json .HostConfig.DnsOptions}} {{json .HostConfig.DnsSearch}}' ${c.name}`,
      expect: 'Shows null (or []) for links and DNS options, and at most one search domain.',
    }],
  };
}

export const unsupportedOption: Check = {
  meta: {
    code: 'WCN401',
    knowledge: 'unsupported-option',
    title: 'A Docker networking option that Windows does not support',
    severity: 'error',
    requires: ['docker.networks', 'docker.containers'],
    owners: ['docker'],
    description: 'Looks for network settings (internal, IPv6, IPAM driver and options, IP range, auxiliary addresses, encrypted overlay) and container settings (links, DNS options, several search domains) that Windows ignores or breaks.',
  },
  run(model) {
    const out: FindingDraft[] = [];
    for (const net of model.dockerNetworks) {
      const items = networkUnsupported(net);
      if (items.length > 0) out.push(networkDraft(net, items));
    }
    for (const c of model.containers) {
      const items = containerUnsupported(c);
      if (items.length > 0) out.push(containerDraft(c, items));
    }
    return out;
  },
};
