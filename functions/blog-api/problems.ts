import { type FieldIssue, problemOf } from '../shared/problem-details';

/**
 * Errors the API answers with, as RFC 9457 problem details (application/problem+json). Each has
 * a stable `type` URI a client can switch on; `detail` says what was wrong with this request.
 */

export const PROBLEM_BASE = 'https://myblog.com/problems/';

export { ProblemError, type FieldIssue, type Problem } from '../shared/problem-details';

const problem = problemOf(PROBLEM_BASE);

/** Bytes that are not UTF-8: refused rather than stored with U+FFFD where they were. */
export class InvalidUtf8 extends problem('invalid-utf8', 'The body is not valid UTF-8', 400) {}
export class InvalidJson extends problem('invalid-json', 'The body is not valid JSON', 400) {}
export class UnsupportedMediaType extends problem(
  'unsupported-media-type',
  'The body must be application/json',
  415,
) {}
export class PayloadTooLarge extends problem('payload-too-large', 'The body is too large', 413) {}
export class AlreadySubscribed extends problem(
  'already-subscribed',
  'This address is already subscribed',
  409,
) {}
export class NotFound extends problem('not-found', 'No such resource', 404) {}
export class RouteNotFound extends problem('route-not-found', 'No such route', 404) {}
export class InternalError extends problem('internal-error', 'Something went wrong on our side', 500) {}

export class ValidationFailed extends problem('validation-failed', 'The request is not valid', 400) {
  override readonly errors: readonly FieldIssue[];
  constructor(detail: string, errors: readonly FieldIssue[]) {
    super(detail);
    this.errors = errors;
  }
}

export class MethodNotAllowed extends problem(
  'method-not-allowed',
  'This route does not take that method',
  405,
) {
  override readonly headers: Readonly<Record<string, string>>;
  constructor(detail: string, allowed: readonly string[]) {
    super(detail);
    this.headers = { Allow: allowed.join(', ') };
  }
}

/** A photo known to the API whose thumbnails are not made yet: ask again after a moment. */
export class PhotoNotReady extends problem('photo-not-ready', 'The thumbnails are not made yet', 404) {
  override readonly headers: Readonly<Record<string, string>>;
  constructor(detail: string, retryAfterSeconds: number) {
    super(detail);
    this.headers = { 'Retry-After': String(retryAfterSeconds) };
  }
}

export class TemporarilyUnavailable extends problem('temporarily-unavailable', 'Try again in a moment', 503) {
  override readonly headers = { 'Retry-After': '1' };
}
