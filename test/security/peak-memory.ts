/**
 * Preload for resource tests (`node --import <this> ...`): when the process
 * exits, writes its peak resident memory and the CPU time it used to standard
 * error on a line of its own (`WCN-PEAK-RSS-KB <kb> <cpu µs>`), for the test to
 * read and take out of the output.
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  const usage = process.resourceUsage();
  writeSync(2, `\nWCN-PEAK-RSS-KB ${usage.maxRSS} ${usage.userCPUTime + usage.systemCPUTime}\n`);
});
