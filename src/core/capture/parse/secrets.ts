/**
 * Secrets never reach the normalized capture. A command-line flag whose
 * name holds token, password, secret or key keeps its name and loses its
 * value; a setting of a parsed config file is treated alike (registry
 * credentials of containerd's `auth` tables too); files that are
 * kubeconfigs, private keys or certificates are recognized so that the
 * loader can drop them whole.
 */
import { REDACTED } from '../runtime-types.js';

const SECRET_FLAG = /token|password|passwd|secret|key/i;
const SECRET_SETTING = /token|password|passwd|secret|key|credential|^auth$|^username$/i;

/** True for a flag name (without dashes) whose value must not be kept. */
export function isSecretFlag(name: string): boolean {
  return SECRET_FLAG.test(name);
}

/** A copy of a parsed document with the value of every secret-named setting replaced (at any depth). */
export function redactSettings(value: unknown, depth = 0): unknown {
  if (depth > 64 || value === null || typeof value !== 'object') return value;
  if (Array.isArray(value)) return value.map((v) => redactSettings(v, depth + 1));
  const out: Record<string, unknown> = {};
  for (const [k, v] of Object.entries(value as Record<string, unknown>)) {
    out[k] = SECRET_SETTING.test(k) && v !== '' && v !== null ? REDACTED : redactSettings(v, depth + 1);
  }
  return out;
}

const PEM = /-----BEGIN [A-Z0-9 ]*(PRIVATE KEY|CERTIFICATE|PUBLIC KEY)-----/;
const KUBECONFIG_TEXT = /(^|\n)\s*kind:\s*["']?Config["']?\s*($|\n)|client-key-data|client-certificate-data|certificate-authority-data/;
const SECRET_FILE_NAME = /\.(key|pem|crt|cer|pfx|p12|kubeconfig)$|(^|[\\/])(config|kubeconfig)$|kubeconfig/i;

/** Why a captured file must be dropped whole (a kubeconfig, a key, a certificate), or undefined. */
export function secretFileReason(path: string, text: string | undefined): string | undefined {
  if (text !== undefined && PEM.test(text)) return 'it holds a key or certificate';
  if (text !== undefined && KUBECONFIG_TEXT.test(text)) return 'it is a kubeconfig';
  if (SECRET_FILE_NAME.test(path.trim())) return 'its name says it is a kubeconfig, key or certificate';
  return undefined;
}
