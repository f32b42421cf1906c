import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, ListObjectsV2Command, PutObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import sharp from 'sharp';
import type { Runtime } from '../../../local/runtime/runtime';
import { animatedGif, jpegWithExifOrientation, pngWithAlpha, textFile } from '../../support/images';
import { photoIdFor } from '../../../functions/shared/s3-keys';
import { executionFor, startPipeline } from './local-pipeline';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startPipeline();
}, 60_000);
afterAll(() => runtime?.stop());

const WIDTHS = [128, 512, 1024];

async function upload(key: string, body: Buffer): Promise<void> {
  await runtime.clients.s3.send(
    new PutObjectCommand({ Bucket: runtime.resources.buckets.uploads, Key: key, Body: body }),
  );
}

/** Each format at each width, never wider than the (upright) source, height in proportion. */
function expectedSizes(width: number, height: number): string[] {
  return WIDTHS.flatMap((target) => {
    const w = Math.min(target, width);
    const h = Math.round((w * height) / width);
    return [`jpeg:${w}x${h}`, `webp:${w}x${h}`];
  }).sort();
}

async function thumbnailsOf(
  photoId: string,
): Promise<{ key: string; width: number; height: number; format: string; exif: boolean }[]> {
  const listed = await runtime.clients.s3.send(
    new ListObjectsV2Command({
      Bucket: runtime.resources.buckets.thumbnails,
      Prefix: `thumbnails/${photoId}/`,
    }),
  );
  const found = [];
  for (const object of listed.Contents ?? []) {
    const body = await runtime.clients.s3.send(
      new GetObjectCommand({ Bucket: runtime.resources.buckets.thumbnails, Key: object.Key }),
    );
    const metadata = await sharp(
      Buffer.from(
        await (body.Body as { transformToByteArray(): Promise<Uint8Array> }).transformToByteArray(),
      ),
    ).metadata();
    // An animated thumbnail's height counts every frame; one frame's height is pageHeight.
    found.push({
      key: object.Key as string,
      width: metadata.width,
      height: metadata.pageHeight ?? metadata.height,
      format: metadata.format,
      exif: metadata.exif !== undefined,
    });
  }
  return found;
}

async function photoRecord(photoId: string) {
  return (
    await runtime.clients.dynamodb.send(
      new GetItemCommand({ TableName: runtime.resources.tables.photos, Key: { photoId: { S: photoId } } }),
    )
  ).Item;
}

type PhotoResult = { photoId: string; status: string; Error?: string; Cause?: string };
const photoResult = (output: string | undefined): PhotoResult =>
  (JSON.parse(output as string) as { results: PhotoResult[] }).results[0] as PhotoResult;

test.each([
  // 1200×600 turned upright by its EXIF orientation 6: 600×1200.
  ['a JPEG with EXIF orientation', 'photos/cat.jpg', () => jpegWithExifOrientation(1200, 600), [600, 1200]],
  ['a PNG with transparency', 'photos/logo.png', () => pngWithAlpha(1100, 1100), [1100, 1100]],
  ['an animated GIF', 'photos/dance.gif', () => animatedGif(200, 100), [200, 100]],
] as const)(
  '%s uploaded to S3 becomes six thumbnails of the right sizes, without EXIF',
  async (_name, key, image, [width, height]) => {
    const uploadedKey = `${key.replace('.', `-${runtime.resources.prefix}.`)}`;
    await upload(uploadedKey, await image());
    // S3 notifications URL-encode the key ("/" as %2F): find the execution by the file name.
    const execution = await executionFor(
      runtime,
      'thumbnail',
      uploadedKey.split('/').pop() as string,
      30_000,
    );
    expect(execution.status).toBe('SUCCEEDED');
    const result = photoResult(execution.output);
    expect(result.status).toBe('DONE');
    const thumbnails = await thumbnailsOf(result.photoId);
    expect(thumbnails).toHaveLength(6);
    expect(thumbnails.map((t) => `${t.format}:${t.width}x${t.height}`).sort()).toEqual(
      expectedSizes(width, height),
    );
    expect(thumbnails.some((t) => t.exif)).toBe(false);
    expect((await photoRecord(result.photoId))?.['status']).toEqual({ S: 'DONE' });
  },
  90_000,
);

test('a text file named .jpg ends as UnsupportedImageType, recorded, and nothing else is lost', async () => {
  const key = `photos/notes-${runtime.resources.prefix}.jpg`;
  await upload(key, textFile());
  const execution = await executionFor(runtime, 'thumbnail', key.split('/').pop() as string, 30_000);
  // The only photo of the batch failed: past the Map's 50% tolerance, so the execution fails too.
  expect(execution).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
  const photoId = photoIdFor(key);
  const record = await photoRecord(photoId);
  expect(record?.['status']).toEqual({ S: 'FAILED' });
  expect(record?.['error']).toEqual({ S: 'UnsupportedImageType' });
  expect(await thumbnailsOf(photoId)).toEqual([]);
  // The notification was consumed (not left to be redelivered) and nothing went to the dead-letter queue.
  for (const queue of ['thumbnailJobs', 'thumbnailJobsDlq'] as const) {
    const attributes = await runtime.clients.sqs.send(
      new GetQueueAttributesCommand({
        QueueUrl: runtime.resources.queueUrls[queue],
        AttributeNames: ['ApproximateNumberOfMessages', 'ApproximateNumberOfMessagesNotVisible'],
      }),
    );
    expect(attributes.Attributes).toEqual({
      ApproximateNumberOfMessages: '0',
      ApproximateNumberOfMessagesNotVisible: '0',
    });
  }
}, 90_000);
