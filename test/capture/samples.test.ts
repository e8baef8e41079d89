/**
 * The sample captures of hosts without docker load cleanly, and the docker
 * samples load exactly as they did before the keys of containerd, CNI and
 * Kubernetes hosts were added: the same normalized capture (apart from the
 * one field added to docker info, `answered`), the same number of ingest
 * issues and the same findings. docker-samples.reference.json was written
 * from the loader before that change; each entry holds a digest of the
 * normalized capture, the number of issues and every finding. The digests
 * were written again when the loader started keeping HNS policies (network,
 * subnet and endpoint) in their normalized form, and again when it started
 * keeping each HNS endpoint's State and each network's ManagementIP; issues
 * and findings stayed the same both times.
 */
import test from 'ava';
import { createHash } from 'node:crypto';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { readCapture } from '../../src/core/capture/read.js';
import { CHECKS } from '../../src/core/checks/index.js';
import { diagnoseFile } from '../../src/core/diagnose.js';
import { SNAPSHOTS_DIR } from '../../src/core/paths.js';

const DOCKER_FREE = ['healthy-ws2025-containerd', 'healthy-aks-azurecni', 'healthy-kubeadm-flannel', 'healthy-calico'];

/** JSON with sorted keys and absent properties left out: equal captures give equal text. */
function canonical(v: unknown): string {
  if (Array.isArray(v)) return '[' + v.map(canonical).join(',') + ']';
  if (v !== null && typeof v === 'object') {
    const o = v as Record<string, unknown>;
    return '{' + Object.keys(o).filter((k) => o[k] !== undefined).sort().map((k) => JSON.stringify(k) + ':' + canonical(o[k])).join(',') + '}';
  }
  return v === undefined ? 'null' : JSON.stringify(v);
}

const reference = JSON.parse(readFileSync(join(process.cwd(), 'test', 'capture', 'docker-samples.reference.json'), 'utf8')) as Record<string, { capture: string; issues: number; findings: string[] }>;

test('the reference covers every docker sample and case', (t) => {
  t.true(Object.keys(reference).length > 70);
  t.true('healthy-ws2019.json' in reference);
  t.true('demo.json' in reference);
});

for (const [name, ref] of Object.entries(reference)) {
  test(`${name} loads exactly as before`, (t) => {
    const path = join(SNAPSHOTS_DIR, name);
    const loaded = readCapture(path);
    const info = loaded.capture.docker?.info;
    if (info) {
      t.is(info.answered, info.ServerErrors === undefined || info.ServerErrors.length === 0, 'answered says whether the daemon answered');
      delete info.answered;
    }
    t.is(createHash('sha256').update(canonical(loaded.capture)).digest('hex'), ref.capture, 'the normalized capture');
    t.is(loaded.issues.length, ref.issues, 'the ingest issues');
    const { report } = diagnoseFile(path);
    t.deepEqual(report.findings.map((f) => `${f.check} ${f.severity} ${f.message}`), ref.findings, 'the findings');
  });
}

for (const name of DOCKER_FREE) {
  test(`${name} loads with no ingest issue, every new key read`, (t) => {
    const loaded = readCapture(join(SNAPSHOTS_DIR, `${name}.json`));
    t.deepEqual(loaded.issues, []);
    const c = loaded.capture;
    for (const key of ['ipRoutes', 'dnsClientServers', 'dynamicPortRanges', 'firewall', 'containerd', 'cni', 'kubernetes', 'hnsNetworks', 'hnsEndpoints'] as const) {
      t.not(c[key], undefined, key);
    }
    t.is(c.docker, undefined, 'no docker on these hosts');
    for (const dir of c.cni?.confDirs ?? []) for (const f of dir.files) t.is(f.problem, undefined, f.path);
    t.not(c.containerd?.config, undefined);
  });
}

test('the samples name their owners the way the hosts do', (t) => {
  const read = (n: string) => readCapture(join(SNAPSHOTS_DIR, `${n}.json`)).capture;
  const nerdctl = read('healthy-ws2025-containerd');
  const conf = nerdctl.cni?.confDirs?.[0]?.files[0];
  t.is(conf?.name, 'nerdctl-nat.conflist');
  t.is(conf?.conf?.name, nerdctl.hnsNetworks?.[0]?.Name);
  t.deepEqual(conf?.conf?.subnets, ['10.4.0.0/24']);
  t.is(nerdctl.os?.BuildNumber, 26100);
  const aks = read('healthy-aks-azurecni');
  t.is(aks.kubernetes?.kubeProxy?.networkName?.value, 'azure');
  t.is(aks.hnsNetworks?.[0]?.Name, 'azure');
  t.is(aks.hnsNetworks?.[0]?.Type, 'L2Bridge');
  const flannel = read('healthy-kubeadm-flannel');
  t.is(flannel.kubernetes?.kubeProxy?.networkName?.value, 'flannel.4096');
  t.is(flannel.kubernetes?.kubeProxy?.sourceVip?.value, '10.244.1.2');
  t.true(flannel.hnsEndpoints?.some((e) => e.IPAddress === '10.244.1.2'), 'the source VIP has its endpoint');
  t.is(flannel.hnsNetworks?.[0]?.Policies.filter((p) => String(p['Type']).toLowerCase() === 'remotesubnetroute').length, 2);
  const calico = read('healthy-calico');
  t.is(calico.kubernetes?.kubeProxy?.networkName?.value, 'Calico');
  t.true(calico.hnsEndpoints?.some((e) => e.Name === 'Calico_ep'));
});

test('the docker-free samples give no finding above info', (t) => {
  for (const name of DOCKER_FREE) {
    const { report } = diagnoseFile(join(SNAPSHOTS_DIR, `${name}.json`));
    t.deepEqual(report.findings.filter((f) => f.severity !== 'info').map((f) => f.check), [], name);
  }
});

test('on the docker-free samples docker-only checks say there is no docker, and WCN106 stays quiet', (t) => {
  for (const name of DOCKER_FREE) {
    const { report } = diagnoseFile(join(SNAPSHOTS_DIR, `${name}.json`));
    const na = report.checks.filter((r) => r.status === 'not-applicable');
    t.true(na.some((r) => r.notApplicable === 'no-such-owner'), name);
    // Docker-only checks say there is no docker; a Kubernetes check on the nerdctl host says which agent is missing.
    const dockerOnly = new Set(CHECKS.filter((c) => c.meta.owners?.includes('docker')).map((c) => c.meta.code));
    for (const r of na.filter((x) => x.notApplicable === 'no-such-owner')) {
      t.regex(r.reason ?? '', dockerOnly.has(r.check) ? /^no docker engine on this host/ : /^no (kube-proxy|CNI plugin)/, `${name} ${r.check}`);
    }
    t.false(na.some((r) => r.notApplicable === 'no-such-owner' && /docker network inspect|docker inspect/.test(r.reason ?? '')), name);
    t.false(report.findings.some((f) => f.check === 'WCN106'), `${name}: no docker false alarm`);
  }
});
