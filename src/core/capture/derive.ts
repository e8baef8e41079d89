/**
 * After a key is read (validated and normalized by its schema), the raw
 * text some keys carry is parsed into the typed forms of runtime-types.ts:
 * config.toml, CNI confs, command lines, config files, vfpctrl text. A text
 * that cannot be parsed is an ingest issue naming its pointer (and line and
 * column where the parser knows them); the rest of the key is kept. Secrets
 * are dropped here, so no later layer ever sees them.
 */
import type { IngestIssue } from './issues.js';
import type {
  CniBinDir, CniConfDir, CniConfFile, ContainerdRecord, KubeFileRecord, KubeNodeRecord, KubeProcessRecord, KubeServiceRecord, KubernetesRecord, ParseProblem,
  VfpRecord,
} from './runtime-types.js';
import { parseCniConf } from './parse/cni.js';
import { parseCommandLine } from './parse/cmdline.js';
import { parseContainerdConfig, readCriInfo, readCriPods, versionNumber } from './parse/containerd.js';
import { agentOf, clusterFacts, kubeProxySettings, parseKubeFile } from './parse/kubernetes.js';
import { secretFileReason } from './parse/secrets.js';
import { joinPath } from './parse/util.js';
import { parseVfpBlocks, parseVfpFields } from './parse/vfp.js';

/** Adds an issue about the key being read (`key` names a part: `cni.confDirs`). */
export type Report = (issue: Omit<IngestIssue, 'file'>) => void;

/** The raw value at a JSON pointer of the capture (within the key being read), for pointers into what the schemas normalized. */
export type RawAt = (pointer: string) => unknown;

type Rec = Record<string, unknown>;

function where(p: ParseProblem): string {
  return p.line !== undefined ? ` (line ${p.line}${p.column !== undefined ? `, column ${p.column}` : ''})` : '';
}

/** PowerShell's own properties on what Get-ItemProperty returns. */
const PS_PROPERTIES = new Set(['PSPath', 'PSParentPath', 'PSChildName', 'PSDrive', 'PSProvider']);

function containerd(raw: Rec, report: Report): ContainerdRecord {
  const ptr = raw['$ptr'] as string;
  const text = raw['config'] as string | undefined;
  const parsed = text === undefined ? {} : parseContainerdConfig(text);
  if (parsed.problem) {
    report({
      severity: 'error', pointer: `${ptr}/config`, expected: 'TOML', found: parsed.problem.line !== undefined ? `line ${parsed.problem.line}` : undefined,
      message: `${parsed.problem.message}${where(parsed.problem)}; containerd's CNI folders are unknown, the rest of 'containerd' was read`,
    });
  }
  const version = raw['version'] as string | undefined;
  return {
    $ptr: ptr,
    version,
    versionNumber: versionNumber(version),
    configPath: raw['configPath'] as string | undefined,
    config: parsed.config,
    configProblem: parsed.problem,
    criInfo: raw['criInfo'] === undefined ? undefined : readCriInfo(raw['criInfo']),
    pods: raw['pods'] === undefined ? undefined : readCriPods(raw['pods']),
  };
}

function vfp(raw: Rec): VfpRecord {
  const states = (raw['portStates'] as { port: string; text?: string }[] | undefined) ?? [];
  return {
    $ptr: raw['$ptr'] as string,
    ports: raw['ports'] === undefined ? [] : parseVfpBlocks(raw['ports'] as string),
    portStates: states.map((s) => {
      const fields = parseVfpFields(s.text ?? '');
      const blocked = Object.entries(fields).find(([k]) => k.toLowerCase() === 'blocked')?.[1];
      return { port: s.port, fields, blocked: typeof blocked === 'boolean' ? blocked : undefined };
    }),
  };
}

/**
 * A conf file as the loader keeps it: its full path, its text and that text
 * parsed. The simulator makes files the same way (a copy, nerdctl's confs),
 * so checks read one shape whoever wrote the file.
 */
export function cniConfFile(dir: string, $ptr: string, name: string, text: string | undefined, parse: (text: string) => ReturnType<typeof parseCniConf> = parseCniConf): CniConfFile {
  const parsed = text === undefined ? { conf: undefined, problem: { message: 'the file was listed without its text' } } : parse(text);
  return { $ptr, name, path: joinPath(dir, name), text, conf: parsed.conf, problem: parsed.problem };
}

function confDir(dir: Rec, report: Report, rawAt: RawAt): CniConfDir {
  const path = dir['path'] as string;
  // One file may be written without its array; its pointer is then the files property itself.
  const listed = Array.isArray(rawAt(`${dir['$ptr'] as string}/files`));
  // A text listed again is parsed once (a hostile capture may repeat one thousands of times).
  const parsedBefore = new Map<string, ReturnType<typeof parseCniConf>>();
  const parse = (text: string) => {
    let parsed = parsedBefore.get(text);
    if (!parsed) parsedBefore.set(text, (parsed = parseCniConf(text)));
    return parsed;
  };
  const files = ((dir['files'] as { name: string; text?: string }[] | undefined) ?? []).map((f, i): CniConfFile => {
    const filePtr = `${dir['$ptr'] as string}/files${listed ? `/${i}` : ''}`;
    const file = cniConfFile(path, filePtr, f.name, f.text, parse);
    if (file.problem && f.text !== undefined) {
      report({
        severity: 'warning', key: 'cni.confDirs', pointer: `${filePtr}/text`, expected: 'a CNI conf (JSON, comments allowed)',
        message: `CNI conf ${file.path} could not be read: ${file.problem.message}${where(file.problem)}`,
      });
    }
    return file;
  });
  return { $ptr: dir['$ptr'] as string, path, files };
}

function commandLineOf(text: string | undefined) {
  const parsed = parseCommandLine(text ?? '');
  return { line: text === undefined ? undefined : parsed.text, parsed };
}

function kubernetes(raw: Rec, report: Report): KubernetesRecord {
  const out: KubernetesRecord = {};
  if (raw['processes']) {
    out.processes = (raw['processes'] as Rec[]).map((p): KubeProcessRecord => {
      const { line, parsed } = commandLineOf(p['CommandLine'] as string | undefined);
      return {
        $ptr: p['$ptr'] as string, Name: p['Name'] as string, ProcessId: p['ProcessId'] as number | undefined,
        CommandLine: line, CreationDate: p['CreationDate'] as string | undefined,
        agent: agentOf(p['Name'] as string),
        program: parsed.program, args: parsed.args, flags: parsed.flags, featureGates: parsed.featureGates,
      };
    });
  }
  if (raw['services']) {
    out.services = (raw['services'] as Rec[]).map((s): KubeServiceRecord => {
      const { line, parsed } = commandLineOf(s['PathName'] as string | undefined);
      return {
        $ptr: s['$ptr'] as string, Name: s['Name'] as string, State: s['State'] as string | undefined, StartMode: s['StartMode'] as string | undefined,
        PathName: line, program: parsed.program, args: parsed.args, flags: parsed.flags, featureGates: parsed.featureGates,
      };
    });
  }
  if (raw['files']) {
    const files: KubeFileRecord[] = [];
    // A file listed again (same path, same text) is parsed once: a hostile capture may repeat one thousands of times.
    const parsedBefore = new Map<string, ReturnType<typeof parseKubeFile>>();
    for (const f of raw['files'] as { path: string; text?: string; $ptr: string }[]) {
      const secret = secretFileReason(f.path, f.text);
      if (secret) {
        report({ severity: 'warning', key: 'kubernetes.files', pointer: f.$ptr, message: `file ${f.path} was dropped unread: ${secret}, and wcn-doctor never keeps secrets` });
        continue;
      }
      if (f.text === undefined) {
        files.push({ $ptr: f.$ptr, path: f.path, kind: parseKubeFile(f.path, '').kind, data: undefined, problem: undefined });
        continue;
      }
      const key = `${f.path}\u0000${f.text}`;
      let parsed = parsedBefore.get(key);
      if (!parsed) parsedBefore.set(key, (parsed = parseKubeFile(f.path, f.text)));
      if (parsed.problem) {
        report({
          severity: 'warning', key: 'kubernetes.files', pointer: `${f.$ptr}/text`, expected: 'YAML or JSON',
          message: `file ${f.path} could not be read: ${parsed.problem.message}${where(parsed.problem)}`,
        });
      }
      files.push({ $ptr: f.$ptr, path: f.path, kind: parsed.kind, data: parsed.data, problem: parsed.problem });
    }
    out.files = files;
  }
  if (raw['versions']) out.versions = raw['versions'] as KubernetesRecord['versions'];
  if (raw['node']) out.node = raw['node'] as KubeNodeRecord;
  if (raw['nodes']) out.nodes = raw['nodes'] as KubernetesRecord['nodes'];
  const kubeProxy = kubeProxySettings(out.processes ?? [], out.services ?? [], out.files ?? []);
  if (kubeProxy) out.kubeProxy = kubeProxy;
  const cluster = clusterFacts(out.processes ?? [], out.files ?? [], out.node, kubeProxy);
  if (cluster) out.cluster = cluster;
  return out;
}

/** The derived form of a key that is not made of parts. */
export function deriveKey(key: string, value: unknown, report: Report): unknown {
  switch (key) {
    case 'hnsState': {
      const out: Rec = {};
      for (const [k, v] of Object.entries(value as Rec)) if (!PS_PROPERTIES.has(k)) out[k] = v;
      return out;
    }
    case 'containerd': return containerd(value as Rec, report);
    case 'vfp': return vfp(value as Rec);
    default: return value;
  }
}

/** The derived form of a key made of parts, once its parts are read. */
export function deriveParts(key: string, value: Rec, report: Report, rawAt: RawAt): unknown {
  switch (key) {
    case 'docker': {
      const info = value['info'] as Rec | undefined;
      if (info && info['answered'] === undefined) {
        const errors = info['ServerErrors'] as string[] | undefined;
        info['answered'] = !(errors && errors.length > 0);
      }
      return value;
    }
    case 'cni': {
      const dirs = value['confDirs'] as Rec[] | undefined;
      if (dirs) value['confDirs'] = dirs.map((d) => confDir(d, report, rawAt));
      const bins = value['binDirs'] as Rec[] | undefined;
      if (bins) value['binDirs'] = bins.map((b): CniBinDir => ({ $ptr: b['$ptr'] as string, path: b['path'] as string, files: (b['files'] as string[] | undefined) ?? [] }));
      return value;
    }
    case 'kubernetes': return kubernetes(value, report);
    default: return value;
  }
}
