import test from 'ava';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import { buildModel } from '../../src/core/model/build.js';
import { planCompose, simulateCompose } from '../../src/core/simulate/compose.js';
import { rawSample } from '../helpers/captures.js';

const cap = (name: string) => ingestCapture(rawSample(name), name).capture;
const failed = (r: ReturnType<typeof simulateCompose>) => r.result.steps.filter((s) => s.status === 'fails');

test("the source document's external nat network: services join Docker's nat", (t) => {
  const yaml = 'services:\n  web:\n    image: iis\n    ports: ["8081:80"]\nnetworks:\n default:\n  external:\n   name: "nat"\n';
  const r = simulateCompose(cap('healthy-ws2019'), yaml, 'shop');
  t.true(r.result.ok, r.result.steps.map((s) => `${s.command}: ${s.reason}`).join('\n'));
  const c = buildModel(r.result.capture).containers.find((x) => x.name === 'shop-web-1')!;
  t.true(c.running);
  t.is(c.attachments[0]?.networkName, 'nat');
});

test("the source document's custom nat subnet fails on 14393 outside the WinNAT prefix and works on 17763", (t) => {
  const yaml = 'services:\n  web:\n    image: iis\nnetworks:\n  default:\n    driver: nat\n    ipam:\n      driver: default\n      config:\n      - subnet: 172.16.3.0/24\n';
  const old = simulateCompose(cap('healthy-ws2016'), yaml, 'shop');
  t.is(failed(old)[0]?.knowledge, 'nat-outside-winnat-prefix');
  const now = simulateCompose(cap('healthy-ws2019'), yaml, 'shop');
  t.true(now.result.ok);
  t.is(buildModel(now.result.capture).dockerNetworkByName('shop_default')?.effectiveSubnets[0]?.text, '172.16.3.0/24');
});

test('a network without a driver asks for bridge', (t) => {
  const r = simulateCompose(cap('healthy-ws2019'), 'services:\n  web:\n    image: iis\n', 'shop');
  t.is(failed(r)[0]?.knowledge, 'bridge-driver-unavailable');
  t.is(r.plan.commands[0], "docker network create 'shop_default'");
});

test('an external network that does not exist', (t) => {
  const r = simulateCompose(cap('healthy-ws2019'), 'services:\n  web:\n    image: iis\nnetworks:\n  default:\n    external: true\n    name: lan\n', 'shop');
  const f = failed(r)[0]!;
  t.is(f.error?.text, 'network lan declared as external, but could not be found');
  t.is(f.knowledge, 'compose-networks');
});

test('links, internal and enable_ipv6 are unsupported on Windows', (t) => {
  const links = simulateCompose(cap('healthy-ws2019'), 'services:\n  db:\n    image: sql\n    networks: [app]\n  web:\n    image: iis\n    links: [db]\n    networks: [app]\nnetworks:\n  app:\n    driver: nat\n', 'shop');
  t.is(failed(links)[0]?.knowledge, 'unsupported-option');
  t.true(failed(links)[0]!.command.includes('--link'));
  for (const opt of ['internal: true', 'enable_ipv6: true']) {
    const r = simulateCompose(cap('healthy-ws2019'), `services:\n  web:\n    image: iis\n    networks: [app]\nnetworks:\n  app:\n    driver: nat\n    ${opt}\n`, 'shop');
    t.is(failed(r)[0]?.knowledge, 'unsupported-option', opt);
  }
});

test('services that reach each other by name over transparent have no service discovery; over nat they do', (t) => {
  const body = (driver: string) => `services:\n  db:\n    image: sql\n    networks: [lan]\n  web:\n    image: iis\n    depends_on: [db]\n    environment:\n      DB: "Server=db;Database=shop"\n    networks: [lan]\nnetworks:\n  lan:\n    driver: ${driver}\n${driver === 'transparent' ? '    driver_opts:\n      com.docker.network.windowsshim.interface: Ethernet\n' : ''}`;
  const tr = simulateCompose(cap('healthy-ws2019'), body('transparent'), 'shop');
  t.true(tr.result.ok, tr.result.steps.map((s) => `${s.status} ${s.command}: ${s.error?.text ?? s.reason}`).join('\n'));
  t.deepEqual(tr.warnings.map((w) => w.knowledge), ['no-service-discovery']);
  t.deepEqual(tr.warnings[0]!.services, ['web', 'db']);
  const nat = simulateCompose(cap('healthy-ws2019'), body('nat'), 'shop');
  t.deepEqual(nat.warnings, []);
});

test('services on different networks cannot resolve each other', (t) => {
  const r = simulateCompose(cap('healthy-ws2019'), 'services:\n  db:\n    image: sql\n    networks: [back]\n  web:\n    image: iis\n    depends_on: [db]\n    networks: [front]\nnetworks:\n  back:\n    driver: nat\n  front:\n    driver: nat\n', 'shop');
  t.is(r.warnings[0]?.knowledge, 'compose-networks');
});

test('a second network is connected before the container starts (no hot-add on 14393)', (t) => {
  const r = simulateCompose(cap('healthy-ws2016'), 'services:\n  web:\n    image: iis\n    networks: [a, b]\nnetworks:\n  a:\n    driver: nat\n    ipam:\n      config:\n        - subnet: 172.29.84.0/24\n  b:\n    driver: nat\n    ipam:\n      config:\n        - subnet: 172.29.85.0/24\n', 'shop');
  t.true(r.result.ok, r.result.steps.map((s) => `${s.status} ${s.command}: ${s.error?.text ?? s.reason}`).join('\n'));
  t.deepEqual(r.plan.commands.slice(-3).map((c) => c.split(' ').slice(0, 3).join(' ')), ["docker create --name", 'docker network connect', "docker start 'shop-web-1'"]);
});

test('keys that are not modelled are listed, and bad files are problems', (t) => {
  const p = planCompose('services:\n  web:\n    image: iis\n    mac_address: 00-15-5D-00-00-01\n    networks:\n      app:\n        priority: 5\nnetworks:\n  app:\n    driver: nat\n', 'x');
  t.deepEqual([...p.notModelled].sort(), ['services.web.mac_address', 'services.web.networks.app.priority']);
  t.true(planCompose('services: [', 'x').problems[0]!.startsWith('the compose file is not valid YAML'));
  t.true(planCompose('version: "3"\n', 'x').problems.length > 0);
  t.true(planCompose('services:\n  web:\n    networks: [nope]\n', 'x').problems[0]!.includes("'nope'"));
  t.is(planCompose('name: My Shop!\nservices:\n  web:\n    image: iis\n', 'x').project, 'myshop');
});
