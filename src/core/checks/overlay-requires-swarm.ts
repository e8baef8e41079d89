import type { HostModel, Subject } from '../model/types.js';
import { ps } from '../powershell.js';
import type { Check, Fix, FindingDraft } from './types.js';

const SWARM_STATE = ps`docker info --format '{{.Swarm.LocalNodeState}} manager={{.Swarm.ControlAvailable}}'`;

/**
 * The address other swarm nodes should use: the IPv4 address of the adapter
 * that holds the default route (not a nat or ICS host vNIC). Undefined when
 * there is none, or several that tie.
 */
export function advertiseAddress(model: HostModel): string | undefined {
  const candidates = model.adapters.filter((a) => a.up && a.defaultGateways.length > 0 && a.ipv4.length > 0
    && !(a.vnicOf && a.vnicOf.type !== 'External'));
  const addresses = candidates.flatMap((a) => a.ipv4.filter((ip) => !ip.address.startsWith('169.254.')).map((ip) => ip.address));
  return addresses.length === 1 ? addresses[0] : undefined;
}

function initFix(model: HostModel): Fix {
  const addr = advertiseAddress(model);
  return {
    title: 'Make this host a swarm manager (or join it to the existing swarm with the token from a manager)',
    risk: 'safe',
    runOn: 'container-host',
    commands: [addr ? ps`docker swarm init --advertise-addr ${addr}` : 'docker swarm init'],
    verify: SWARM_STATE,
    expect: 'Prints active manager=true.',
  };
}

export const overlayRequiresSwarm: Check = {
  meta: {
    code: 'WCN501',
    knowledge: 'overlay-requires-swarm',
    title: 'An overlay network is used while the engine is not in swarm mode',
    severity: 'error',
    requires: ['docker.info', 'docker.networks'],
    owners: ['docker'],
    description: 'Overlay networks (docker, or HNS ones docker does not list) while docker info says the node is not an active swarm member.',
  },
  run(model) {
    const state = (model.docker?.swarmState ?? '').toLowerCase() || 'inactive';
    if (state === 'active') return [];
    const dockerOverlays = model.dockerNetworks.filter((n) => n.driver === 'overlay');
    const hnsOverlays = model.hnsNetworks.filter((h) => h.type === 'overlay' && !h.dockerNetwork);
    if (dockerOverlays.length === 0 && hnsOverlays.length === 0) return [];
    const names = [
      ...dockerOverlays.map((n) => `docker overlay network '${n.name}'`),
      ...hnsOverlays.map((h) => `HNS overlay network '${h.name ?? h.id}' (which docker does not list: a leftover)`),
    ];
    const subjects: Subject[] = [
      ...(model.docker ? [model.docker.subject] : []),
      ...dockerOverlays.map((n) => n.subject),
      ...hnsOverlays.map((h) => h.subject),
    ];
    const what = `The ${names.join(', the ')} ${names.length === 1 ? 'needs' : 'need'} swarm mode, but docker info reports Swarm.LocalNodeState '${model.docker?.swarmState ?? 'unknown'}'.`;
    const why = 'On Windows the overlay driver gets its VXLAN ids from the swarm manager; without an active swarm, creating an overlay network fails with "insufficient vnis(0)" and containers cannot join one.';
    const fixes: Fix[] = [];
    let severity: FindingDraft['severity'];
    let extra = '';
    if (state === 'locked') {
      extra = ' The node is locked (swarm autolock): it needs the unlock key after every engine restart.';
      fixes.push({
        title: 'Unlock the swarm on this node with its unlock key',
        risk: 'safe',
        runOn: 'container-host',
        commands: ['docker swarm unlock'],
        verify: SWARM_STATE,
        expect: 'Prints active.',
      });
    } else if (state === 'pending') {
      severity = 'warning';
      extra = ' The node is still joining a swarm (pending); if it stays pending, the managers cannot be reached on TCP 2377.';
      fixes.push({
        title: 'Leave the half-joined swarm and join again with a fresh token from a manager',
        risk: 'disruptive',
        disrupts: 'the swarm tasks of this node, which the managers reschedule elsewhere',
        runOn: 'container-host',
        commands: ['docker swarm leave --force'],
        verify: SWARM_STATE,
        expect: 'Prints inactive; then docker swarm join (with the token from docker swarm join-token worker on a manager) makes it active.',
      });
    } else if (state === 'error') {
      extra = ' The swarm state is error: the node lost its swarm membership.';
      fixes.push({
        title: 'Leave the broken swarm membership, then initialize or join again',
        risk: 'disruptive',
        disrupts: 'the swarm tasks of this node',
        runOn: 'container-host',
        commands: ['docker swarm leave --force', initFix(model).commands[0]!],
        verify: SWARM_STATE,
        expect: 'Prints active manager=true.',
      });
    } else {
      fixes.push(initFix(model));
    }
    if (hnsOverlays.length > 0) {
      // With nothing but leftovers, removing them is the first fix; joining a swarm is the other way.
      const add = (f: Fix) => (dockerOverlays.length === 0 ? fixes.unshift(f) : fixes.push(f));
      add({
        title: `${dockerOverlays.length === 0 ? 'Remove' : 'Or, if this host should not be in a swarm, remove'} the leftover overlay ${hnsOverlays.length === 1 ? 'network' : 'networks'} from HNS`,
        risk: hnsOverlays.some((h) => h.endpoints.length > 0) ? 'disruptive' : 'safe',
        ...(hnsOverlays.some((h) => h.endpoints.length > 0) ? { disrupts: 'the endpoints still attached to those HNS networks' } : {}),
        runOn: 'container-host',
        commands: hnsOverlays.map((h) => ps`Get-HnsNetwork | Where-Object -Property 'Id' -EQ -Value ${h.id} | Remove-HnsNetwork`),
        verify: ps`Get-HnsNetwork | Where-Object -Property 'Type' -EQ -Value 'Overlay'`,
        expect: 'Prints nothing.',
      });
    }
    return [{
      ...(severity ? { severity } : {}),
      message: `${what} ${why}${extra}`,
      subjects,
      fixes,
    }];
  },
};
