import { spawn } from 'node:child_process';
import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { CreateStateMachineCommand, SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import { freePort } from '../../local/runtime/moto';
import { percentile } from './latency';
import { processCpuMicros } from './process-cpu';
import { type RawAnswer, RawConnection, rawPost } from './raw-http-client';
import type { Target } from './targets';

/**
 * The server against its limit: StartSyncExecution of a five-state Express machine over raw HTTP
 * (keep-alive, the AWS JSON 1.0 protocol as the SDK sends it), side by side with a bare Node HTTP
 * server that answers the same JSON (bare-http-server.ts), and with the same server parsing each
 * request and serializing its answer afresh (the JSON floor: what any JSON API adds to the bare
 * server). One connection gives the latency, 50 the throughput; blocks alternate between the
 * three servers so a busy moment of the machine falls on each. Then the same call through
 * @aws-sdk/client-sfn, its time split between the SDK's own work and its HTTP handler's.
 */
export interface SyncHttpMeasure {
  readonly p50: number;
  readonly p99: number;
  readonly perSecond: number;
  /** p50 with 50 connections. */
  readonly loadedP50: number;
  /** The server process's CPU time per call (user + system), µs, with 1 and with 50 connections; undefined without /proc. */
  readonly cpuPerCall?: { readonly one: number; readonly fifty: number };
}

export interface SyncHttpResult {
  readonly ours: SyncHttpMeasure;
  readonly bare: SyncHttpMeasure;
  /** The bare server that also parses the request and serializes its answer afresh: the floor of any JSON API. */
  readonly floor: SyncHttpMeasure;
  readonly sdk: {
    readonly p50: number;
    /** From the request handed to the HTTP handler to the response's headers. */
    readonly handlerP50: number;
    /** The rest: the SDK's middleware, serialization, signing, parsing. */
    readonly ownP50: number;
  };
  /** Every answer of ours was SUCCEEDED with the expected output. */
  readonly correct: boolean;
  readonly firstProblem?: string;
}

const ROLE = 'arn:aws:iam::123456789012:role/bench';
const INPUT = '{"order":7}';
const EXPECTED_OUTPUT = JSON.stringify({ order: 7, stage: 'approved', total: 42 });
const HEADERS = {
  'content-type': 'application/x-amz-json-1.0',
  'x-amz-target': 'AWSStepFunctions.StartSyncExecution',
};

/** One POST with Node's own client, for the sample answer before the measures. */
function post(url: URL, body: string): Promise<RawAnswer> {
  return new Promise((resolve, reject) => {
    const req = request(
      url,
      { method: 'POST', headers: { ...HEADERS, 'content-length': Buffer.byteLength(body) } },
      (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, body: Buffer.concat(chunks).toString('utf8') }),
        );
        res.on('error', reject);
      },
    );
    req.on('error', reject);
    req.end(body);
  });
}

/** A problem with an answer, or undefined when it is a SUCCEEDED execution with the expected output. */
function problem(answer: RawAnswer): string | undefined {
  if (answer.status !== 200) return `HTTP ${answer.status}: ${answer.body.slice(0, 200)}`;
  const parsed = JSON.parse(answer.body) as { status?: unknown; output?: unknown };
  if (parsed.status !== 'SUCCEEDED' || parsed.output !== EXPECTED_OUTPUT)
    return `unexpected answer: ${answer.body.slice(0, 200)}`;
  return undefined;
}

/** An HTTP endpoint under load, with what went wrong first. */
class Contestant {
  firstProblem: string | undefined;
  readonly p50s: number[] = [];
  readonly p99s: number[] = [];
  readonly rates: number[] = [];
  readonly loadedP50s: number[] = [];
  /** The server's CPU µs per call in each kept block, with 1 and with 50 connections. */
  readonly cpuOne: number[] = [];
  readonly cpuFifty: number[] = [];
  private readonly request: Buffer;

  constructor(
    readonly url: URL,
    body: string,
    /** The server's process, when its CPU time can be read. */
    private readonly pid: number | undefined,
  ) {
    this.request = rawPost(url.hostname, Number(url.port), HEADERS, body);
  }

  private connection(): RawConnection {
    return new RawConnection(this.url.hostname, Number(this.url.port));
  }

  private async once(connection: RawConnection): Promise<number> {
    const started = performance.now();
    const answer = await connection.send(this.request);
    const elapsed = performance.now() - started;
    this.firstProblem ??= problem(answer);
    return elapsed;
  }

  /** `count` requests one after another on one keep-alive connection. */
  async latency(count: number, keep: boolean): Promise<void> {
    const connection = this.connection();
    const latencies: number[] = [];
    const cpuBefore = this.cpu();
    for (let i = 0; i < count; i += 1) latencies.push(await this.once(connection));
    const cpuAfter = this.cpu();
    connection.close();
    if (!keep) return;
    if (cpuBefore !== undefined && cpuAfter !== undefined) this.cpuOne.push((cpuAfter - cpuBefore) / count);
    this.p50s.push(percentile(latencies, 50));
    this.p99s.push(percentile(latencies, 99));
  }

  /** `connections` keep-alive connections, each sending its next request on the last answer, for `seconds`. */
  async throughput(connections: number, seconds: number, keep: boolean): Promise<void> {
    const latencies: number[] = [];
    const cpuBefore = this.cpu();
    const started = performance.now();
    const until = started + seconds * 1000;
    await Promise.all(
      Array.from({ length: connections }, async () => {
        const connection = this.connection();
        while (performance.now() < until) latencies.push(await this.once(connection));
        connection.close();
      }),
    );
    const elapsed = (performance.now() - started) / 1000;
    const cpuAfter = this.cpu();
    if (!keep) return;
    if (cpuBefore !== undefined && cpuAfter !== undefined)
      this.cpuFifty.push((cpuAfter - cpuBefore) / latencies.length);
    this.rates.push(latencies.length / elapsed);
    this.loadedP50s.push(percentile(latencies, 50));
  }

  private cpu(): number | undefined {
    return this.pid === undefined ? undefined : processCpuMicros(this.pid);
  }

  result(): SyncHttpMeasure {
    const median = (values: number[]) => percentile(values, 50);
    const measured = this.cpuOne.length > 0 && this.cpuFifty.length > 0;
    return {
      p50: median(this.p50s),
      p99: median(this.p99s),
      perSecond: median(this.rates),
      loadedP50: median(this.loadedP50s),
      ...(measured ? { cpuPerCall: { one: median(this.cpuOne), fifty: median(this.cpuFifty) } } : {}),
    };
  }
}

/** A bare server (bare-http-server.ts, in `mode`), in a process of its own as ours is, answering `answer`. */
async function startBare(
  answer: string,
  mode: 'bare' | 'json',
): Promise<{ url: URL; pid: number | undefined; stop: () => Promise<void> }> {
  const port = await freePort();
  const child = spawn(
    process.execPath,
    ['--import', 'tsx', 'bench/server/bare-http-server.ts', String(port), mode],
    {
      stdio: ['pipe', 'pipe', 'inherit'],
    },
  );
  child.stdin.end(answer);
  await new Promise<void>((resolve, reject) => {
    child.stdout.once('data', () => resolve());
    child.once('exit', (code) => reject(new Error(`the bare server exited with code ${code}`)));
  });
  return {
    url: new URL(`http://127.0.0.1:${port}/`),
    pid: child.pid,
    stop: () =>
      new Promise((resolve) => {
        child.once('exit', () => resolve());
        child.kill('SIGTERM');
      }),
  };
}

/** The SDK's HTTP handler, timed: how long a request spends in it (written → response headers). */
class TimedHandler extends NodeHttpHandler {
  lastMs = 0;

  override async handle(
    ...args: Parameters<NodeHttpHandler['handle']>
  ): ReturnType<NodeHttpHandler['handle']> {
    const started = performance.now();
    try {
      return await super.handle(...args);
    } finally {
      this.lastMs = performance.now() - started;
    }
  }
}

async function measureSdk(
  target: Target,
  stateMachineArn: string,
  count: number,
): Promise<SyncHttpResult['sdk'] & { problem?: string }> {
  const handler = new TimedHandler({ httpAgent: new Agent({ keepAlive: true, maxSockets: 1 }) });
  const sfn = new SFNClient({
    endpoint: target.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
    // StartSyncExecution's endpoint is `sync-<host>`, which does not resolve for 127.0.0.1.
    disableHostPrefix: true,
    requestHandler: handler,
  });
  const totals: number[] = [];
  const inHandler: number[] = [];
  const own: number[] = [];
  let found: string | undefined;
  for (let i = 0; i < count + 50; i += 1) {
    const started = performance.now();
    const result = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn, input: INPUT }));
    const total = performance.now() - started;
    if (result.status !== 'SUCCEEDED' || result.output !== EXPECTED_OUTPUT)
      found ??= `SDK: ${result.status ?? '?'} ${result.output ?? ''}`;
    if (i < 50) continue; // warm-up: connection, JIT, the SDK's first-call set-up
    totals.push(total);
    inHandler.push(handler.lastMs);
    own.push(total - handler.lastMs);
  }
  sfn.destroy();
  return {
    p50: percentile(totals, 50),
    handlerP50: percentile(inHandler, 50),
    ownP50: percentile(own, 50),
    ...(found === undefined ? {} : { problem: found }),
  };
}

/** `definition`: the five-state workflow the other server cases run. */
export async function measureSyncHttp(
  target: Target,
  definition: string,
  quick: boolean,
): Promise<SyncHttpResult> {
  const setup = new SFNClient({
    endpoint: target.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
  const { stateMachineArn } = await setup.send(
    new CreateStateMachineCommand({ name: 'bench-sync-http', definition, roleArn: ROLE, type: 'EXPRESS' }),
  );
  setup.destroy();
  const body = JSON.stringify({ stateMachineArn, input: INPUT });
  const url = new URL(`${target.endpoint}/`);
  const sample = await post(url, body);
  const sampleProblem = problem(sample);
  if (sampleProblem !== undefined) throw new Error(`StartSyncExecution failed: ${sampleProblem}`);
  const bare = await startBare(sample.body, 'bare');
  const floor = await startBare(sample.body, 'json');
  const contestants = [
    new Contestant(url, body, target.pid),
    new Contestant(bare.url, body, bare.pid),
    new Contestant(floor.url, body, floor.pid),
  ] as const;
  const requests = quick ? 300 : 2_000;
  const seconds = quick ? 1 : 5;
  const rounds = quick ? 1 : 3;
  try {
    for (const contestant of contestants) {
      await contestant.latency(requests / 4, false);
      await contestant.throughput(50, seconds / 2, false);
    }
    for (let round = 0; round < rounds; round += 1) {
      for (const contestant of contestants) await contestant.latency(requests, true);
      for (const contestant of contestants) await contestant.throughput(50, seconds, true);
    }
  } finally {
    await Promise.all([bare.stop(), floor.stop()]);
  }
  const sdk = await measureSdk(target, stateMachineArn as string, requests);
  const [ours, limit, jsonFloor] = contestants;
  const firstProblem = ours.firstProblem ?? limit.firstProblem ?? jsonFloor.firstProblem ?? sdk.problem;
  return {
    ours: ours.result(),
    bare: limit.result(),
    floor: jsonFloor.result(),
    sdk: { p50: sdk.p50, handlerP50: sdk.handlerP50, ownP50: sdk.ownP50 },
    correct: firstProblem === undefined,
    ...(firstProblem === undefined ? {} : { firstProblem }),
  };
}
