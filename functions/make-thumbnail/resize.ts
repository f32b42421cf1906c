import sharp from 'sharp';
import { CorruptImage, ImageTooLarge, UnsupportedImageDimensions } from '../shared/errors';
import { MAX_IMAGE_PIXELS } from '../shared/image-limits';

export type ThumbnailFormat = 'webp' | 'jpeg';

export interface Thumbnail {
  readonly data: Buffer;
  readonly width: number;
  readonly height: number;
  readonly format: ThumbnailFormat;
  readonly contentType: string;
}

const CONTENT_TYPES: Record<ThumbnailFormat, string> = { webp: 'image/webp', jpeg: 'image/jpeg' };

/** Quality settings shared with the benchmark, so both sides do the same work. */
export const THUMBNAIL_QUALITY = { webp: 80, jpeg: 82 } as const;

/**
 * One thumbnail, `width` pixels wide at most (never enlarged). Turned upright by its EXIF
 * orientation, then every metadata block dropped (sharp writes none unless asked): no EXIF, no
 * GPS. Only the first frame of an animation. Alpha kept in WebP; JPEG has none, so it is
 * flattened onto white.
 */
export async function makeThumbnail(
  source: Buffer,
  width: number,
  format: ThumbnailFormat,
): Promise<Thumbnail> {
  try {
    let pipeline = sharp(source, { limitInputPixels: MAX_IMAGE_PIXELS, failOn: 'truncated', pages: 1 })
      .rotate()
      .resize({ width, withoutEnlargement: true });
    pipeline =
      format === 'webp'
        ? pipeline.webp({ quality: THUMBNAIL_QUALITY.webp })
        : pipeline
            .flatten({ background: '#ffffff' })
            .jpeg({ quality: THUMBNAIL_QUALITY.jpeg, mozjpeg: true });
    const { data, info } = await pipeline.toBuffer({ resolveWithObject: true });
    return { data, width: info.width, height: info.height, format, contentType: CONTENT_TYPES[format] };
  } catch (error) {
    const message = (error as Error).message;
    if (/pixel limit/i.test(message)) throw new ImageTooLarge(message);
    // inspect-image refuses such shapes first; this names the reason should one get here anyway.
    if (/too large for the (WebP|JPEG) format/i.test(message))
      throw new UnsupportedImageDimensions(`The ${format} thumbnail would be too large a side: ${message}`);
    throw new CorruptImage(`The image could not be decoded: ${message}`);
  }
}

/** Where a photo's thumbnail of a given size lives: the same key every time, so repeats overwrite. */
export function thumbnailKey(photoId: string, width: number, format: ThumbnailFormat): string {
  return `thumbnails/${photoId}/${width}.${format === 'jpeg' ? 'jpg' : 'webp'}`;
}
