/**
 * The one rule where the kind of host decides between two entries a text
 * fits alike: on a Kubernetes node, "Element not found" (0x490) is a missing
 * pod network unless IPv6 really is disabled there. `pod-network-missing`'s
 * page is written separately; until it exists these tests add a stand-in
 * page with the same id, symptoms and code (said in the test name), so the
 * rule is tested either way and never skipped.
 */
import test from 'ava';
import { ingestCapture } from '../../src/core/capture/ingest.js';
import { applyHostRules, hostContext, HOST_RULES, type LikelyCause } from '../../src/core/causes.js';
import { runChecks } from '../../src/core/engine.js';
import { CHECKS } from '../../src/core/checks/index.js';
import { loadKnowledge, parsePage, type KnowledgePage } from '../../src/core/knowledge/pages.js';
import { KnowledgeIndex } from '../../src/core/knowledge/search.js';
import { buildModel } from '../../src/core/model/build.js';
import { pastedCauses } from '../../src/core/pasted.js';
import { rawSample, type RawCapture } from '../helpers/captures.js';

const real = loadKnowledge();
const hasRealPage = real.some((p) => p.id === 'pod-network-missing');
/** Symptoms and code of pod-network-missing as the catalog's reference gives them. */
const STAND_IN: KnowledgePage = parsePage([
  '---', 'id: pod-network-missing', 'title: The pod network HNS needs does not exist', 'title_ko: 파드 네트워크가 HNS에 없음', 'severity: error',
  'detect: [state]', 'tags: [kubernetes]', 'builds: all', 'drivers: []', 'keywords: [pod network missing]', 'keywords_ko: []',
  'codes: ["0x490", "2147943568"]',
  'symptoms: ["Failed to create endpoint: hnsCall failed in Win32: Element not found. (0x490)", "The HNS network is not present or has changed since the last sync, please check the CNI deployment"]',
  'samples: {}', '---', '# stand-in', '',
].join('\n'), 'pod-network-missing.md');
const pages = hasRealPage ? real : [...real, STAND_IN];
const index = new KnowledgeIndex(pages);
const which = hasRealPage ? 'its page' : 'a stand-in page';

function host(name: string, patch?: (raw: RawCapture) => void) {
  const raw = rawSample(name);
  patch?.(raw);
  const { capture } = ingestCapture(raw, name);
  const model = buildModel(capture, name);
  const { findings, results } = runChecks(model, CHECKS);
  return { capture, model, findings, checks: results };
}
const ipv6Off = (raw: RawCapture): void => { raw['tcpip6'] = { DisabledComponents: 255 }; };
const TEXTS = [
  'Failed to create endpoint: hnsCall failed in Win32: Element not found. (0x490)',
  'hnsCall failed in Win32: 요소를 찾을 수 없습니다. (0x490)',
  '{"Success":false,"Error":"Element not found. ","ErrorCode":2147943568}',
];
const order = (c: readonly LikelyCause[]) => c.map((x) => `${x.knowledge} ${x.score}`).join('; ');

test(`a Kubernetes node with IPv6 enabled: 0x490 is pod-network-missing first (${which})`, (t) => {
  const h = host('healthy-aks-azurecni');
  t.deepEqual(hostContext(h.model), { kubernetesNode: true, ipv6Disabled: false });
  for (const text of TEXTS) {
    const causes = pastedCauses(index, text, h.findings, h.checks, h.capture);
    t.is(causes[0]?.knowledge, 'pod-network-missing', `${text}: ${order(causes)}`);
    t.true(causes.some((c) => c.knowledge === 'ipv6-disabled'), 'IPv6 stays in the list, below');
  }
});

test(`a Kubernetes node whose IPv6 state was not captured: the rule lifts the pod network above a text the IPv6 page words better (${which})`, (t) => {
  const h = host('healthy-aks-azurecni', (raw) => { delete raw['tcpip6']; });
  t.deepEqual(hostContext(h.model), { kubernetesNode: true, ipv6Disabled: undefined });
  const text = 'HNS failed with error : Element not found.';
  const plain = index.likelyCauses(text, h.findings, h.checks);
  t.is(plain[0]?.knowledge, 'ipv6-disabled', `without the host context the text decides: ${order(plain)}`);
  const causes = pastedCauses(index, text, h.findings, h.checks, h.capture);
  t.is(causes[0]?.knowledge, 'pod-network-missing', order(causes));
  t.regex(causes[0]!.why, /On a Kubernetes node whose IPv6 is not disabled/);
});

test(`a Kubernetes node with IPv6 really disabled: 0x490 is ipv6-disabled first (${which})`, (t) => {
  const h = host('healthy-kubeadm-flannel', ipv6Off);
  t.deepEqual(hostContext(h.model), { kubernetesNode: true, ipv6Disabled: true });
  for (const text of TEXTS) {
    const causes = pastedCauses(index, text, h.findings, h.checks, h.capture);
    t.is(causes[0]?.knowledge, 'ipv6-disabled', `${text}: ${order(causes)}`);
    t.regex(causes[0]!.why, /this host shows it \(WCN101\)/);
  }
});

test(`a docker host: the rule does not apply, and disabled IPv6 still ranks first there (${which})`, (t) => {
  const docker = host('healthy-ws2022');
  t.false(hostContext(docker.model).kubernetesNode);
  const before = index.likelyCauses(TEXTS[0]!, docker.findings, docker.checks);
  t.deepEqual(pastedCauses(index, TEXTS[0]!, docker.findings, docker.checks, docker.capture), before);
  const off = host('healthy-ws2022', ipv6Off);
  t.is(pastedCauses(index, TEXTS[0]!, off.findings, off.checks, off.capture)[0]?.knowledge, 'ipv6-disabled');
});

test('the rule table: each rule names catalog ids, and a rule never lifts an entry above one the host shows', (t) => {
  const ids = new Set(pages.map((p) => p.id));
  for (const r of HOST_RULES) t.true(ids.has(r.prefer) && ids.has(r.over), `${r.prefer} / ${r.over}`);
  const shown: LikelyCause[] = [{ knowledge: 'ipv6-disabled', score: 0.8, why: 'x', check: 'WCN101' }, { knowledge: 'pod-network-missing', score: 0.5, why: 'y' }];
  t.deepEqual(applyHostRules(shown, { kubernetesNode: true, ipv6Disabled: undefined }).map((c) => c.knowledge), ['ipv6-disabled', 'pod-network-missing']);
  const textOnly: LikelyCause[] = [{ knowledge: 'ipv6-disabled', score: 0.6, why: 'x' }, { knowledge: 'pod-network-missing', score: 0.6, why: 'y' }];
  t.deepEqual(applyHostRules(textOnly, { kubernetesNode: true, ipv6Disabled: undefined }).map((c) => c.knowledge), ['pod-network-missing', 'ipv6-disabled']);
  t.deepEqual(applyHostRules(textOnly, { kubernetesNode: true, ipv6Disabled: true }).map((c) => c.knowledge), ['ipv6-disabled', 'pod-network-missing']);
  t.deepEqual(applyHostRules(textOnly, { kubernetesNode: false, ipv6Disabled: false }).map((c) => c.knowledge), ['ipv6-disabled', 'pod-network-missing']);
  t.deepEqual(applyHostRules(textOnly, undefined), textOnly);
});
