/**
 * containerd's `config.toml`, `containerd --version`, `crictl info` and
 * `crictl pods -o json`, read into what networking needs. config.toml goes
 * through a TOML parser; a syntax error is a problem with its line and
 * column, never an exception.
 */
import { tomlParser } from './lazy.js';
import type { ContainerdCniSettings, ContainerdConfig, CriInfo, CriPod, ParseProblem } from '../runtime-types.js';
import { redactSettings } from './secrets.js';
import { bool, get, getPath, isObj, list, noBom, num, str, strings } from './util.js';

/** containerd's CNI folders on Windows when config.toml names none. */
const CONTAINERD_WINDOWS_CNI_DEFAULTS = {
  binDir: 'C:\\Program Files\\containerd\\cni\\bin',
  confDir: 'C:\\Program Files\\containerd\\cni\\conf',
} as const;

/** The CRI plugin tables that hold the `cni` table, newest first: 2.x, 1.x (config version 2), 1.x (config version 1). */
const CRI_TABLES = ['io.containerd.cri.v1.runtime', 'io.containerd.grpc.v1.cri', 'cri'] as const;

export function versionNumber(text: string | undefined): string | undefined {
  if (!text) return undefined;
  return /\bv?(\d+\.\d+\.\d+(?:[-+][\w.]+)?)/.exec(text)?.[1];
}

function cniSettings(doc: Readonly<Record<string, unknown>>): ContainerdCniSettings {
  const plugins = get(doc, 'plugins');
  for (const table of CRI_TABLES) {
    const cni = getPath(plugins, table, 'cni');
    if (!isObj(cni)) continue;
    const binDirs = [...strings(get(cni, 'bin_dirs')), ...strings(get(cni, 'bin_dir'))];
    const confDir = str(get(cni, 'conf_dir'));
    const some = binDirs.length > 0 || confDir !== undefined;
    return {
      section: `plugins."${table}".cni`,
      binDirs: binDirs.length > 0 ? binDirs : [CONTAINERD_WINDOWS_CNI_DEFAULTS.binDir],
      confDir: confDir ?? CONTAINERD_WINDOWS_CNI_DEFAULTS.confDir,
      maxConfNum: num(get(cni, 'max_conf_num')),
      confTemplate: str(get(cni, 'conf_template')) || undefined,
      defaults: !some,
    };
  }
  return {
    section: '', binDirs: [CONTAINERD_WINDOWS_CNI_DEFAULTS.binDir], confDir: CONTAINERD_WINDOWS_CNI_DEFAULTS.confDir,
    maxConfNum: undefined, confTemplate: undefined, defaults: true,
  };
}

/** Parses config.toml: the settings (secrets redacted) and the CNI folders, or the syntax problem. */
export function parseContainerdConfig(text: string): { config?: ContainerdConfig; problem?: ParseProblem } {
  let doc: Record<string, unknown>;
  try {
    doc = tomlParser().parse(noBom(text)) as Record<string, unknown>;
  } catch (e) {
    if (e instanceof tomlParser().TomlError) {
      const first = e.message.split('\n')[0]!.replace(/^Invalid TOML document:\s*/, '');
      return { problem: { message: `config.toml is not valid TOML: ${first}`, line: e.line, column: e.column } };
    }
    return { problem: { message: `config.toml could not be read: ${e instanceof Error ? e.message : String(e)}` } };
  }
  return {
    config: {
      schemaVersion: num(get(doc, 'version')),
      cni: cniSettings(doc),
      settings: redactSettings(doc) as Record<string, unknown>,
    },
  };
}

/** What `crictl info` says about networking (keys read in any case). */
export function readCriInfo(info: unknown): CriInfo {
  const conditions = list(getPath(info, 'status', 'conditions'));
  const condition = (type: string) => conditions.find((c) => str(get(c, 'type'))?.toLowerCase() === type.toLowerCase());
  const network = condition('NetworkReady');
  const cni = get(info, 'cniconfig');
  return {
    runtimeReady: bool(get(condition('RuntimeReady'), 'status')),
    networkReady: bool(get(network, 'status')),
    networkReason: str(get(network, 'reason')) || undefined,
    networkMessage: str(get(network, 'message')) || undefined,
    pluginDirs: strings(get(cni, 'PluginDirs')),
    pluginConfDir: str(get(cni, 'PluginConfDir')),
    pluginMaxConfNum: num(get(cni, 'PluginMaxConfNum')),
    networks: list(get(cni, 'Networks')).map((n) => {
      const config = get(n, 'Config');
      return {
        name: str(get(config, 'Name')),
        cniVersion: str(get(config, 'CNIVersion')),
        types: list(get(config, 'Plugins')).map((p) => str(getPath(p, 'Network', 'type'))).filter((t): t is string => t !== undefined),
      };
    }),
    lastCNILoadStatus: str(get(info, 'lastCNILoadStatus')),
  };
}

/** The sandboxes of `crictl pods -o json`. */
export function readCriPods(pods: unknown): CriPod[] {
  return list(get(pods, 'items')).flatMap((p) => {
    const id = str(get(p, 'id'));
    if (id === undefined) return [];
    return [{ id, name: str(getPath(p, 'metadata', 'name')), namespace: str(getPath(p, 'metadata', 'namespace')), state: str(get(p, 'state')) }];
  });
}
