import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  DeleteMessageBatchCommand,
} from '@aws-sdk/client-sqs';
import sharp from 'sharp';
import { photoIdFor } from '../../functions/shared/s3-keys';
import {
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type ExecutionListItem,
  type HistoryEvent,
  ListExecutionsCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { seededRandom } from '../seeded-random';
import { supersededBy } from './superseded';
import { taskAttempts } from './attempts';
import { ApiRefused, publishRelease, subscribe, uploadThroughApi } from '../demo/events';
import type { RuntimeBase } from '../runtime/runtime';
import { unreachable, whileUnreachable } from '../runtime/step-functions-link';
import type { StepFunctionsProcess } from '../runtime/step-functions-process';
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
  /** Failed executions (retries exhausted) that the soak redrove once everything had ended. */
  readonly redriven: number;
  /** Of those, the ones that failed again (they ended in a Fail state) and were started anew. */
  readonly rerun: number;
  /** Good events whose execution failed even after the redrive: kept in a failed execution. */
  readonly failedKept: number;
  readonly lost: number;
  readonly duplicated: number;
  /** One line per event that did not complete or was done twice: what it was and how it ended. */
  readonly unsettled: readonly string[];
  /** One line per release left stale behind a newer one (settled: see supersededBy). */
  readonly superseded: readonly string[];
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

/** An execution as the soak follows it: from ListExecutions, with its input read once. */
interface Seen {
  readonly executionArn: string;
  status: string;
  readonly input: string;
}

/**
 * Marker → the executions whose input holds it, oldest first, through the Step Functions API (the
 * server may be in another process, and may be down for a moment: then what was seen last
 * stands). Each execution's input is read once; statuses come from listing.
 */
class ExecutionIndex {
  private readonly byMarker = new Map<string, Seen[]>();
  private readonly byArn = new Map<string, Seen>();
  private refreshedAt = 0;
  private refreshing: Promise<void> | undefined;

  constructor(private readonly runtime: RuntimeBase) {}

  /** The execution as last seen: the first one started for a marker, or the one with that ARN. */
  find(marker: string): Seen | undefined {
    return this.byMarker.get(marker)?.[0] ?? this.byArn.get(marker);
  }

  /**
   * Every execution started for a marker (or the one with that ARN): an event can have more than
   * one, as when a StartExecution is retried across a server restart or a notification comes twice.
   */
  every(marker: string): readonly Seen[] {
    const byArn = this.byArn.get(marker);
    return this.byMarker.get(marker) ?? (byArn === undefined ? [] : [byArn]);
  }

  /** Looks again, at most every 250 ms unless forced; concurrent callers share one look. */
  refresh(force = false): Promise<void> {
    if (!force && Date.now() - this.refreshedAt < 250) return Promise.resolve();
    this.refreshing ??= this.look()
      .catch((error: unknown) => {
        if (!unreachable(error)) throw error;
      })
      .finally(() => {
        this.refreshedAt = Date.now();
        this.refreshing = undefined;
      });
    return this.refreshing;
  }

  /**
   * What changed since the last look, at a cost of what changed: the executions started since
   * (listed newest first, up to the first one already known), the ones running now, and a
   * DescribeExecution for each one that was running and no longer is.
   */
  private async look(): Promise<void> {
    const { sfn } = this.runtime.stepFunctionsLink;
    const list = async (stateMachineArn: string, status?: 'RUNNING', untilKnown = false) => {
      const listed: ExecutionListItem[] = [];
      let nextToken: string | undefined;
      do {
        const page = await sfn.send(
          new ListExecutionsCommand({ stateMachineArn, maxResults: 1000, nextToken, statusFilter: status }),
        );
        for (const item of page.executions ?? []) {
          if (untilKnown && this.byArn.has(item.executionArn as string)) return listed;
          listed.push(item);
        }
        nextToken = page.nextToken;
      } while (nextToken !== undefined);
      return listed;
    };
    const running = new Set<string>();
    for (const stateMachineArn of Object.values(this.runtime.stateMachineArns)) {
      // Newest first: read oldest first, so a marker keeps the execution its event started.
      for (const item of (await list(stateMachineArn, undefined, true)).reverse()) {
        const arn = item.executionArn as string;
        const described = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
        const seen: Seen = {
          executionArn: arn,
          status: described.status as string,
          input: described.input ?? '',
        };
        this.byArn.set(arn, seen);
        for (const [marker] of seen.input.matchAll(MARKERS)) {
          const already = this.byMarker.get(marker);
          if (already === undefined) this.byMarker.set(marker, [seen]);
          else if (!already.includes(seen)) already.push(seen);
        }
      }
      for (const item of await list(stateMachineArn, 'RUNNING')) running.add(item.executionArn as string);
    }
    for (const seen of this.byArn.values()) {
      if (running.has(seen.executionArn)) seen.status = 'RUNNING';
      else if (seen.status === 'RUNNING') {
        const described = await sfn.send(new DescribeExecutionCommand({ executionArn: seen.executionArn }));
        seen.status = described.status as string;
      }
    }
  }
}

const untilEnded = async (index: ExecutionIndex, marker: string, deadline: number) => {
  for (;;) {
    await index.refresh();
    const execution = index.find(marker);
    if ((execution !== undefined && execution.status !== 'RUNNING') || Date.now() >= deadline)
      return execution;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
};

/** fetch's own failure: the connection went before an answer came (reset, refused). */
const connectionLost = (error: unknown): boolean =>
  error instanceof TypeError && error.message === 'fetch failed';

/**
 * Function timeouts in a soak: a tenth of the configured ones, from 10 s to 30 s. Short enough that
 * an injected hang ends in Sandbox.Timedout within seconds rather than minutes; long enough that a
 * healthy function on a busy machine (moto answering slowly) is not killed in the middle of a send,
 * which no design can make safe: SES has no idempotency token, so an email accepted just before
 * the kill is sent again by the retry. Production sizes timeouts well above the latency it sees;
 * the soak does too.
 */
export const SOAK_FUNCTION_TIMEOUT = (name: string, configuredSeconds: number): number =>
  // The blog API takes no injected faults: it keeps its own timeout.
  name === 'blogApi' ? configuredSeconds : Math.min(Math.max(configuredSeconds / 10, 10), 30);

export interface SoakOptions {
  readonly events: number;
  readonly seed?: number;
  readonly timeoutMs?: number;
  readonly log?: (line: string) => void;
  /** Kill the Step Functions process (SIGKILL) at 40 % of the events and start it again. */
  readonly crashStepFunctions?: StepFunctionsProcess;
}

/**
 * Pushes a mix of events through the running pipeline (sign-ups through the API, with about 10 %
 * delivered twice by the stream; photo uploads, 10 % of them not images; a few releases), kills
 * and restarts the Step Functions server at 40 % and the pollers halfway, waits for everything to
 * end, redrives the executions that failed all their retries, and reconciles: every event
 * completed or sits in a dead-letter queue, one email per address, no release announced twice.
 */
export async function runSoak(runtime: RuntimeBase, options: SoakOptions): Promise<SoakResult> {
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
  let crashed = false;
  // A release is announced on a standard SNS topic, which is at least once: a crash between the
  // publish and its journal record announces again on resume. The crash therefore waits for the
  // release in flight, and no release starts during it, so the no-duplicate check of
  // announcements measures the pipeline, not SNS's delivery semantics.
  let releaseInFlight: Promise<unknown> | undefined;
  let crashing: Promise<void> | undefined;
  const crash = async (server: StepFunctionsProcess) => {
    while (releaseInFlight !== undefined) await releaseInFlight;
    crashing = (async () => {
      log('soak: killing the Step Functions server (SIGKILL) and starting it again');
      await server.kill();
      await new Promise((resolve) => setTimeout(resolve, 500));
      await server.start();
    })();
    await crashing;
    crashing = undefined;
  };
  const started = Date.now();
  // Releases go one at a time and in order, as they are published; the rest in parallel.
  const releaseEvents = events.filter((e) => e.kind === 'release');
  const others = events
    .map((e, i) => [e, i] as const)
    .filter(([e]) => e.kind !== 'release' && e.kind !== 'duplicate');
  await Promise.all([
    pool(others, 12, async ([event, index]) => {
      if (event.kind === 'signup') {
        for (let attempt = 1; ; attempt += 1) {
          let answer: Awaited<ReturnType<typeof subscribe>>;
          try {
            answer = await subscribe(runtime.apiUrl, event.marker, 'Soak');
          } catch (error) {
            // A connection lost before the answer (a reset on a busy machine): tried again, as a 5xx.
            if (!connectionLost(error) || attempt === 5) throw error;
            continue;
          }
          if (answer.status === 202) break;
          // A retry after a 5xx may find the first attempt's sign-up made: as a client, that is done.
          if (answer.status === 409 && attempt > 1) break;
          if (answer.status < 500) throw new Error(`sign-up answered ${answer.status}`);
        }
        sent[index] = event;
      } else {
        const bad = event.kind === 'bad-photo';
        // As the site does: a 5xx from the API or from S3, or a lost connection, is tried again
        // (five times) with a new URL.
        let uploaded: { key: string; putStatus: number } | undefined;
        for (let attempt = 1; uploaded === undefined || uploaded.putStatus >= 500; attempt += 1) {
          try {
            uploaded = await uploadThroughApi(
              runtime.apiUrl,
              bad ? notAnImage : image,
              bad ? 'image/jpeg' : 'image/png',
            );
          } catch (error) {
            const retryable = connectionLost(error) || (error instanceof ApiRefused && error.status >= 500);
            if (!retryable || attempt === 5) throw error;
          }
          if (attempt === 5 && uploaded !== undefined && uploaded.putStatus >= 500) break;
        }
        if (uploaded.putStatus !== 200) throw new Error(`upload answered ${uploaded.putStatus}`);
        sent[index] = { ...event, marker: uploaded.key.slice('photos/'.length), detail: uploaded.key };
      }
      if (options.crashStepFunctions !== undefined && !crashed && index >= events.length * 0.4) {
        crashed = true;
        await crash(options.crashStepFunctions);
      }
      if (!restarted && index >= events.length / 2) {
        restarted = true;
        log('soak: killing the pollers halfway, in the middle of their rounds, and starting them again');
        await runtime.restartPollers('kill');
      }
    }),
    (async () => {
      for (const [k, event] of releaseEvents.entries()) {
        while (crashing !== undefined) await crashing;
        const version = `8.${k + 1}.0`;
        releaseInFlight = (async () => {
          await publishRelease(runtime.clients, runtime.resources, version, {
            'app.bin': Buffer.alloc(64 * 1024, k),
          });
          sent[events.indexOf(event)] = event;
          await untilEnded(executions, event.marker, Date.now() + 120_000);
        })();
        await releaseInFlight;
        releaseInFlight = undefined;
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
        const { executionArn } = await whileUnreachable(() =>
          runtime.stepFunctionsLink.sfn.send(
            new StartExecutionCommand({
              stateMachineArn: runtime.stateMachineArns.welcomeEmail,
              input: first.input,
            }),
          ),
        );
        sent[index] = { ...event, marker: executionArn as string };
      } else sent[index] = event;
    },
  );
  log(
    `soak: ${events.length} events sent in ${((Date.now() - started) / 1000).toFixed(1)} s; waiting for them to end`,
  );
  const deadline = Date.now() + (options.timeoutMs ?? 600_000);
  // An execution started anew for an event stands in for the one that failed (see recover).
  const reruns = new Map<string, string>();
  // Followed to the newest: a rerun that failed may have been started anew in turn.
  const current = (execution: Seen): Seen => {
    let latest = execution;
    for (let rerun = reruns.get(latest.executionArn); rerun !== undefined; rerun = reruns.get(rerun))
      latest = executions.find(rerun) ?? latest;
    return latest;
  };
  /** Every execution of the event, oldest first, once all have ended; undefined while one runs. */
  const ended = (event: SoakEvent): readonly Seen[] | undefined => {
    // An execution started anew stands in for the one that failed, and is itself one of the
    // event's executions (same input): each counted once.
    const all = [...new Set(executions.every(event.marker).map(current))];
    return all.length === 0 || all.some((execution) => execution.status === 'RUNNING') ? undefined : all;
  };
  const allEnded = async (until: number) => {
    while (Date.now() < until && !sent.every((event) => event !== undefined && ended(event) !== undefined)) {
      await new Promise((resolve) => setTimeout(resolve, 200));
      await executions.refresh();
    }
  };
  await allEnded(deadline);
  // Failed, and not a file that is not an image whose record already says so: a file that is
  // not an image fails its execution by design (past the Map's tolerance), unless it failed
  // before it could say so (its checks ran out of retries).
  const needsRecovery = async (event: SoakEvent, execution: Seen) =>
    REDRIVABLE.has(execution.status) && !(event.kind === 'bad-photo' && (await photoSettled(runtime, event)));
  // Every execution that failed is recovered, not only an event's first: when two ran for one
  // release, the one holding the claim may be the one that failed.
  const failed = new Set<string>();
  const eventOf = new Map<string, SoakEvent>();
  for (const event of sent)
    for (const execution of ended(event) ?? [])
      if (await needsRecovery(event, execution)) {
        failed.add(execution.executionArn);
        eventOf.set(execution.executionArn, event);
      }
  // A rerun is of the event its first failed execution was of.
  const originOf = (executionArn: string): string => {
    const from = [...reruns].find(([, to]) => to === executionArn)?.[0];
    return from === undefined ? executionArn : originOf(from);
  };
  const stillFailing = async (executionArn: string) => {
    const execution = executions.find(executionArn);
    const event = eventOf.get(originOf(executionArn));
    return execution !== undefined && event !== undefined && (await needsRecovery(event, execution));
  };
  // The recovery has time of its own: a third of the wait, at least two minutes.
  const recoveryMs = Math.max(120_000, (options.timeoutMs ?? 600_000) / 3);
  const recovered = await recover(
    runtime,
    executions,
    failed,
    reruns,
    () => allEnded(Date.now() + recoveryMs),
    stillFailing,
    log,
  );
  return reconcile(runtime, sent, ended, recovered);
}

/** Started anew at most this many times: a transient fault can strike a rerun too. */
const RERUN_ROUNDS = 3;

/**
 * What an operator does with executions that exhausted their retries (they keep their input and
 * say why): redrive them. One that ended in a Fail state (a workflow that caught the failure,
 * told operations and failed) fails again on a redrive, which reruns that state, as in AWS: it is
 * started anew with the same input, which the workflows' idempotence makes safe; and again, up
 * to RERUN_ROUNDS times, while the new one fails too (`stillFailing`: failed, and not by design).
 */
async function recover(
  runtime: RuntimeBase,
  executions: ExecutionIndex,
  failed: ReadonlySet<string>,
  reruns: Map<string, string>,
  allEnded: () => Promise<void>,
  stillFailing: (executionArn: string) => Promise<boolean>,
  log: (line: string) => void,
): Promise<{ redriven: number; rerun: number }> {
  if (failed.size === 0) return { redriven: 0, rerun: 0 };
  const { sfn } = runtime.stepFunctionsLink;
  log(`soak: redriving ${failed.size} failed executions: ${await whyFailed(runtime, failed)}`);
  for (const executionArn of failed) {
    await sfn.send(new RedriveExecutionCommand({ executionArn }));
    (executions.find(executionArn) as Seen).status = 'RUNNING';
  }
  await allEnded();
  const failing = async (arns: readonly string[]) => {
    const still: string[] = [];
    for (const arn of arns) if (await stillFailing(arn)) still.push(arn);
    return still;
  };
  let again = await failing([...failed]);
  let rerun = 0;
  for (let round = 1; round <= RERUN_ROUNDS && again.length > 0; round += 1) {
    log(`soak: ${again.length} failed again (${await whyFailed(runtime, again)}): starting them anew`);
    const started: string[] = [];
    for (const arn of again) {
      const { stateMachineArn, input } = await sfn.send(new DescribeExecutionCommand({ executionArn: arn }));
      const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn, input }));
      reruns.set(arn, executionArn as string);
      started.push(executionArn as string);
    }
    rerun += again.length;
    await executions.refresh(true);
    await allEnded();
    again = await failing(started);
  }
  return { redriven: failed.size, rerun };
}

const REDRIVABLE = new Set(['FAILED', 'TIMED_OUT', 'ABORTED']);

/** `Sandbox.Timedout ×3, Lambda.ServiceException ×1`: the errors the executions ended with. */
async function whyFailed(runtime: RuntimeBase, arns: Iterable<string>): Promise<string> {
  const errors = new Map<string, number>();
  for (const executionArn of arns) {
    const { error } = await runtime.stepFunctionsLink.sfn.send(
      new DescribeExecutionCommand({ executionArn }),
    );
    errors.set(error ?? '(none)', (errors.get(error ?? '(none)') ?? 0) + 1);
  }
  return [...errors].map(([error, count]) => `${error} ×${count}`).join(', ');
}

async function reconcile(
  runtime: RuntimeBase,
  sent: readonly SoakEvent[],
  ended: (event: SoakEvent) => readonly Seen[] | undefined,
  recovered: { redriven: number; rerun: number },
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
  const unsettled: string[] = [];
  const superseded: string[] = [];
  for (const event of sent) {
    const duplicatedBefore = duplicated;
    const count = counts[event.kind];
    count.sent += 1;
    const all = ended(event) ?? [];
    // What became of the event: an execution of it that succeeded, else its first.
    const execution = all.find((e) => e.status === 'SUCCEEDED') ?? all[0];
    let completed: boolean;
    if (event.kind === 'signup') {
      const sentEmails = emails.get(event.marker) ?? 0;
      duplicated += Math.max(0, sentEmails - 1);
      completed = sentEmails >= 1 && execution?.status === 'SUCCEEDED';
    } else if (event.kind === 'duplicate') {
      const output =
        execution?.status === 'SUCCEEDED'
          ? (
              await runtime.stepFunctionsLink.sfn.send(
                new DescribeExecutionCommand({ executionArn: execution.executionArn }),
              )
            ).output
          : undefined;
      // Handed over again after the first execution had failed, the duplicate is the one that
      // sends: that is right too. A second email is counted on the sign-up's address.
      const status = (JSON.parse(output ?? '{}') as { status?: string }).status;
      completed = status === 'already-welcomed' || status === 'sent';
    } else if (event.kind === 'photo' || event.kind === 'bad-photo') {
      completed = await photoSettled(runtime, event);
    } else {
      const version = event.marker.slice(1);
      const times = announcements.get(version) ?? 0;
      duplicated += Math.max(0, times - 1);
      const newer = times >= 1 ? undefined : await supersededRelease(runtime, all, version, announcements);
      if (newer !== undefined) superseded.push(`release ${version}: left stale behind ${newer}, announced`);
      completed = execution?.status === 'SUCCEEDED' && (times >= 1 || newer !== undefined);
    }
    if (completed) count.completed += 1;
    else if (execution?.status === 'FAILED') count.failed += 1;
    else lost += 1;
    // An address emailed twice: the executions of its repeated deliveries may be the ones that sent.
    const repeats =
      event.kind === 'signup' && duplicated > duplicatedBefore
        ? sent
            .filter((e) => e.kind === 'duplicate' && e.detail === event.marker)
            .flatMap((e) => ended(e) ?? [])
        : [];
    if (!completed || duplicated > duplicatedBefore)
      unsettled.push(
        `${event.kind} ${event.kind === 'duplicate' ? String(event.detail) : event.marker}: ${
          completed ? 'completed' : 'not completed'
        }${duplicated > duplicatedBefore ? ', done twice' : ''}; ${
          all.length === 0
            ? 'no execution found'
            : await describeEnds(runtime, [...all, ...repeats], duplicated > duplicatedBefore)
        }`,
      );
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
    ...recovered,
    failedKept,
    lost,
    duplicated,
    unsettled,
    superseded,
    table,
    line: `events=${sent.length} completed=${completed} dead-lettered=${deadLettered} lost=${lost} duplicated=${duplicated}`,
  };
}

/**
 * A photo is settled when its record says what became of it: six thumbnails, or (a file that is
 * not an image) FAILED as UnsupportedImageType.
 */
async function photoSettled(runtime: RuntimeBase, event: SoakEvent): Promise<boolean> {
  const { Item } = await runtime.clients.dynamodb.send(
    new GetItemCommand({
      TableName: runtime.resources.tables.photos,
      Key: { photoId: { S: photoIdFor(event.detail as string) } },
    }),
  );
  if (event.kind === 'bad-photo')
    return Item?.['status']?.S === 'FAILED' && Item['error']?.S === 'UnsupportedImageType';
  const thumbnails =
    Item?.['thumbnails']?.S === undefined ? 0 : (JSON.parse(Item['thumbnails'].S) as unknown[]).length;
  return Item?.['status']?.S === 'DONE' && thumbnails === 6;
}

/** The newer release an execution of this one ended stale behind, if any (see supersededBy). */
async function supersededRelease(
  runtime: RuntimeBase,
  all: readonly Seen[],
  version: string,
  announcements: ReadonlyMap<string, number>,
): Promise<string | undefined> {
  for (const execution of all.filter((e) => e.status === 'SUCCEEDED')) {
    const { output } = await runtime.stepFunctionsLink.sfn.send(
      new DescribeExecutionCommand({ executionArn: execution.executionArn }),
    );
    const newer = supersededBy(JSON.parse(output ?? 'null'), version, announcements);
    if (newer !== undefined) return newer;
  }
  return undefined;
}

/** `execution arn FAILED in "Release failed", execution arn SUCCEEDED in "…"`: how each ended. */
async function describeEnds(
  runtime: RuntimeBase,
  all: readonly Seen[],
  withAttempts: boolean,
): Promise<string> {
  const ends: string[] = [];
  for (const execution of all) {
    const { error, cause } = await runtime.stepFunctionsLink.sfn.send(
      new DescribeExecutionCommand({ executionArn: execution.executionArn }),
    );
    const why = error === undefined ? '' : ` (${error}: ${(cause ?? '').slice(0, 300)})`;
    // Something done twice: which attempts of which states did it.
    const attempts = withAttempts ? ` [attempts: ${await attemptsOf(runtime, execution.executionArn)}]` : '';
    ends.push(
      `execution ${execution.executionArn} ${execution.status} in "${await lastState(runtime, execution.executionArn)}"${why}${attempts}`,
    );
  }
  return ends.join(', ');
}

async function attemptsOf(runtime: RuntimeBase, executionArn: string): Promise<string> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await runtime.stepFunctionsLink.sfn.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return taskAttempts(events);
}

/** The state an execution entered last: where it ended. */
async function lastState(runtime: RuntimeBase, executionArn: string): Promise<string> {
  const { events = [] } = await runtime.stepFunctionsLink.sfn.send(
    new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, maxResults: 20 }),
  );
  return events.find((e) => e.stateEnteredEventDetails !== undefined)?.stateEnteredEventDetails?.name ?? '?';
}

async function emailsPerAddress(runtime: RuntimeBase): Promise<Map<string, number>> {
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
async function drainAnnouncements(runtime: RuntimeBase): Promise<Map<string, number>> {
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
