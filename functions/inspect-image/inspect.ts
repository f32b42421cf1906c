import sharp from 'sharp';
import { ImageTooLarge, UnsupportedImageDimensions, UnsupportedImageType } from '../shared/errors';
import {
  MAX_IMAGE_BYTES,
  MAX_IMAGE_PIXELS,
  MAX_THUMBNAIL_SIDE,
  MAX_THUMBNAIL_WIDTH,
  thumbnailHeight,
} from '../shared/image-limits';

export interface ImageFacts {
  /** Format from the bytes: jpeg, png, webp, gif, avif, heif, tiff, svg ... */
  readonly format: string;
  /** As the photo is seen: after its EXIF orientation, as the thumbnails are made. */
  readonly width: number;
  readonly height: number;
  readonly hasAlpha: boolean;
  /** Frames of an animated image, 1 otherwise. */
  readonly pages: number;
}

/**
 * What an upload really is, read from its header. The file name plays no part: a text file
 * named photo.jpg is UnsupportedImageType, a huge-dimension image is ImageTooLarge, and one whose
 * thumbnails could not be made for its shape is UnsupportedImageDimensions, before any is made.
 */
export async function inspectImage(bytes: Buffer, key: string): Promise<ImageFacts> {
  if (bytes.length === 0) throw new UnsupportedImageType(`${key} is empty`);
  if (bytes.length > MAX_IMAGE_BYTES) {
    throw new ImageTooLarge(`${key} is ${bytes.length} bytes; the limit is ${MAX_IMAGE_BYTES}`);
  }
  let metadata: sharp.Metadata;
  try {
    metadata = await sharp(bytes, { limitInputPixels: false }).metadata();
  } catch (error) {
    throw new UnsupportedImageType(`${key} is not an image we can read: ${(error as Error).message}`);
  }
  const { width, height, format } = metadata;
  if (width === undefined || height === undefined || format === undefined) {
    throw new UnsupportedImageType(`${key} has no readable dimensions`);
  }
  const pageHeight = metadata.pageHeight ?? height;
  if (width * pageHeight > MAX_IMAGE_PIXELS) {
    throw new ImageTooLarge(
      `${key} is ${width}x${pageHeight} pixels; the limit is ${MAX_IMAGE_PIXELS} pixels`,
    );
  }
  // libheif reports AVIF as heif with the AV1 codec; the blog treats them as distinct formats.
  const realFormat = format === 'heif' && metadata.compression === 'av1' ? 'avif' : format;
  // EXIF orientations 5 to 8 turn the picture a quarter: what is stored as wide is seen as tall.
  const quarterTurn = (metadata.orientation ?? 1) >= 5;
  const seen = { width: quarterTurn ? pageHeight : width, height: quarterTurn ? width : pageHeight };
  // Refused here rather than by the encoder: otherwise the JPEG sizes would be written, the WebP
  // ones fail, and the photo be recorded as corrupt.
  const tallest = thumbnailHeight(seen.width, seen.height, MAX_THUMBNAIL_WIDTH);
  if (tallest > MAX_THUMBNAIL_SIDE) {
    throw new UnsupportedImageDimensions(
      `${key} is ${seen.width}x${seen.height} pixels: its ${Math.min(seen.width, MAX_THUMBNAIL_WIDTH)}-pixel-wide thumbnail would be ${tallest} pixels tall; thumbnails are WebP, at most ${MAX_THUMBNAIL_SIDE} pixels on a side`,
    );
  }
  return {
    format: realFormat,
    width: seen.width,
    height: seen.height,
    hasAlpha: metadata.hasAlpha ?? false,
    pages: metadata.pages ?? 1,
  };
}
