import test from 'ava';
import { interfaceOptionInvalid } from '../../src/core/checks/interface-option-invalid.js';
import { testCheck } from '../helpers/check-tester.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { addDockerNetwork, findDockerNetwork } from '../helpers/capture-edits.js';

const IFACE = 'com.docker.network.windowsshim.interface';

const setExtInterface = (value: string) => (raw: RawCapture) => { findDockerNetwork(raw, 'ext').Options[IFACE] = value; };
const newTransparent = (name: string, value: string) => (raw: RawCapture) => { addDockerNetwork(raw, { name, driver: 'transparent', options: { [IFACE]: value } }); };

testCheck(test, interfaceOptionInvalid, {
  valid: [
    { name: "WS2019: 'ext' names adapter 'Ethernet 2'", baseline: 'healthy-ws2019' },
    { name: "WS2022: 'l2b' names adapter 'Ethernet0'", baseline: 'healthy-ws2022' },
    { name: 'WS2016: no interface option', baseline: 'healthy-ws2016' },
    { name: 'Windows 11: no interface option', baseline: 'healthy-win11' },
    { name: 'adapter names are case-insensitive', baseline: 'healthy-ws2019', patch: setExtInterface('ethernet 2') },
    { name: 'a Switch Embedded Team of two existing adapters', baseline: 'healthy-ws2019', patch: setExtInterface('Ethernet 2, Ethernet') },
    { name: 'an empty value lets HNS pick the adapter', baseline: 'healthy-ws2019', patch: newTransparent('ext2', '') },
  ],
  invalid: [
    {
      name: 'a host vNIC on a network that HNS still runs: warning',
      baseline: 'healthy-ws2019',
      patch: setExtInterface('vEthernet (Ethernet 2)'),
      findings: [{ severity: 'warning', subjects: ['ext', 'vEthernet (Ethernet 2)'], message: ["'vEthernet (Ethernet 2)' is a host vNIC", "Use 'Ethernet 2'", 'works today'] }],
    },
    {
      name: 'the InterfaceDescription instead of the Name',
      baseline: 'healthy-ws2019',
      patch: newTransparent('ext2', 'Intel(R) Ethernet Converged Network Adapter X710'),
      findings: [{ severity: 'error', subjects: ['ext2', 'Ethernet'], message: ['InterfaceDescription of adapter', "Use 'Ethernet' for", '0x57'] }],
    },
    {
      name: 'an adapter that does not exist',
      baseline: 'healthy-ws2019',
      patch: newTransparent('ext2', 'Ethernet 5'),
      findings: [{ severity: 'error', subjects: ['ext2'], message: ["no adapter is named 'Ethernet 5'", "Use 'Ethernet' for 'Ethernet 5'", '0x803b0006'] }],
    },
    {
      name: 'one bad name in a Switch Embedded Team',
      baseline: 'healthy-ws2019',
      patch: setExtInterface('Ethernet 2,NIC9'),
      findings: [{ severity: 'warning', subjects: ['ext'], message: ['Switch Embedded Team', "Use 'Ethernet' for 'NIC9'"] }],
    },
    {
      name: 'the option on a nat network',
      baseline: 'healthy-ws2022',
      patch: (raw) => { addDockerNetwork(raw, { name: 'natx', driver: 'nat', subnet: '172.31.0.0/24', gateway: '172.31.0.1', options: { [IFACE]: 'Ethernet0' } }); },
      findings: [{ severity: 'warning', subjects: ['natx'], message: ['nat network', 'ignore'] }],
    },
    {
      name: 'a hostile network name and value still yield parseable fixes',
      baseline: 'healthy-ws2019',
      patch: newTransparent("n'; $(Restart-Computer) #", "vEthernet (Ethernet 2)'; Stop-Computer; '"),
      findings: [{ subjects: ["n'; $(Restart-Computer) #"] }],
    },
  ],
});

test('WCN303 fix: a host vNIC in a team is replaced by the adapter behind it, keeping the other member and the static address', (t) => {
  const [f] = findingsOf(interfaceOptionInvalid, 'healthy-ws2019', setExtInterface('vEthernet (Ethernet 2),Ethernet'));
  const fix = f!.fixes[0]!;
  t.true(fix.commands.some((c) => c.includes("-o 'com.docker.network.windowsshim.interface=Ethernet 2,Ethernet'")), fix.commands.join('\n'));
  t.true(fix.commands.includes("docker network connect --ip '10.20.31.50' 'ext' 'legacy-erp'"));
  t.is(fix.risk, 'disruptive');
});
