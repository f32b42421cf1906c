import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  DeleteMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import sharp from 'sharp';
import { photoIdFor } from '../../functions/shared/s3-keys';
import type { ExecutionDescription } from '../engine/engine';
import { seededRandom } from '../seeded-random';
import { publishRelease, subscribe, uploadThroughApi } from '../demo/events';
import type { Runtime } from '../runtime/runtime';
import type { QueueName } from '../../topology/types';

type Kind = 'signup' | 'duplicate' | 'photo' | 'bad-photo' | 'release';

interface SoakEvent {
  readonly kind: Kind;
  /** What finds its execution: an address, a photo key's file name, a version. */
  readonly marker: string;
  /** For a photo: its key; for a duplicate: the address it repeats. */
  readonly detail?: string;
}

export interface SoakResult {
  readonly events: number;
  readonly completed: number;
  readonly deadLettered: number;
  /** Good events whose execution failed all its retries: kept in a failed execution, redrivable. */
  readonly failedKept: number;
  readonly lost: number;
  readonly duplicated: number;
  readonly table: readonly string[];
  readonly line: string;
}

async function pool<T>(
  items: readonly T[],
  size: number,
  work: (item: T, index: number) => Promise<void>,
): Promise<void> {
  let next = 0;
  await Promise.all(
    Array.from({ length: size }, async () => {
      while (next < items.length) {
        const index = next;
        next += 1;
        await work(items[index] as T, index);
      }
    }),
  );
}

/**
 * The markers the soak puts in its events (an address, an upload's file name, a version), as
 * they appear in an execution's input: one pattern for all, so executions are indexed in a
 * single pass over each input instead of searching every input for every event.
 */
const MARKERS =
  /soak\.[0-9a-z]+\.\d+@example\.com|[0-9a-f]{8}(?:-[0-9a-f]{4}){3}-[0-9a-f]{12}\.[a-z]+|"8\.\d+\.0/g;

/** Marker → the first execution whose input holds it; each execution is read once. */
class ExecutionIndex {
  private readonly byMarker = new Map<string, string>();
  private readonly seen = new Set<string>();
  private refreshedAt = 0;

  constructor(private readonly runtime: Runtime) {}

  /** The execution as it is now: by marker, or by its ARN. */
  find(marker: string): ExecutionDescription | undefined {
    this.refresh();
    const arn = this.byMarker.get(marker) ?? (this.seen.has(marker) ? marker : undefined);
    return arn === undefined ? undefined : this.runtime.stepFunctions.engine.describeExecution(arn);
  }

  private refresh(): void {
    if (Date.now() - this.refreshedAt < 100) return;
    this.refreshedAt = Date.now();
    for (const arn of Object.values(this.runtime.stateMachineArns)) {
      // Listed newest first: read oldest first, so a marker keeps the execution its event started.
      for (const execution of this.runtime.stepFunctions.engine
        .listExecutions({ stateMachineArn: arn })
        .reverse()) {
        if (this.seen.has(execution.executionArn)) continue;
        this.seen.add(execution.executionArn);
        for (const [marker] of execution.input.matchAll(MARKERS))
          if (!this.byMarker.has(marker)) this.byMarker.set(marker, execution.executionArn);
      }
    }
  }
}

const untilEnded = async (index: ExecutionIndex, marker: string, deadline: number) => {
  let execution = index.find(marker);
  while ((execution === undefined || execution.status === 'RUNNING') && Date.now() < deadline) {
    await new Promise((resolve) => setTimeout(resolve, 50));
    execution = index.find(marker);
  }
  return execution;
};

/**
 * Pushes a mix of events through the running pipeline (sign-ups through the API, with about 10 %
 * delivered twice by the stream; photo uploads, 10 % of them not images; a few releases), stops
 * and restarts the pollers halfway, waits for everything to end, and reconciles: every event
 * completed or sits in a dead-letter queue, one email per address, no release announced twice.
 */
export async function runSoak(
  runtime: Runtime,
  options: { events: number; seed?: number; timeoutMs?: number; log?: (line: string) => void },
): Promise<SoakResult> {
  const random = seededRandom(options.seed ?? 42);
  const log = options.log ?? (() => undefined);
  const run = Date.now().toString(36);
  const events: SoakEvent[] = [];
  let releases = 0;
  let lastSignup: string | undefined;
  for (let i = 0; i < options.events; i += 1) {
    const r = random();
    if (r < 0.62) {
      lastSignup = `soak.${run}.${i}@example.com`;
      events.push({ kind: 'signup', marker: lastSignup });
    } else if (r < 0.7 && lastSignup !== undefined)
      events.push({ kind: 'duplicate', marker: `dup-${i}`, detail: lastSignup });
    else if (r < 0.97 || releases >= 5)
      events.push({ kind: random() < 0.1 ? 'bad-photo' : 'photo', marker: '' });
    else {
      releases += 1;
      events.push({ kind: 'release', marker: `"8.${releases}.0` });
    }
  }
  const image = await sharp({ create: { width: 48, height: 32, channels: 3, background: '#2266aa' } })
    .png()
    .toBuffer();
  const notAnImage = Buffer.from('soak: not an image\n');
  const sent: SoakEvent[] = new Array(events.length);
  const executions = new ExecutionIndex(runtime);
  let restarted = false;
  const started = Date.now();
  // Releases go one at a time and in order, as they are published; the rest in parallel.
  const releaseEvents = events.filter((e) => e.kind === 'release');
  const others = events
    .map((e, i) => [e, i] as const)
    .filter(([e]) => e.kind !== 'release' && e.kind !== 'duplicate');
  await Promise.all([
    pool(others, 12, async ([event, index]) => {
      if (event.kind === 'signup') {
        for (;;) {
          const answer = await subscribe(runtime.apiUrl, event.marker, 'Soak');
          if (answer.status === 202) break;
          if (answer.status < 500) throw new Error(`sign-up answered ${answer.status}`);
        }
        sent[index] = event;
      } else {
        const bad = event.kind === 'bad-photo';
        const { key, putStatus } = await uploadThroughApi(
          runtime.apiUrl,
          bad ? notAnImage : image,
          bad ? 'image/jpeg' : 'image/png',
        );
        if (putStatus !== 200) throw new Error(`upload answered ${putStatus}`);
        sent[index] = { ...event, marker: key.slice('photos/'.length), detail: key };
      }
      if (!restarted && index >= events.length / 2) {
        restarted = true;
        log('soak: stopping and restarting the pollers halfway');
        await runtime.restartPollers();
      }
    }),
    (async () => {
      for (const [k, event] of releaseEvents.entries()) {
        const version = `8.${k + 1}.0`;
        await publishRelease(runtime.clients, runtime.resources, version, {
          'app.bin': Buffer.alloc(64 * 1024, k),
        });
        const index = events.indexOf(event);
        sent[index] = event;
        await untilEnded(executions, event.marker, Date.now() + 120_000);
      }
    })(),
  ]);
  // Duplicate deliveries: the stream hands a sign-up's record over again once it was handled.
  await pool(
    events.map((e, i) => [e, i] as const).filter(([e]) => e.kind === 'duplicate'),
    8,
    async ([event, index]) => {
      const first = await untilEnded(executions, event.detail as string, Date.now() + 120_000);
      if (first !== undefined) {
        const { executionArn } = runtime.stepFunctions.engine.startExecution({
          stateMachineArn: runtime.stateMachineArns.welcomeEmail,
          input: first.input,
        });
        sent[index] = { ...event, marker: executionArn };
      } else sent[index] = event;
    },
  );
  log(
    `soak: ${events.length} events sent in ${((Date.now() - started) / 1000).toFixed(1)} s; waiting for them to end`,
  );
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  const ended = (event: SoakEvent): ExecutionDescription | undefined => {
    const execution = executions.find(event.marker);
    return execution?.status === 'RUNNING' ? undefined : execution;
  };
  while (Date.now() < deadline && !sent.every((event) => event !== undefined && ended(event) !== undefined))
    await new Promise((resolve) => setTimeout(resolve, 200));
  return reconcile(runtime, sent, ended);
}

async function reconcile(
  runtime: Runtime,
  sent: readonly SoakEvent[],
  ended: (event: SoakEvent) => ExecutionDescription | undefined,
): Promise<SoakResult> {
  const emails = await emailsPerAddress(runtime);
  const announcements = await drainAnnouncements(runtime);
  const counts: Record<Kind, { sent: number; completed: number; failed: number }> = {
    signup: { sent: 0, completed: 0, failed: 0 },
    duplicate: { sent: 0, completed: 0, failed: 0 },
    photo: { sent: 0, completed: 0, failed: 0 },
    'bad-photo': { sent: 0, completed: 0, failed: 0 },
    release: { sent: 0, completed: 0, failed: 0 },
  };
  let duplicated = 0;
  let lost = 0;
  for (const event of sent) {
    const count = counts[event.kind];
    count.sent += 1;
    const execution = ended(event);
    let completed: boolean;
    if (event.kind === 'signup') {
      const sentEmails = emails.get(event.marker) ?? 0;
      duplicated += Math.max(0, sentEmails - 1);
      completed = sentEmails >= 1 && execution?.status === 'SUCCEEDED';
    } else if (event.kind === 'duplicate') {
      completed =
        execution?.status === 'SUCCEEDED' &&
        (JSON.parse(execution.output ?? '{}') as { status?: string }).status === 'already-welcomed';
    } else if (event.kind === 'photo' || event.kind === 'bad-photo') {
      const { Item } = await runtime.clients.dynamodb.send(
        new GetItemCommand({
          TableName: runtime.resources.tables.photos,
          Key: { photoId: { S: photoIdFor(event.detail as string) } },
        }),
      );
      const thumbnails =
        Item?.['thumbnails']?.S === undefined ? 0 : (JSON.parse(Item['thumbnails'].S) as unknown[]).length;
      completed =
        event.kind === 'photo'
          ? Item?.['status']?.S === 'DONE' && thumbnails === 6
          : Item?.['status']?.S === 'FAILED' && Item['error']?.S === 'UnsupportedImageType';
    } else {
      const version = event.marker.slice(1);
      const times = announcements.get(version) ?? 0;
      duplicated += Math.max(0, times - 1);
      completed = execution?.status === 'SUCCEEDED' && times >= 1;
    }
    if (completed) count.completed += 1;
    else if (execution?.status === 'FAILED') count.failed += 1;
    else lost += 1;
  }
  let deadLettered = 0;
  for (const queue of Object.keys(runtime.deadLetterQueues) as QueueName[]) {
    const { Attributes } = await runtime.clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: runtime.resources.queueUrls[queue],
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    deadLettered += Number(Attributes?.['ApproximateNumberOfMessages'] ?? 0);
  }
  // A dead-lettered message stands for an event that did not otherwise complete.
  lost = Math.max(0, lost - deadLettered);
  const failedKept = Object.values(counts).reduce((sum, c) => sum + c.failed, 0);
  const completed = Object.values(counts).reduce((sum, c) => sum + c.completed, 0);
  const table = [
    'kind              sent  completed  failed (kept)',
    ...(Object.entries(counts) as [Kind, (typeof counts)[Kind]][]).map(
      ([kind, c]) =>
        `${kind.padEnd(16)} ${String(c.sent).padStart(5)}  ${String(c.completed).padStart(9)}  ${String(c.failed).padStart(13)}`,
    ),
  ];
  return {
    events: sent.length,
    completed,
    deadLettered,
    failedKept,
    lost,
    duplicated,
    table,
    line: `events=${sent.length} completed=${completed} dead-lettered=${deadLettered} lost=${lost} duplicated=${duplicated}`,
  };
}

async function emailsPerAddress(runtime: Runtime): Promise<Map<string, number>> {
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(`${runtime.endpoint}/moto-api/data.json`);
    if (response.ok) {
      const data = (await response.json()) as {
        ses?: { Message?: { destinations: { ToAddresses?: string[] } }[] };
      };
      const counts = new Map<string, number>();
      for (const message of data.ses?.Message ?? [])
        for (const to of message.destinations.ToAddresses ?? []) counts.set(to, (counts.get(to) ?? 0) + 1);
      return counts;
    }
    if (attempt === 20) throw new Error(`moto's data API answered ${response.status}`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** Every update-available announcement the stable-channel subscriber queue received, per version. */
async function drainAnnouncements(runtime: Runtime): Promise<Map<string, number>> {
  const counts = new Map<string, number>();
  const url = runtime.resources.queueUrls.updateSubscribers;
  for (;;) {
    const { Messages } = await runtime.clients.sqs.send(
      new ReceiveMessageCommand({ QueueUrl: url, MaxNumberOfMessages: 10, WaitTimeSeconds: 0 }),
    );
    if (Messages === undefined || Messages.length === 0) return counts;
    for (const message of Messages) {
      const { version } = JSON.parse((JSON.parse(message.Body ?? '{}') as { Message: string }).Message) as {
        version: string;
      };
      counts.set(version, (counts.get(version) ?? 0) + 1);
    }
    await runtime.clients.sqs.send(
      new DeleteMessageBatchCommand({
        QueueUrl: url,
        Entries: Messages.map((m, i) => ({ Id: String(i), ReceiptHandle: m.ReceiptHandle as string })),
      }),
    );
  }
}
