import {
  AbortMultipartUploadCommand,
  CompleteMultipartUploadCommand,
  CopyObjectCommand,
  CreateMultipartUploadCommand,
  S3Client,
  UploadPartCopyCommand,
} from '@aws-sdk/client-s3';
import { mockClient } from 'aws-sdk-client-mock';
import {
  MAX_PARTS,
  MIN_PART_BYTES,
  needsMultipartCopy,
  planCopyParts,
} from '../../../functions/copy-release-file/copy-plan';
import { handler } from '../../../functions/copy-release-file/handler';

const MiB = 1024 * 1024;
const GiB = 1024 * MiB;

test('splits a size into contiguous inclusive ranges covering every byte', () => {
  expect(planCopyParts(12 * MiB, 5 * MiB)).toEqual([
    { partNumber: 1, first: 0, last: 5 * MiB - 1 },
    { partNumber: 2, first: 5 * MiB, last: 10 * MiB - 1 },
    { partNumber: 3, first: 10 * MiB, last: 12 * MiB - 1 },
  ]);
});

test('a 15 GB pack with 512 MiB parts takes 28 parts', () => {
  const parts = planCopyParts(15 * 1000 ** 3, 512 * MiB);
  expect(parts).toHaveLength(28);
  expect(parts.at(-1)?.last).toBe(15 * 1000 ** 3 - 1);
});

test('grows the part size to stay within 10,000 parts, and never below 5 MiB', () => {
  expect(planCopyParts(5 * 1024 * GiB, 5 * MiB).length).toBeLessThanOrEqual(MAX_PARTS);
  expect(planCopyParts(20 * MiB, 1024)[0]?.last).toBe(MIN_PART_BYTES - 1);
});

test('copies in parts only above the threshold', () => {
  expect(needsMultipartCopy(5 * GiB, 5 * GiB)).toBe(false);
  expect(needsMultipartCopy(5 * GiB + 1, 5 * GiB)).toBe(true);
});

describe('handler (threshold 10 MiB, parts 5 MiB in these tests)', () => {
  const s3 = mockClient(S3Client);
  beforeEach(() => s3.reset());
  const request = (size: number) => ({
    file: { name: 'app.zip', size, sha256: 'a'.repeat(64) },
    sourceBucket: 'releases',
    sourcePrefix: 'incoming/2.1.0/',
    version: '2.1.0',
  });

  test('copies a small file with one CopyObject, marked immutable', async () => {
    s3.on(CopyObjectCommand).resolves({});
    await expect(handler(request(1024))).resolves.toEqual({
      key: 'releases/2.1.0/app.zip',
      bytes: 1024,
      parts: 1,
    });
    expect(s3.commandCalls(CopyObjectCommand)[0]?.args[0].input).toMatchObject({
      CopySource: 'releases/incoming/2.1.0/app.zip',
      Bucket: 'distribution',
      Key: 'releases/2.1.0/app.zip',
      CacheControl: 'public, max-age=31536000, immutable',
    });
  });

  test('copies a large file part by part and completes the upload with every part in order', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u-1' });
    s3.on(UploadPartCopyCommand).callsFake((input: { PartNumber: number }) => ({
      CopyPartResult: { ETag: `"e${input.PartNumber}"` },
    }));
    s3.on(CompleteMultipartUploadCommand).resolves({});
    await expect(handler(request(12 * MiB))).resolves.toMatchObject({ parts: 3 });
    const ranges = s3.commandCalls(UploadPartCopyCommand).map((call) => call.args[0].input.CopySourceRange);
    expect(ranges.sort()).toEqual(
      [
        `bytes=0-${5 * MiB - 1}`,
        `bytes=${10 * MiB}-${12 * MiB - 1}`,
        `bytes=${5 * MiB}-${10 * MiB - 1}`,
      ].sort(),
    );
    expect(s3.commandCalls(CompleteMultipartUploadCommand)[0]?.args[0].input.MultipartUpload?.Parts).toEqual([
      { PartNumber: 1, ETag: '"e1"' },
      { PartNumber: 2, ETag: '"e2"' },
      { PartNumber: 3, ETag: '"e3"' },
    ]);
  });

  test('aborts the multipart upload when a part fails, leaving no partial object', async () => {
    s3.on(CreateMultipartUploadCommand).resolves({ UploadId: 'u-1' });
    s3.on(UploadPartCopyCommand).rejects(
      Object.assign(new Error('internal'), { name: 'InternalError', $fault: 'server' }),
    );
    s3.on(AbortMultipartUploadCommand).resolves({});
    await expect(handler(request(12 * MiB))).rejects.toMatchObject({ name: 'TransientStorageError' });
    expect(s3.commandCalls(AbortMultipartUploadCommand)[0]?.args[0].input).toMatchObject({ UploadId: 'u-1' });
    expect(s3.commandCalls(CompleteMultipartUploadCommand)).toHaveLength(0);
  });
});
