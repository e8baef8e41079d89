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

testCheck(test, winnatSlotTaken, {
  valid: [
    { name: 'HNS-owned GUID-named NAT on 14393', baseline: 'healthy-ws2016' },
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
      name: "a name with quotes still yields a parseable fix",
      baseline: 'healthy-ws2016',
      patch: labNatInsteadOfHns("Bob's NAT; Stop-Computer", '192.168.7.0/24'),
      findings: [{ subjects: ["Bob's NAT; Stop-Computer"] }],
    },
  ],
});
