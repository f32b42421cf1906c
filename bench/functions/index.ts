import { spawn } from 'node:child_process';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import { FunctionHost } from '../../local/runtime/function-host/function-host';
import { handler as echo } from './echo-handler';
import { compare, measure } from '../report';

const ECHO = join(__dirname, 'echo-handler.ts');
const EVENT = { subscriber: { email: 'ada@example.com', name: 'Ada', locale: 'en' } };

const median = (values: number[]) =>
  [...values].sort((a, b) => a - b)[Math.floor(values.length / 2)] as number;

async function millis(work: () => Promise<unknown>): Promise<number> {
  const started = performance.now();
  await work();
  return performance.now() - started;
}

const hostOf = () =>
  FunctionHost.start([{ name: 'echo', handlerFile: ECHO, env: {}, timeoutSeconds: 10, memoryMb: 128 }], {
    region: 'us-east-1',
    accountId: '123456789012',
  });

/** A bare Node.js process started and ended: the floor under any cold start of a process per environment. */
const nodeStart = () =>
  new Promise<void>((resolve, reject) => {
    const child = spawn(process.execPath, ['-e', '0'], { stdio: 'ignore' });
    child.once('error', reject);
    child.once('exit', () => resolve());
  });

/**
 * The local function host's cost per invocation: warm (a reused environment: one IPC round trip)
 * against calling the same handler in-process (no isolation: the limit), and cold (a new
 * environment: fork, load the bundle) against a bare `node -e 0` start, alternating.
 */
export async function runFunctionsBench(quick: boolean): Promise<boolean> {
  const warmRounds = quick ? 100 : 1000;
  const coldRounds = quick ? 5 : 20;
  let request = 0;
  const id = () => ({ awsRequestId: `bench-${(request += 1)}` });

  const host = hostOf();
  const warm: number[] = [];
  const direct: number[] = [];
  let rss: number;
  try {
    rss = ((await host.invoke('echo', EVENT, id())) as { rss: number }).rss; // the cold start, not counted
    for (let round = 0; round < warmRounds; round += 1) {
      warm.push(await millis(() => host.invoke('echo', EVENT, id())));
      direct.push(await millis(() => echo(JSON.parse(JSON.stringify(EVENT)) as unknown)));
    }
  } finally {
    await host.stop();
  }
  const cold: number[] = [];
  const bare: number[] = [];
  for (let round = 0; round < coldRounds; round += 1) {
    const fresh = hostOf();
    try {
      cold.push(await millis(() => fresh.invoke('echo', EVENT, id())));
    } finally {
      await fresh.stop();
    }
    bare.push(await millis(nodeStart));
  }
  const warmMs = median(warm);
  const coldMs = median(cold);
  compare({
    name: 'warm invocation (reused environment)',
    ours: `${warmMs.toFixed(3)} ms`,
    peer: `in-process call ${median(direct).toFixed(4)} ms`,
    ratio: median(direct) / warmMs,
    note: 'the price of a process per environment; below 1 by design',
  });
  compare({
    name: 'cold start (new environment)',
    ours: `${coldMs.toFixed(1)} ms`,
    peer: `bare node -e 0 ${median(bare).toFixed(1)} ms`,
    ratio: median(bare) / coldMs,
    note: 'target within 3x of a bare Node.js start',
  });
  measure('memory of one idle environment', `${(rss / 2 ** 20).toFixed(0)} MiB RSS`);
  return coldMs <= 3 * median(bare);
}
