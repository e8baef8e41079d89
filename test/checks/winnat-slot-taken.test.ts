import test from 'ava';
import { winnatSlotTaken } from '../../src/core/checks/winnat-slot-taken.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';

/** A lab NAT instead of HNS's own, and docker's nat network gone (as on a real 14393 host). */
function labNatInsteadOfHns(name: string, prefix: string) {
  return (raw: RawCapture) => {
    raw['netNat'] = [{ Name: name, InternalIPInterfaceAddressPrefix: prefix, ExternalIPInterfaceAddressPrefix: null, Active: true }];
    raw['docker'].networks = raw['docker'].networks.filter((n: { Name: string }) => n.Name !== 'nat');
  };
}

/**
 * The same fault as the collector writes it when the engine could not start: the service stopped,
 * docker's networks and containers not captured (one collector error per part), HNS without its nat network.
 */
function slotTakenEngineDown(raw: RawCapture): void {
  raw['netNat'] = [{ Name: 'LabNAT', InternalIPInterfaceAddressPrefix: '192.168.50.0/24', ExternalIPInterfaceAddressPrefix: null, Active: true }];
  raw['hnsNetworks'] = raw['hnsNetworks'].filter((n: { Type: string }) => n.Type.toLowerCase() !== 'nat');
  raw['services'].find((x: { Name: string }) => x.Name === 'docker').Status = 1;
  raw['docker'] = { daemonConfig: raw['docker'].daemonConfig ?? null };
  raw['collectorErrors'] = ['info', 'version', 'networks', 'containers'].map((p) => ({
    key: `docker.${p}`, command: `docker ${p}`, message: 'error during connect: open //./pipe/docker_engine: The system cannot find the file specified.',
  }));
}

testCheck(test, winnatSlotTaken, {
  valid: [
    { name: 'HNS-owned GUID-named NAT on 14393', baseline: 'healthy-ws2016' },
    {
      name: 'the engine is down but the NAT is HNS\'s own: nothing to say about the slot',
      baseline: 'healthy-ws2016',
      patch: (raw) => { raw['services'].find((x: { Name: string }) => x.Name === 'docker').Status = 1; delete raw['docker'].networks; },
    },
    { name: 'empty Get-NetNat on 17763 (ICS-backed NAT)', baseline: 'healthy-ws2019' },
    {
      name: 'a lab NAT on 17763 is allowed (several NAT instances since 15063)',
      baseline: 'healthy-ws2019',
      patch: (raw) => { raw['netNat'] = [{ Name: 'LabNAT', InternalIPInterfaceAddressPrefix: '192.168.50.0/24' }]; },
    },
    {
      name: 'a hand-named NAT whose prefix covers docker nat subnet is docker\'s',
      baseline: 'healthy-ws2016',
      patch: (raw) => { raw['netNat'][0].Name = 'ContainerNAT'; },
    },
  ],
  invalid: [
    {
      name: 'lab NAT holds the slot on 14393',
      baseline: 'healthy-ws2016',
      patch: labNatInsteadOfHns('LabNAT', '192.168.50.0/24'),
      findings: [{ severity: 'error', subjects: ['LabNAT'], message: ['192.168.50.0/24', "default 'nat' network is missing", '0x57'] }],
    },
    {
      name: "Docker for Windows' DockerNAT is named",
      baseline: 'healthy-ws2016',
      patch: labNatInsteadOfHns('DockerNAT', '10.0.75.0/24'),
      findings: [{ subjects: ['DockerNAT'], message: ['DockerNAT', 'Moby Linux VM'] }],
    },
    {
      name: 'the engine is down and docker networks were not captured: judged from WinNAT and HNS, the stopped engine named as evidence',
      baseline: 'healthy-ws2016',
      patch: slotTakenEngineDown,
      findings: [{ severity: 'error', subjects: ['LabNAT'], message: ['HNS holds no nat network', 'The docker engine is not running', 'judged from WinNAT and HNS'] }],
    },
    {
      name: "a name with quotes still yields a parseable fix",
      baseline: 'healthy-ws2016',
      patch: labNatInsteadOfHns("Bob's NAT; Stop-Computer", '192.168.7.0/24'),
      findings: [{ subjects: ["Bob's NAT; Stop-Computer"] }],
    },
  ],
});
