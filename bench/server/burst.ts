import { Agent, request } from 'node:http';
import { performance } from 'node:perf_hooks';
import { CreateStateMachineCommand, SFNClient } from '@aws-sdk/client-sfn';
import { describeLatency, percentile } from './latency';
import type { Target } from './targets';

/**
 * A burst: how long DescribeStateMachine takes while `count` StartExecutions arrive at once (each
 * a short Standard execution that runs as soon as it is started), as a ratio to the idle p99.
 * Before the engine shared a time slice between executions, 1,000 of them gave other calls a
 * 2.8 s spike.
 */
export interface BurstResult {
  readonly idleP99: number;
  readonly burstP99: number;
  readonly burstMax: number;
  /** DescribeStateMachine calls made while the burst was answered. */
  readonly samples: number;
  readonly burstSeconds: number;
  /** Every StartExecution answered with an execution ARN. */
  readonly correct: boolean;
}

const IDLE_SAMPLES = 200;
const ROLE = 'arn:aws:iam::123456789012:role/bench';

/**
 * One StartExecution as plain HTTP: signing a thousand requests with the SDK takes this process
 * long enough to delay its own measuring calls, which would then time the client, not the server.
 */
function startExecution(endpoint: string, agent: Agent, body: string): Promise<boolean> {
  return new Promise((resolve) => {
    const sent = request(
      endpoint,
      {
        method: 'POST',
        agent,
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'AWSStepFunctions.StartExecution',
          'content-length': Buffer.byteLength(body),
        },
      },
      (response) => {
        const chunks: Buffer[] = [];
        response.on('data', (chunk: Buffer) => chunks.push(chunk));
        response.on('end', () =>
          resolve(response.statusCode === 200 && Buffer.concat(chunks).toString().includes('executionArn')),
        );
        response.on('error', () => resolve(false));
      },
    );
    sent.on('error', () => resolve(false));
    sent.end(body);
  });
}

export async function measureBurst(target: Target, count: number): Promise<BurstResult> {
  // The burst has a socket per request, so they all arrive at once; the measuring client keeps
  // its own connection.
  const agent = new Agent({ keepAlive: true, maxSockets: count });
  const sfn = new SFNClient({
    endpoint: target.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
  });
  try {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'bench-burst',
        roleArn: ROLE,
        definition: JSON.stringify({
          StartAt: 'A',
          States: {
            A: { Type: 'Pass', Result: { n: 1 }, Next: 'B' },
            B: { Type: 'Pass', Parameters: { 'm.$': 'States.MathAdd($.n, 1)' }, Next: 'C' },
            C: { Type: 'Succeed' },
          },
        }),
      }),
    );
    const arn = stateMachineArn as string;
    for (let i = 0; i < 20; i += 1) await describeLatency(sfn, arn); // warm-up: connections, JIT
    const idle: number[] = [];
    for (let i = 0; i < IDLE_SAMPLES; i += 1) idle.push(await describeLatency(sfn, arn));

    const started = performance.now();
    let answered = 0;
    const starts = Array.from({ length: count }, (_, i) =>
      startExecution(
        target.endpoint,
        agent,
        JSON.stringify({ stateMachineArn: arn, name: `burst-${i}` }),
      ).then((ok) => {
        answered += 1;
        return ok;
      }),
    );
    const during: number[] = [];
    while (answered < count) during.push(await describeLatency(sfn, arn));
    const results = await Promise.all(starts);
    return {
      idleP99: percentile(idle, 99),
      burstP99: percentile(during, 99),
      burstMax: Math.max(...during),
      samples: during.length,
      burstSeconds: (performance.now() - started) / 1000,
      correct: results.every(Boolean),
    };
  } finally {
    agent.destroy();
    sfn.destroy();
  }
}
