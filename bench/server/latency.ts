import { performance } from 'node:perf_hooks';
import { DescribeStateMachineCommand, type SFNClient } from '@aws-sdk/client-sfn';

/** The value at percentile `p` (0-100) of latencies in any order. */
export function percentile(latencies: readonly number[], p: number): number {
  const sorted = [...latencies].sort((a, b) => a - b);
  return sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] ?? Number.NaN;
}

/** One DescribeStateMachine round trip, in ms: the call the fairness measures time. */
export async function describeLatency(sfn: SFNClient, stateMachineArn: string): Promise<number> {
  const started = performance.now();
  await sfn.send(new DescribeStateMachineCommand({ stateMachineArn }));
  return performance.now() - started;
}
