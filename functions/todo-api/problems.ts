import { type FieldIssue, problemOf } from '../shared/problem-details';

/**
 * Errors MyTodoList's API answers with, as RFC 9457 problem details (application/problem+json).
 * Each has a stable `type` URI a client can switch on; `detail` says what was wrong.
 */

export const TODO_PROBLEM_BASE = 'https://mytodolist.app/problems/';

export { ProblemError, type FieldIssue, type Problem } from '../shared/problem-details';

const problem = problemOf(TODO_PROBLEM_BASE);

/** No signed-in user on the request: in AWS the Cognito authorizer answers 401 before the function runs. */
export class Unauthorized extends problem('unauthorized', 'Sign in first', 401) {}
/** Bytes that are not UTF-8: refused rather than stored with U+FFFD where they were. */
export class InvalidUtf8 extends problem('invalid-utf8', 'The body is not valid UTF-8', 400) {}
export class InvalidJson extends problem('invalid-json', 'The body is not valid JSON', 400) {}
export class UnsupportedMediaType extends problem(
  'unsupported-media-type',
  'The body must be application/json',
  415,
) {}
export class PayloadTooLarge extends problem('payload-too-large', 'The body is too large', 413) {}
/** No such to-do for this user: another user's to-do is not found either, never forbidden. */
export class TodoNotFound extends problem('todo-not-found', 'No such to-do', 404) {}
export class AttachmentNotFound extends problem('attachment-not-found', 'No such attachment', 404) {}
export class RouteNotFound extends problem('route-not-found', 'No such route', 404) {}
/** If-Match named a version the to-do no longer has: someone changed it since it was read. */
export class VersionMismatch extends problem('version-mismatch', 'The to-do was changed meanwhile', 412) {}
export class TooManyAttachments extends problem(
  'too-many-attachments',
  'The to-do has enough attachments',
  409,
) {}
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

export class TemporarilyUnavailable extends problem('temporarily-unavailable', 'Try again in a moment', 503) {
  override readonly headers = { 'Retry-After': '1' };
}
