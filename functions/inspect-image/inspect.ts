import sharp from 'sharp';
import { ImageTooLarge, UnsupportedImageType } from '../shared/errors';
import { MAX_IMAGE_BYTES, MAX_IMAGE_PIXELS } from '../shared/image-limits';

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
 * named photo.jpg is UnsupportedImageType, a huge-dimension image is ImageTooLarge.
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
  return {
    format: realFormat,
    width: quarterTurn ? pageHeight : width,
    height: quarterTurn ? width : pageHeight,
    hasAlpha: metadata.hasAlpha ?? false,
    pages: metadata.pages ?? 1,
  };
}
