/**
 * Preload for resource tests (`node --import <this> ...`): when the process
 * exits, writes its peak resident memory to standard error on a line of its
 * own (`WCN-PEAK-RSS-KB <n>`), for the test to read and take out of the output.
 */
import { writeSync } from 'node:fs';

process.on('exit', () => {
  writeSync(2, `\nWCN-PEAK-RSS-KB ${process.resourceUsage().maxRSS}\n`);
});
