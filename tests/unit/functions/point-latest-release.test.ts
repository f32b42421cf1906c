import { GetObjectCommand, PutObjectCommand, S3Client, S3ServiceException } from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { handler } from '../../../functions/point-latest-release/handler';
import { manifestFor } from '../../support/releases';

const s3 = mockClient(S3Client);
beforeEach(() => s3.reset());

const latest = (version: string, etag: string) => ({
  Body: sdkStreamMixin(Readable.from([Buffer.from(JSON.stringify({ version }))])),
  ETag: etag,
});
const serviceError = (name: string, status: number) =>
  new S3ServiceException({
    name,
    $fault: status >= 500 ? 'server' : 'client',
    $metadata: { httpStatusCode: status },
    message: name,
  });
const release = manifestFor('2.1.0', { 'app.zip': Buffer.from('zip') });
const puts = () => s3.commandCalls(PutObjectCommand).map((call) => call.args[0].input);

test('replaces latest.json with the release, on condition that it is still the object read', async () => {
  s3.on(GetObjectCommand, { Bucket: 'distribution', Key: 'releases/latest.json' }).resolves(
    latest('2.0.3', '"abc"'),
  );
  s3.on(PutObjectCommand).resolves({});
  await expect(handler({ release })).resolves.toEqual({ outcome: 'moved', latestVersion: '2.1.0' });
  expect(puts()).toEqual([
    {
      Bucket: 'distribution',
      Key: 'releases/latest.json',
      Body: JSON.stringify(release),
      ContentType: 'application/json',
      CacheControl: 'public, max-age=60',
      IfMatch: '"abc"',
    },
  ]);
});

test('creates latest.json only if none was created meanwhile (the first release)', async () => {
  s3.on(GetObjectCommand).rejects(serviceError('NoSuchKey', 404));
  s3.on(PutObjectCommand).resolves({});
  await expect(handler({ release })).resolves.toMatchObject({ outcome: 'moved' });
  expect(puts()[0]).toMatchObject({ IfNoneMatch: '*' });
  expect(puts()[0]?.IfMatch).toBeUndefined();
});

test.each([
  ['412 PreconditionFailed', serviceError('PreconditionFailed', 412)],
  ['409 ConditionalRequestConflict', serviceError('ConditionalRequestConflict', 409)],
])(
  'a write that loses the race (%s) reads latest.json again and leaves the newer release there',
  async (_what, lost) => {
    s3.on(GetObjectCommand).resolvesOnce(latest('2.0.3', '"old"')).resolves(latest('2.2.0', '"new"'));
    s3.on(PutObjectCommand).rejects(lost);
    await expect(handler({ release })).resolves.toEqual({ outcome: 'superseded', latestVersion: '2.2.0' });
    expect(puts()).toHaveLength(1);
  },
);

test('a retry after a write whose answer was lost finds the release in place and writes nothing', async () => {
  s3.on(GetObjectCommand).resolves(latest('2.1.0', '"mine"'));
  await expect(handler({ release })).resolves.toEqual({ outcome: 'alreadyLatest', latestVersion: '2.1.0' });
  expect(puts()).toHaveLength(0);
});

test('S3 failing on its side is TransientStorageError, which the workflow retries', async () => {
  s3.on(GetObjectCommand).resolves(latest('2.0.3', '"abc"'));
  s3.on(PutObjectCommand).rejects(serviceError('InternalError', 500));
  await expect(handler({ release })).rejects.toMatchObject({ name: 'TransientStorageError' });
});

test('refuses anything but {release} with a valid manifest', async () => {
  await expect(handler({ release: { ...release, version: 'latest' } })).rejects.toMatchObject({
    name: 'MalformedEvent',
  });
  await expect(handler({})).rejects.toMatchObject({ name: 'MalformedEvent' });
  expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
});

describe('latest.json is the stable channel', () => {
  test('a beta release, however high, leaves latest.json alone and says which release it names', async () => {
    s3.on(GetObjectCommand).resolves(latest('2.0.3', '"abc"'));
    const beta = manifestFor('99.0.0', { 'app.zip': Buffer.from('zip') }, 'beta');
    await expect(handler({ release: beta })).resolves.toEqual({
      outcome: 'notStable',
      latestVersion: '2.0.3',
    });
    expect(puts()).toHaveLength(0);
  });

  test('a beta before any stable release leaves no latest.json (latestVersion null)', async () => {
    s3.on(GetObjectCommand).rejects(serviceError('NoSuchKey', 404));
    const beta = manifestFor('1.0.0-beta.1', { 'app.zip': Buffer.from('zip') }, 'beta');
    await expect(handler({ release: beta })).resolves.toEqual({ outcome: 'notStable', latestVersion: null });
    expect(puts()).toHaveLength(0);
  });
});
