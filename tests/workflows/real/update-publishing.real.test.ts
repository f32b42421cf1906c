import { randomBytes } from 'node:crypto';
import { DeleteItemCommand, GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetRecordsCommand, GetShardIteratorCommand, ListShardsCommand } from '@aws-sdk/client-kinesis';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand, ReceiveMessageCommand } from '@aws-sdk/client-sqs';
import type { ExecutionDescription } from '../../../packages/sfn-engine/src/engine';
import type { Runtime } from '../../../local/runtime/runtime';
import { statesEntered } from '../../engine/harness';
import { InvocationGates } from '../../support/held-invocations';
import { manifestFor, sha256 } from '../../support/releases';
import { executionFor, publishManifest, startPipeline } from './local-pipeline';

const MiB = 1024 * 1024;
let runtime: Runtime;
// Lets a test hold a function's invocation until something else has happened.
const gates = new InvocationGates();
beforeAll(async () => {
  // A 6 MiB threshold keeps the multipart file small; waits run at 1/100 speed (20 s → 0.2 s).
  runtime = await startPipeline(
    { MULTIPART_COPY_THRESHOLD_BYTES: String(6 * MiB), MULTIPART_COPY_PART_BYTES: String(5 * MiB) },
    0.01,
    gates.wrapFunction,
  );
}, 60_000);
afterEach(() => gates.releaseAll());
afterAll(() => runtime?.stop());

const publish = (
  version: string,
  files: Record<string, Buffer>,
  manifest: unknown = manifestFor(version, files),
) => publishManifest(runtime, version, files, manifest);

async function distributed(prefix: string): Promise<Map<string, string>> {
  const bucket = runtime.resources.buckets.distribution;
  const listed = await runtime.clients.s3.send(new ListObjectsV2Command({ Bucket: bucket, Prefix: prefix }));
  const digests = new Map<string, string>();
  for (const object of listed.Contents ?? []) {
    const body = await runtime.clients.s3.send(new GetObjectCommand({ Bucket: bucket, Key: object.Key }));
    digests.set(
      object.Key as string,
      sha256(
        Buffer.from(
          await (body.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
        ),
      ),
    );
  }
  return digests;
}

async function eventually<T>(read: () => Promise<T | undefined>, timeoutMs = 15_000): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (value !== undefined) return value;
    if (Date.now() > deadline) throw new Error('the expected effect did not appear in time');
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

test('a release of three files is verified, copied (one in parts), invalidated, announced and recorded', async () => {
  const files = {
    'notes.txt': Buffer.from('What is new in 2.1.0'),
    'app.zip': randomBytes(100 * 1024),
    'monthly.pack': randomBytes(7 * MiB),
  };
  await publish('2.1.0', files);
  const execution = await executionFor(runtime, 'updatePublishing', '2.1.0', 60_000);
  expect(execution).toMatchObject({ status: 'SUCCEEDED' });
  const output = JSON.parse(execution.output as string) as { copies: { key: string; parts: number }[] };
  expect(output.copies.find((c) => c.key.endsWith('monthly.pack'))?.parts).toBeGreaterThan(1);

  const copies = [...(await distributed('releases/2.1.0/'))].filter(
    ([key]) => !key.endsWith('/release.json'),
  );
  expect(Object.fromEntries(copies)).toEqual(
    Object.fromEntries(Object.entries(files).map(([name, data]) => [`releases/2.1.0/${name}`, sha256(data)])),
  );
  const read = async (key: string) => {
    const object = await runtime.clients.s3.send(
      new GetObjectCommand({ Bucket: runtime.resources.buckets.distribution, Key: key }),
    );
    return JSON.parse(
      await (object.Body as { transformToString(): Promise<string> }).transformToString(),
    ) as unknown;
  };
  // The manifest is kept beside its files, and latest.json points at it.
  const manifest = await read('releases/2.1.0/release.json');
  expect(manifest).toMatchObject({
    version: '2.1.0',
    files: expect.arrayContaining([expect.objectContaining({ name: 'app.zip' })]),
  });
  expect(await read('releases/latest.json')).toEqual(manifest);

  const history = runtime.stepFunctions.engine.getExecutionHistory(execution.executionArn).map((e) => e.type);
  expect(history.filter((type) => type === 'WaitStateEntered').length).toBeGreaterThanOrEqual(1);

  // SNS fan-out reaches the stable-channel subscriber queue, in the SNS envelope.
  const announced = await eventually(async () => {
    const received = await runtime.clients.sqs.send(
      new ReceiveMessageCommand({
        QueueUrl: runtime.resources.queueUrls.updateSubscribers,
        WaitTimeSeconds: 1,
      }),
    );
    return received.Messages?.[0];
  });
  expect(JSON.parse((JSON.parse(announced.Body as string) as { Message: string }).Message)).toMatchObject({
    version: '2.1.0',
    channel: 'stable',
  });

  // Kinesis → the release-audit function → its table.
  const audit = await eventually(async () => {
    const item = await runtime.clients.dynamodb.send(
      new GetItemCommand({
        TableName: runtime.resources.tables.releaseAudit,
        Key: { version: { S: '2.1.0' } },
      }),
    );
    return item.Item;
  });
  expect(audit['version']).toEqual({ S: '2.1.0' });
}, 90_000);

test('a file with a wrong checksum fails the release and leaves no partial copies', async () => {
  const files = { 'good.txt': Buffer.from('fine'), 'bad.bin': randomBytes(2048) };
  const manifest = manifestFor('2.2.0', files);
  (manifest.files[1] as { sha256: string }).sha256 = sha256('something else');
  await publish('2.2.0', files, manifest);
  const execution = await executionFor(runtime, 'updatePublishing', '2.2.0', 60_000);
  expect(execution).toMatchObject({ status: 'FAILED', error: 'ChecksumMismatch' });
  expect((await distributed('releases/2.2.0/')).size).toBe(0);
}, 90_000);

test('the s3:TestEvent S3 sent when the bucket notification was set up ends as a no-op, not a failure', async () => {
  const execution = await executionFor(runtime, 'updatePublishing', 's3:TestEvent');
  expect(execution.status).toBe('SUCCEEDED');
  expect(runtime.stepFunctions.engine.getExecutionHistory(execution.executionArn).at(-2)?.type).toBe(
    'SucceedStateExited',
  );
});

describe('each version is published and announced once', () => {
  let announcements: string;
  beforeAll(async () => {
    // A queue of the test's own on the topic, unfiltered: every announcement, each seen once.
    const { QueueUrl } = await runtime.clients.sqs.send(
      new CreateQueueCommand({ QueueName: `${runtime.resources.prefix}-all-announcements` }),
    );
    announcements = QueueUrl as string;
    const { Attributes } = await runtime.clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl, AttributeNames: ['QueueArn'] }),
    );
    await runtime.clients.sns.send(
      new SubscribeCommand({
        TopicArn: runtime.resources.topics.updateAvailable,
        Protocol: 'sqs',
        Endpoint: Attributes?.['QueueArn'],
        Attributes: { RawMessageDelivery: 'true' },
      }),
    );
  });

  /** The versions announced since the last call, one entry per announcement. */
  async function announced(): Promise<string[]> {
    const versions: string[] = [];
    for (;;) {
      const { Messages = [] } = await runtime.clients.sqs.send(
        new ReceiveMessageCommand({ QueueUrl: announcements, MaxNumberOfMessages: 10, WaitTimeSeconds: 1 }),
      );
      if (Messages.length === 0) return versions;
      for (const message of Messages)
        versions.push((JSON.parse(message.Body as string) as { version: string }).version);
    }
  }

  /** The same notification again, as SQS hands over a message twice. */
  async function deliverAgain(first: ExecutionDescription): Promise<ExecutionDescription> {
    const engine = runtime.stepFunctions.engine;
    const { executionArn } = engine.startExecution({
      stateMachineArn: runtime.stateMachineArns.updatePublishing,
      input: first.input,
    });
    return engine.waitForExecution(executionArn);
  }

  const entered = (execution: ExecutionDescription) =>
    statesEntered(runtime.stepFunctions.engine, execution.executionArn);

  /** The version of every release event on the Kinesis stream, from its start. */
  async function recordedOnKinesis(): Promise<string[]> {
    const kinesis = runtime.clients.kinesis;
    const StreamName = runtime.resources.streams.releaseEvents;
    const versions: string[] = [];
    const { Shards = [] } = await kinesis.send(new ListShardsCommand({ StreamName }));
    for (const { ShardId } of Shards) {
      let iterator = (
        await kinesis.send(
          new GetShardIteratorCommand({ StreamName, ShardId, ShardIteratorType: 'TRIM_HORIZON' }),
        )
      ).ShardIterator;
      while (iterator !== undefined) {
        const { Records = [], NextShardIterator } = await kinesis.send(
          new GetRecordsCommand({ ShardIterator: iterator, Limit: 1000 }),
        );
        for (const record of Records)
          versions.push(
            (JSON.parse(Buffer.from(record.Data ?? new Uint8Array()).toString('utf8')) as { version: string })
              .version,
          );
        iterator = Records.length === 0 ? undefined : NextShardIterator;
      }
    }
    return versions;
  }

  const timesEach = (versions: string[], wanted: string[]) =>
    wanted.map((version) => versions.filter((v) => v === version).length);

  async function readJson(key: string): Promise<unknown> {
    const object = await runtime.clients.s3.send(
      new GetObjectCommand({ Bucket: runtime.resources.buckets.distribution, Key: key }),
    );
    return JSON.parse(await (object.Body as { transformToString(): Promise<string> }).transformToString());
  }

  /** Uploads two releases' files, then both manifests at the same moment (each starts an execution). */
  async function publishBoth(releases: [string, Record<string, Buffer>][]): Promise<void> {
    const bucket = runtime.resources.buckets.releases;
    await Promise.all(
      releases.flatMap(([version, files]) =>
        Object.entries(files).map(([name, data]) =>
          runtime.clients.s3.send(
            new PutObjectCommand({ Bucket: bucket, Key: `${version}/${name}`, Body: data }),
          ),
        ),
      ),
    );
    await Promise.all(
      releases.map(([version, files]) => publishManifest(runtime, version, {}, manifestFor(version, files))),
    );
  }

  const latestOutcome = (execution: ExecutionDescription) =>
    (JSON.parse(execution.output as string) as { latestRelease: { outcome: string; version: string } })
      .latestRelease;

  /**
   * What must hold whatever order two concurrent releases finish in: both succeed, latest.json is
   * the higher one's manifest, and each is announced once and recorded once.
   */
  async function expectBothPublished(
    older: string,
    newer: string,
    executions: ExecutionDescription[],
  ): Promise<void> {
    expect(executions.map((e) => e.status)).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect(await readJson('releases/latest.json')).toEqual(await readJson(`releases/${newer}/release.json`));
    expect(timesEach(await announced(), [older, newer])).toEqual([1, 1]);
    expect(timesEach(await recordedOnKinesis(), [older, newer])).toEqual([1, 1]);
  }

  test('a notification delivered twice finds the release claimed: one announcement', async () => {
    await publish('3.1.0', { 'a.bin': randomBytes(512) });
    const first = await executionFor(runtime, 'updatePublishing', '3.1.0', 60_000);
    expect(first.status).toBe('SUCCEEDED');
    const second = await deliverAgain(first);
    expect(second.status).toBe('SUCCEEDED');
    expect(entered(second).at(-1)).toBe('Another execution has this release');
    expect(await announced()).toEqual(['3.1.0']);
  }, 90_000);

  test('two deliveries of one notification at the same moment: one publishes and announces, the other stops at the claim', async () => {
    const engine = runtime.stepFunctions.engine;
    await publish('3.2.0', { 'c.bin': randomBytes(512) });
    let running: ExecutionDescription | undefined;
    while (running === undefined) {
      running = engine
        .listExecutions({ stateMachineArn: runtime.stateMachineArns.updatePublishing })
        .find((e) => e.input.includes('3.2.0'));
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
    const [first, second] = await Promise.all([
      engine.waitForExecution(running.executionArn),
      deliverAgain(running),
    ]);
    expect([first.status, second.status]).toEqual(['SUCCEEDED', 'SUCCEEDED']);
    expect([first, second].map((e) => entered(e).at(-1)).sort()).toEqual([
      'Another execution has this release',
      'Release published',
    ]);
    expect(await announced()).toEqual(['3.2.0']);
  }, 90_000);

  test('a release in place whose claim was given back (its announcing failed) is announced by a rerun, without copying again', async () => {
    await publish('3.3.0', { 'b.bin': randomBytes(512) });
    const first = await executionFor(runtime, 'updatePublishing', '3.3.0', 60_000);
    expect(first).toMatchObject({ status: 'SUCCEEDED' });
    expect(await announced()).toEqual(['3.3.0']);
    // What "Release the claim" leaves when the announcement fails after the release is in place.
    await runtime.clients.dynamodb.send(
      new DeleteItemCommand({
        TableName: runtime.resources.tables.releaseClaims,
        Key: { version: { S: '3.3.0' } },
      }),
    );
    const rerun = await deliverAgain(first);
    expect(rerun.status).toBe('SUCCEEDED');
    expect(entered(rerun)).not.toContain('Verify and copy each file');
    expect(entered(rerun).slice(-2)).toEqual(['Announce update available', 'Release published']);
    expect(await announced()).toEqual(['3.3.0']);
  }, 90_000);

  test('two releases published at the same moment, the older with a 40 MiB file: latest.json ends on the higher, each announced and recorded once', async () => {
    // As in the issue: both read latest.json before either moves it. Neither manifest check may
    // answer before both have asked; after that they run free and finish in whatever order.
    const checks = ['30.0.0', '31.0.0'].map((version) =>
      gates.hold('validateManifest', `"${version}/manifest.json"`),
    );
    await publishBoth([
      ['30.0.0', { 'monthly.pack': randomBytes(40 * MiB) }],
      ['31.0.0', { 'small.bin': randomBytes(1024) }],
    ]);
    await Promise.all(checks.map((check) => check.arrived));
    for (const check of checks) check.release();
    const executions = await Promise.all(
      ['30.0.0', '31.0.0'].map((version) => executionFor(runtime, 'updatePublishing', version, 240_000)),
    );
    for (const execution of executions)
      expect(entered(execution)).toContain('Point latest at the new release');
    await expectBothPublished('30.0.0', '31.0.0', executions);
    // The higher release always moves latest.json; the older one did too only if it got there first.
    const [older, newer] = executions.map(latestOutcome);
    expect(newer).toEqual({ outcome: 'moved', version: '31.0.0' });
    expect([
      { outcome: 'superseded', version: '31.0.0' },
      { outcome: 'moved', version: '30.0.0' },
    ]).toContainEqual(older);
  }, 300_000);

  test.each([
    ['the newer one', '40.0.0', '41.0.0', { outcome: 'superseded', version: '41.0.0' }],
    ['the older one', '50.0.0', '51.0.0', { outcome: 'moved', version: '50.0.0' }],
  ])(
    'two releases in flight, %s pointing latest.json first: it ends on the higher, each announced and recorded once',
    async (first, older, newer, olderOutcome) => {
      // Both are held just before pointing latest.json, so both were found newer than it; then
      // one points and has its answer before the other starts.
      const [holdOlder, holdNewer] = [older, newer].map((version) =>
        gates.hold('pointLatestRelease', `"version":"${version}"`),
      ) as [ReturnType<typeof gates.hold>, ReturnType<typeof gates.hold>];
      await publishBoth([
        [older, { 'a.bin': randomBytes(1024) }],
        [newer, { 'b.bin': randomBytes(1024) }],
      ]);
      await Promise.all([holdOlder.arrived, holdNewer.arrived]);
      const [leading, trailing] = first === 'the newer one' ? [holdNewer, holdOlder] : [holdOlder, holdNewer];
      leading.release();
      await leading.finished;
      trailing.release();
      const executions = await Promise.all(
        [older, newer].map((version) => executionFor(runtime, 'updatePublishing', version, 120_000)),
      );
      expect(executions.map(latestOutcome)).toEqual([olderOutcome, { outcome: 'moved', version: newer }]);
      await expectBothPublished(older, newer, executions);
    },
    180_000,
  );
});
