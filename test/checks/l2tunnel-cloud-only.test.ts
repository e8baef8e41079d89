import test from 'ava';
import { l2tunnelCloudOnly } from '../../src/core/checks/l2tunnel-cloud-only.js';
import { testCheck } from '../helpers/check-tester.js';
import { addContainer, addDockerNetwork } from '../helpers/capture-edits.js';
import { findingsOf } from '../helpers/captures.js';

const IFACE = 'com.docker.network.windowsshim.interface';

testCheck(test, l2tunnelCloudOnly, {
  valid: [
    { name: 'WS2022: l2bridge is not l2tunnel', baseline: 'healthy-ws2022' },
    { name: 'WS2019: transparent', baseline: 'healthy-ws2019' },
    { name: 'WS2016 healthy', baseline: 'healthy-ws2016' },
    { name: 'Windows 11 healthy', baseline: 'healthy-win11' },
  ],
  invalid: [
    {
      name: 'an l2tunnel network with subnet and gateway',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        addDockerNetwork(raw, { name: 'tun', driver: 'l2tunnel', subnet: '10.20.31.0/24', gateway: '10.20.31.1' });
        addContainer(raw, { name: 'sdn-app', network: 'tun', ip: '10.20.31.90', static: true });
      },
      findings: [{ severity: 'warning', subjects: ['tun'], message: ["'tun' uses the l2tunnel driver", 'SDN network controller'] }],
    },
    {
      name: 'on a Hyper-V VM the message mentions Azure',
      baseline: 'healthy-ws2016',
      patch: (raw) => { addDockerNetwork(raw, { name: 'tun', driver: 'l2tunnel' }); },
      findings: [{ severity: 'warning', message: ['is an Azure VM'] }],
    },
    {
      name: 'a hostile name still yields parseable fixes',
      baseline: 'healthy-ws2022',
      patch: (raw) => { addDockerNetwork(raw, { name: "t'; $(Stop-Computer); '", driver: 'l2tunnel', options: { [IFACE]: 'Ethernet0' } }); },
      findings: [{ subjects: ["t'; $(Stop-Computer); '"] }],
    },
  ],
});

test('WCN308 fix: replace with l2bridge on the same subnet, with OutboundNAT, keeping static addresses', (t) => {
  const [f] = findingsOf(l2tunnelCloudOnly, 'healthy-ws2019', (raw) => {
    addDockerNetwork(raw, { name: 'tun', driver: 'l2tunnel', subnet: '10.20.31.0/24', gateway: '10.20.31.1' });
    addContainer(raw, { name: 'sdn-app', network: 'tun', ip: '10.20.31.90', static: true });
  });
  const cmds = f!.fixes[0]!.commands;
  t.true(cmds.includes("docker network create -d 'l2bridge' --subnet '10.20.31.0/24' --gateway '10.20.31.1' -o 'com.docker.network.windowsshim.enable_outboundnat=true' 'tun'"), cmds.join('\n'));
  t.true(cmds.includes("docker network connect --ip '10.20.31.90' 'tun' 'sdn-app'"));
});

test('WCN308 fix: with no subnet to reuse, the network is removed', (t) => {
  const [f] = findingsOf(l2tunnelCloudOnly, 'healthy-ws2016', (raw) => { addDockerNetwork(raw, { name: 'tun', driver: 'l2tunnel' }); });
  t.deepEqual(f!.fixes[0]!.commands, ["docker network rm 'tun'"]);
});
