/** The largest upload we read at all. */
export const MAX_IMAGE_BYTES = 50 * 1024 * 1024;
/**
 * The most pixels we let sharp decode (about 100 megapixels). A small file declaring huge
 * dimensions (a decompression bomb) is refused before decoding.
 */
export const MAX_IMAGE_PIXELS = 100_000_000;

/**
 * The widest thumbnail the thumbnail workflow makes (its "Plan thumbnail sizes" state; a unit test
 * holds the two together). Thumbnails are scaled to a width, so the tallest is made at this width.
 */
export const MAX_THUMBNAIL_WIDTH = 1024;

/**
 * The most pixels a WebP image may have on a side (14-bit dimension fields in the format). JPEG
 * allows 65535, so WebP's is the limit every thumbnail must fit.
 */
export const MAX_THUMBNAIL_SIDE = 16383;

/** The height of a thumbnail `width` wide of an image (never enlarged), rounded as sharp rounds it. */
export function thumbnailHeight(imageWidth: number, imageHeight: number, width: number): number {
  if (imageWidth <= width) return imageHeight;
  return Math.max(1, Math.round((imageHeight * width) / imageWidth));
}
