import { randomUUID } from 'node:crypto';
import { mkdtempSync, rmSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { performance } from 'node:perf_hooks';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { type BurstResult, measureBurst } from './burst';
import { type FairnessResult, measureFairness } from './fairness';
import { percentile } from './latency';
import { measureRetainedHeap } from './retained-heap';
import { type SyncHttpResult, measureSyncHttp } from './sync-http';
import { startMotoStepFunctions, startOurs, type Target } from './targets';
import { compare, measure as record } from '../report';

/** Five states: two Pass, a Choice, a Pass and a Succeed; the output proves the path was taken. */
const DEFINITION = JSON.stringify({
  StartAt: 'Receive',
  States: {
    Receive: { Type: 'Pass', Parameters: { 'order.$': '$.order', stage: 'received' }, Next: 'Price' },
    Price: { Type: 'Pass', Result: 42, ResultPath: '$.total', Next: 'Check' },
    Check: {
      Type: 'Choice',
      Choices: [{ Variable: '$.total', NumericGreaterThan: 10, Next: 'Approve' }],
      Default: 'Reject',
    },
    Approve: { Type: 'Pass', Result: 'approved', ResultPath: '$.stage', Next: 'Done' },
    Reject: { Type: 'Fail', Error: 'Rejected' },
    Done: { Type: 'Succeed' },
  },
});
const EXPECTED = { order: 7, stage: 'approved', total: 42 };
const ROLE = 'arn:aws:iam::123456789012:role/bench';
const POLL_MS = 2;

function client(target: Target): SFNClient {
  return new SFNClient({
    endpoint: target.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
}

let machines = 0;
async function createMachine(sfn: SFNClient): Promise<string> {
  machines += 1;
  return (
    await sfn.send(
      new CreateStateMachineCommand({ name: `bench-${machines}`, definition: DEFINITION, roleArn: ROLE }),
    )
  ).stateMachineArn as string;
}

/** Start, then poll DescribeExecution until it ends; true if it ended SUCCEEDED with the expected output. */
async function runOnce(sfn: SFNClient, stateMachineArn: string): Promise<boolean> {
  // A name on every start: moto names unnamed executions "None", so its second start would clash.
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn, name: randomUUID(), input: '{"order":7}' }),
  );
  for (;;) {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING') {
      const output = described.output === undefined ? undefined : (JSON.parse(described.output) as unknown);
      return described.status === 'SUCCEEDED' && JSON.stringify(output) === JSON.stringify(EXPECTED);
    }
    await new Promise((resolve) => setTimeout(resolve, POLL_MS));
  }
}

interface Result {
  p50: number;
  p99: number;
  perSecond: number;
  correct: boolean;
  /** Requests the server answered with an error (e.g. a 500 under load), in all. */
  errors: number;
  /** Of those, in the round-trip phase. */
  roundTripErrors: number;
  firstError?: string;
}

async function measure(target: Target, rounds: number, clients: number, seconds: number): Promise<Result> {
  const sfn = client(target);
  let correct = true;
  let errors = 0;
  let firstError: string | undefined;
  const attempt = async (arn: string): Promise<boolean> => {
    try {
      return await runOnce(sfn, arn);
    } catch (error) {
      errors += 1;
      const status = (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode;
      firstError ??= `HTTP ${status ?? '?'} ${(error as Error).name}`;
      return false;
    }
  };
  // Round trip: Create + Start → SUCCEEDED, one after another.
  const latencies: number[] = [];
  for (let i = 0; i < rounds + 5; i += 1) {
    const started = performance.now();
    const arn = await createMachine(sfn);
    correct &&= await attempt(arn);
    if (i >= 5) latencies.push(performance.now() - started);
  }
  latencies.sort((a, b) => a - b);
  const roundTripErrors = errors;
  // Throughput: `clients` loops of Create + Start → SUCCEEDED for `seconds`. A new machine per
  // execution, because moto 5.2.1 fails every StartExecution after the first of a machine with
  // "cannot pickle '_thread.RLock' object" (an HTTP 500) when it executes state machines.
  let completed = 0;
  const until = performance.now() + seconds * 1000;
  await Promise.all(
    Array.from({ length: clients }, async () => {
      while (performance.now() < until) {
        if (await attempt(await createMachine(sfn))) completed += 1;
        else correct = false;
      }
    }),
  );
  sfn.destroy();
  return {
    p50: percentile(latencies, 50),
    p99: percentile(latencies, 99),
    perSecond: completed / seconds,
    correct,
    errors,
    roundTripErrors,
    ...(firstError === undefined ? {} : { firstError }),
  };
}

/** HTTP round trips and throughput of ours (without and with a journal) and moto's Step Functions, each in its own process. */
export async function runServerBench(quick: boolean): Promise<boolean> {
  const rounds = quick ? 20 : 200;
  const seconds = quick ? 2 : 10;
  const results = new Map<string, Result>();
  const mapItems = quick ? 100_000 : 1_000_000;
  const dataDir = mkdtempSync(join(tmpdir(), 'bench-sfn-data-'));
  const starts = [() => startOurs(), () => startOurs(dataDir), startMotoStepFunctions];
  for (const start of starts) {
    const target = await start();
    try {
      results.set(target.name, await measure(target, rounds, 50, seconds));
    } finally {
      await target.stop();
    }
  }
  rmSync(dataDir, { recursive: true, force: true });
  // Fairness on a server of its own: the runs above leave thousands of executions behind.
  const fresh = await startOurs();
  let fairness: FairnessResult;
  try {
    fairness = await measureFairness(fresh, mapItems);
  } finally {
    await fresh.stop();
  }
  const burstSize = quick ? 200 : 1_000;
  const burstTarget = await startOurs();
  let burst: BurstResult;
  try {
    burst = await measureBurst(burstTarget, burstSize);
  } finally {
    await burstTarget.stop();
  }
  // The server against its limit, on a server of its own too.
  const limitTarget = await startOurs();
  let limit: SyncHttpResult;
  try {
    limit = await measureSyncHttp(limitTarget, DEFINITION, quick);
  } finally {
    await limitTarget.stop();
  }
  const ours = results.get('ours') as Result;
  const journaled = results.get('ours with a journal') as Result;
  const moto = results.get('moto') as Result;
  const mark = (r: Result) =>
    r.correct
      ? ''
      : r.errors > 0
        ? ` (${r.errors - r.roundTripErrors} failed requests, first: ${r.firstError ?? ''})`
        : ' WRONG RESULT';
  const roundTripMark = (r: Result) =>
    r.roundTripErrors > 0 ? ` (${r.roundTripErrors} failed requests)` : '';
  compare({
    name: `(r) Create+Start→SUCCEEDED round trip, 5-state workflow, ${rounds} in a row`,
    ours: `p50 ${ours.p50.toFixed(1)} ms, p99 ${ours.p99.toFixed(1)} ms${roundTripMark(ours)}`,
    peer: `moto p50 ${moto.p50.toFixed(1)} ms, p99 ${moto.p99.toFixed(1)} ms${roundTripMark(moto)}`,
    ratio: moto.p50 / ours.p50,
    note: 'faster at p50',
  });
  compare({
    name: `(t) Create+Start→SUCCEEDED per second, 50 concurrent clients, ${seconds} s`,
    ours: `${ours.perSecond.toFixed(0)}/s${mark(ours)}`,
    peer: `moto ${moto.perSecond.toFixed(0)}/s${mark(moto)}`,
    ratio: moto.perSecond === 0 ? undefined : ours.perSecond / moto.perSecond,
  });
  // The journal's cost: the same two measures with --data-dir, every change written as it happens.
  compare({
    name: `(rj) the round trip of (r) with --data-dir (a journal write per change)`,
    ours: `p50 ${journaled.p50.toFixed(1)} ms, p99 ${journaled.p99.toFixed(1)} ms${roundTripMark(journaled)} (without: p50 ${ours.p50.toFixed(1)} ms)`,
    peer: `moto p50 ${moto.p50.toFixed(1)} ms, p99 ${moto.p99.toFixed(1)} ms${roundTripMark(moto)}`,
    ratio: moto.p50 / journaled.p50,
    note: 'faster at p50',
  });
  compare({
    name: `(tj) the throughput of (t) with --data-dir`,
    ours: `${journaled.perSecond.toFixed(0)}/s${mark(journaled)} (without: ${ours.perSecond.toFixed(0)}/s)`,
    peer: `moto ${moto.perSecond.toFixed(0)}/s${mark(moto)}`,
    ratio: moto.perSecond === 0 ? undefined : journaled.perSecond / moto.perSecond,
  });
  // No peer: moto runs an execution on a thread of its own; this is ours against itself idle.
  record(
    `(f) DescribeStateMachine p99 while a ${mapItems.toLocaleString('en')}-item inline Map runs, over the idle p99`,
    `${(fairness.busyP99 / fairness.idleP99).toFixed(1)}x (p99 ${fairness.busyP99.toFixed(1)} ms during the Map, ${fairness.busySamples} calls in its ${fairness.mapSeconds.toFixed(1)} s; idle p99 ${fairness.idleP99.toFixed(1)} ms)${fairness.correct ? '' : ' WRONG RESULT'}`,
  );
  record(
    `(b) DescribeStateMachine p99 while ${burstSize.toLocaleString('en')} StartExecutions arrive at once, over the idle p99`,
    `${(burst.burstP99 / burst.idleP99).toFixed(1)}x (p99 ${burst.burstP99.toFixed(1)} ms, max ${burst.burstMax.toFixed(1)} ms, ${burst.samples} calls in the burst's ${burst.burstSeconds.toFixed(1)} s; idle p99 ${burst.idleP99.toFixed(1)} ms)${burst.correct ? '' : ' WRONG RESULT'}`,
  );
  record(
    '(ours) the server measured in every case',
    'the CLI as npm installs it: dist/cli.js, bundled from the working tree by npm run pack:stepfunctions-local, run by node (not the TypeScript source through tsx)',
  );
  const limitMet = reportLimit(limit);
  const retainedBytes = await measureRetainedHeap(DEFINITION);
  record(
    '(k) heap kept per ended execution of the 5-state workflow (10,000 kept, in-process)',
    `${(retainedBytes / 1024).toFixed(1)} KiB`,
  );
  return ours.correct && journaled.correct && fairness.correct && burst.correct && limit.correct && limitMet;
}

/** Within this factor of the bare server's p50 with one connection. */
const LIMIT_LATENCY = 1.5;
/** At least this share of the bare server's throughput with 50 connections. */
const LIMIT_THROUGHPUT = 0.8;

/** The (s1), (s50) and (sdk) lines; true when both targets are met. */
function reportLimit(limit: SyncHttpResult): boolean {
  const { ours, bare, floor, sdk } = limit;
  const wrong = limit.correct ? '' : ` WRONG RESULT (${limit.firstProblem ?? ''})`;
  const slower = ours.p50 / bare.p50;
  const latencyMet = slower <= LIMIT_LATENCY;
  compare({
    name: '(s1) StartSyncExecution over raw HTTP, 5-state Express workflow, 1 keep-alive connection',
    ours: `p50 ${ours.p50.toFixed(3)} ms, p99 ${ours.p99.toFixed(3)} ms${wrong}`,
    peer: `bare Node HTTP server answering the same JSON p50 ${bare.p50.toFixed(3)} ms, p99 ${bare.p99.toFixed(3)} ms`,
    ratio: bare.p50 / ours.p50,
    note: `target within ${LIMIT_LATENCY}x of the bare server at p50: ${slower.toFixed(2)}x, ${latencyMet ? 'met' : 'MISSED'}`,
  });
  const share = ours.perSecond / bare.perSecond;
  const throughputMet = share >= LIMIT_THROUGHPUT;
  compare({
    name: '(s50) the calls of (s1) on 50 keep-alive connections (throughput)',
    ours: `${ours.perSecond.toFixed(0)}/s, p50 ${ours.loadedP50.toFixed(2)} ms${wrong}`,
    peer: `bare Node HTTP server ${bare.perSecond.toFixed(0)}/s, p50 ${bare.loadedP50.toFixed(2)} ms`,
    ratio: share,
    note: `target at least ${LIMIT_THROUGHPUT * 100}% of the bare server: ${(share * 100).toFixed(0)}%, ${throughputMet ? 'met' : 'MISSED'}`,
  });
  compare({
    name: '(sjson) the JSON floor: the bare server parsing each request and its input, and serializing its answer afresh',
    ours: `${ours.perSecond.toFixed(0)}/s with 50 connections, p50 ${ours.p50.toFixed(3)} ms with 1`,
    peer: `JSON floor ${floor.perSecond.toFixed(0)}/s (${((100 * floor.perSecond) / bare.perSecond).toFixed(0)}% of the bare server), p50 ${floor.p50.toFixed(3)} ms (${(floor.p50 / bare.p50).toFixed(2)}x the bare server)`,
    ratio: ours.perSecond / floor.perSecond,
    note: `ours is ${((100 * ours.perSecond) / floor.perSecond).toFixed(0)}% of the floor's throughput; the floor's share of the bare server is the most a server that parses and serializes this JSON on node:http reaches`,
  });
  if (ours.cpuPerCall !== undefined && bare.cpuPerCall !== undefined) {
    const { one, fifty } = ours.cpuPerCall;
    record(
      "(scpu) the server process's CPU time per call (user + system, from /proc), in (s1) and (s50)",
      `ours ${one.toFixed(0)} µs and ${fifty.toFixed(0)} µs; the bare server ${bare.cpuPerCall.one.toFixed(0)} µs and ${bare.cpuPerCall.fifty.toFixed(0)} µs; the JSON floor ${floor.cpuPerCall?.one.toFixed(0) ?? '?'} µs and ${floor.cpuPerCall?.fifty.toFixed(0) ?? '?'} µs`,
    );
  }
  record(
    '(sdk) the call of (s1) through @aws-sdk/client-sfn, 1 connection',
    `p50 ${sdk.p50.toFixed(3)} ms: ${sdk.handlerP50.toFixed(3)} ms in its HTTP handler (Node's http client, the network, the server), ${sdk.ownP50.toFixed(3)} ms in the SDK itself (serializing, endpoint, retry, SigV4 signing, parsing); over raw HTTP the call is p50 ${ours.p50.toFixed(3)} ms`,
  );
  return latencyMet && throughputMet;
}
