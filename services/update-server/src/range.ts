/**
 * The Range header of a GET, as RFC 9110 §14 defines it for the `bytes` unit. One range is served
 * as 206; a request for several is answered with the whole file (a server may ignore Range, §14.2),
 * which every download client accepts, rather than a multipart/byteranges body few of them read.
 */

/** An inclusive byte range within a file, as Content-Range writes it. */
export interface ByteRange {
  readonly first: number;
  readonly last: number;
}

export type RangeOutcome =
  /** No usable Range: serve the whole file with 200 (no header, another unit, bad syntax, several ranges). */
  | { readonly kind: 'whole' }
  /** One satisfiable range: 206 with Content-Range. */
  | { readonly kind: 'partial'; readonly range: ByteRange }
  /** Syntactically valid but no byte of it is in the file: 416 with `Content-Range: bytes *\/size`. */
  | { readonly kind: 'unsatisfiable' };

const SPEC = /^(\d*)-(\d*)$/;

/** Where a request's Range header (undefined when absent) leaves a file of `size` bytes. */
export function rangeOf(header: string | undefined, size: number): RangeOutcome {
  if (header === undefined) return { kind: 'whole' };
  const match = /^\s*bytes\s*=\s*(.+)$/i.exec(header);
  if (match === null) return { kind: 'whole' };
  const specs = (match[1] as string).split(',').map((part) => part.trim());
  if (specs.length !== 1) return { kind: 'whole' };
  const parts = SPEC.exec(specs[0] as string);
  if (parts === null) return { kind: 'whole' };
  const [, from, to] = parts as unknown as [string, string, string];
  if (from === '' && to === '') return { kind: 'whole' };
  if (from === '') {
    // A suffix range: the last N bytes. bytes=-0 asks for nothing, so none of it can be served.
    const length = Number(to);
    if (!Number.isSafeInteger(length)) return { kind: 'whole' };
    if (length === 0 || size === 0) return { kind: 'unsatisfiable' };
    return { kind: 'partial', range: { first: Math.max(0, size - length), last: size - 1 } };
  }
  const first = Number(from);
  const last = to === '' ? size - 1 : Number(to);
  if (!Number.isSafeInteger(first) || !Number.isSafeInteger(last)) return { kind: 'whole' };
  // last < first is invalid syntax (§14.1.1): the header is ignored, not refused.
  if (to !== '' && last < first) return { kind: 'whole' };
  if (first >= size) return { kind: 'unsatisfiable' };
  return { kind: 'partial', range: { first, last: Math.min(last, size - 1) } };
}

export const contentRange = (range: ByteRange, size: number): string =>
  `bytes ${range.first}-${range.last}/${size}`;

export const unsatisfiedRange = (size: number): string => `bytes */${size}`;
