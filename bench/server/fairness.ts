import { performance } from 'node:perf_hooks';
import { CreateStateMachineCommand, SFNClient, StartSyncExecutionCommand } from '@aws-sdk/client-sfn';
import { describeLatency, percentile } from './latency';
import type { Target } from './targets';

/**
 * Fairness: how long DescribeStateMachine takes while one execution runs a large inline Map, as
 * a ratio to how long it takes on an idle server. The Map's states never wait, so without the
 * engine yielding to the event loop no request would be answered until it ended.
 */
export interface FairnessResult {
  readonly idleP99: number;
  readonly busyP99: number;
  /** DescribeStateMachine calls made while the Map ran. */
  readonly busySamples: number;
  readonly mapSeconds: number;
  /** The Map ran to SUCCEEDED with the expected count. */
  readonly correct: boolean;
}

const IDLE_SAMPLES = 200;
const ROLE = 'arn:aws:iam::123456789012:role/bench';

/** Idle p99 first, then p99 while an `items`-item inline Map (Express: no history quota) runs. */
export async function measureFairness(target: Target, items: number): Promise<FairnessResult> {
  const sfn = new SFNClient({
    endpoint: target.endpoint,
    region: 'us-east-1',
    credentials: { accessKeyId: 'bench', secretAccessKey: 'bench' },
    maxAttempts: 1,
    // StartSyncExecution's endpoint is `sync-<host>`, which does not resolve for 127.0.0.1.
    disableHostPrefix: true,
  });
  try {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'bench-fairness-map',
        roleArn: ROLE,
        type: 'EXPRESS',
        definition: JSON.stringify({
          QueryLanguage: 'JSONata',
          StartAt: 'Map',
          States: {
            Map: {
              Type: 'Map',
              // Made by the Map itself: an input of that many items would pass the 256 KiB quota.
              Items: `{% [1..${items}] %}`,
              ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
              Output: '{% $count($states.result) %}',
              End: true,
            },
          },
        }),
      }),
    );
    const arn = stateMachineArn as string;
    for (let i = 0; i < 20; i += 1) await describeLatency(sfn, arn); // warm-up: connections, JIT
    const idle: number[] = [];
    for (let i = 0; i < IDLE_SAMPLES; i += 1) idle.push(await describeLatency(sfn, arn));

    const started = performance.now();
    let finished = false;
    const run = sfn.send(new StartSyncExecutionCommand({ stateMachineArn: arn }));
    // Handled here and awaited below: a failed start must not become an unhandled rejection.
    const end = () => {
      finished = true;
    };
    run.then(end, end);
    const busy: number[] = [];
    // Every call made while the Map runs counts, the one still waiting when it ends too: on a
    // server that cannot answer during the Map, that call's latency is the Map's whole run.
    while (!finished) busy.push(await describeLatency(sfn, arn));
    const result = await run;
    return {
      idleP99: percentile(idle, 99),
      busyP99: percentile(busy, 99),
      busySamples: busy.length,
      mapSeconds: (performance.now() - started) / 1000,
      correct: result.status === 'SUCCEEDED' && result.output === String(items),
    };
  } finally {
    sfn.destroy();
  }
}
