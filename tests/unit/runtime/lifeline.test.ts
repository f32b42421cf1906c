import { execFileSync, spawn } from 'node:child_process';
import { join } from 'node:path';
import { liveProcesses } from '../../../local/start/process-table';
import { settled } from '../../support/settled';

const LIFELINE = join(__dirname, '..', '..', '..', 'local', 'runtime', 'lifeline.ts');

/**
 * A node process that starts `sleep` guarded by a lifeline (or released at once), prints the
 * sleep's pid, then ends as `end` says: killed outright, or exiting normally.
 */
async function guardedSleep(end: 'SIGKILL' | 'release and exit'): Promise<number> {
  const script = `
    const { spawn } = require('node:child_process');
    const { stopWhenThisProcessEnds } = require(${JSON.stringify(LIFELINE)});
    const sleep = spawn('sleep', ['600'], { stdio: 'ignore', detached: true });
    sleep.unref();
    const release = stopWhenThisProcessEnds(sleep.pid, 'sleep');
    if (${JSON.stringify(end)} !== 'SIGKILL') release();
    process.stdout.write(String(sleep.pid), () =>
      ${JSON.stringify(end)} === 'SIGKILL' ? process.kill(process.pid, 'SIGKILL') : process.exit(0),
    );`;
  const child = spawn(process.execPath, ['--import', 'tsx', '-e', script], {
    stdio: ['ignore', 'pipe', 'inherit'],
  });
  let out = '';
  child.stdout.on('data', (chunk: Buffer) => (out += chunk.toString()));
  await new Promise((resolve) => child.once('exit', resolve));
  return Number(out);
}

const sleeps: number[] = [];
afterEach(() => {
  for (const pid of sleeps.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

test('what a lifeline guards is stopped when the process that holds it is killed outright', async () => {
  const sleep = await guardedSleep('SIGKILL');
  sleeps.push(sleep);
  expect(sleep).toBeGreaterThan(0);
  const live = await settled(
    async () => liveProcesses([sleep]).has(sleep),
    (running) => !running,
    30_000,
  );
  expect(live).toBe(false);
});

test('once released, a lifeline stops nothing: the pid it guarded may belong to another process by then', async () => {
  const sleep = await guardedSleep('release and exit');
  sleeps.push(sleep);
  // Its lifeline is gone (it was ended before the process exited), and the sleep it guarded lives.
  const lifelines = await settled(
    async () =>
      execFileSync('ps', ['-e', '-o', 'args='], { encoding: 'utf8' })
        .split('\n')
        .filter((args) => args.endsWith(`sleep-lifeline ${sleep}`)),
    (found) => found.length === 0,
    30_000,
  );
  expect(lifelines).toEqual([]);
  expect(liveProcesses([sleep]).has(sleep)).toBe(true);
});
