/**
 * Runs wcn-doctor as a real process and measures it: wall time, and the
 * peak resident memory and CPU time reported by the process itself through a
 * preload (CPU time depends far less on what else the machine runs), and
 * writes the large capture files the resource tests need.
 */
import { spawnSync } from 'node:child_process';
import { closeSync, openSync, writeSync } from 'node:fs';
import { join } from 'node:path';
import { pathToFileURL } from 'node:url';
import { PACKAGE_ROOT } from '../../src/core/paths.js';
import { SHIPPED_BIN } from '../helpers/shipped-bin.js';

/** The CLI as it ships (the bundle). */
const BIN = SHIPPED_BIN;
/** The line peak-memory.ts writes. */
const PEAK_MARK = 'WCN-PEAK-RSS-KB';
const PROBE = pathToFileURL(join(PACKAGE_ROOT, 'dist/test/security/peak-memory.js')).href;

export interface Measured {
  readonly code: number | null;
  readonly signal: NodeJS.Signals | null;
  readonly out: string;
  readonly err: string;
  /** Peak resident memory of the wcn-doctor process, in MiB. */
  readonly peakMiB: number;
  readonly ms: number;
  /** CPU time (user + system) of the wcn-doctor process, in milliseconds. */
  readonly cpuMs: number;
}

export function runMeasured(args: readonly string[], timeoutMs = 120_000): Measured {
  const t0 = performance.now();
  const r = spawnSync(process.execPath, ['--import', PROBE, BIN, ...args], {
    encoding: 'utf8', timeout: timeoutMs, maxBuffer: 256 * 1024 * 1024, env: { ...process.env, NO_COLOR: '1' },
  });
  const ms = performance.now() - t0;
  const m = new RegExp(`\\n${PEAK_MARK} (\\d+) (\\d+)\\n`).exec(r.stderr ?? '');
  return {
    code: r.status, signal: r.signal, out: r.stdout ?? '', err: (r.stderr ?? '').replace(new RegExp(`\\n${PEAK_MARK} \\d+ \\d+\\n`), ''),
    peakMiB: m ? Number(m[1]) / 1024 : Number.NaN, ms, cpuMs: m ? Number(m[2]) / 1000 : Number.NaN,
  };
}

/** wcn-doctor on a small sample: the part of any measurement that is not the input's. */
export function baselineRun(): Measured {
  return runMeasured(['check', join(PACKAGE_ROOT, 'snapshots', 'healthy-ws2019.json')]);
}

/** Peak memory of wcn-doctor on a small sample. */
export function baselineMiB(): number {
  return baselineRun().peakMiB;
}

export type BigShape =
  /** Adapters as Get-NetAdapter writes them: what a genuine but huge capture looks like. */
  | 'adapters'
  /** One array of small numbers: the most values (and the most parser memory) per byte. */
  | 'zeros';

/** Writes a capture of about `bytes` bytes in the given shape, without holding it in memory. */
export function writeBigCapture(file: string, bytes: number, shape: BigShape): number {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, '{"format":"wcn-capture","formatVersion":1,"os":{"BuildNumber":17763,"Caption":"Microsoft Windows Server 2019 Datacenter"},"netAdapters":[');
    let written = 0;
    let i = 0;
    const item = (n: number) => shape === 'zeros' ? '0' : JSON.stringify({
      Name: `Ethernet ${n}`, InterfaceDescription: `Intel(R) Ethernet Adapter #${n}`, ifIndex: n, Status: 'Up', MacAddress: '00-15-5D-01-02-03',
      LinkSpeed: '10 Gbps', Virtual: false, HardwareInterface: true, MediaConnectionState: 1, DriverDescription: 'Intel(R) Ethernet Adapter',
    });
    while (written < bytes) {
      const parts: string[] = [];
      let size = 0;
      while (size < 1 << 20 && written + size < bytes) {
        const s = (i === 0 ? '' : ',') + item(i++);
        parts.push(s);
        size += s.length;
      }
      writeSync(fd, parts.join(''));
      written += size;
    }
    writeSync(fd, ']}');
    return i;
  } finally {
    closeSync(fd);
  }
}

/** A capture nested `depth` levels deep inside one key. */
export function writeDeepCapture(file: string, depth: number): void {
  const fd = openSync(file, 'w');
  try {
    writeSync(fd, `{"format":"wcn-capture","netNat":[{"Name":"n"}],"os":${'['.repeat(depth)}${']'.repeat(depth)}}`);
  } finally {
    closeSync(fd);
  }
}
