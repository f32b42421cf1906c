import { randomBytes } from 'node:crypto';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { ExecutionDescription } from '@myblog/sfn-engine';
import type { Runtime } from '../runtime/runtime';
import type { QueueName, WorkflowName } from '../../topology/types';
import { demoImages, publishRelease, signUp, subscribe, uploadThroughApi } from './events';

/** One demo event and how it should end. */
interface Expected {
  readonly flow: WorkflowName;
  readonly what: string;
  /** Text that appears in the execution's input (an address, a file name, a version). */
  readonly marker?: string;
  /** Or the execution itself, for one the demo started directly. */
  executionArn?: string;
  readonly status: 'SUCCEEDED' | 'FAILED';
  readonly error?: string;
  /** The `status` field the output must have, where the output tells outcomes apart. */
  readonly outputStatus?: string;
  readonly note: string;
  readonly sentAt: number;
  /** For an event the API refused at the door: the status it should answer, and what it did. */
  readonly refusal?: { readonly expected: number; readonly answered: number; readonly type: string };
}

export interface Outcome {
  readonly expected: Expected;
  readonly execution: ExecutionDescription | undefined;
  readonly asExpected: boolean;
  readonly seconds: number;
}

const IMAGE_TYPES: Readonly<Record<string, string>> = {
  jpg: 'image/jpeg',
  png: 'image/png',
  gif: 'image/gif',
};

const FLOW_NAMES: Record<WorkflowName, string> = {
  welcomeEmail: 'welcome-email',
  thumbnail: 'thumbnail',
  updatePublishing: 'update-publishing',
};

function findExecution(runtime: Runtime, expected: Expected): ExecutionDescription | undefined {
  const executions = runtime.stepFunctions.engine.listExecutions({
    stateMachineArn: runtime.stateMachineArns[expected.flow],
  });
  if (expected.executionArn !== undefined)
    return executions.find((e) => e.executionArn === expected.executionArn);
  // Listed newest first: the oldest match is the execution the event itself started (a replay comes later).
  return executions.filter((e) => expected.marker !== undefined && e.input.includes(expected.marker)).at(-1);
}

/**
 * The demo: subscribers sign up (one invalid, one stream record delivered twice), photos are
 * uploaded (three real images and a text file named .jpg), a release with a file of tens of MB
 * is published. Reports each event as it ends and a summary; resolves to whether every event
 * ended as expected.
 */
export async function runDemo(
  runtime: Runtime,
  out: (line: string) => void = console.log,
  timeoutMs = 120_000,
): Promise<boolean> {
  const { clients, resources } = runtime;
  const tag = randomBytes(2).toString('hex');
  const expectations: Expected[] = [];
  const expect = (e: Omit<Expected, 'sentAt'>) => expectations.push({ ...e, sentAt: Date.now() });

  out(
    `demo: signing up subscribers and uploading photos through the blog API (${runtime.apiUrl}), publishing a release`,
  );
  const refused = (what: string, answer: { status: number; body: Record<string, unknown> }, status: number) =>
    expect({
      flow: 'welcomeEmail',
      what,
      status: 'FAILED',
      note: 'refused by the API, nothing written',
      refusal: {
        expected: status,
        answered: answer.status,
        type:
          String(answer.body['type'] ?? '')
            .split('/')
            .at(-1) ?? '',
      },
    });
  const ana = `ana.${tag}@example.com`;
  await subscribe(runtime.apiUrl, ana, 'Ana', 'pt-BR');
  expect({
    flow: 'welcomeEmail',
    what: `sign-up ${ana}`,
    marker: ana,
    status: 'SUCCEEDED',
    outputStatus: 'sent',
    note: 'welcome email sent',
  });
  const bo = `bo.${tag}@example.com`;
  await subscribe(runtime.apiUrl, bo, 'Bo', 'de-DE');
  expect({
    flow: 'welcomeEmail',
    what: `sign-up ${bo}`,
    marker: bo,
    status: 'SUCCEEDED',
    outputStatus: 'sent',
    note: 'welcome email sent',
  });
  const invalid = `not-an-address-${tag}`;
  refused(`sign-up ${invalid}`, await subscribe(runtime.apiUrl, invalid, 'Nobody'), 400);
  refused(`sign-up ${ana} again`, await subscribe(runtime.apiUrl, ana, 'Ana'), 409);
  // A row that did not come through the API (an import from the old newsletter tool): the
  // workflow validates it again and refuses it.
  const imported = `imported-${tag}@invalid`;
  await signUp(clients, resources, imported, 'Imported');
  expect({
    flow: 'welcomeEmail',
    what: `imported row ${imported}`,
    marker: imported,
    status: 'FAILED',
    error: 'InvalidSubscriber',
    note: 'rejected by the workflow, no email',
  });

  const uploads: [string, Buffer][] = [
    ...Object.entries(await demoImages()),
    ['notes.jpg', Buffer.from('These are my notes, not a photo.\n')],
  ];
  for (const [name, body] of uploads) {
    const { key } = await uploadThroughApi(
      runtime.apiUrl,
      body,
      IMAGE_TYPES[name.split('.').at(-1) ?? ''] ?? 'image/jpeg',
    );
    const isImage = name !== 'notes.jpg';
    expect({
      flow: 'thumbnail',
      what: `photo ${name} (presigned PUT)`,
      // The S3 event carries the key URL-encoded: the file name after photos/ is what matches.
      marker: key.slice('photos/'.length),
      status: isImage ? 'SUCCEEDED' : 'FAILED',
      ...(isImage ? {} : { error: 'States.ExceedToleratedFailureThreshold' }),
      note: isImage ? 'six thumbnails' : 'a text file sent as image/jpeg: UnsupportedImageType, recorded',
    });
  }

  const version = `1.${parseInt(tag, 16) % 1000}.0`;
  await publishRelease(clients, resources, version, {
    'release-notes.txt': Buffer.from(`What is new in ${version}\n`),
    'app.zip': randomBytes(512 * 1024),
    'monthly.pack': randomBytes(32 * 1024 * 1024),
  });
  expect({
    flow: 'updatePublishing',
    what: `release ${version} (3 files, 32 MB)`,
    marker: version,
    status: 'SUCCEEDED',
    note: 'copied, invalidated, announced',
  });

  // A stream delivers at least once: replay Ana's record as a Pipe would on a retry.
  const first = await waitFor(runtime, expectations.find((e) => e.marker === ana) as Expected, timeoutMs);
  if (first !== undefined) {
    const replay = runtime.stepFunctions.engine.startExecution({
      stateMachineArn: runtime.stateMachineArns.welcomeEmail,
      input: first.input,
    });
    expect({
      flow: 'welcomeEmail',
      what: `sign-up ${ana} delivered twice`,
      executionArn: replay.executionArn,
      status: 'SUCCEEDED',
      outputStatus: 'already-welcomed',
      note: 'already welcomed, no second email',
    });
  }

  const outcomes = await collectOutcomes(runtime, expectations, out, timeoutMs);
  return summarize(runtime, outcomes, out);
}

function outcomeOf(expected: Expected, execution: ExecutionDescription | undefined): Outcome {
  if (expected.refusal !== undefined)
    return {
      expected,
      execution: undefined,
      asExpected: expected.refusal.answered === expected.refusal.expected,
      seconds: NaN,
    };
  const outputStatus =
    execution?.output === undefined
      ? undefined
      : (JSON.parse(execution.output) as { status?: string }).status;
  const asExpected =
    execution !== undefined &&
    execution.status === expected.status &&
    (expected.error === undefined || execution.error === expected.error) &&
    (expected.outputStatus === undefined || outputStatus === expected.outputStatus);
  const seconds =
    execution?.stopDate === undefined
      ? NaN
      : (execution.stopDate.getTime() - execution.startDate.getTime()) / 1000;
  return { expected, execution, asExpected, seconds };
}

/**
 * Reports each event the moment its execution ends, with a counter per flow (`thumbnail 2/4`),
 * until all have ended or the time is up; an event still unfinished then is reported as such.
 */
async function collectOutcomes(
  runtime: Runtime,
  expectations: readonly Expected[],
  out: (line: string) => void,
  timeoutMs: number,
): Promise<Outcome[]> {
  const totals = new Map<WorkflowName, number>();
  for (const expected of expectations) totals.set(expected.flow, (totals.get(expected.flow) ?? 0) + 1);
  const ended = new Map<WorkflowName, number>();
  const outcomes = new Map<Expected, Outcome>();
  const report = (outcome: Outcome) => {
    const { expected, execution } = outcome;
    outcomes.set(expected, outcome);
    ended.set(expected.flow, (ended.get(expected.flow) ?? 0) + 1);
    const counter = `${FLOW_NAMES[expected.flow]} ${ended.get(expected.flow)}/${totals.get(expected.flow)}`;
    const result =
      expected.refusal !== undefined
        ? `HTTP ${expected.refusal.answered} ${expected.refusal.type}`
        : execution === undefined
          ? 'no execution'
          : `${execution.status}${execution.error === undefined ? '' : ` ${execution.error}`}`;
    const took = Number.isNaN(outcome.seconds) ? '' : ` ${outcome.seconds.toFixed(1)} s`;
    out(
      `  ${outcome.asExpected ? '✓' : '✗'} ${counter.padEnd(21)} ${expected.what.padEnd(44)} ${result} (${expected.note})${took}`,
    );
  };
  const deadline = Math.max(...expectations.map((e) => e.sentAt)) + timeoutMs;
  while (outcomes.size < expectations.length && Date.now() <= deadline) {
    for (const expected of expectations) {
      if (outcomes.has(expected)) continue;
      if (expected.refusal !== undefined) {
        report(outcomeOf(expected, undefined));
        continue;
      }
      const execution = findExecution(runtime, expected);
      if (execution !== undefined && execution.status !== 'RUNNING') report(outcomeOf(expected, execution));
    }
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
  for (const expected of expectations)
    if (!outcomes.has(expected)) report(outcomeOf(expected, findExecution(runtime, expected)));
  return expectations.map((expected) => outcomes.get(expected) as Outcome);
}

async function waitFor(
  runtime: Runtime,
  expected: Expected,
  timeoutMs: number,
): Promise<ExecutionDescription | undefined> {
  const deadline = expected.sentAt + timeoutMs;
  for (;;) {
    const execution = findExecution(runtime, expected);
    if (execution !== undefined && execution.status !== 'RUNNING') return execution;
    if (Date.now() > deadline) return execution;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/** The summary lines; true only if every event ended as expected and nothing else failed or was dead-lettered. */
export async function summarize(
  runtime: Runtime,
  outcomes: Outcome[],
  out: (line: string) => void,
): Promise<boolean> {
  out('summary:');
  for (const flow of Object.keys(FLOW_NAMES) as WorkflowName[]) {
    const mine = outcomes.filter((o) => o.expected.flow === flow);
    const succeeded = mine.filter((o) => o.execution?.status === 'SUCCEEDED').length;
    const failed = mine.filter((o) => o.execution?.status === 'FAILED').map((o) => o.execution?.error ?? '?');
    const refused = mine.flatMap((o) =>
      o.expected.refusal === undefined ? [] : [String(o.expected.refusal.answered)],
    );
    out(
      `  ${FLOW_NAMES[flow].padEnd(17)} ${succeeded} succeeded, ${failed.length} failed${failed.length === 0 ? '' : ` (${failed.join(', ')})`}${refused.length === 0 ? '' : `, ${refused.length} refused by the API (${refused.join(', ')})`}`,
    );
  }
  // Executions no demo event accounts for (S3's test events, for one) must not have failed either.
  const accounted = new Set(outcomes.map((o) => o.execution?.executionArn));
  const strays = (Object.keys(FLOW_NAMES) as WorkflowName[]).flatMap((flow) =>
    runtime.stepFunctions.engine
      .listExecutions({ stateMachineArn: runtime.stateMachineArns[flow] })
      .filter((execution) => !accounted.has(execution.executionArn) && execution.status !== 'SUCCEEDED')
      .map((execution) => ({ flow, execution })),
  );
  for (const { flow, execution } of strays)
    out(
      `  ✗ ${FLOW_NAMES[flow]} execution ${execution.name} that no demo event started: ${execution.status} ${execution.error ?? ''}`,
    );
  let deadLettered = 0;
  for (const queue of Object.keys(runtime.deadLetterQueues) as QueueName[]) {
    const attributes = await runtime.clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: runtime.resources.queueUrls[queue],
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    const depth = Number(attributes.Attributes?.['ApproximateNumberOfMessages'] ?? 0);
    if (depth > 0) out(`  ✗ dead-letter queue ${queue}: ${depth} message(s)`);
    deadLettered += depth;
  }
  if (deadLettered === 0) out('  dead-letter queues: empty');
  const unexpected = outcomes.filter((o) => !o.asExpected);
  const ok = unexpected.length === 0 && strays.length === 0 && deadLettered === 0;
  out(
    ok
      ? `All ${outcomes.length} events ended as expected.`
      : `${unexpected.length} of ${outcomes.length} events did not end as expected; ${strays.length} other execution(s) did not succeed; ${deadLettered} message(s) dead-lettered.`,
  );
  return ok;
}
