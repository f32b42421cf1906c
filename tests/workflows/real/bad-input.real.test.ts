import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { photoIdFor } from '../../../functions/shared/s3-keys';
import { subscribe, subscriberItem } from '../../../local/demo/events';
import { LOCAL_CREDENTIALS } from '../../../local/runtime/aws-clients';
import type { Runtime } from '../../../local/runtime/runtime';
import type { QueueName, WorkflowName } from '../../../topology/types';
import { s3Notification } from '../../support/events';
import { pngDeclaring, pngWithAlpha, textFile, truncatedJpeg } from '../../support/images';
import { manifestFor } from '../../support/releases';
import { executionFor, publishManifest, sentEmails, startPipeline } from './local-pipeline';

/**
 * The bad-input matrix (the README's table): each bad input ends in a named error, kept where
 * someone can look at it (a failed execution with the input, a record, or a refusal that wrote
 * nothing), and the pipeline goes on serving good input afterwards.
 */

jest.setTimeout(60_000);

let runtime: Runtime;
let sfn: SFNClient;
beforeAll(async () => {
  runtime = await startPipeline({}, 0.01);
  sfn = new SFNClient({
    endpoint: runtime.stepFunctions.url,
    region: 'us-east-1',
    credentials: LOCAL_CREDENTIALS,
  });
});
afterAll(async () => {
  sfn?.destroy();
  await runtime?.stop();
});

let serial = 0;
const tag = (name: string) => `${name}-${Date.now().toString(36)}-${(serial += 1)}`;

async function failedWith(workflow: WorkflowName, marker: string): Promise<string | undefined> {
  const execution = await executionFor(runtime, workflow, marker);
  expect(execution.status).toBe('FAILED');
  return execution.error;
}

const toQueue = (queue: QueueName, body: string) =>
  runtime.clients.sqs.send(
    new SendMessageCommand({ QueueUrl: runtime.resources.queueUrls[queue], MessageBody: body }),
  );

async function upload(name: string, body: Buffer): Promise<string> {
  const key = `photos/${name}`;
  await runtime.clients.s3.send(
    new PutObjectCommand({ Bucket: runtime.resources.buckets.uploads, Key: key, Body: body }),
  );
  return key;
}

/** The photos table's record of a photo: the thumbnail workflow's verdict on it. */
async function photoRecord(key: string): Promise<Record<string, string | undefined>> {
  const { Item } = await runtime.clients.dynamodb.send(
    new GetItemCommand({
      TableName: runtime.resources.tables.photos,
      Key: { photoId: { S: photoIdFor(key) } },
    }),
  );
  return Object.fromEntries(Object.entries(Item ?? {}).map(([name, value]) => [name, value.S ?? value.N]));
}

async function distributedUnder(prefix: string): Promise<number> {
  const listed = await runtime.clients.s3.send(
    new ListObjectsV2Command({ Bucket: runtime.resources.buckets.distribution, Prefix: prefix }),
  );
  return listed.KeyCount ?? 0;
}

const sfnError = async (send: () => Promise<unknown>): Promise<{ name: string; message: string }> => {
  try {
    await send();
  } catch (error) {
    return { name: (error as Error).name, message: (error as Error).message };
  }
  throw new Error('the call was accepted');
};

describe('Bad photo events end in a named error, kept in a failed execution or the photos table', () => {
  test('malformed JSON in the SQS message: MalformedEvent', async () => {
    const marker = tag('not json');
    await toQueue('thumbnailJobs', `${marker} {`);
    expect(await failedWith('thumbnail', marker)).toBe('MalformedEvent');
  });

  test('an S3 event with its object missing: MalformedEvent', async () => {
    const marker = tag('missing');
    await toQueue(
      'thumbnailJobs',
      JSON.stringify({ Records: [{ eventSource: 'aws:s3', s3: { bucket: { name: marker } } }] }),
    );
    expect(await failedWith('thumbnail', marker)).toBe('MalformedEvent');
  });

  test('a key with ../ in it: MalformedEvent, nothing read', async () => {
    const marker = tag('passwd');
    await toQueue(
      'thumbnailJobs',
      JSON.stringify(s3Notification(runtime.resources.buckets.uploads, [`photos/../../etc/${marker}`])),
    );
    expect(await failedWith('thumbnail', marker)).toBe('MalformedEvent');
  });

  test.each([
    ['a text file named .jpg', 'notes.jpg', async () => textFile(), 'UnsupportedImageType'],
    ['a truncated JPEG', 'cut.jpg', truncatedJpeg, 'CorruptImage'],
    [
      'a decompression bomb (100,000 × 100,000 px in 70 bytes)',
      'bomb.png',
      () => pngDeclaring(100_000, 100_000),
      'ImageTooLarge',
    ],
    ['a zero-byte file', 'empty.png', async () => Buffer.alloc(0), 'UnsupportedImageType'],
  ])('%s: the photo is recorded FAILED with its error', async (_what, name, make, error) => {
    const key = await upload(tag(name.split('.')[0] as string) + name.slice(name.indexOf('.')), await make());
    expect(await failedWith('thumbnail', key.slice('photos/'.length))).toBe(
      'States.ExceedToleratedFailureThreshold',
    );
    expect(await photoRecord(key)).toMatchObject({ status: 'FAILED', error });
  });

  test('a key with unicode and spaces is decoded and processed like any other', async () => {
    const key = await upload(`café au lait ☕ ${tag('x')}.png`, await pngWithAlpha(64, 64));
    const execution = await executionFor(
      runtime,
      'thumbnail',
      encodeURIComponent(key.slice('photos/'.length)).replace(/%20/g, '+').slice(0, 20),
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(await photoRecord(key)).toMatchObject({ status: 'DONE', sourceKey: key });
  });
});

describe('Bad subscribers are refused at the door, and again by the workflow when they get past it', () => {
  test.each([
    ['an email with a CR/LF header injection', `ana${tag('')}@example.com\r\nBcc: all@example.com`, 'Ana'],
    ['an invalid email', tag('not-an-address'), 'Ana'],
    ['a name with CR/LF', `${tag('crlf')}@example.com`, 'Ana\r\nBcc: all@example.com'],
  ])('%s: the API answers 400 validation-failed and writes nothing', async (_what, email, name) => {
    const answer = await subscribe(runtime.apiUrl, email, name);
    expect(answer).toMatchObject({
      status: 400,
      body: { type: 'https://myblog.com/problems/validation-failed' },
    });
  });

  test.each([
    ['an email with a CR/LF header injection', (t: string) => `${t}@example.com\r\nBcc: all@example.com`],
    ['an invalid email', (t: string) => `${t}-not-an-address`],
  ])(
    '%s written to the table directly: the workflow fails with InvalidSubscriber, no email',
    async (_what, address) => {
      const marker = tag('direct');
      await runtime.clients.dynamodb.send(
        new (await import('@aws-sdk/client-dynamodb')).PutItemCommand({
          TableName: runtime.resources.tables.subscribers,
          Item: subscriberItem(address(marker), 'Direct'),
        }),
      );
      expect(await failedWith('welcomeEmail', marker)).toBe('InvalidSubscriber');
      expect((await sentEmails(runtime.endpoint)).filter((m) => JSON.stringify(m).includes(marker))).toEqual(
        [],
      );
    },
  );

  test('HTML and script in a name are escaped in the email, which is sent', async () => {
    const email = `${tag('html')}@example.com`;
    expect((await subscribe(runtime.apiUrl, email, '<script>alert(1)</script><b>Bo</b>')).status).toBe(202);
    expect((await executionFor(runtime, 'welcomeEmail', email)).status).toBe('SUCCEEDED');
    const [sent] = (await sentEmails(runtime.endpoint)).filter((m) =>
      m.destinations.ToAddresses.includes(email),
    );
    expect(sent?.body).toContain('&lt;script&gt;');
    expect(sent?.body).not.toContain('<script>');
  });

  test('a body over the API limit of 16 KiB: 413 payload-too-large', async () => {
    const answer = await subscribe(runtime.apiUrl, `${tag('big')}@example.com`, 'x'.repeat(20_000));
    expect(answer).toMatchObject({
      status: 413,
      body: { type: 'https://myblog.com/problems/payload-too-large' },
    });
  });
});

describe('Bad releases fail before anything is published, with no partial copies', () => {
  const file = Buffer.from('release bytes');
  test.each([
    [
      'a manifest with a wrong checksum',
      '4.0.1',
      { 'app.zip': file },
      (v: string) => ({
        ...manifestFor(v, { 'app.zip': Buffer.from('other') }),
        files: [{ name: 'app.zip', size: file.length, sha256: 'f'.repeat(64) }],
      }),
      'ChecksumMismatch',
    ],
    [
      'a manifest naming a file that is not there',
      '4.0.2',
      {},
      (v: string) => manifestFor(v, { 'app.zip': file }),
      'MissingReleaseFile',
    ],
    [
      'a version that is not semver',
      '4.0.x',
      { 'app.zip': file },
      (v: string) => manifestFor(v, { 'app.zip': file }),
      'InvalidManifest',
    ],
  ])('%s: the release fails with its error', async (_what, version, files, manifest, error) => {
    await publishManifest(runtime, version, files, manifest(version));
    expect(await failedWith('updatePublishing', version)).toBe(error);
    expect(await distributedUnder(`releases/${version}/`)).toBe(0);
  });
});

describe('Bad calls to the Step Functions API are refused with the service’s error', () => {
  test('an invalid definition is refused with the path of the problem', async () => {
    const refused = await sfnError(() =>
      sfn.send(
        new CreateStateMachineCommand({
          name: tag('bad-asl'),
          roleArn: 'arn:aws:iam::123456789012:role/r',
          definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } }),
        }),
      ),
    );
    expect(refused.name).toBe('InvalidDefinition');
    expect(refused.message).toContain('/States/A/Next');
  });

  test('a state machine name with spaces is InvalidName; a malformed ARN is InvalidArn', async () => {
    expect(
      (
        await sfnError(() =>
          sfn.send(
            new CreateStateMachineCommand({
              name: 'has spaces',
              roleArn: 'arn:aws:iam::123456789012:role/r',
              definition: '{}',
            }),
          ),
        )
      ).name,
    ).toBe('InvalidName');
    expect(
      (await sfnError(() => sfn.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' })))).name,
    ).toBe('InvalidArn');
  });

  test('a request body that is not JSON, or has a member of the wrong type, is a SerializationException', async () => {
    const post = async (body: string) => {
      const answer = await fetch(runtime.stepFunctionsLink.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': 'AWSStepFunctions.StartExecution',
        },
        body,
      });
      return { status: answer.status, ...((await answer.json()) as { __type: string }) };
    };
    for (const body of [
      '{not json',
      JSON.stringify({ stateMachineArn: runtime.stateMachineArns.thumbnail, input: {} }),
    ])
      expect(await post(body)).toMatchObject({
        status: 400,
        __type: expect.stringContaining('#SerializationException') as unknown,
      });
  });

  test('an execution input over 256 KiB is refused', async () => {
    const refused = await sfnError(() =>
      sfn.send(
        new StartExecutionCommand({
          stateMachineArn: runtime.stateMachineArns.thumbnail,
          input: JSON.stringify({ padding: 'x'.repeat(300 * 1024) }),
        }),
      ),
    );
    expect(refused.name).toMatch(/ValidationException|InvalidExecutionInput/);
  });
});

test('after all of it, nothing else was disturbed: no dead letters, and a good sign-up is welcomed', async () => {
  const email = `${tag('after')}@example.com`;
  expect((await subscribe(runtime.apiUrl, email, 'After')).status).toBe(202);
  expect((await executionFor(runtime, 'welcomeEmail', email)).status).toBe('SUCCEEDED');
  for (const queue of Object.keys(runtime.deadLetterQueues) as QueueName[]) {
    const { Attributes } = await runtime.clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: runtime.resources.queueUrls[queue],
        AttributeNames: ['ApproximateNumberOfMessages'],
      }),
    );
    expect([queue, Attributes?.['ApproximateNumberOfMessages']]).toEqual([queue, '0']);
  }
});
