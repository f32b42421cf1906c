import { alive } from '../../support/processes';
import { readFileSync } from 'node:fs';
import { setTimeout as sleep } from 'node:timers/promises';
import { startCpuHogs } from '../../../local/soak/cpu-hogs';

/** User + system CPU ticks a process has used, from /proc. */
const cpuTicks = (pid: number) => {
  const fields = readFileSync(`/proc/${pid}/stat`, 'utf8').split(') ')[1]?.split(' ') ?? [];
  return Number(fields[11]) + Number(fields[12]);
};

test('starts busy processes that use CPU until stopped, then none is left', async () => {
  const hogs = startCpuHogs(2);
  try {
    expect(hogs.pids).toHaveLength(2);
    const before = hogs.pids.map(cpuTicks);
    // Wait on the condition, not a budget: each hog has burnt CPU time of its own.
    for (let i = 0; i < 100 && hogs.pids.some((pid, n) => cpuTicks(pid) <= (before[n] ?? 0)); i += 1)
      await sleep(100);
    hogs.pids.forEach((pid, n) => expect(cpuTicks(pid)).toBeGreaterThan(before[n] ?? 0));
  } finally {
    await hogs.stop();
  }
  for (const pid of hogs.pids) expect(alive(pid)).toBe(false);
});
