import test from 'ava';
import { oobVswitchBlocksTransparent } from '../../src/core/checks/oob-vswitch-blocks-transparent.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';

/** An External switch made in Hyper-V Manager on the WS2016 VM's only adapter. */
function labSwitchOnOnlyAdapter(raw: RawCapture): void {
  const nic = raw['netAdapters'].find((a: { Name: string }) => a.Name === 'Ethernet');
  raw['vmSwitches'].push({ Name: 'LabExternal', Id: '6c0ae3b0-1111-4b8e-9f00-0a1b2c3d4e5f', SwitchType: 2, AllowManagementOS: true, NetAdapterInterfaceDescription: nic.InterfaceDescription, NetAdapterInterfaceDescriptions: [nic.InterfaceDescription] });
}

testCheck(test, oobVswitchBlocksTransparent, {
  valid: [
    { name: 'WS2019: the External switch belongs to a transparent network', baseline: 'healthy-ws2019' },
    { name: 'WS2016: no External switch', baseline: 'healthy-ws2016' },
    {
      name: 'an out-of-band switch while another adapter is still free',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        raw['vmSwitches'].push({ Name: 'VMs', SwitchType: 2, NetAdapterInterfaceDescription: 'Intel(R) Ethernet Converged Network Adapter X710' });
        raw['netAdapters'].push({ Name: 'Ethernet 3', InterfaceDescription: 'Intel(R) I350 Gigabit Network Connection', HardwareInterface: true, Virtual: false, Status: 'Up' });
      },
    },
  ],
  invalid: [
    {
      name: 'lab switch on the only adapter',
      baseline: 'healthy-ws2016',
      patch: labSwitchOnOnlyAdapter,
      findings: [{ severity: 'warning', subjects: ['LabExternal', 'Ethernet'], message: ['No other physical adapter is free'], minFixes: 2 }],
    },
    {
      name: 'a transparent network asks for the adapter the lab switch holds',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        raw['vmSwitches'].push({ Name: 'VMs', SwitchType: 2, NetAdapterInterfaceDescription: 'Intel(R) Ethernet Converged Network Adapter X710' });
        raw['netAdapters'].push({ Name: 'Ethernet 3', InterfaceDescription: 'Intel(R) I350 Gigabit Network Connection', HardwareInterface: true, Virtual: false, Status: 'Up' });
        raw['docker'].networks.push({ Name: 'tp2', Driver: 'transparent', Options: { 'com.docker.network.windowsshim.interface': 'Ethernet' }, IPAM: { Config: [] } });
      },
      findings: [{ subjects: ['VMs', 'Ethernet'], message: ['A transparent network asks for that adapter'], minFixes: 3 }],
    },
  ],
});
