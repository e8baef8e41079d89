/**
 * Time a case has taken: the smaller of wall-clock time and the process's CPU
 * time. On a machine loaded by other work, wall-clock time stretches while CPU
 * time does not, so a slow machine does not pass for a slow case; a loop that
 * never ends still shows, since it burns CPU.
 */
export function stopwatch(): () => number {
  const wall = performance.now();
  const cpu = process.cpuUsage();
  return () => {
    const used = process.cpuUsage(cpu);
    return Math.min(performance.now() - wall, (used.user + used.system) / 1000);
  };
}
