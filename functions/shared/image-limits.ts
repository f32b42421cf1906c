/** The largest upload we read at all. */
export const MAX_IMAGE_BYTES = 50 * 1024 * 1024;
/**
 * The most pixels we let sharp decode (about 100 megapixels). A small file declaring huge
 * dimensions (a decompression bomb) is refused before decoding.
 */
export const MAX_IMAGE_PIXELS = 100_000_000;
