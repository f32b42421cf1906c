import { randomBytes } from 'node:crypto';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type { ExecutionDescription } from '../engine/engine';
import type { Runtime } from '../runtime/runtime';
import type { QueueName, WorkflowName } from '../../topology/types';
import { demoImages, publishRelease, signUp, uploadPhoto } from './events';

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
}

export interface Outcome {
  readonly expected: Expected;
  readonly execution: ExecutionDescription | undefined;
  readonly asExpected: boolean;
  readonly seconds: number;
}

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

  out('demo: signing up subscribers, uploading photos, publishing a release');
  const ana = `ana.${tag}@example.com`;
  await signUp(clients, resources, ana, 'Ana', 'pt-BR');
  expect({
    flow: 'welcomeEmail',
    what: `sign-up ${ana}`,
    marker: ana,
    status: 'SUCCEEDED',
    outputStatus: 'sent',
    note: 'welcome email sent',
  });
  const bo = `bo.${tag}@example.com`;
  await signUp(clients, resources, bo, 'Bo', 'de-DE');
  expect({
    flow: 'welcomeEmail',
    what: `sign-up ${bo}`,
    marker: bo,
    status: 'SUCCEEDED',
    outputStatus: 'sent',
    note: 'welcome email sent',
  });
  const invalid = `not-an-address-${tag}`;
  await signUp(clients, resources, invalid, 'Nobody');
  expect({
    flow: 'welcomeEmail',
    what: `sign-up ${invalid}`,
    marker: invalid,
    status: 'FAILED',
    error: 'InvalidSubscriber',
    note: 'rejected, no email',
  });

  for (const [name, body] of Object.entries(await demoImages())) {
    const file = name.replace('.', `-${tag}.`);
    await uploadPhoto(clients, resources, file, body);
    expect({
      flow: 'thumbnail',
      what: `photo ${file}`,
      marker: file,
      status: 'SUCCEEDED',
      note: 'six thumbnails',
    });
  }
  const notAnImage = `notes-${tag}.jpg`;
  await uploadPhoto(clients, resources, notAnImage, Buffer.from('These are my notes, not a photo.\n'));
  expect({
    flow: 'thumbnail',
    what: `photo ${notAnImage}`,
    marker: notAnImage,
    status: 'FAILED',
    error: 'States.ExceedToleratedFailureThreshold',
    note: 'UnsupportedImageType, recorded',
  });

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
  const first = await waitFor(runtime, expectations[0] as Expected, timeoutMs);
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

  const outcomes: Outcome[] = [];
  for (const expected of expectations) {
    const execution = await waitFor(runtime, expected, timeoutMs);
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
    outcomes.push({ expected, execution, asExpected, seconds });
    const result =
      execution === undefined
        ? 'no execution'
        : `${execution.status}${execution.error === undefined ? '' : ` ${execution.error}`}`;
    out(
      `  ${asExpected ? '✓' : '✗'} ${FLOW_NAMES[expected.flow].padEnd(17)} ${expected.what.padEnd(44)} ${result} (${expected.note}) ${Number.isNaN(seconds) ? '' : `${seconds.toFixed(1)} s`}`,
    );
  }
  return summarize(runtime, outcomes, out);
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

async function summarize(
  runtime: Runtime,
  outcomes: Outcome[],
  out: (line: string) => void,
): Promise<boolean> {
  out('summary:');
  for (const flow of Object.keys(FLOW_NAMES) as WorkflowName[]) {
    const mine = outcomes.filter((o) => o.expected.flow === flow);
    const succeeded = mine.filter((o) => o.execution?.status === 'SUCCEEDED').length;
    const failed = mine.filter((o) => o.execution?.status === 'FAILED').map((o) => o.execution?.error ?? '?');
    out(
      `  ${FLOW_NAMES[flow].padEnd(17)} ${succeeded} succeeded, ${failed.length} failed${failed.length === 0 ? '' : ` (${failed.join(', ')})`}`,
    );
  }
  let lost = 0;
  for (const queue of Object.keys(runtime.resources.queueUrls) as QueueName[]) {
    if (!queue.endsWith('Dlq')) continue;
    const attributes = await runtime.clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: runtime.resources.queueUrls[queue],
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    const depth = Number(attributes.Attributes?.['ApproximateNumberOfMessages'] ?? 0);
    if (depth > 0) out(`  dead-letter queue ${queue}: ${depth} message(s)`);
    lost += depth;
  }
  if (lost === 0) out('  dead-letter queues: empty');
  const unexpected = outcomes.filter((o) => !o.asExpected);
  out(
    unexpected.length === 0
      ? `All ${outcomes.length} events ended as expected.`
      : `${unexpected.length} of ${outcomes.length} events did not end as expected.`,
  );
  return unexpected.length === 0;
}
