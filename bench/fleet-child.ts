/**
 * Runs `wcn-doctor check --format ndjson` over a list of captures in this
 * process (output discarded) and prints the wall time and the peak resident
 * memory of the whole process, worker threads included.
 * Usage: node dist/bench/fleet-child.js <jobs> <list-file>
 */
import { readFileSync } from 'node:fs';
import { main } from '../src/cli.js';

const [jobs, listFile] = process.argv.slice(2);
const files = readFileSync(listFile!, 'utf8').split('\n').filter(Boolean);
let lines = 0;
const start = process.hrtime.bigint();
const code = await main(['check', '--format', 'ndjson', '--fail-on', 'never', '--jobs', jobs!, ...files], {
  out: (t) => { lines += t.split('\n').length - 1; },
  err: () => {},
  stdoutIsTTY: false, stderrIsTTY: false, color: false, columns: 80, env: {}, cwd: process.cwd(),
});
const ms = Number(process.hrtime.bigint() - start) / 1e6;
const usage = process.resourceUsage();
process.stdout.write(JSON.stringify({ code, lines, ms, cpuMs: (usage.userCPUTime + usage.systemCPUTime) / 1000, maxRssMiB: usage.maxRSS / 1024 }) + '\n');
