import test from 'ava';
import { serviceOfTask, swarmRoutingMeshUnsupported } from '../../src/core/checks/swarm-routing-mesh-unsupported.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';
import { addContainer, addOverlay, setBuild, setSwarm } from '../helpers/capture-edits.js';

const TASK = 'web.1.k3v9d2q8x7w1m0n5b4c6z8a2s';
const TASK_ID = '9a8b7c6d5e4f30211203f4e5d6c7b8a99a8b7c6d5e4f30211203f4e5d6c7b8a9';

/** A swarm service 'web' whose task joined the ingress network (and failed, as on 14393). */
function ingressTask(opts: { build?: number; ubr?: number; name?: string; ingressName?: string; error?: string } = {}) {
  return (raw: RawCapture) => {
    if (opts.build) setBuild(raw, opts.build, opts.ubr ?? 0, { server: opts.build !== 15063 });
    setSwarm(raw);
    const ingress = opts.ingressName ?? 'ingress';
    addOverlay(raw, { name: ingress, ingress: true, subnet: '10.255.0.0/16', gateway: '10.255.0.1', vxlan: '4096' });
    addOverlay(raw, { name: 'web-net' });
    addContainer(raw, {
      id: TASK_ID, name: opts.name ?? TASK, running: false,
      error: opts.error ?? 'failed to create endpoint web.1.k3v9d2q8x7w1m0n5b4c6z8a2s on network ingress: HNS failed with error : Catastrophic failure',
      networks: { [ingress]: { ip: '10.255.0.5' }, 'web-net': { ip: '10.0.1.5' } },
    });
  };
}

test('task container names give the service', (t) => {
  t.is(serviceOfTask('web.1.k3v9d2q8x7w1m0n5b4c6z8a2s'), 'web');
  t.is(serviceOfTask('my.app.12.k3v9d2q8x7w1m0n5b4c6z8a2s'), 'my.app');
  t.is(serviceOfTask('agent.x1t9o7t1u0c2kqf0n3e8w4a2b.k3v9d2q8x7w1m0n5b4c6z8a2s'), 'agent');
  t.is(serviceOfTask('web-frontend'), undefined);
});

testCheck(test, swarmRoutingMeshUnsupported, {
  valid: [
    { name: 'healthy WS2016 (no swarm)', baseline: 'healthy-ws2016' },
    { name: 'healthy WS2019', baseline: 'healthy-ws2019' },
    { name: 'healthy WS2022', baseline: 'healthy-ws2022' },
    { name: 'healthy Windows 11', baseline: 'healthy-win11' },
    { name: 'ingress publishing on WS2019: the routing mesh exists there', baseline: 'healthy-ws2019', patch: ingressTask() },
    { name: 'ingress publishing on 16299', baseline: 'healthy-ws2019', patch: ingressTask({ build: 16299, ubr: 15 }) },
    {
      name: 'a swarm on WS2016 with an ingress network that no task uses',
      baseline: 'healthy-ws2016',
      patch: (raw) => { setSwarm(raw); addOverlay(raw, { name: 'ingress', ingress: true, subnet: '10.255.0.0/16', gateway: '10.255.0.1', vxlan: '4096' }); },
    },
    {
      name: 'host-mode publishing on WS2016: the task is on its overlay network only',
      baseline: 'healthy-ws2016',
      patch: (raw) => {
        setSwarm(raw);
        addOverlay(raw, { name: 'web-net' });
        addContainer(raw, { id: TASK_ID, name: TASK, networks: { 'web-net': { ip: '10.0.1.5' } }, ports: { '80/tcp': [{ HostIp: '', HostPort: '8080' }] } });
      },
    },
  ],
  invalid: [
    {
      name: 'a task on the ingress network on WS2016',
      baseline: 'healthy-ws2016',
      patch: ingressTask(),
      findings: [{
        severity: 'warning', subjects: ['docker engine', 'ingress', TASK],
        message: ['build 14393.7259', "service 'web'", 'mode=host', 'dnsrr', 'last failed with: failed to create endpoint'],
      }],
    },
    {
      name: 'Windows 10 1703 (15063) has no routing mesh either',
      baseline: 'healthy-win11',
      patch: ingressTask({ build: 15063, ubr: 1387 }),
      findings: [{ severity: 'warning', subjects: ['ingress'] }],
    },
    {
      name: 'a renamed ingress network, found by its Ingress flag',
      baseline: 'healthy-ws2016',
      patch: ingressTask({ ingressName: 'mesh' }),
      findings: [{ subjects: ['mesh'], message: ["ingress network 'mesh'"] }],
    },
    {
      name: 'a container name that is not a task still gets a fix for every service',
      baseline: 'healthy-ws2016',
      patch: ingressTask({ name: 'odd-name' }),
      findings: [{ subjects: ['odd-name'] }],
    },
    {
      name: 'a hostile service name still gives a parseable fix',
      baseline: 'healthy-ws2016',
      patch: ingressTask({ name: "w'$(Stop-Computer);`.1.k3v9d2q8x7w1m0n5b4c6z8a2s" }),
      findings: [{ message: ["service 'w'$(Stop-Computer);`'"] }],
    },
  ],
});
