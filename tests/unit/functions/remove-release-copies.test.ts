import {
  DeleteObjectsCommand,
  GetObjectCommand,
  ListObjectsV2Command,
  S3Client,
  S3ServiceException,
} from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { handler } from '../../../functions/remove-release-copies/handler';

const s3 = mockClient(S3Client);
beforeEach(() => {
  s3.reset();
  // No latest.json yet unless a test puts one there.
  s3.on(GetObjectCommand).rejects(
    new S3ServiceException({
      name: 'NoSuchKey',
      $fault: 'client',
      $metadata: { httpStatusCode: 404 },
      message: 'The specified key does not exist.',
    }),
  );
});

test('deletes every object under the version prefix, page by page', async () => {
  s3.on(ListObjectsV2Command)
    .resolvesOnce({
      Contents: [{ Key: 'releases/2.1.0/a' }, { Key: 'releases/2.1.0/b' }],
      IsTruncated: true,
      NextContinuationToken: 't',
    })
    .resolvesOnce({ Contents: [{ Key: 'releases/2.1.0/c' }], IsTruncated: false });
  s3.on(DeleteObjectsCommand).resolves({});
  await expect(handler({ version: '2.1.0' })).resolves.toEqual({ removed: 3, keptAsLatest: false });
  expect(s3.commandCalls(ListObjectsV2Command)[0]?.args[0].input).toMatchObject({
    Bucket: 'distribution',
    Prefix: 'releases/2.1.0/',
  });
  expect(s3.commandCalls(ListObjectsV2Command)[1]?.args[0].input.ContinuationToken).toBe('t');
});

test('removes nothing when nothing was copied', async () => {
  s3.on(ListObjectsV2Command).resolves({ IsTruncated: false });
  await expect(handler({ version: '2.1.0' })).resolves.toEqual({ removed: 0, keptAsLatest: false });
  expect(s3.commandCalls(DeleteObjectsCommand)).toHaveLength(0);
});

test('refuses a version that could widen the prefix', async () => {
  await expect(handler({ version: '' })).rejects.toMatchObject({ name: 'MalformedEvent' });
  await expect(handler({ version: '../' })).rejects.toMatchObject({ name: 'MalformedEvent' });
  expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(0);
});

test('fails when S3 could not delete some objects, so the workflow knows', async () => {
  s3.on(ListObjectsV2Command).resolves({ Contents: [{ Key: 'releases/2.1.0/a' }], IsTruncated: false });
  s3.on(DeleteObjectsCommand).resolves({ Errors: [{ Key: 'releases/2.1.0/a', Message: 'Access Denied' }] });
  await expect(handler({ version: '2.1.0' })).rejects.toThrow(/Could not delete 1 object/);
});

test('keeps the files of the release latest.json points at: its write landed though the workflow saw it fail', async () => {
  s3.on(GetObjectCommand, { Bucket: 'distribution', Key: 'releases/latest.json' }).resolves({
    Body: sdkStreamMixin(Readable.from([Buffer.from(JSON.stringify({ version: '2.1.0' }))])),
    ETag: '"e1"',
  });
  await expect(handler({ version: '2.1.0' })).resolves.toEqual({ removed: 0, keptAsLatest: true });
  expect(s3.commandCalls(ListObjectsV2Command)).toHaveLength(0);
  expect(s3.commandCalls(DeleteObjectsCommand)).toHaveLength(0);
});
