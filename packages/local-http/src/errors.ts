/**
 * Refusals as named classes: each carries the HTTP status to answer and a sentence saying what was
 * wrong. A server renders them in its own wire shape (problem+json, AWS JSON's `__type`, S3's XML,
 * plain text); the status, the name and the sentence are the same everywhere.
 */
export class HttpError extends Error {
  override readonly name: string = 'HttpError';
  constructor(
    readonly status: number,
    message: string,
    /** Headers the answer must carry (Allow on a 405). */
    readonly headers: Readonly<Record<string, string>> = {},
  ) {
    super(message);
  }
}

/** 400: the request cannot be understood (an unparseable URL, a malformed % escape, bad JSON). */
export class BadRequest extends HttpError {
  override readonly name = 'BadRequest';
  constructor(message: string) {
    super(400, message);
  }
}

/** 403: a web page tried to use the developer's browser to reach a loopback server. */
export class CrossSiteRequest extends HttpError {
  override readonly name = 'CrossSiteRequest';
  constructor(message: string) {
    super(403, message);
  }
}

/** 404: no route for this path. */
export class NotFound extends HttpError {
  override readonly name = 'NotFound';
  constructor(message: string) {
    super(404, message);
  }
}

/** 405: the path exists, the method does not; Allow lists those that do (RFC 9110 §15.5.6). */
export class MethodNotAllowed extends HttpError {
  override readonly name = 'MethodNotAllowed';
  constructor(
    method: string,
    path: string,
    readonly allowed: readonly string[],
  ) {
    super(405, `${method} is not allowed on ${path}: use ${allowed.join(', ')}`, {
      Allow: allowed.join(', '),
    });
  }
}

/** 413: the body is over the server's limit; nothing past the limit was kept. */
export class PayloadTooLarge extends HttpError {
  override readonly name = 'PayloadTooLarge';
  constructor(readonly limitBytes: number) {
    super(413, `The request body is over this server's limit of ${limitBytes} bytes`);
  }
}

/** 415: a state-changing request whose body is not declared as JSON. */
export class UnsupportedMediaType extends HttpError {
  override readonly name = 'UnsupportedMediaType';
  constructor(message: string) {
    super(415, message);
  }
}

/** 421: the Host is not this server's (DNS rebinding, or a mistaken address). */
export class MisdirectedRequest extends HttpError {
  override readonly name = 'MisdirectedRequest';
  constructor(message: string) {
    super(421, message);
  }
}

/** The client went away before its body was read: there is no one to answer. */
export class ClientGone extends Error {
  override readonly name = 'ClientGone';
}
