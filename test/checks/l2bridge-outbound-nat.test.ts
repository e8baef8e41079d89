import test from 'ava';
import { l2bridgeOutboundNat } from '../../src/core/checks/l2bridge-outbound-nat.js';
import { testCheck } from '../helpers/check-tester.js';
import { findingsOf, type RawCapture } from '../helpers/captures.js';
import { addDockerNetwork, findDockerNetwork } from '../helpers/capture-edits.js';

const OUTBOUND = 'com.docker.network.windowsshim.enable_outboundnat';
const setOutbound = (value: string | undefined) => (raw: RawCapture) => {
  const options = findDockerNetwork(raw, 'l2b').Options;
  if (value === undefined) delete options[OUTBOUND];
  else options[OUTBOUND] = value;
};

testCheck(test, l2bridgeOutboundNat, {
  valid: [
    { name: "WS2022: 'l2b' sets enable_outboundnat=true", baseline: 'healthy-ws2022' },
    { name: 'the value is case-insensitive', baseline: 'healthy-ws2022', patch: setOutbound('True') },
    { name: 'WS2019: transparent needs no OutboundNAT', baseline: 'healthy-ws2019' },
    { name: 'WS2016 healthy', baseline: 'healthy-ws2016' },
    { name: 'Windows 11 healthy', baseline: 'healthy-win11' },
  ],
  invalid: [
    {
      name: 'the option is missing',
      baseline: 'healthy-ws2022',
      patch: setOutbound(undefined),
      findings: [{ severity: 'warning', subjects: ['l2b'], message: ["'l2b'", 'their own subnet 10.40.0.0/24', 'not the internet'] }],
    },
    {
      name: 'set to false on purpose: information only',
      baseline: 'healthy-ws2022',
      patch: setOutbound('false'),
      findings: [{ severity: 'info', subjects: ['l2b'], message: ['enable_outboundnat=false'] }],
    },
    {
      name: 'a hostile name still yields parseable fixes',
      baseline: 'healthy-ws2022',
      patch: (raw) => { addDockerNetwork(raw, { name: "o'; $(Stop-Computer); '", driver: 'l2bridge', subnet: '10.40.0.0/24', gateway: '10.40.0.1' }); },
      findings: [{ subjects: ["o'; $(Stop-Computer); '"] }],
    },
  ],
});

test('WCN307 fix: re-create with the option, keeping subnet, gateway and static addresses', (t) => {
  const [f] = findingsOf(l2bridgeOutboundNat, 'healthy-ws2022', setOutbound(undefined));
  const cmds = f!.fixes[0]!.commands;
  t.true(cmds.includes("docker network create -d 'l2bridge' --subnet '10.40.0.0/24' --gateway '10.40.0.1' -o 'com.docker.network.windowsshim.interface=Ethernet0' -o 'com.docker.network.windowsshim.networkname=l2b' -o 'com.docker.network.windowsshim.enable_outboundnat=true' 'l2b'"), cmds.join('\n'));
  t.true(cmds.includes("docker network connect --ip '10.40.0.102' 'l2b' 'app-green'"));
});
