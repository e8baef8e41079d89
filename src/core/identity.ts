/**
 * The identity of a finding across captures of one host: the check plus the
 * objects it is about, never its message text (which names addresses and
 * counts that may change while the problem stays the same).
 */
import type { Finding } from './checks/types.js';
import type { Subject } from './model/types.js';

/** A subject as the user knows it: kind and case-insensitive name (ids change when HNS re-creates a network). */
function subjectIdentity(s: Subject): string {
  return `${s.kind}:${s.name.toLowerCase()}`;
}

export function findingIdentity(f: Pick<Finding, 'check' | 'subjects'>): string {
  return `${f.check}|${f.subjects.map(subjectIdentity).sort().join('|')}`;
}

/** A short stable hash (FNV-1a, 64 bits as hex) of a finding's identity, for SARIF fingerprints. */
export function identityHash(identity: string): string {
  let h = 0xcbf29ce484222325n;
  const prime = 0x100000001b3n;
  for (const byte of Buffer.from(identity, 'utf8')) {
    h ^= BigInt(byte);
    h = (h * prime) & 0xffffffffffffffffn;
  }
  return h.toString(16).padStart(16, '0');
}
