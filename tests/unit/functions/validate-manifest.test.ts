import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import {
  assertFolderNamesVersion,
  isNewerRelease,
  parseManifest,
} from '../../../functions/validate-manifest/manifest-check';
import { handler } from '../../../functions/validate-manifest/handler';
import { InvalidManifest, ManifestNotFound, ManifestVersionMismatch } from '../../../functions/shared/errors';
import { manifestFor } from '../../support/releases';

const body = (value: unknown) => ({
  Body: sdkStreamMixin(
    Readable.from([Buffer.from(typeof value === 'string' ? value : JSON.stringify(value))]),
  ),
  ETag: '"e1"',
});
const notFound = () =>
  Object.assign(new Error('The specified key does not exist.'), {
    name: 'NoSuchKey',
    $metadata: { httpStatusCode: 404 },
  });

const good = manifestFor('2.1.0', { 'app.zip': Buffer.from('zip'), 'notes/readme.txt': Buffer.from('hi') });

test('accepts a manifest with a semantic version and files with sizes and digests', () => {
  expect(parseManifest(JSON.stringify(good))).toEqual(good);
});

test('defaults the channel to stable', () => {
  const { channel: _channel, ...rest } = good;
  expect(parseManifest(JSON.stringify(rest)).channel).toBe('stable');
});

test.each([
  ['text that is not JSON', '{', /not JSON/],
  ['a version that is not semver', JSON.stringify({ ...good, version: '2.1' }), /semantic version/],
  [
    'a digest that is not SHA-256',
    JSON.stringify({ ...good, files: [{ name: 'a', size: 1, sha256: 'abc' }] }),
    /sha256 must be 64/,
  ],
  [
    'a file name with ..',
    JSON.stringify({ ...good, files: [{ ...good.files[0], name: '../escape' }] }),
    /file names/,
  ],
  ['no files', JSON.stringify({ ...good, files: [] }), /at least one file/],
  ['the same file twice', JSON.stringify({ ...good, files: [good.files[0], good.files[0]] }), /unique/],
  ['a negative size', JSON.stringify({ ...good, files: [{ ...good.files[0], size: -1 }] }), /files.0.size/],
])('refuses %s as InvalidManifest', (_what, text, message) => {
  expect(() => parseManifest(text)).toThrow(InvalidManifest);
  expect(() => parseManifest(text)).toThrow(message);
});

test('a release is newer than none, and than a lower version only', () => {
  expect(isNewerRelease('1.0.0', null)).toBe(true);
  expect(isNewerRelease('1.10.0', '1.9.3')).toBe(true);
  expect(isNewerRelease('1.9.3', '1.9.3')).toBe(false);
  expect(isNewerRelease('2.0.0-beta.1', '2.0.0')).toBe(false);
});

describe('handler', () => {
  const s3 = mockClient(S3Client);
  beforeEach(() => s3.reset());

  test('reviews a newer release against latest.json in the distribution bucket', async () => {
    s3.on(GetObjectCommand, { Bucket: 'releases', Key: 'incoming/2.1.0/manifest.json' }).resolves(body(good));
    s3.on(GetObjectCommand, { Bucket: 'distribution', Key: 'releases/latest.json' }).resolves(
      body({ version: '2.0.3' }),
    );
    await expect(
      handler({ bucket: 'releases', manifestKey: 'incoming/2.1.0/manifest.json' }),
    ).resolves.toEqual({
      release: good,
      sourceBucket: 'releases',
      sourcePrefix: 'incoming/2.1.0/',
      currentVersion: '2.0.3',
      isNewer: true,
    });
  });

  test('marks a release that is not newer than latest.json as stale', async () => {
    s3.on(GetObjectCommand, { Bucket: 'releases' }).resolves(body(good));
    s3.on(GetObjectCommand, { Bucket: 'distribution' }).resolves(body({ version: '2.1.0' }));
    await expect(handler({ bucket: 'releases', manifestKey: '2.1.0/manifest.json' })).resolves.toMatchObject({
      isNewer: false,
    });
  });

  test('treats a latest.json that names no semantic version as no release', async () => {
    s3.on(GetObjectCommand, { Bucket: 'releases' }).resolves(body(good));
    s3.on(GetObjectCommand, { Bucket: 'distribution' }).resolves(body('{ not json'));
    await expect(handler({ bucket: 'releases', manifestKey: '2.1.0/manifest.json' })).resolves.toMatchObject({
      currentVersion: null,
      isNewer: true,
    });
  });

  test('treats a missing latest.json as the first release', async () => {
    s3.on(GetObjectCommand, { Bucket: 'releases' }).resolves(body(good));
    s3.on(GetObjectCommand, { Bucket: 'distribution' }).rejects(notFound());
    await expect(handler({ bucket: 'releases', manifestKey: '2.1.0/manifest.json' })).resolves.toMatchObject({
      currentVersion: null,
      isNewer: true,
    });
  });

  test('refuses a manifest under 3.0.8/ that says 99.0.0 before reading latest.json', async () => {
    s3.on(GetObjectCommand, { Bucket: 'releases', Key: '3.0.8/manifest.json' }).resolves(
      body({ ...good, version: '99.0.0' }),
    );
    await expect(handler({ bucket: 'releases', manifestKey: '3.0.8/manifest.json' })).rejects.toMatchObject({
      name: 'ManifestVersionMismatch',
    });
    expect(s3.commandCalls(GetObjectCommand, { Bucket: 'distribution' })).toHaveLength(0);
  });

  test('reports a manifest that is not there as ManifestNotFound', async () => {
    s3.on(GetObjectCommand).rejects(notFound());
    await expect(handler({ bucket: 'releases', manifestKey: '2.1.0/manifest.json' })).rejects.toThrow(
      ManifestNotFound,
    );
  });
});

describe('a release folder is named after its version', () => {
  test.each([
    ['3.0.8/manifest.json', '3.0.8'],
    ['incoming/2.1.0/manifest.json', '2.1.0'],
    ['2.0.0-beta.1/manifest.json', '2.0.0-beta.1'],
  ])('%s publishes %s', (key, version) => {
    expect(() => assertFolderNamesVersion(key, version)).not.toThrow();
  });

  test.each([
    ['3.0.8/manifest.json', '99.0.0', /in folder 3\.0\.8 but declares version 99\.0\.0/],
    ['manifest.json', '1.0.0', /must be uploaded as 1\.0\.0\/manifest\.json/],
    ['1.0.0/othermanifest.json', '1.0.0', /is not <version>\/manifest\.json/],
    ['v1.0.0/manifest.json', '1.0.0', /in folder v1\.0\.0/],
  ])('%s declaring %s is ManifestVersionMismatch', (key, version, reason) => {
    expect(() => assertFolderNamesVersion(key, version)).toThrow(ManifestVersionMismatch);
    expect(() => assertFolderNamesVersion(key, version)).toThrow(reason);
  });
});
