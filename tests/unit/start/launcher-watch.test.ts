import { type ChildProcess, spawn } from 'node:child_process';
import { goneLauncher, launchers } from '../../../local/start/launcher-watch';
import { liveProcesses } from '../../../local/start/process-table';
import { settled } from '../../support/settled';

/** `sh` running `sleep`: a launcher and the process it launched, in this process's group. */
async function shWithSleep(): Promise<{ sh: ChildProcess; sleep: number }> {
  const sh = spawn('sh', ['-c', 'sleep 600 & echo $!; wait'], { stdio: ['ignore', 'pipe', 'ignore'] });
  const sleep = await new Promise<number>((resolve) =>
    sh.stdout?.once('data', (chunk: Buffer) => resolve(Number(chunk.toString()))),
  );
  return { sh, sleep };
}

let sleeps: number[] = [];
afterEach(() => {
  for (const pid of sleeps.splice(0)) {
    try {
      process.kill(pid, 'SIGKILL');
    } catch {
      // Already gone.
    }
  }
});

test("a process's launchers are its ancestors in its process group, nearest first", async () => {
  const { sh, sleep } = await shWithSleep();
  sleeps = [sleep, sh.pid as number];
  const chain = launchers(sleep);
  expect(chain.slice(0, 2).map((entry) => entry.pid)).toEqual([sh.pid, process.pid]);
  expect(goneLauncher(chain)).toBeUndefined();
});

test('when a launcher dies, the process it launched lives on under another parent: that counts as gone', async () => {
  const { sh, sleep } = await shWithSleep();
  sleeps = [sleep, sh.pid as number];
  const chain = launchers(sleep).slice(0, 1);
  const exited = new Promise((resolve) => sh.once('exit', resolve));
  sh.kill('SIGKILL');
  await exited;
  expect(liveProcesses([sleep]).get(sleep)).toBeDefined();
  const gone = await settled(
    async () => goneLauncher(chain),
    (entry) => entry !== undefined,
  );
  expect(gone?.pid).toBe(sh.pid);
});

test('a process leading its own group has no launchers: whoever started its job may go', async () => {
  const sleep = spawn('sleep', ['600'], { stdio: 'ignore', detached: true });
  sleeps = [sleep.pid as number];
  expect(launchers(sleep.pid)).toEqual([]);
});
