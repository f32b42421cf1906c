/**
 * RFC 9457 problem details (application/problem+json), as both REST APIs (the blog's and
 * MyTodoList's) answer errors. Each problem has a stable `type` URI under its API's base, which a
 * client can switch on; `detail` says what was wrong with this request.
 */

export interface FieldIssue {
  readonly path: string;
  readonly message: string;
}

export interface Problem {
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail: string;
  readonly errors?: readonly FieldIssue[];
}

export abstract class ProblemError extends Error {
  /** Where this API's problem types live, e.g. `https://myblog.com/problems/`. */
  abstract readonly base: string;
  abstract readonly slug: string;
  abstract readonly title: string;
  abstract readonly status: number;
  /** Extra response headers (Allow, Retry-After, ETag). */
  readonly headers: Readonly<Record<string, string>> = {};
  readonly errors: readonly FieldIssue[] | undefined = undefined;

  toProblem(): Problem {
    return {
      type: `${this.base}${this.slug}`,
      title: this.title,
      status: this.status,
      detail: this.message,
      ...(this.errors === undefined ? {} : { errors: this.errors }),
    };
  }
}

/** The problem classes of one API: `problemOf(base)('not-found', 'No such thing', 404)`. */
export const problemOf = (base: string) => (slug: string, title: string, status: number) =>
  class extends ProblemError {
    readonly base = base;
    readonly slug = slug;
    readonly title = title;
    readonly status = status;
  };
