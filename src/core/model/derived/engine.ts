/**
 * The docker engine as everything in the capture shows it (its service,
 * `docker info`, `docker version`, the collector's errors), and what
 * daemon.json asks of the default nat network. Checks that judge with the
 * engine down read these, so the engine's silence is stated one way.
 */
import { parsePrefix, type Prefix } from '../net.js';
import type { HostModel, Subject } from '../types.js';

/** Docker parts only a running engine supplies. */
export const ENGINE_PARTS = ['docker.info', 'docker.version', 'docker.networks', 'docker.containers'] as const;

const CLI_MISSING = /not found on the PATH|is not recognized as the name of a cmdlet/i;

export interface EngineDown {
  /** Its service is installed and not running. */
  readonly stopped: boolean;
  /** "is not running" or "did not answer the collector", for messages. */
  readonly phrase: string;
  /** Engine parts the capture lacks (`docker.networks`, ...). */
  readonly unseen: readonly string[];
  /** Pointers that show the engine down: its service, the collector's errors for its parts. */
  readonly evidence: readonly string[];
  /** The engine's service (or the engine itself when there is no service): the object that fails. */
  readonly subject: Subject;
}

/**
 * The docker engine is installed and down: its service is stopped, or it
 * did not answer the collector (ServerErrors, or an error for every engine
 * part it was asked for). Undefined when it runs and answered, when docker is
 * not installed, or when `docker version` shows a server that answered.
 */
export function dockerEngineDown(model: HostModel): EngineDown | undefined {
  const runtime = model.runtimes.find((r) => r.kind === 'docker') ?? model.runtimes.find((r) => r.kind === 'docker-desktop');
  if (!runtime?.installed || runtime.answered) return undefined;
  const stopped = runtime.running === false;
  const errors = model.collectorErrors
    .map((e, i) => ({ e, pointer: `/collectorErrors/${i}` }))
    .filter(({ e }) => (ENGINE_PARTS as readonly string[]).includes(e.key) && !CLI_MISSING.test(e.message ?? ''));
  const refused = model.docker?.answered === false;
  if (!stopped && !refused && errors.length === 0) return undefined;
  const service = runtime.service;
  return {
    stopped,
    phrase: stopped ? 'is not running' : 'did not answer the collector',
    unseen: ENGINE_PARTS.filter((k) => !model.captured.has(k)),
    evidence: [
      ...(stopped && service?.subject.pointer ? [service.subject.pointer] : []),
      ...(refused ? [`${model.capture.docker?.info?.$ptr ?? '/docker/info'}/ServerErrors`] : []),
      ...errors.map((x) => x.pointer),
    ],
    subject: service?.subject ?? model.docker?.subject ?? runtime.subject,
  };
}

/** What daemon.json asks for the default nat network's range. */
export interface DefaultNatRange {
  readonly key: 'fixed-cidr' | 'bip';
  /** As written. */
  readonly text: string;
  readonly prefix: Prefix;
  /** JSON pointer to the value. */
  readonly pointer: string;
}

/**
 * The range daemon.json gives the default nat network the engine creates at
 * start: `fixed-cidr`, else `bip` (an address with its prefix length).
 * Undefined when it sets neither as an IPv4 prefix, or when `"bridge": "none"`
 * tells the engine to create no default network.
 */
export function daemonDefaultNatRange(model: HostModel): DefaultNatRange | undefined {
  const config = model.docker?.daemonConfig;
  if (!config) return undefined;
  if (String(config['bridge'] ?? '').trim().toLowerCase() === 'none') return undefined;
  for (const key of ['fixed-cidr', 'bip'] as const) {
    const value = config[key];
    if (typeof value !== 'string' || value.trim() === '') continue;
    const prefix = parsePrefix(value);
    if (!prefix || prefix.family !== 'ipv4' || prefix.length === 0) return undefined;
    return { key, text: value, prefix, pointer: `/docker/daemonConfig/${key}` };
  }
  return undefined;
}

/** The HNS network the engine adopts as its default `nat` at start, when HNS holds one. */
export function hnsDefaultNat(model: HostModel) {
  return model.hnsNetworks.find((n) => n.type === 'nat' && (n.name ?? '').toLowerCase() === 'nat');
}
