import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';
import { Readable } from 'node:stream';
import sharp from 'sharp';
import { makeThumbnail, thumbnailKey } from '../../../functions/make-thumbnail/resize';
import { handler } from '../../../functions/make-thumbnail/handler';
import { CorruptImage, ImageTooLarge, UnsupportedImageDimensions } from '../../../functions/shared/errors';
import { photoIdFor } from '../../../functions/shared/s3-keys';
import {
  animatedGif,
  jpegWithExifOrientation,
  pngDeclaring,
  pngWithAlpha,
  plainJpeg,
  truncatedJpeg,
} from '../../support/images';

test('turns a photo upright by its EXIF orientation before resizing', async () => {
  // 400x200 stored, orientation 6: it is really 200 wide and 400 high.
  const thumbnail = await makeThumbnail(await jpegWithExifOrientation(400, 200), 100, 'jpeg');
  expect({ width: thumbnail.width, height: thumbnail.height }).toEqual({ width: 100, height: 200 });
});

test('writes no EXIF at all, so GPS position never leaks', async () => {
  const thumbnail = await makeThumbnail(await jpegWithExifOrientation(), 128, 'jpeg');
  const metadata = await sharp(thumbnail.data).metadata();
  expect(metadata.exif).toBeUndefined();
  expect(metadata.orientation).toBeUndefined();
});

test('keeps the alpha channel in WebP', async () => {
  const thumbnail = await makeThumbnail(await pngWithAlpha(), 128, 'webp');
  expect((await sharp(thumbnail.data).metadata()).hasAlpha).toBe(true);
  expect(thumbnail.contentType).toBe('image/webp');
});

test('flattens alpha onto white in JPEG, which has no alpha', async () => {
  const thumbnail = await makeThumbnail(await pngWithAlpha(), 64, 'jpeg');
  const metadata = await sharp(thumbnail.data).metadata();
  expect(metadata.format).toBe('jpeg');
  expect(metadata.hasAlpha).toBe(false);
});

test('uses only the first frame of an animated GIF', async () => {
  const thumbnail = await makeThumbnail(await animatedGif(200, 100), 100, 'webp');
  const metadata = await sharp(thumbnail.data).metadata();
  expect(metadata.pages ?? 1).toBe(1);
  expect({ width: thumbnail.width, height: thumbnail.height }).toEqual({ width: 100, height: 50 });
});

test('never enlarges a photo smaller than the thumbnail', async () => {
  const thumbnail = await makeThumbnail(await plainJpeg(80, 60), 512, 'jpeg');
  expect({ width: thumbnail.width, height: thumbnail.height }).toEqual({ width: 80, height: 60 });
});

test('reports a truncated JPEG as CorruptImage', async () => {
  await expect(makeThumbnail(await truncatedJpeg(), 128, 'jpeg')).rejects.toThrow(CorruptImage);
});

test('refuses to decode past the pixel limit', async () => {
  await expect(makeThumbnail(await pngDeclaring(20_000, 20_000), 128, 'jpeg')).rejects.toThrow(ImageTooLarge);
});

test('a thumbnail taller than WebP allows is UnsupportedImageDimensions, not CorruptImage', async () => {
  const tall = await sharp({ create: { width: 1, height: 60_000, channels: 3, background: '#888' } })
    .png()
    .toBuffer();
  await expect(makeThumbnail(tall, 128, 'webp')).rejects.toThrow(UnsupportedImageDimensions);
});

test('names thumbnails by photo and size, so a repeat overwrites the same key', () => {
  expect(thumbnailKey('abc', 512, 'jpeg')).toBe('thumbnails/abc/512.jpg');
  expect(thumbnailKey('abc', 128, 'webp')).toBe('thumbnails/abc/128.webp');
});

describe('handler', () => {
  const s3 = mockClient(S3Client);
  beforeEach(() => s3.reset());

  test('reads the upload, writes the thumbnail to the thumbnails bucket and reports it', async () => {
    const source = await plainJpeg(640, 480);
    s3.on(HeadObjectCommand).resolves({ ContentLength: source.length });
    s3.on(GetObjectCommand).resolves({ Body: sdkStreamMixin(Readable.from([source])) });
    s3.on(PutObjectCommand).resolves({});
    const key = 'photos/a.jpg';
    const photoId = photoIdFor(key);
    const result = await handler({ photoId, bucket: 'uploads', key, width: 128, format: 'webp' });
    expect(result).toMatchObject({
      key: `thumbnails/${photoId}/128.webp`,
      width: 128,
      height: 96,
      format: 'webp',
    });
    const put = s3.commandCalls(PutObjectCommand)[0]?.args[0].input;
    expect(put).toMatchObject({
      Bucket: 'thumbnails',
      Key: `thumbnails/${photoId}/128.webp`,
      ContentType: 'image/webp',
    });
    expect(result.bytes).toBe((put?.Body as Buffer).length);
  });

  test('refuses a request for a size out of range as MalformedEvent', async () => {
    const key = 'photos/a.jpg';
    await expect(
      handler({ photoId: photoIdFor(key), bucket: 'uploads', key, width: 100_000, format: 'webp' }),
    ).rejects.toMatchObject({
      name: 'MalformedEvent',
    });
  });
});
