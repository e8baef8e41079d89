/**
 * Symptom search against realistic pasted errors: for every knowledge entry
 * that lists symptoms, English text, Korean text (a Korean host localizes the
 * Windows message; PowerShell wraps a native command's error in Korean
 * location lines), and its error codes alone in odd spellings. When a text
 * fits several entries equally, the host state decides (likelyCauses).
 */
import test from 'ava';
import { join } from 'node:path';
import { diagnoseFile } from '../../src/core/diagnose.js';
import { loadKnowledge, parsePage } from '../../src/core/knowledge/pages.js';
import { codeKeys, errorCodes, KnowledgeIndex, parseCode } from '../../src/core/knowledge/search.js';
import { recognizeMessages, toEnglish } from '../../src/core/knowledge/messages.js';
import { SNAPSHOTS_DIR } from '../../src/core/paths.js';
import { SECTION_H_IDS, SECTION_H_PASTES, SECTION_H_TYPED } from './section-h-pastes.js';

const pages = loadKnowledge();
const index = new KnowledgeIndex(pages);

/** How Windows PowerShell on a Korean host shows a native command's error. */
function koreanPowerShell(command: string, error: string): string {
  return [
    `docker : ${error}`,
    '위치 줄:1 문자:1',
    `+ ${command}`,
    `+ ${'~'.repeat(command.length)}`,
    `    + CategoryInfo          : NotSpecified: (${error.slice(0, 40)}:String) [], RemoteException`,
    '    + FullyQualifiedErrorId : NativeCommandError',
  ].join('\n');
}

interface Pastes {
  readonly en: readonly string[];
  readonly ko: readonly string[];
}

/** Realistic pastes for every entry that lists symptoms. */
const PASTES: Record<string, Pastes> = {
  'bridge-driver-unavailable': {
    en: [
      'PS C:\\> docker network create mynet\nError response from daemon: could not find plugin bridge in v1 plugin registry: plugin not found',
      'Creating network "web_default" with the default driver\nERROR: could not find plugin bridge in v1 plugin registry: plugin not found',
    ],
    ko: [
      koreanPowerShell('docker network create mynet', 'Error response from daemon: could not find plugin bridge in v1 plugin registry: plugin not found'),
      'docker network create 하면 bridge 드라이버 없음 오류',
    ],
  },
  'default-nat-missing': {
    en: ["docker: Error response from daemon: network nat not found.\nSee 'docker run --help'."],
    ko: [koreanPowerShell('docker run -d -p 8080:80 mcr.microsoft.com/windows/servercore/iis', 'Error response from daemon: network nat not found.')],
  },
  'containerd-not-running': {
    en: ['E1207 10:02:11.123456 4242 kubelet.go:2412] "Container runtime not ready" runtimeReady="RuntimeReady=false reason: message:container runtime is down" err="rpc error: code = Unavailable desc = connection error: open //./pipe/containerd-containerd"'],
    ko: ['time="2026-12-07T10:02:11Z" level=fatal msg="failed to connect: failed to dial \"//./pipe/containerd-containerd\": open //./pipe/containerd-containerd: 지정된 파일을 찾을 수 없습니다."'],
  },
  'cni-config-missing': {
    en: ['  Ready            False   Mon, 07 Dec 2026 10:02:11 +0000   Mon, 07 Dec 2026 09:58:40 +0000   KubeletNotReady   container runtime network not ready: NetworkReady=false reason:NetworkPluginNotReady message:Network plugin returns error: cni plugin not initialized'],
    ko: ['노드가 NotReady 상태입니다. crictl info: "lastCNILoadStatus": "cni config load failed: no network config found in C:\\Program Files\\containerd\\cni\\conf: cni plugin not initialized: failed to load cni config"'],
  },
  'cni-plugin-missing': {
    en: ['Warning  FailedCreatePodSandBox  12s  kubelet  Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "3f1c9a0d": plugin type="flannel" failed (add): failed to find plugin "sdnoverlay" in path [c:/opt/cni/bin]'],
    ko: ['nerdctl run 실패: failed to create default network: needs CNI plugin "nat" to be installed in CNI_PATH ("C:\\Program Files\\containerd\\cni\\bin"): exec: "C:\\Program Files\\containerd\\cni\\bin\\nat": file does not exist'],
  },
  'ipam-exhausted': {
    en: ['Warning  FailedCreatePodSandBox  3s  kubelet  Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "9c2f": plugin type="flannel" failed (add): failed to allocate for range 0: no IP addresses available in range set: 10.244.1.1-10.244.1.254'],
    ko: ['새 파드가 ContainerCreating에서 멈춥니다: network: failed to allocate for range 0: no IP addresses available in range set'],
  },
  'kubeproxy-not-running': {
    en: ['kube-system   kube-proxy-windows-7xk2p   0/1   CrashLoopBackOff   12 (3m ago)   41m   10.240.0.35   akswin000000'],
    ko: ['파드에서 클러스터 DNS 조회가 시간 초과됩니다: ;; connection timed out; no servers could be reached. kube-proxy 서비스가 중지되어 있습니다.'],
  },
  'kubeproxy-network-name-mismatch': {
    en: ['E1207 10:15:02.123456    5712 proxier.go:640] "Unable to find HNS Network specified, please check network name and CNI deployment" hnsNetworkName="vxlan0"'],
    ko: ['kube-proxy 로그에 네트워크 이름 불일치: "Unable to find HNS Network specified, please check network name and CNI deployment" hnsNetworkName="Calico.*"'],
  },
  'kubeproxy-sourcevip-invalid': {
    en: ['E1207 10:16:40.000000    5712 proxier.go:712] Source Vip endpoint creation failed: hcnCreateEndpoint failed in Win32: An address provided is invalid or reserved. (0x803b002f) {"Success":false,"Error":"An address provided is invalid or reserved. ","ErrorCode":2151350319}'],
    ko: ['오버레이 노드에서 kube-proxy 시작 실패 (소스 VIP): unable to create proxier: source-vip flag not set'],
  },
  'kubeproxy-feature-gate-mismatch': {
    en: ['F1207 10:20:11.000000    3440 server.go:79] cannot set feature gate WinOverlay to false, feature is locked to true'],
    ko: ['업그레이드 후 kube-proxy 시작 실패, 기능 게이트 오류: WinDSR feature gate not enabled'],
  },
  'kubeproxy-dsr-mismatch': {
    en: ['E1207 10:22:03.000000    3516 server.go:560] "Error running ProxyServer" err="platform does not support feature Direct Server Return (DSR)"'],
    ko: ['DSR 불일치로 kube-proxy 종료: platform does not support feature Direct Server Return (DSR)'],
  },
  'kubeproxy-hostname-mismatch': {
    en: ['After some time, vNICs and HNS endpoints of containers are being deleted on my Windows node'],
    ko: ['시간이 지나면 파드 엔드포인트 삭제, 호스트 이름 불일치 의심: After some time, vNICs and HNS endpoints of containers are being deleted'],
  },
  'ephemeral-port-exhaustion': {
    en: ['E1207 10:31:45.000000    3516 proxier.go:1401] "ClusterIP policy creation failed" err="hcnCreateLoadBalancer failed in Win32: The specified port already exists. (0x803b0013)"'],
    ko: ['포트 고갈로 서비스 생성 실패: Policy creation failed: hcnCreateLoadBalancer failed in Win32: The specified port already exists.'],
  },
  'dns-vip-lb-missing': {
    en: ['PS C:\\> Resolve-DnsName kubernetes.default.svc.cluster.local\nResolve-DnsName : kubernetes.default.svc.cluster.local : This operation returned because the timeout period expired'],
    ko: ['kube-dns 로드 밸런서 누락: hcnCreateLoadBalancer failed in Win32: The switch-port was not found. (0x803b0007)'],
  },
  'stale-remote-endpoints': {
    en: ['Duplicate HNS endpoints cause pod network connectivity loss after pod IPs are reused'],
    ko: ['중복 엔드포인트로 간헐적 연결 실패: networkhealth 결과 Detected 3 stale remote endpoints'],
  },
  'loadbalancers-out-of-sync': {
    en: ['E1207 10:40:12.000000    3516 proxier.go:1455] "Policy creation failed" err="hcnCreateLoadBalancer failed in Win32: Cannot create a file when that file already exists. (0xb7)"'],
    ko: ['HNS 재시작 후 서비스 장애: hcnCreateLoadBalancer failed in Win32: Cannot create a file when that file already exists. (0xb7)'],
  },
  'service-limitations': {
    en: ['E1207 10:45:00.000000    3516 proxier.go:1288] Session Affinity is not supported on this version of Windows'],
    ko: ['세션 어피니티가 동작하지 않음: Session Affinity is not supported on this version of Windows'],
  },
  'docker-not-running': {
    en: ['error during connect: This error may indicate that the docker daemon is not running.: Get "http://%2F%2F.%2Fpipe%2Fdocker_engine/v1.24/containers/json": open //./pipe/docker_engine: The system cannot find the file specified.'],
    ko: ['error during connect: Get http://%2F%2F.%2Fpipe%2Fdocker_engine/v1.40/info: open //./pipe/docker_engine: 지정된 파일을 찾을 수 없습니다. In the default daemon configuration on Windows, the docker client must be run with elevated privileges to connect.'],
  },
  'engine-in-linux-mode': {
    en: [
      'PS C:\\> docker network create -d nat mynat\nError response from daemon: could not find plugin nat in v1 plugin registry: plugin not found',
      'docker: Error response from daemon: plugin "nat" not found.',
      'image operating system "windows" cannot be used on this platform',
    ],
    ko: [koreanPowerShell('docker network create -d nat mynat', 'Error response from daemon: could not find plugin nat in v1 plugin registry: plugin not found')],
  },
  'hot-add-unsupported': {
    en: ['PS C:\\> docker network connect lan web\nError response from daemon: unsupported platform request'],
    ko: [
      koreanPowerShell('docker network connect lan web', 'Error response from daemon: unsupported platform request'),
      '실행 중인 컨테이너에 네트워크 추가가 안 됨',
    ],
  },
  'interface-option-invalid': {
    en: [
      'PS C:\\> docker network create -d transparent -o com.docker.network.windowsshim.interface="vEthernet (Ethernet)" tlan\nError response from daemon: HNS failed with error : The parameter is incorrect.',
      'docker network create -d l2bridge -o com.docker.network.windowsshim.interface="Intel(R) Ethernet Connection I219-LM" l2 --subnet=10.1.0.0/24 --gateway=10.1.0.1\nError response from daemon: An adapter was not found. (0x803b0006)',
    ],
    ko: [koreanPowerShell('docker network create -d transparent -o com.docker.network.windowsshim.interface="Ethernet 3" tlan', 'Error response from daemon: HNS failed with error : 매개 변수가 틀립니다. ')],
  },
  'ipv6-disabled': {
    en: [
      'docker: Error response from daemon: container 5c1f0e3d7a encountered an error during CreateContainer: failure in a Windows system call: Element not found. (0x490)',
      'Error starting daemon: Error initializing network controller: Error creating default network: hnsCall failed in Win32: Element not found. (0x490)',
    ],
    ko: ['docker: Error response from daemon: container 5c1f0e3d7a encountered an error during CreateContainer: failure in a Windows system call: 요소를 찾을 수 없습니다. (0x490)'],
  },
  'localhost-published-port': {
    en: [
      'PS C:\\> curl.exe http://localhost:8080\ncurl: (7) Failed to connect to localhost port 8080: Connection refused',
      'Invoke-WebRequest : Unable to connect to the remote server\nAt line:1 char:1\n+ Invoke-WebRequest http://127.0.0.1:8080 -UseBasicParsing',
    ],
    ko: [[
      'curl : 원격 서버에 연결할 수 없습니다.',
      '위치 줄:1 문자:1',
      '+ curl http://localhost:8080',
      '+ ~~~~~~~~~~~~~~~~~~~~~~~~~~',
      '    + CategoryInfo          : InvalidOperation: (System.Net.HttpWebRequest:HttpWebRequest) [Invoke-WebRequest], WebException',
      '    + FullyQualifiedErrorId : WebCmdletWebResponseException,Microsoft.PowerShell.Commands.InvokeWebRequestCommand',
    ].join('\n')],
  },
  'networks-lost-after-reboot': {
    en: ['PS C:\\> docker start web\nError response from daemon: network 9d1c4f0e5b2a7c3e not found\nError: failed to start containers: web'],
    ko: [koreanPowerShell('docker start web', 'Error response from daemon: network 9d1c4f0e5b2a7c3e not found\nError: failed to start containers: web')],
  },
  'overlay-icmp-misleading': {
    en: ['PS C:\\> docker exec web ping 8.8.8.8\n\nPinging 8.8.8.8 with 32 bytes of data:\nRequest timed out.\nRequest timed out.\nRequest timed out.\nRequest timed out.\n\nPing statistics for 8.8.8.8:\n    Packets: Sent = 4, Received = 0, Lost = 4 (100% loss),'],
    ko: ['Ping 8.8.8.8 32바이트 데이터 사용:\n요청 시간이 만료되었습니다.\n요청 시간이 만료되었습니다.\n요청 시간이 만료되었습니다.\n요청 시간이 만료되었습니다.\n\n8.8.8.8에 대한 Ping 통계:\n    패킷: 보냄 = 4, 받음 = 0, 손실 = 4 (100% 손실),'],
  },
  'overlay-requires-swarm': {
    en: [
      'PS C:\\> docker network create -d overlay backend\nError response from daemon: insufficient vnis(0) passed to overlay. Windows driver requires VNIs to be prepopulated',
      'Error response from daemon: This node is not a swarm manager. Use "docker swarm init" or "docker swarm join" to connect this node to swarm and try again.',
    ],
    ko: [koreanPowerShell('docker network create -d overlay backend', 'Error response from daemon: insufficient vnis(0) passed to overlay. Windows driver requires VNIs to be prepopulated')],
  },
  'port-conflict': {
    en: [
      'docker: Error response from daemon: failed to create endpoint web on network nat: hnsCall failed in Win32: The process cannot access the file because it is being used by another process. (0x20).',
      'docker: Error response from daemon: driver failed programming external connectivity on endpoint web (3c9f0d1e): Bind for 0.0.0.0:8080 failed: port is already allocated.',
    ],
    ko: ['docker: Error response from daemon: failed to create endpoint web on network nat: hnsCall failed in Win32: 다른 프로세스가 파일을 사용 중이기 때문에 프로세스가 액세스 할 수 없습니다. (0x20).'],
  },
  'stale-hns-state': {
    en: ['docker: Error response from daemon: failed to create endpoint web on network nat: hnsCall failed in Win32: The wrong diskette is in the drive. (0x22).'],
    ko: ['Docker와 HNS 상태 불일치: 남은 네트워크와 고아 끝점 정리'],
  },
  'static-ip-needs-subnet-gateway': {
    en: ['PS C:\\> docker network create -d transparent --subnet=10.123.174.0/23 tlan\nError response from daemon: HNS failed with error : The object already exists.'],
    ko: [koreanPowerShell('docker network create -d transparent --subnet=10.123.174.0/23 tlan', 'Error response from daemon: HNS failed with error : 개체가 이미 있습니다. ')],
  },
  'swarm-routing-mesh-unsupported': {
    en: ['PS C:\\> docker service create --name web --publish 8080:80 mcr.microsoft.com/windows/servercore/iis\nPS C:\\> docker service ps --no-trunc web\nID   NAME    IMAGE   NODE   DESIRED STATE   CURRENT STATE   ERROR\nx1   web.1   iis     ctr16  Ready           Rejected        "HNS failed with error : Catastrophic failure "'],
    ko: ['PS C:\\> docker service create --name web --publish 8080:80 iis\nPS C:\\> docker service ps --no-trunc web\nx1   web.1   iis   ctr10   Ready   Rejected 2 seconds ago   "HNS failed with error : 지정되지 않은 오류입니다. "'],
  },
  'swarm-vxlan-id': {
    en: ['x2   api.1   api:1.4   ctr19   Running   Rejected 5 seconds ago   "failed to create endpoint api.1.k3v9d2q8x7w1m0n5b4c6z8a2s on network backend: HNS failed with error : Element not found. "'],
    ko: ['x2   api.1   api:1.4   ctr19   Running   Rejected 5 seconds ago   "failed to create endpoint api.1.k3v9d2q8x7w1m0n5b4c6z8a2s on network backend: HNS failed with error : 요소를 찾을 수 없습니다. "'],
  },
  'unsupported-option': {
    en: ['PS C:\\> docker network create -d nat --subnet=172.20.10.0/24 --ip-range=172.20.10.128/25 mynat\nError response from daemon: This request is not supported by null ipam driver'],
    ko: [koreanPowerShell('docker network create -d nat --subnet=172.20.10.0/24 --ip-range=172.20.10.128/25 mynat', 'Error response from daemon: This request is not supported by null ipam driver')],
  },
  'winnat-slot-taken': {
    en: ['Error starting daemon: Error initializing network controller: Error creating default network: HNS failed with error : The parameter is incorrect.'],
    ko: ['Error starting daemon: Error initializing network controller: Error creating default network: HNS failed with error : 매개 변수가 틀립니다. '],
  },
  'winnat-stopped': {
    en: ['docker: Error response from daemon: failed to create endpoint web on network nat: HNS failed with error : The system cannot find the path specified.'],
    ko: ['docker: Error response from daemon: failed to create endpoint web on network nat: HNS failed with error : 지정된 경로를 찾을 수 없습니다. '],
  },
  'nat-outside-winnat-prefix': {
    en: [
      'PS C:\\> docker network create -d nat --subnet=172.16.2.0/24 --gateway=172.16.2.1 CustomNat2\nError response from daemon: HNS failed with error : Unspecified error',
      'PS C:\\> docker network create -d nat --subnet=192.168.90.0/24 --gateway=192.168.90.1 app\nError response from daemon: HNS failed with error : The parameter is incorrect.',
    ],
    ko: [koreanPowerShell('docker network create -d nat --subnet=172.16.2.0/24 --gateway=172.16.2.1 CustomNat2', 'Error response from daemon: HNS failed with error : 지정되지 않은 오류입니다. ')],
  },
  'remote-subnet-routes-missing': {
    en: ['E1207 10:14:02.331207 5560 vxlan_network_windows.go:151] Unable to find network flannel.4096, error: Network name \"flannel.4096\" not found'],
    ko: ['다른 노드의 파드로 가는 트래픽만 시간 초과됩니다. Get-HnsNetwork Policies 에 그 노드의 RemoteSubnetRoute 가 없습니다 (원격 서브넷 경로 누락).'],
  },
  'management-ip-lost': {
    en: ['2026-12-07 10:21:44.187 [FATAL][3320] startup/startup_windows.go 123: timed out waiting for interface matching the management IP (169.254.57.5) of network'],
    ko: ['재부팅 후 calico-node 가 시작되지 않습니다: timed out waiting for interface matching the management IP (169.254.57.5) of network. 관리 IP 가 APIPA 주소입니다.'],
  },
  'endpoint-port-blocked': {
    en: ['Endpoint state for the POD with IP address 10.244.1.5 is in invalid state 1'],
    ko: ['vfpctrl /port 5F1B2C3D /get-port-state 결과 Blocked : TRUE 입니다. 파드 하나만 네트워크가 전혀 안 됩니다 (VFP 포트 차단).'],
  },
  'pod-network-missing': {
    en: ['E1207 09:58:13.402115 5712 proxier.go:1139] "The HNS network is not present or has changed since the last sync, please check the CNI deployment" hnsNetworkName="flannel.4096"'],
    ko: ['재부팅 후 새 파드가 ContainerCreating 에 멈춥니다. kube-proxy 로그: The HNS network is not present or has changed since the last sync, please check the CNI deployment'],
  },
  'vxlan-vni-invalid': {
    en: ['E1207 10:30:12.004518 5560 vxlan_windows.go:126] invalid VXLAN backend config. VNI [1] must be greater than or equal to 4096 on Windows'],
    ko: ['윈도우 노드의 flanneld 가 종료됩니다: invalid VXLAN backend config. Port [8472] is not supported on Windows. Omit the setting to default to port 4789'],
  },
  'flannel-network-not-ready': {
    en: ['I1207 10:41:09.551204 5560 device_windows.go:93] Waiting for the Network to be created'],
    ko: ['파드가 ContainerCreating 에서 멈춥니다. flanneld 로그: interface bound to flannel.4096 took too long to get ready. Please check your network host configuration'],
  },
  'hostgw-routes-missing': {
    en: ["E1207 10:52:30.118402 5560 hostgw_windows.go:80] your PublicIP differs from interface IP, meaning that probably you're on a NAT, which is not supported by host-gw backend"],
    ko: ['다른 노드의 파드에 접속되지 않습니다. flanneld 로그: Error creating route. host-gw 경로가 라우팅 테이블에 없습니다.'],
  },
  'calico-unsupported-config': {
    en: ['Pods reach only local pods with Calico BGP on Windows. Check that the RemoteAccess service is installed and running'],
    ko: ['윈도우 노드에서 캘리코 BGP 피어가 연결되지 않습니다. RemoteAccess 서비스가 중지되어 있습니다. IPIP is not supported on Windows'],
  },
  'pod-network-adapter-not-found': {
    en: ['Warning  FailedCreatePodSandBox  kubelet  Failed to create pod sandbox: rpc error: code = Unknown desc = failed to setup network for sandbox "3f2a": hcnCreateNetwork failed in Win32: An adapter was not found. (0x803b0006)'],
    ko: ['첫 파드에서 네트워크가 만들어지지 않습니다. No network adapter is found when starting the kubelet. 어댑터 이름이 틀린 것 같습니다.'],
  },
  'cloud-metadata-route-lost': {
    en: ['After initializing Calico for Windows, AWS metadata server is no longer reachable: Invoke-RestMethod http://169.254.169.254/latest/meta-data/ times out'],
    ko: ['캘리코 설치 후 AWS 메타데이터 서버 169.254.169.254 에 접속되지 않습니다 (인스턴스 메타데이터 경로 사라짐).'],
  },
};

const isSectionH = (id: string) => (SECTION_H_IDS as readonly string[]).includes(id);

test('every entry that lists symptoms has realistic pastes here, and only those', (t) => {
  // Section H pages are covered by section-h-pastes.ts where a real paste is known, and by the generated pastes below for all.
  const withSymptoms = pages.filter((p) => p.symptoms.length > 0 && !isSectionH(p.id)).map((p) => p.id).sort();
  t.deepEqual(Object.keys(PASTES).filter((id) => !isSectionH(id)).sort(), withSymptoms);
  for (const id of Object.keys(SECTION_H_PASTES)) t.true(isSectionH(id), `${id} is a section H id`);
});

// --- section H: data-driven over the pages that exist ---------------------------------

const pageIds = new Set(pages.map((p) => p.id));

/** The entries at the top score for a text (several when they tie). */
function atTop(text: string): { ids: string[]; ranking: string } {
  const hits = index.search(text, 10);
  const top = hits[0]?.score ?? 0;
  return { ids: hits.filter((h) => h.score === top && top > 0).map((h) => h.knowledge), ranking: hits.map((h) => `${h.knowledge} ${h.score.toFixed(3)} (${h.matched})`).join('; ') };
}

for (const [id, pastes] of Object.entries(SECTION_H_PASTES)) {
  const all = [...pastes.en.map((p) => ['English', p] as const), ...(pastes.ko ?? []).map((p) => ['Korean', p] as const)];
  all.forEach(([lang, text], i) => {
    if (!pageIds.has(id)) {
      test.todo(`${id}: ${lang} paste ${i + 1} (runs once knowledge/${id}.md exists)`);
      return;
    }
    test(`${id}: ${lang} paste ${i + 1} ranks it at the top`, (t) => {
      const { ids, ranking } = atTop(text);
      t.true(ids.includes(id), ranking);
      // A tie is allowed only with pages that share the matched text or code: the host state decides between them.
      t.true(ids.length <= 2, `too many entries tie: ${ranking}`);
    });
  });
}

/** How a symptom line of a page shows up in a pasted log: inside a klog line, with the agent's own words around it. */
const inLog = (symptom: string) => `E1207 10:00:01.000000    4242 agent.go:120] ${symptom.replace(/<[^<>\s]+>/g, 'x1')} (retrying in 5s)`;

for (const page of pages.filter((p) => isSectionH(p.id) && p.symptoms.length > 0)) {
  test(`${page.id}: each of its symptoms, pasted inside a log line, finds it at the top`, (t) => {
    for (const s of page.symptoms) {
      const { ids, ranking } = atTop(inLog(s));
      const sharing = pages.filter((p) => p.symptoms.some((x) => x.toLowerCase() === s.toLowerCase())).map((p) => p.id);
      t.true(ids.includes(page.id), `'${s}': ${ranking}`);
      t.true(ids.every((i) => sharing.includes(i) || pages.find((p) => p.id === i)!.codes.length > 0), `'${s}' ties with unrelated entries: ${ranking}`);
    }
  });
}

for (const [text, id] of SECTION_H_TYPED) {
  if (!pageIds.has(id)) {
    test.todo(`typed words "${text}" (runs once knowledge/${id}.md exists)`);
    continue;
  }
  test(`typed words "${text}" rank ${id} first`, (t) => {
    const hits = index.search(text, 5);
    t.is(hits[0]?.knowledge, id, hits.map((h) => `${h.knowledge} ${h.score.toFixed(3)} (${h.matched})`).join('; '));
  });
}

test('symptom-only and command-only entries are searchable in both languages', (t) => {
  for (const id of ['hot-add-unsupported', 'bridge-driver-unavailable', 'localhost-published-port', 'overlay-icmp-misleading']) {
    const page = pages.find((p) => p.id === id)!;
    t.false(page.detect.includes('state'), `${id} has no state check, so its page must not say detect: state`);
    t.true(page.symptoms.length > 0, `${id} lists symptoms`);
    t.true(page.keywords.length >= 5, `${id} has English keywords`);
    t.true(page.keywords_ko.length >= 4, `${id} has Korean keywords`);
    t.true(page.symptoms.some((s) => /[\uac00-\ud7a3]/.test(s)) || page.keywords_ko.some((k) => /[\uac00-\ud7a3]/.test(k)), `${id} can be found in Korean`);
  }
});

for (const [id, pastes] of Object.entries(PASTES)) {
  for (const [lang, list] of [['English', pastes.en], ['Korean', pastes.ko]] as const) {
    list.forEach((text, i) => {
      test(`${id}: ${lang} paste ${i + 1} ranks it first`, (t) => {
        const hits = index.search(text, 5);
        t.true(hits.length > 0, 'no hit at all');
        t.is(hits[0]?.knowledge, id, `ranking: ${hits.map((h) => `${h.knowledge} ${h.score.toFixed(3)} (${h.matched})`).join('; ')}`);
        if (hits[1]) t.true(hits[0]!.score > hits[1].score, `a tie with ${hits[1].knowledge} is left to chance`);
      });
    });
  }
}

/** Which entries a code alone must rank at the top: one entry, or all that share the code (host state decides then). */
function pagesWithCode(code: string): string[] {
  return pages.filter((p) => codeKeys(p.codes).includes(code)).map((p) => p.id).sort();
}

/** A code in the spellings users paste: upper case, zero-padded, wrapped in an HRESULT, and HNS's decimal ErrorCode. */
const oddSpellings = (code: string): string[] => {
  const n = parseInt(code, 16);
  const out = [`0X${n.toString(16).toUpperCase()}`, `0x${n.toString(16).padStart(8, '0').toUpperCase()}`];
  if (n < 0x10000) out.push(`0x${(0x80070000 + n).toString(16)}`, `HRESULT 0X${(0x80070000 + n).toString(16).toUpperCase()}`, `{"Success":false,"ErrorCode":${0x80070000 + n}}`);
  else if (n >= 0x80000000) out.push(`{"Success":false,"Error":"...","ErrorCode":${n}}`);
  return out;
};

// Every code any page lists, hex or decimal alike (the decimal form is read as its hex code).
for (const code of [...new Set(pages.flatMap((p) => codeKeys(p.codes)).filter((c) => !/^0x8007[0-9a-f]{4}$/.test(c)))].sort()) {
  test(`the code ${code} alone, in odd spellings, ranks the entries that list it at the top`, (t) => {
    const owners = pagesWithCode(code);
    for (const query of oddSpellings(code)) {
      const hits = index.search(query, 10);
      const top = hits[0]?.score ?? 0;
      const atTop = hits.filter((h) => h.score === top).map((h) => h.knowledge).sort();
      t.deepEqual(atTop, owners, `query '${query}': ${hits.map((h) => `${h.knowledge} ${h.score.toFixed(3)}`).join('; ')}`);
    }
  });
}

test('error codes are read in any case, zero-padded, and out of HRESULTs', (t) => {
  t.deepEqual(errorCodes('0X490'), ['0x490']);
  t.deepEqual(errorCodes('failed (0x00000057)'), ['0x57']);
  t.deepEqual(errorCodes('HRESULT 0X80070490').sort(), ['0x490', '0x80070490']);
  t.deepEqual(errorCodes('0x8000FFFF'), ['0x8000ffff']);
  t.deepEqual(errorCodes('no code here, 10.0.0.0/8 and 0xZZ'), []);
});

test('the decimal ErrorCode of HNS JSON errors is read as its hex code, and hex as decimal', (t) => {
  t.deepEqual(errorCodes('{"Success":false,"Error":"An address provided is invalid or reserved. ","ErrorCode":2151350319}'), ['0x803b002f']);
  t.deepEqual(errorCodes('"ErrorCode":2147942487').sort(), ['0x57', '0x80070057']);
  t.deepEqual(errorCodes('0x803b002f'), errorCodes('2151350319'));
  t.deepEqual(errorCodes('0X803B002F'), ['0x803b002f']);
  // Not codes: numbers below the failure bit (timestamps), longer numbers, parts of versions and addresses.
  t.deepEqual(errorCodes('LastUpdateTime 132261603825581638, epoch 1715644800, build 10.0.2151350319, 2151350319.5'), []);
  t.deepEqual(codeKeys(['2151350319', '0x803b002f']), ['0x803b002f']);
  t.deepEqual(codeKeys(['0x80070490']).sort(), ['0x490', '0x80070490']);
  t.is(parseCode('4294967296'), undefined);
});

test('a page that lists a code in one form is found by the other form', (t) => {
  const decimal = index.search('"ErrorCode":2151350319', 5).map((h) => h.knowledge);
  const hexForm = index.search('(0X803B002F)', 5).map((h) => h.knowledge);
  // Whatever pages list the code (section H's source-VIP page does), both forms find them.
  const listing = pages.filter((p) => codeKeys(p.codes).includes('0x803b002f')).map((p) => p.id);
  t.true(listing.length > 0, 'some page lists 0x803b002f');
  for (const id of listing) t.true(decimal.includes(id) && hexForm.includes(id), `${id} lists 0x803b002f`);
  const parsed = parsePage('---\nid: x\ntitle: x\ntitle_ko: x\nseverity: info\ndetect: [symptom]\ntags: []\nbuilds: all\ndrivers: []\nkeywords: [zzqq]\nkeywords_ko: []\ncodes: ["2151350319", 0x803b0013]\nsymptoms: []\nsamples: {}\n---\n# x\n', 'x.md');
  const own = new KnowledgeIndex([parsed]);
  t.is(own.search('hcnCreateEndpoint failed (0x803b002f)')[0]?.knowledge, 'x');
  t.is(own.search('"ErrorCode":2151350291')[0]?.knowledge, 'x');
});

test('Korean system messages are read as their English originals and codes', (t) => {
  t.is(toEnglish('HNS failed with error : 매개 변수가 틀립니다. '), 'HNS failed with error : The parameter is incorrect. ');
  t.deepEqual(recognizeMessages('hnsCall failed in Win32: 요소를 찾을 수 없습니다. (0x490)').map((r) => [r.message.code, r.localized]), [['0x490', true]]);
  t.deepEqual(recognizeMessages('The object already exists.').map((r) => r.message.code), ['0x1392']);
});

test('a message without a code finds the entries that list the code', (t) => {
  const ids = index.search('The object already exists', 10).map((h) => h.knowledge);
  for (const id of ['stale-hns-state', 'static-ip-needs-subnet-gateway', 'winnat-slot-taken']) t.true(ids.includes(id), id);
});

test('text that means nothing here finds nothing, and empty text finds nothing', (t) => {
  t.deepEqual(index.search('   '), []);
  t.deepEqual(index.search('the quick brown fox jumps over the lazy dog'), []);
});

// --- host state decides between entries that fit the same text ------------------------

const PARAMETER = 'HNS failed with error : The parameter is incorrect.';

test('on the demo host, "The parameter is incorrect" is the stray WinNAT first', (t) => {
  const { report } = diagnoseFile(join(SNAPSHOTS_DIR, 'demo.json'));
  for (const text of [PARAMETER, 'The parameter is incorrect.', 'HNS failed with error : 매개 변수가 틀립니다.', '0x80070057']) {
    const causes = index.likelyCauses(text, report.findings, report.checks);
    t.is(causes[0]?.knowledge, 'winnat-slot-taken', `${text}: ${causes.map((c) => `${c.knowledge} ${c.score}`).join('; ')}`);
    t.regex(causes[0]!.why, /this host shows it \(WCN201\)/);
  }
});

test('on a host where only the interface option is wrong, the same text is that option first', (t) => {
  const { report } = diagnoseFile(join(SNAPSHOTS_DIR, 'cases/interface-option-invalid/broken.json'));
  t.deepEqual([...new Set(report.findings.map((f) => f.knowledge))], ['interface-option-invalid'], 'only the interface option is wrong there');
  for (const text of [PARAMETER, 'Error creating default network: HNS failed with error : The parameter is incorrect.', '매개 변수가 틀립니다.', '0x80070057']) {
    const causes = index.likelyCauses(text, report.findings, report.checks);
    t.is(causes[0]?.knowledge, 'interface-option-invalid', `${text}: ${causes.map((c) => `${c.knowledge} ${c.score}`).join('; ')}`);
    t.regex(causes[0]!.why, /this host shows it \(WCN303\)/);
  }
});

test('on a healthy host nothing is confirmed, and entries whose checks passed rank below the rest', (t) => {
  const { report } = diagnoseFile(join(SNAPSHOTS_DIR, 'healthy-ws2019.json'));
  const causes = index.likelyCauses(PARAMETER, report.findings, report.checks);
  t.true(causes.length > 0);
  t.false(causes.some((c) => /this host shows it/.test(c.why)));
  const passed = new Set(report.checks.filter((c) => c.status === 'pass').map((c) => c.knowledge));
  const firstPassed = causes.findIndex((c) => passed.has(c.knowledge));
  if (firstPassed >= 0) t.true(causes.slice(firstPassed).every((c) => passed.has(c.knowledge) || c.score <= causes[firstPassed]!.score));
});

test('the Element-not-found text on the demo host is IPv6 first, ahead of the VXLAN id', (t) => {
  const { report } = diagnoseFile(join(SNAPSHOTS_DIR, 'demo.json'));
  for (const text of ['HNS failed with error : Element not found', '요소를 찾을 수 없습니다.', '0X490']) {
    const causes = index.likelyCauses(text, report.findings, report.checks);
    t.is(causes[0]?.knowledge, 'ipv6-disabled', `${text}: ${causes.map((c) => `${c.knowledge} ${c.score}`).join('; ')}`);
  }
});

test('the same text on a swarm host with a low VXLAN id is the VXLAN id first', (t) => {
  const { report } = diagnoseFile(join(SNAPSHOTS_DIR, 'cases/swarm-vxlan-id/broken.json'));
  const causes = index.likelyCauses('HNS failed with error : 요소를 찾을 수 없습니다.', report.findings, report.checks);
  t.is(causes[0]?.knowledge, 'swarm-vxlan-id', causes.map((c) => `${c.knowledge} ${c.score}`).join('; '));
});

test('a finding the text hardly fits does not outrank the entry the text names', (t) => {
  const { report } = diagnoseFile(join(SNAPSHOTS_DIR, 'demo.json'));
  t.true(report.findings.some((f) => f.knowledge === 'gateway-outside-subnet'), 'the demo host shows gateway-outside-subnet');
  const text = 'docker: Error response from daemon: failed to create endpoint web on network nat: hnsCall failed in Win32: The process cannot access the file because it is being used by another process. (0x20).';
  const causes = index.likelyCauses(text, report.findings, report.checks);
  t.is(causes[0]?.knowledge, 'port-conflict', causes.map((c) => `${c.knowledge} ${c.score}`).join('; '));
  const weak = causes.find((c) => c.knowledge === 'gateway-outside-subnet');
  if (weak) t.true(weak.score < causes[0]!.score - 0.1, `a barely related finding scores ${weak.score}, the named entry ${causes[0]!.score}`);
});

/** A few words typed into the search box, for the entries no state check finds. */
const TYPED: [string, string][] = [
  ['docker network create -d bridge', 'bridge-driver-unavailable'],
  ['bridge 드라이버 없음', 'bridge-driver-unavailable'],
  ['docker network connect to a running container', 'hot-add-unsupported'],
  ['실행 중인 컨테이너 네트워크 연결', 'hot-add-unsupported'],
  ['published port not reachable on localhost', 'localhost-published-port'],
  ['localhost 접속 불가', 'localhost-published-port'],
  ['ping fails from container on overlay', 'overlay-icmp-misleading'],
  ['컨테이너에서 ping 실패', 'overlay-icmp-misleading'],
  ['VXLAN id', 'swarm-vxlan-id'],
  ['hns not running', 'hns-not-running'],
  ['transparent network container names do not resolve', 'no-service-discovery'],
];

for (const [text, id] of TYPED) {
  test(`typed words "${text}" rank ${id} first`, (t) => {
    const hits = index.search(text, 5);
    t.is(hits[0]?.knowledge, id, hits.map((h) => `${h.knowledge} ${h.score.toFixed(3)} (${h.matched})`).join('; '));
    if (hits[1]) t.true(hits[0]!.score > hits[1].score, `a tie with ${hits[1].knowledge}`);
  });
}

test('every hit says what matched, and scores stay within 0..1', (t) => {
  for (const pastes of Object.values(PASTES)) {
    for (const text of [...pastes.en, ...pastes.ko]) {
      for (const h of index.search(text, 20)) {
        t.true(h.score > 0 && h.score <= 1, `${h.knowledge} ${h.score}`);
        t.true(h.matched.length > 0);
        t.truthy(pages.find((p) => p.id === h.knowledge));
      }
    }
  }
});
