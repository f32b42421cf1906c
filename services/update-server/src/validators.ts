/**
 * A file's validators (RFC 9110 §8.8) and the conditional requests they answer (§13). The files
 * served never change in place (a new version is a new path; latest.json is replaced by a rename),
 * so a validator built from size and modification time changes whenever the content does.
 */

export interface Validators {
  /** A strong entity tag, quoted. */
  readonly etag: string;
  /** The modification time as an HTTP-date (whole seconds, as the header carries). */
  readonly lastModified: string;
  /** Modification time in whole seconds since the epoch, what HTTP-dates compare at. */
  readonly modifiedSeconds: number;
}

export function validatorsOf(file: { readonly size: number; readonly mtimeMs: number }): Validators {
  const modifiedSeconds = Math.floor(file.mtimeMs / 1000);
  return {
    etag: `"${file.size.toString(16)}-${Math.floor(file.mtimeMs).toString(16)}"`,
    lastModified: new Date(modifiedSeconds * 1000).toUTCString(),
    modifiedSeconds,
  };
}

/** The entity tags of an If-Match or If-None-Match list; `*` stands for any. */
function tagsIn(header: string): string[] {
  return header
    .split(',')
    .map((tag) => tag.trim())
    .filter((tag) => tag !== '');
}

const opaque = (tag: string) => (tag.startsWith('W/') ? tag.slice(2) : tag);

/** Strong comparison (§8.8.3.2): both strong and the same opaque tag. */
function strongMatch(tag: string, etag: string): boolean {
  return !tag.startsWith('W/') && tag === etag;
}

/** Weak comparison: the opaque tags are the same, either may be weak. */
function weakMatch(tag: string, etag: string): boolean {
  return opaque(tag) === opaque(etag);
}

/** An HTTP-date as seconds since the epoch; undefined when it is not a date (the header is then ignored). */
function secondsOf(date: string): number | undefined {
  const ms = Date.parse(date);
  return Number.isNaN(ms) ? undefined : Math.floor(ms / 1000);
}

export interface ConditionalHeaders {
  readonly ifMatch?: string | undefined;
  readonly ifNoneMatch?: string | undefined;
  readonly ifModifiedSince?: string | undefined;
  readonly ifUnmodifiedSince?: string | undefined;
}

/**
 * What the preconditions of a GET or HEAD decide, evaluated in the order of RFC 9110 §13.2.2:
 * If-Match, else If-Unmodified-Since (412 when failed); then If-None-Match, else
 * If-Modified-Since (304 when the client's copy is current).
 */
export function preconditionOutcome(
  headers: ConditionalHeaders,
  validators: Validators,
): 'serve' | 'notModified' | 'preconditionFailed' {
  if (headers.ifMatch !== undefined) {
    const tags = tagsIn(headers.ifMatch);
    if (!tags.some((tag) => tag === '*' || strongMatch(tag, validators.etag))) return 'preconditionFailed';
  } else if (headers.ifUnmodifiedSince !== undefined) {
    const since = secondsOf(headers.ifUnmodifiedSince);
    if (since !== undefined && validators.modifiedSeconds > since) return 'preconditionFailed';
  }
  if (headers.ifNoneMatch !== undefined) {
    const tags = tagsIn(headers.ifNoneMatch);
    if (tags.some((tag) => tag === '*' || weakMatch(tag, validators.etag))) return 'notModified';
  } else if (headers.ifModifiedSince !== undefined) {
    const since = secondsOf(headers.ifModifiedSince);
    if (since !== undefined && validators.modifiedSeconds <= since) return 'notModified';
  }
  return 'serve';
}

/**
 * Whether a Range may be honoured under If-Range (§13.1.5): only if the client's entity tag matches
 * strongly, or its date is exactly the Last-Modified; otherwise the whole, current file is sent,
 * so a resumed download never splices two versions.
 */
export function rangeStillValid(ifRange: string | undefined, validators: Validators): boolean {
  if (ifRange === undefined) return true;
  const value = ifRange.trim();
  if (value.startsWith('"') || value.startsWith('W/')) return strongMatch(value, validators.etag);
  return secondsOf(value) === validators.modifiedSeconds;
}
