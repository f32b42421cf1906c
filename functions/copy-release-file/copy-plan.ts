/** S3's bounds on a multipart upload. */
export const MIN_PART_BYTES = 5 * 1024 * 1024;
export const MAX_PARTS = 10_000;

export interface PartRange {
  readonly partNumber: number;
  /** Inclusive byte range, as CopySourceRange writes it. */
  readonly first: number;
  readonly last: number;
}

/**
 * The parts of a multipart copy. The part size grows past `preferredPartBytes` when needed to
 * stay under 10,000 parts; every part but the last is at least 5 MiB, as S3 requires.
 */
export function planCopyParts(size: number, preferredPartBytes: number): PartRange[] {
  if (!Number.isSafeInteger(size) || size <= 0)
    throw new RangeError(`size must be a positive integer, got ${size}`);
  const partBytes = Math.max(preferredPartBytes, MIN_PART_BYTES, Math.ceil(size / MAX_PARTS));
  const parts: PartRange[] = [];
  for (let first = 0, partNumber = 1; first < size; first += partBytes, partNumber += 1) {
    parts.push({ partNumber, first, last: Math.min(first + partBytes, size) - 1 });
  }
  return parts;
}

/** Files above the threshold are copied in parts; CopyObject itself stops at 5 GiB. */
export function needsMultipartCopy(size: number, thresholdBytes: number): boolean {
  return size > thresholdBytes;
}
