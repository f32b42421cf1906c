/**
 * Images made on the fly for tests: real encodings from sharp, plus hand-made broken ones.
 * Nothing is downloaded or checked in.
 */
import sharp from 'sharp';

const noisy = (width: number, height: number, channels: 3 | 4, background: string) =>
  sharp({
    create: { width, height, channels, background, noise: { type: 'gaussian', mean: 128, sigma: 40 } },
  });

/** A landscape JPEG whose EXIF says "rotate 90° clockwise" (orientation 6) and carries GPS tags. */
export async function jpegWithExifOrientation(width = 400, height = 200): Promise<Buffer> {
  return noisy(width, height, 3, '#ff0000')
    .jpeg()
    .withMetadata({ orientation: 6 })
    .withExifMerge({ IFD3: { GPSLatitudeRef: 'N', GPSLatitude: '51/1 30/1 0/1' } })
    .toBuffer();
}

/** A PNG with a half-transparent alpha channel. */
export async function pngWithAlpha(width = 300, height = 300): Promise<Buffer> {
  return sharp({ create: { width, height, channels: 4, background: { r: 0, g: 128, b: 255, alpha: 0.5 } } })
    .png()
    .toBuffer();
}

/** A two-frame animated GIF, each frame `width`×`height`. */
export async function animatedGif(width = 200, height = 100): Promise<Buffer> {
  const frame = (background: string) =>
    sharp({ create: { width, height, channels: 4, background } })
      .png()
      .toBuffer();
  const frames = await Promise.all([frame('#00ff00'), frame('#0000ff')]);
  return sharp(frames, { join: { animated: true } })
    .gif()
    .toBuffer();
}

export async function plainJpeg(width: number, height: number): Promise<Buffer> {
  return noisy(width, height, 3, '#336699').jpeg().toBuffer();
}

/** A real JPEG cut in half: its header reads, its pixels do not. */
export async function truncatedJpeg(): Promise<Buffer> {
  const whole = await plainJpeg(600, 400);
  return whole.subarray(0, Math.floor(whole.length / 2));
}

export function textFile(): Buffer {
  return Buffer.from('This is a text file pretending to be a photo.\n', 'utf8');
}

const CRC_TABLE = Array.from({ length: 256 }, (_, n) => {
  let c = n;
  for (let k = 0; k < 8; k += 1) c = c & 1 ? 0xedb88320 ^ (c >>> 1) : c >>> 1;
  return c >>> 0;
});

function crc32(bytes: Buffer): number {
  let crc = 0xffffffff;
  for (const byte of bytes) crc = (CRC_TABLE[(crc ^ byte) & 0xff] as number) ^ (crc >>> 8);
  return (crc ^ 0xffffffff) >>> 0;
}

/**
 * A decompression bomb: a tiny valid PNG whose header declares `width`×`height` pixels. Only the
 * IHDR chunk is rewritten (with its CRC), so readers believe the dimensions.
 */
export async function pngDeclaring(width: number, height: number): Promise<Buffer> {
  const png = Buffer.from(
    await sharp({ create: { width: 1, height: 1, channels: 3, background: '#000' } })
      .png()
      .toBuffer(),
  );
  // Signature (8) + length (4) + "IHDR" (4), then width and height as big-endian uint32.
  png.writeUInt32BE(width, 16);
  png.writeUInt32BE(height, 20);
  png.writeUInt32BE(crc32(png.subarray(12, 29)), 29);
  return png;
}
