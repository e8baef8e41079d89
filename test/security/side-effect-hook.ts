/**
 * Preload for the side-effect test (`node --import <this> ...`): every way
 * Node offers to start a process, change the file system or open a network
 * connection is wrapped so that each use writes one line to standard error:
 *
 *   WCN-SIDE-EFFECT spawn <what>
 *   WCN-SIDE-EFFECT write <function> <path>
 *   WCN-SIDE-EFFECT net <function> <where>
 *
 * A process start is refused (it throws after logging), so a test run can
 * never execute anything; writes and connections go ahead after logging, so
 * the command under test behaves as it would. The patches reach ES module
 * imports through syncBuiltinESMExports, and worker threads through the
 * inherited --import.
 */
import childProcess from 'node:child_process';
import dns from 'node:dns';
import fs from 'node:fs';
import http from 'node:http';
import https from 'node:https';
import { syncBuiltinESMExports } from 'node:module';
import net from 'node:net';
import tls from 'node:tls';

const writeLine = fs.writeSync.bind(fs);
function log(kind: string, what: string, detail: unknown): void {
  const text = typeof detail === 'string' ? detail : detail instanceof URL ? detail.href : Buffer.isBuffer(detail) ? detail.toString() : JSON.stringify(detail) ?? String(detail);
  writeLine(2, `\nWCN-SIDE-EFFECT ${kind} ${what} ${text.replace(/[\r\n]/g, ' ')}\n`);
}

type AnyFn = (...args: unknown[]) => unknown;

function wrap(target: Record<string, unknown>, names: readonly string[], kind: string, block = false, prefix = ''): void {
  for (const name of names) {
    const original = target[name];
    if (typeof original !== 'function') continue;
    const wrapped = function (this: unknown, ...args: unknown[]) {
      log(kind, `${prefix}${name}`, args[0]);
      if (block) throw new Error(`blocked by the side-effect hook: ${name}`);
      return (original as AnyFn).apply(this, args);
    };
    Object.defineProperty(wrapped, 'name', { value: name });
    target[name] = wrapped;
  }
}

wrap(childProcess as unknown as Record<string, unknown>, ['spawn', 'spawnSync', 'exec', 'execSync', 'execFile', 'execFileSync', 'fork'], 'spawn', true);

const FS_WRITES = [
  'writeFile', 'writeFileSync', 'appendFile', 'appendFileSync', 'createWriteStream', 'mkdir', 'mkdirSync', 'mkdtemp', 'mkdtempSync',
  'rm', 'rmSync', 'rmdir', 'rmdirSync', 'unlink', 'unlinkSync', 'rename', 'renameSync', 'copyFile', 'copyFileSync', 'cp', 'cpSync',
  'symlink', 'symlinkSync', 'link', 'linkSync', 'truncate', 'truncateSync', 'chmod', 'chmodSync', 'chown', 'chownSync',
  'utimes', 'utimesSync', 'lchown', 'lchownSync', 'lutimes', 'lutimesSync',
];
wrap(fs as unknown as Record<string, unknown>, FS_WRITES, 'write');
wrap(fs.promises as unknown as Record<string, unknown>, FS_WRITES, 'write', false, 'promises.');

/** Opening with a flag that can write or create counts as a write. */
function writes(flags: unknown): boolean {
  if (flags === undefined || flags === null) return false;
  if (typeof flags === 'number') return (flags & (fs.constants.O_WRONLY | fs.constants.O_RDWR | fs.constants.O_CREAT | fs.constants.O_TRUNC | fs.constants.O_APPEND)) !== 0;
  return /[wa+]/.test(String(flags));
}
for (const [target, name, prefix] of [[fs, 'open', ''], [fs, 'openSync', ''], [fs.promises, 'open', 'promises.']] as const) {
  const t = target as unknown as Record<string, unknown>;
  const original = t[name] as AnyFn;
  t[name] = function (this: unknown, ...args: unknown[]) {
    if (writes(args[1])) log('write', `${prefix}${name}`, args[0]);
    return original.apply(this, args);
  };
}

wrap(net as unknown as Record<string, unknown>, ['connect', 'createConnection', 'createServer'], 'net');
wrap(tls as unknown as Record<string, unknown>, ['connect'], 'net');
wrap(http as unknown as Record<string, unknown>, ['request', 'get', 'createServer'], 'net', false, 'http.');
wrap(https as unknown as Record<string, unknown>, ['request', 'get', 'createServer'], 'net', false, 'https.');
wrap(dns as unknown as Record<string, unknown>, ['lookup', 'resolve', 'resolve4', 'resolve6'], 'net', false, 'dns.');
if (typeof globalThis.fetch === 'function') {
  const original = globalThis.fetch;
  globalThis.fetch = ((input: Parameters<typeof fetch>[0], init?: Parameters<typeof fetch>[1]) => {
    log('net', 'fetch', String(input));
    return original(input, init);
  }) as typeof fetch;
}

syncBuiltinESMExports();
