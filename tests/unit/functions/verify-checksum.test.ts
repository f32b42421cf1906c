import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { sha256OfStream } from '../../../functions/verify-checksum/sha256';
import { handler } from '../../../functions/verify-checksum/handler';
import { ChecksumMismatch, MissingReleaseFile } from '../../../functions/shared/errors';
import { sha256 } from '../../support/releases';

const s3 = mockClient(S3Client);
beforeEach(() => s3.reset());

const data = Buffer.from('the release pack');
const request = (file: { name: string; size: number; sha256: string }) => ({
  file,
  sourceBucket: 'releases',
  sourcePrefix: 'incoming/2.1.0/',
  version: '2.1.0',
});

test('hashes a stream chunk by chunk, to the same digest as hashing it whole', async () => {
  const chunks = Array.from({ length: 100 }, (_, i) => Buffer.alloc(10_000, i));
  const digest = await sha256OfStream(Readable.from(chunks));
  expect(digest).toEqual({ sha256: sha256(Buffer.concat(chunks)), bytes: 1_000_000 });
});

test('accepts a file whose size and SHA-256 match the manifest', async () => {
  s3.on(GetObjectCommand, { Bucket: 'releases', Key: 'incoming/2.1.0/app.zip' }).resolves({
    Body: sdkStreamMixin(Readable.from([data])),
  });
  await expect(
    handler(request({ name: 'app.zip', size: data.length, sha256: sha256(data) })),
  ).resolves.toEqual({
    sha256: sha256(data),
    bytes: data.length,
  });
});

test('reports a different digest as ChecksumMismatch, naming both digests', async () => {
  s3.on(GetObjectCommand).resolves({ Body: sdkStreamMixin(Readable.from([data])) });
  const attempt = handler(request({ name: 'app.zip', size: data.length, sha256: sha256('something else') }));
  await expect(attempt).rejects.toThrow(ChecksumMismatch);
});

test('reports a different size as ChecksumMismatch', async () => {
  s3.on(GetObjectCommand).resolves({ Body: sdkStreamMixin(Readable.from([data])) });
  await expect(handler(request({ name: 'app.zip', size: 1, sha256: sha256(data) }))).rejects.toThrow(
    /bytes; the manifest says 1/,
  );
});

test('reports a file that is not in the bucket as MissingReleaseFile', async () => {
  s3.on(GetObjectCommand).rejects(
    Object.assign(new Error('no'), { name: 'NoSuchKey', $metadata: { httpStatusCode: 404 } }),
  );
  await expect(handler(request({ name: 'app.zip', size: 1, sha256: sha256(data) }))).rejects.toThrow(
    MissingReleaseFile,
  );
});
