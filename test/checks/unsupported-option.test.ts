import test from 'ava';
import { parseLink, unsupportedOption } from '../../src/core/checks/unsupported-option.js';
import { testCheck } from '../helpers/check-tester.js';
import type { RawCapture } from '../helpers/captures.js';
import { addContainer, addOverlay, setSwarm } from '../helpers/capture-edits.js';

const net = (raw: RawCapture, name: string) => raw['docker'].networks.find((n: { Name: string }) => n.Name === name);
const ctr = (raw: RawCapture, name: string) => raw['docker'].containers.find((c: { Name: string }) => c.Name === `/${name}`);

test('links are read as target and alias', (t) => {
  t.deepEqual(parseLink('/db:/web/database'), { target: 'db', alias: 'database' });
  t.deepEqual(parseLink('db:db'), { target: 'db', alias: 'db' });
  t.deepEqual(parseLink('/cache'), { target: 'cache', alias: 'cache' });
});

testCheck(test, unsupportedOption, {
  valid: [
    { name: 'healthy WS2016', baseline: 'healthy-ws2016' },
    { name: 'healthy WS2019', baseline: 'healthy-ws2019' },
    { name: 'healthy WS2022', baseline: 'healthy-ws2022' },
    { name: 'healthy Windows 11', baseline: 'healthy-win11' },
    {
      name: 'IPAM driver written in another case, and default IPAM on a swarm overlay',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        net(raw, 'ext').IPAM.Driver = 'Windows';
        setSwarm(raw);
        addOverlay(raw, { name: 'backend' });
      },
    },
    {
      name: 'DNS servers and a single search domain are supported',
      baseline: 'healthy-ws2022',
      patch: (raw) => {
        const c = ctr(raw, 'app-blue');
        c.HostConfig.Dns = ['10.40.0.53'];
        c.HostConfig.DnsSearch = ['corp.example.com'];
        c.HostConfig.Links = [];
      },
    },
    {
      name: 'the swarm ingress network is not --internal or encrypted',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        setSwarm(raw);
        addOverlay(raw, { name: 'ingress', ingress: true, subnet: '10.255.0.0/16', gateway: '10.255.0.1', vxlan: '4096' });
      },
    },
  ],
  invalid: [
    {
      name: '--internal on a transparent network with a container attached',
      baseline: 'healthy-ws2019',
      patch: (raw) => { net(raw, 'ext').Internal = true; },
      findings: [{ severity: 'error', subjects: ['ext'], message: ["Docker network 'ext' (transparent)", '--internal', 'not isolated'] }],
    },
    {
      name: 'IPv6, an IP range and auxiliary addresses on one l2bridge network make one warning',
      baseline: 'healthy-ws2022',
      patch: (raw) => {
        const l2b = net(raw, 'l2b');
        l2b.EnableIPv6 = true;
        l2b.IPAM.Config[0].IPRange = '10.40.0.128/25';
        l2b.IPAM.Config[0].AuxiliaryAddresses = { router: '10.40.0.2' };
      },
      findings: [{ severity: 'warning', subjects: ['l2b'], message: ['--ipv6', '--ip-range (IP range 10.40.0.128/25)', '--aux-address (auxiliary addresses 10.40.0.2)'] }],
    },
    {
      name: 'an encrypted overlay network on a swarm node',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        setSwarm(raw);
        addOverlay(raw, { name: 'secure-backend', options: { encrypted: '' } });
      },
      findings: [{ severity: 'error', subjects: ['secure-backend'], message: ['--opt encrypted', 'clear text'] }],
    },
    {
      name: 'a third-party IPAM driver with options',
      baseline: 'healthy-ws2016',
      patch: (raw) => {
        raw['docker'].networks.push({
          Name: 'ipam-lab', Id: 'b7f0c1d2e3a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c6d7e8f9a0b1c2d3e4', Scope: 'local', Driver: 'nat', EnableIPv6: false,
          IPAM: { Driver: 'infoblox', Options: { 'network-view': 'lab' }, Config: [{ Subnet: '172.29.90.0/24', Gateway: '172.29.90.1' }] },
          Internal: false, Containers: {}, Options: {},
        });
      },
      findings: [{ severity: 'warning', subjects: ['ipam-lab'], message: ["IPAM driver 'infoblox'", "IPAM options 'network-view'"] }],
    },
    {
      name: 'a container with a link, and one with DNS options and two search domains',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        ctr(raw, 'web-frontend').HostConfig.Links = ['/api-backend:/web-frontend/api'];
        const api = ctr(raw, 'api-backend');
        api.HostConfig.DnsOptions = ['ndots:2'];
        api.HostConfig.DnsSearch = ['corp.example.com', 'lab.example.com'];
      },
      findings: [
        { severity: 'warning', subjects: ['web-frontend'], message: ["Container 'web-frontend'", "--link (links to 'api-backend' as 'api')"] },
        { severity: 'warning', subjects: ['api-backend'], message: ["--dns-option (DNS options 'ndots:2')", '--dns-search (2 DNS search domains'] },
      ],
    },
    {
      name: 'a link kept on the network endpoint (user-defined network)',
      baseline: 'healthy-ws2022',
      patch: (raw) => {
        addContainer(raw, { id: 'c0ffee00a1b2c3d4e5f60718293a4b5c6d7e8f90a1b2c3d4e5f60718293a4b5c', name: 'report-job', networks: { nat: { ip: '172.26.48.40', links: ['svc-monitor:monitor'] } } });
      },
      findings: [{ subjects: ['report-job'], message: ["'svc-monitor' as 'monitor'"] }],
    },
    {
      name: 'a network and a container both, errors first',
      baseline: 'healthy-ws2019',
      patch: (raw) => {
        ctr(raw, 'legacy-erp').HostConfig.DnsOptions = ['timeout:1'];
        net(raw, 'ext').Internal = true;
      },
      findings: [
        { severity: 'error', subjects: ['ext'] },
        { severity: 'warning', subjects: ['legacy-erp'] },
      ],
    },
    {
      name: 'hostile network and container names still give parseable fixes',
      baseline: 'healthy-ws2016',
      patch: (raw) => {
        raw['docker'].networks.push({
          Name: "it's; $(Stop-Computer)", Id: 'a1b2', Scope: 'local', Driver: 'nat', EnableIPv6: true,
          IPAM: { Driver: 'windows', Config: [{ Subnet: '172.29.91.0/24', Gateway: '172.29.91.1' }] }, Internal: true, Options: {},
        });
        const c = ctr(raw, 'iis-site');
        c.Name = "/o'hara`; rm -r C:\\";
        c.HostConfig.Links = ["/db'x:/o'hara/db"];
        c.HostConfig.Dns = ["1.1.1.1'; Restart-Computer; '"];
      },
      findings: [
        { severity: 'error', subjects: ["it's; $(Stop-Computer)"] },
        { severity: 'warning', subjects: ["o'hara`; rm -r C:\\"] },
      ],
    },
  ],
});
