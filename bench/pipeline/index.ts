import { performance } from 'node:perf_hooks';
import sharp from 'sharp';
import type { ExecutionDescription } from '@myblog/sfn-engine';
import { publishRelease, subscribe, uploadThroughApi } from '../../local/demo/events';
import { type Runtime, startRuntime } from '../../local/runtime/runtime';
import type { WorkflowName } from '../../topology/types';
import { measure } from '../report';

interface Sent {
  readonly marker: string;
  /** performance.now() when the event was in the pipeline's hands (API answered, PUT done). */
  readonly at: number;
  /** Date.now() at the same moment, to compare with the execution's stop date. */
  readonly wallAt: number;
}

const percentile = (sorted: number[], p: number) =>
  sorted[Math.min(sorted.length - 1, Math.floor((p / 100) * sorted.length))] as number;

/** Waits until every sent event's execution has ended; returns each latency (ms) and the span. */
async function settle(
  runtime: Runtime,
  workflow: WorkflowName,
  sent: readonly Sent[],
  started: number,
): Promise<{ latencies: number[]; seconds: number; failed: number }> {
  const ended = new Map<string, ExecutionDescription>();
  const deadline = Date.now() + 300_000;
  while (ended.size < sent.length && Date.now() < deadline) {
    const executions = runtime.stepFunctions.engine.listExecutions({
      stateMachineArn: runtime.stateMachineArns[workflow],
    });
    for (const event of sent) {
      if (ended.has(event.marker)) continue;
      const execution = executions.find((e) => e.input.includes(event.marker) && e.status !== 'RUNNING');
      if (execution !== undefined) ended.set(event.marker, execution);
    }
    await new Promise((resolve) => setTimeout(resolve, 20));
  }
  const latencies = sent
    .map((event) => {
      const execution = ended.get(event.marker);
      return execution?.stopDate === undefined ? NaN : execution.stopDate.getTime() - event.wallAt;
    })
    .filter((value) => !Number.isNaN(value))
    .sort((a, b) => a - b);
  const failed = sent.length - [...ended.values()].filter((e) => e.status === 'SUCCEEDED').length;
  return { latencies, seconds: (performance.now() - started) / 1000, failed };
}

function report(
  flow: string,
  count: number,
  result: { latencies: number[]; seconds: number; failed: number },
): boolean {
  const { latencies, seconds, failed } = result;
  measure(
    `${flow}: ${count} events, event in → execution ended`,
    `${(count / seconds).toFixed(1)} events/s, p50 ${percentile(latencies, 50).toFixed(0)} ms, p99 ${percentile(latencies, 99).toFixed(0)} ms${failed === 0 ? '' : `, ${failed} NOT SUCCEEDED`}`,
  );
  return failed === 0 && latencies.length === count;
}

const now = () => ({ at: performance.now(), wallAt: Date.now() });

/**
 * Events per second and latency per flow through the whole local stack: API → DynamoDB stream →
 * Pipe → welcome-email; presigned PUT → S3 notification → SQS → Pipe → thumbnail; release files
 * and manifest → SNS → SQS → Pipe → update-publishing. Latency runs from the moment the event
 * is in the pipeline's hands to its execution's end.
 */
export async function runPipelineBench(quick: boolean): Promise<boolean> {
  process.env['POWERTOOLS_LOG_LEVEL'] ??= 'ERROR';
  const runtime = await startRuntime({
    stepFunctionsPort: 0,
    waitTimeScale: 0.01,
    log: () => undefined,
    pollIdleMs: 50,
  });
  let ok = true;
  try {
    const signups = quick ? 20 : 200;
    let started = performance.now();
    const sentSignups = await Promise.all(
      Array.from({ length: signups }, async (_, i) => {
        const marker = `pipeline.${process.pid}.${i}@example.com`;
        const answer = await subscribe(runtime.apiUrl, marker, `Reader ${i}`, 'en');
        if (answer.status !== 202) throw new Error(`sign-up answered ${answer.status}`);
        return { marker, ...now() };
      }),
    );
    ok = report('welcome-email', signups, await settle(runtime, 'welcomeEmail', sentSignups, started)) && ok;

    const photos = quick ? 5 : 30;
    const png = await sharp({ create: { width: 1200, height: 800, channels: 3, background: '#4477aa' } })
      .png()
      .toBuffer();
    started = performance.now();
    const sentPhotos = await Promise.all(
      Array.from({ length: photos }, async () => {
        const { key, putStatus } = await uploadThroughApi(runtime.apiUrl, png, 'image/png');
        if (putStatus !== 200) throw new Error(`upload answered ${putStatus}`);
        return { marker: key.slice('photos/'.length), ...now() };
      }),
    );
    ok =
      report('thumbnail (6 sizes each)', photos, await settle(runtime, 'thumbnail', sentPhotos, started)) &&
      ok;

    const releases = quick ? 2 : 5;
    started = performance.now();
    const sentReleases: Sent[] = [];
    for (let i = 1; i <= releases; i += 1) {
      const version = `9.${i}.0`;
      await publishRelease(runtime.clients, runtime.resources, version, {
        'app.zip': Buffer.alloc(1024 * 1024, i),
        'notes.txt': Buffer.from(`release ${version}`),
      });
      sentReleases.push({ marker: `"${version}`, ...now() });
      // One at a time, as releases are published: each must be newer than the last.
      await settle(runtime, 'updatePublishing', sentReleases.slice(-1), performance.now());
    }
    ok =
      report(
        'update-publishing (2 files, 1 MiB)',
        releases,
        await settle(runtime, 'updatePublishing', sentReleases, started),
      ) && ok;
  } finally {
    await runtime.stop();
  }
  return ok;
}
