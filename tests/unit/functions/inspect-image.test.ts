import { GetObjectCommand, HeadObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import { inspectImage } from '../../../functions/inspect-image/inspect';
import { handler } from '../../../functions/inspect-image/handler';
import {
  ImageTooLarge,
  UnsupportedImageDimensions,
  UnsupportedImageType,
} from '../../../functions/shared/errors';
import {
  MAX_THUMBNAIL_SIDE,
  MAX_THUMBNAIL_WIDTH,
  thumbnailHeight,
} from '../../../functions/shared/image-limits';
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { photoIdFor } from '../../../functions/shared/s3-keys';
import {
  animatedGif,
  jpegWithExifOrientation,
  pngDeclaring,
  pngWithAlpha,
  textFile,
} from '../../support/images';
import sharp from 'sharp';

test('reads a JPEG format and its dimensions as seen, after the EXIF orientation', async () => {
  // Stored 400 wide and 200 high, with "rotate 90°": the photo is seen 200 wide and 400 high.
  await expect(inspectImage(await jpegWithExifOrientation(400, 200), 'photos/a.jpg')).resolves.toMatchObject({
    format: 'jpeg',
    width: 200,
    height: 400,
    pages: 1,
  });
});

test('an image without orientation keeps its stored dimensions', async () => {
  const plain = await sharp({ create: { width: 300, height: 100, channels: 3, background: '#888' } })
    .jpeg()
    .toBuffer();
  await expect(inspectImage(plain, 'photos/b.jpg')).resolves.toMatchObject({ width: 300, height: 100 });
});

test('sees the alpha channel of a PNG', async () => {
  await expect(inspectImage(await pngWithAlpha(), 'photos/a.png')).resolves.toMatchObject({
    format: 'png',
    hasAlpha: true,
  });
});

test('counts the frames of an animated GIF and gives one frame height', async () => {
  await expect(inspectImage(await animatedGif(200, 100), 'photos/a.gif')).resolves.toMatchObject({
    format: 'gif',
    width: 200,
    height: 100,
    pages: 2,
  });
});

test('tells AVIF apart from other HEIF images', async () => {
  const avif = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#f00' } })
    .avif()
    .toBuffer();
  await expect(inspectImage(avif, 'photos/a.avif')).resolves.toMatchObject({ format: 'avif' });
});

test('goes by the bytes, not the name: a text file named .jpg is UnsupportedImageType', async () => {
  await expect(inspectImage(textFile(), 'photos/fake.jpg')).rejects.toThrow(UnsupportedImageType);
});

test('refuses a zero-byte file as UnsupportedImageType', async () => {
  await expect(inspectImage(Buffer.alloc(0), 'photos/empty.jpg')).rejects.toThrow(/is empty/);
});

test('refuses a decompression bomb (tiny file, huge dimensions) before decoding it', async () => {
  const bomb = await pngDeclaring(50_000, 50_000);
  expect(bomb.length).toBeLessThan(200);
  await expect(inspectImage(bomb, 'photos/bomb.png')).rejects.toThrow(ImageTooLarge);
});

const plainPng = (width: number, height: number) =>
  sharp({ create: { width, height, channels: 3, background: '#888' } })
    .png()
    .toBuffer();

describe('an image whose thumbnails could not be made for its shape', () => {
  test('a valid 1x60000 PNG is UnsupportedImageDimensions naming the WebP limit, not CorruptImage', async () => {
    const tall = inspectImage(await plainPng(1, 60_000), 'photos/tall.png');
    await expect(tall).rejects.toThrow(UnsupportedImageDimensions);
    await expect(tall).rejects.toThrow(
      'photos/tall.png is 1x60000 pixels: its 1-pixel-wide thumbnail would be 60000 pixels tall; thumbnails are WebP, at most 16383 pixels on a side',
    );
  });

  test.each([
    [1, 16_383, 'accepted'],
    [1, 16_384, 'refused'],
    [2048, 32_766, 'accepted'],
    [2048, 32_768, 'refused'],
    [60_000, 1, 'accepted'],
  ])('%ix%i is %s: the tallest thumbnail (1024 wide) must fit WebP', async (width, height, verdict) => {
    const inspected = inspectImage(await plainPng(width, height), 'photos/p.png');
    if (verdict === 'accepted') await expect(inspected).resolves.toMatchObject({ width, height });
    else await expect(inspected).rejects.toThrow(UnsupportedImageDimensions);
  });

  test('the limit is checked on the photo as seen, after its EXIF orientation', async () => {
    // Stored 40000 wide and 1 high, turned a quarter: seen 1 wide and 40000 high.
    const turned = await sharp({ create: { width: 40_000, height: 1, channels: 3, background: '#888' } })
      .jpeg()
      .withMetadata({ orientation: 6 })
      .toBuffer();
    await expect(inspectImage(turned, 'photos/turned.jpg')).rejects.toThrow(/1x40000 pixels/);
  });

  test("the workflow's planned thumbnail widths are within the width the limit is checked at", () => {
    const definition = JSON.parse(
      readFileSync(join(__dirname, '../../../workflows/thumbnail.asl.json'), 'utf8'),
    ) as {
      States: Record<string, { ItemProcessor?: { States: Record<string, { Result?: unknown }> } }>;
    };
    const planned = definition.States['Make thumbnails for each photo']?.ItemProcessor?.States[
      'Plan thumbnail sizes'
    ]?.Result as { width: number }[];
    expect(planned.length).toBeGreaterThan(0);
    expect(Math.max(...planned.map((size) => size.width))).toBe(MAX_THUMBNAIL_WIDTH);
    expect(thumbnailHeight(4000, 3000, MAX_THUMBNAIL_WIDTH)).toBe(768);
    expect(MAX_THUMBNAIL_SIDE).toBe(16383);
  });
});

describe('handler', () => {
  const s3 = mockClient(S3Client);
  beforeEach(() => s3.reset());

  test('reads the photo from S3 and reports what it is', async () => {
    const bytes = await pngWithAlpha(120, 80);
    s3.on(HeadObjectCommand).resolves({ ContentLength: bytes.length });
    s3.on(GetObjectCommand).resolves({ Body: sdkStreamMixin(Readable.from([bytes])) });
    const key = 'photos/a.png';
    await expect(handler({ photoId: photoIdFor(key), bucket: 'uploads', key })).resolves.toMatchObject({
      format: 'png',
      width: 120,
      height: 80,
    });
  });

  test('refuses an object over the byte limit without downloading it', async () => {
    s3.on(HeadObjectCommand).resolves({ ContentLength: 500 * 1024 * 1024 });
    const key = 'photos/huge.jpg';
    await expect(handler({ photoId: photoIdFor(key), bucket: 'uploads', key })).rejects.toThrow(
      ImageTooLarge,
    );
    expect(s3.commandCalls(GetObjectCommand)).toHaveLength(0);
  });

  test('reports S3 throttling as TransientStorageError, which the workflow retries', async () => {
    s3.on(HeadObjectCommand).rejects(
      Object.assign(new Error('slow down'), { name: 'SlowDown', $fault: 'server' }),
    );
    const key = 'photos/a.jpg';
    await expect(handler({ photoId: photoIdFor(key), bucket: 'uploads', key })).rejects.toMatchObject({
      name: 'TransientStorageError',
    });
  });
});
