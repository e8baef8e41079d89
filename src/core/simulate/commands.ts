/**
 * THE list of modelled commands, in one place: every name the simulator
 * answers to, its family, and what it does. Anything not listed here is
 * reported as "not modelled". Tests and `wcn-doctor simulate --help` read
 * this table.
 */
import { cniConfStatement } from './cni-conf.js';
import { daemonJsonStatement } from './daemon-json.js';
import { dockerCli, fileItem, startProcess } from './desktop.js';
import { dockerCommand, dockerReadsOnly } from './docker.js';
import { newHnsNetwork, removeHns } from './hns-powershell.js';
import { hnsdiagCommand, hnsdiagReadsOnly } from './hnsdiag.js';
import { enableVMSwitchExtension, newVMSwitch, removeVMSwitch, setVMNetworkAdapter } from './hyperv.js';
import { nerdctlCommand, nerdctlReadsOnly } from './nerdctl.js';
import { newNetNat, removeNetNat, removeNetNatStaticMapping, restartComputer, setNetIPInterface } from './netnat.js';
import { newNetRoute } from './netroute.js';
import { PRODUCERS, produce, wherePredicate, type Stream } from './pipeline.js';
import { regExe, removeItemProperty, setItemProperty } from './registry.js';
import { netExe, serviceCmdlet, setService } from './services.js';
import { parseScript, type Invocation, type Statement } from './tokenize.js';
import { noop, notModelled, type Ctx, type Outcome } from './types.js';

/** change: edits the host; read: only reads (a Get-* producer or a diagnostic tool); filter: Where-Object; pass: formats what it gets. */
export type Role = 'change' | 'read' | 'filter' | 'pass';

export interface CommandInfo {
  readonly family: string;
  readonly role: Role;
  readonly summary: string;
  readonly run?: (ctx: Ctx, inv: Invocation, input?: Stream) => Outcome;
  /** For a tool whose subcommand decides: true when this command line only reads (it may then run inside ForEach-Object). */
  readonly readsOnly?: (args: readonly string[]) => boolean;
  /** A native tool: it takes no pipeline input. */
  readonly native?: boolean;
}

export const MODELLED_COMMANDS: Readonly<Record<string, CommandInfo>> = {
  docker: { family: 'docker', role: 'change', summary: 'network create/rm/connect/disconnect, run/create/start/stop/restart/kill/rm, swarm init/join/leave; ls/inspect/ps/info and other reads are no-ops', run: dockerCommand, readsOnly: dockerReadsOnly, native: true },
  nerdctl: { family: 'nerdctl', role: 'change', summary: "network create/rm (a CNI conf nerdctl-<name>.conflist; default network 'nat', 10.4.0.0/24), run --network/-p (the nat plugin makes the HNS network and the endpoint); ls/inspect/ps are no-ops", run: nerdctlCommand, readsOnly: nerdctlReadsOnly, native: true },
  hnsdiag: { family: 'hns', role: 'change', summary: 'list networks|endpoints|loadbalancers|namespaces|all only reads; delete networks <id>, delete endpoints <id>', run: hnsdiagCommand, readsOnly: hnsdiagReadsOnly, native: true },
  'new-hnsnetwork': { family: 'hns', role: 'change', summary: "hns.psm1's -Type NAT|Transparent|L2Bridge|L2Tunnel -Name [-AddressPrefix -Gateway] [-AdapterName], under HNS's rules", run: newHnsNetwork },
  dockercli: { family: 'docker-desktop', role: 'change', summary: 'DockerCli.exe -SwitchWindowsEngine | -SwitchLinuxEngine | -SwitchDaemon', run: dockerCli },
  'start-process': { family: 'docker-desktop', role: 'change', summary: "only '…\\Docker Desktop.exe' (starts Docker Desktop)", run: startProcess },
  'remove-item': { family: 'files', role: 'change', summary: 'only Env:DOCKER_HOST / Env:DOCKER_CONTEXT, and HNS.data (HNS starts empty)', run: fileItem },
  'rename-item': { family: 'files', role: 'change', summary: 'only HNS.data (set aside: HNS starts empty)', run: fileItem },
  'copy-item': { family: 'files', role: 'change', summary: 'only a CNI conf in a captured conf dir (a backup copy)', run: fileItem },
  'move-item': { family: 'files', role: 'change', summary: 'only HNS.data (set aside: HNS starts empty)', run: fileItem },
  'new-vmswitch': { family: 'hyperv', role: 'change', summary: 'External (on an adapter, moving its addresses to a host vNIC), Internal or Private switch', run: newVMSwitch },
  'remove-vmswitch': { family: 'hyperv', role: 'change', summary: 'removes a switch, its host vNIC; addresses go back to the adapter', run: removeVMSwitch },
  'enable-vmswitchextension': { family: 'hyperv', role: 'change', summary: 'enables an extension (the VFP extension runs only while vfpext runs)', run: enableVMSwitchExtension },
  'set-vmnetworkadapter': { family: 'hyperv', role: 'change', summary: '-MacAddressSpoofing On|Off (-VMName: on the Hyper-V parent)', run: setVMNetworkAdapter },
  'new-netnat': { family: 'netnat', role: 'change', summary: 'a WinNAT instance (one per host before 15063)', run: newNetNat },
  'remove-netnat': { family: 'netnat', role: 'change', summary: 'removes NAT instances and their static mappings', run: removeNetNat },
  'remove-netnatstaticmapping': { family: 'netnat', role: 'change', summary: 'removes static mappings', run: removeNetNatStaticMapping },
  'new-netroute': { family: 'netip', role: 'change', summary: 'an IPv4 route on a captured interface (ipRoutes)', run: newNetRoute },
  'set-netipinterface': { family: 'netip', role: 'change', summary: '-InterfaceMetric', run: setNetIPInterface },
  'remove-hnsnetwork': { family: 'hns', role: 'change', summary: 'removes piped HNS networks (with endpoints, their switch and NAT)', run: removeHns('HnsNetwork') },
  'remove-hnsendpoint': { family: 'hns', role: 'change', summary: 'removes piped HNS endpoints', run: removeHns('HnsEndpoint') },
  'start-service': { family: 'services', role: 'change', summary: 'docker (creates the default nat, adopts HNS networks), hns (discovers External switches), winnat, vfpext, others', run: serviceCmdlet('start') },
  'stop-service': { family: 'services', role: 'change', summary: 'stopping docker stops every container', run: serviceCmdlet('stop') },
  'restart-service': { family: 'services', role: 'change', summary: 'stop, then start; any captured service (containerd, kubelet, kubeproxy: with a note of what they re-create at start)', run: serviceCmdlet('restart') },
  'set-service': { family: 'services', role: 'change', summary: '-StartupType, -Status', run: setService },
  net: { family: 'services', role: 'change', summary: 'net start|stop <service>', run: netExe },
  'remove-itemproperty': { family: 'registry', role: 'change', summary: 'Tcpip6\\Parameters DisabledComponents (effective after a restart)', run: removeItemProperty },
  'set-itemproperty': { family: 'registry', role: 'change', summary: 'Tcpip6\\Parameters DisabledComponents (effective after a restart); hns\\State DWORD values (read when HNS starts)', run: setItemProperty },
  'new-itemproperty': { family: 'registry', role: 'change', summary: 'Tcpip6\\Parameters DisabledComponents (effective after a restart); hns\\State DWORD values (read when HNS starts)', run: setItemProperty },
  reg: { family: 'registry', role: 'change', summary: 'reg delete|add of Tcpip6\\Parameters DisabledComponents; reg query', run: regExe },
  'restart-computer': { family: 'host', role: 'change', summary: 'applies pending registry changes; 17763+: nat networks rebuilt; 17763 below UBR 348: transparent networks lost', run: restartComputer },
  'where-object': { family: 'pipeline', role: 'filter', summary: 'simple comparisons: -Property X -EQ Y, X -eq Y, { $_.X -eq Y [-and …] }' },
  'select-object': { family: 'pipeline', role: 'pass', summary: 'passes objects on' },
  'sort-object': { family: 'pipeline', role: 'pass', summary: 'passes objects on' },
  'format-table': { family: 'pipeline', role: 'pass', summary: 'output only' },
  'format-list': { family: 'pipeline', role: 'pass', summary: 'output only' },
  'convertto-json': { family: 'pipeline', role: 'pass', summary: 'output only' },
  'out-string': { family: 'pipeline', role: 'pass', summary: 'output only' },
  'out-null': { family: 'pipeline', role: 'pass', summary: 'output only' },
  'measure-object': { family: 'pipeline', role: 'pass', summary: 'output only' },
  'foreach-object': { family: 'pipeline', role: 'pass', summary: 'only when every command in its block only reads' },
  'test-netconnection': { family: 'read', role: 'read', summary: 'diagnostic' },
  'test-path': { family: 'read', role: 'read', summary: 'diagnostic' },
  'write-host': { family: 'read', role: 'read', summary: 'output only' },
  'write-output': { family: 'read', role: 'read', summary: 'output only' },
  ipconfig: { family: 'read', role: 'read', summary: 'diagnostic' },
  nslookup: { family: 'read', role: 'read', summary: 'diagnostic' },
  ping: { family: 'read', role: 'read', summary: 'diagnostic' },
  netsh: { family: 'read', role: 'read', summary: 'only `netsh … show …`' },
  'get-*': { family: 'read', role: 'read', summary: 'every Get- cmdlet reads; Get-NetNat, Get-NetNatStaticMapping, Get-HnsNetwork, Get-HnsEndpoint, Get-VMSwitch, Get-VMNetworkAdapter, Get-Service, Get-VMSwitchExtension and Get-NetIPInterface feed pipelines' },
};

const ALIASES: Record<string, string> = {
  '?': 'where-object', where: 'where-object', select: 'select-object', sort: 'sort-object', ft: 'format-table', fl: 'format-list',
  '%': 'foreach-object', foreach: 'foreach-object', gsv: 'get-service', sasv: 'start-service', spsv: 'stop-service',
  echo: 'write-output', write: 'write-output',
};

/** The table key for a command name (`docker.exe`, `C:\…\docker.exe`, `?`, `Get-NetNat`). */
export function commandKey(name: string): string {
  let n = name.trim().toLowerCase();
  const slash = Math.max(n.lastIndexOf('\\'), n.lastIndexOf('/'));
  if (slash >= 0) n = n.slice(slash + 1);
  if (n.endsWith('.exe')) n = n.slice(0, -4);
  n = ALIASES[n] ?? n;
  if (!(n in MODELLED_COMMANDS) && /^get-[a-z]/.test(n)) return 'get-*';
  return n;
}

export function lookupCommand(name: string): CommandInfo | undefined {
  return MODELLED_COMMANDS[commandKey(name)];
}

function readOnlyTool(inv: Invocation): string | undefined {
  const k = commandKey(inv.name);
  const words = inv.args.map((a) => a.value.toLowerCase());
  if (k === 'netsh' && !words.includes('show')) return `netsh ${words.join(' ')} (only netsh … show … is modelled, as a read)`;
  return undefined;
}

/** A ForEach-Object block is fine when every command in it only reads. */
function blockIsReadOnly(block: string): string | undefined {
  const parsed = parseScript(block);
  if (parsed.problems.length > 0) return `the ForEach-Object block (${parsed.problems[0]!.message})`;
  for (const st of parsed.statements) {
    for (const inv of st.stages) {
      const info = lookupCommand(inv.name);
      if (!info || inv.dynamicName) return `the command ${inv.name} inside ForEach-Object`;
      if (info.role === 'change') {
        const words = inv.args.map((a) => a.value);
        if (!info.readsOnly?.(words)) return `${inv.name} ${words.slice(0, 2).join(' ')} inside ForEach-Object`.trim();
      }
    }
  }
  return undefined;
}

/** `$name` arguments whose value an earlier statement set to a literal ($path = '…') become that literal. */
function substituteVariables(ctx: Ctx, st: Statement): Statement {
  const vars = ctx.state.vars;
  if (Object.keys(vars).length === 0) return st;
  const stages = st.stages.map((inv) => ({
    ...inv,
    args: inv.args.map((w) => {
      const m = /^\$(\w+)$/.exec(w.raw);
      const v = m ? vars[m[1]!.toLowerCase()] : undefined;
      if (!v || v.kind !== 'text') return w;
      return { raw: w.raw, value: v.value, values: [v.value], quoted: true };
    }),
  }));
  return { ...st, stages };
}

/** Runs one statement (a command or a pipeline) against the state. */
export function executeStatement(ctx: Ctx, statement: Statement): Outcome {
  let st = statement;
  const session = daemonJsonStatement(ctx, st.text) ?? cniConfStatement(ctx, st.text);
  if (session) return session;
  st = substituteVariables(ctx, st);
  const stages = st.stages.map((inv) => ({ inv, info: lookupCommand(inv.name) }));
  for (const { inv, info } of stages) {
    if (inv.dynamicName) return notModelled(`a command whose name is computed (${inv.name})`);
    if (!info) return notModelled(`the command ${inv.name}`);
    const tool = readOnlyTool(inv);
    if (tool) return notModelled(tool);
    if (commandKey(inv.name) === 'foreach-object') {
      const block = inv.args.find((a) => a.block !== undefined)?.block;
      if (block === undefined) return notModelled('ForEach-Object without a script block');
      const why = blockIsReadOnly(block);
      if (why) return notModelled(why);
    }
  }
  const changeAt = stages.findIndex((s) => s.info!.role === 'change');
  const upTo = changeAt < 0 ? stages.length : changeAt;
  let stream: Stream | undefined;
  const readNotes: string[] = [];
  for (let i = 0; i < upTo; i++) {
    const { inv, info } = stages[i]!;
    if (info!.role === 'read') {
      if (PRODUCERS[inv.name.toLowerCase()] || commandKey(inv.name) === 'get-*') {
        const r = produce(ctx, inv);
        if ('outcome' in r) {
          if (changeAt < 0) {
            if (r.outcome.status === 'fails') return noop(`Only reads; it prints an error: ${r.outcome.error?.text ?? r.outcome.reason}`, readNotes);
            return noop('Only reads.', readNotes);
          }
          return r.outcome;
        }
        stream = r.stream;
      } else {
        stream = { kind: 'other', items: [] };
      }
    } else if (info!.role === 'filter') {
      const pred = wherePredicate(inv);
      if (typeof pred === 'string') {
        if (changeAt < 0) return noop('Only reads.');
        return notModelled(pred);
      }
      if (stream) stream = { ...stream, items: stream.items.filter(pred) };
    }
  }
  if (changeAt < 0) return noop(stages.length > 1 ? 'The pipeline only reads.' : `${st.stages[0]!.name} only reads.`, readNotes);
  for (const s of stages.slice(changeAt + 1)) {
    if (s.info!.role === 'change') return notModelled(`a pipeline into ${s.inv.name}`);
  }
  const { inv, info } = stages[changeAt]!;
  if (changeAt > 0 && info!.native) return notModelled(`${inv.name} receiving pipeline input`);
  return info!.run!(ctx, inv, changeAt > 0 ? stream ?? { kind: 'other', items: [] } : undefined);
}
