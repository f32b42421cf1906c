import type { IncomingMessage, RequestListener, ServerResponse } from 'node:http';
import { ClientGone, HttpError } from './errors';

/** How a server writes a refusal in its own wire shape (problem+json, AWS JSON, S3 XML, text). */
export type AnswerError = (error: HttpError, request: IncomingMessage, response: ServerResponse) => void;

/** A handler may be async; what it throws is answered by the server's AnswerError. */
export type Handler = (request: IncomingMessage, response: ServerResponse) => void | Promise<void>;

/** A failure of the server itself, not the client's: answered 500 without its details. */
export class InternalServerError extends HttpError {
  override readonly name = 'InternalServerError';
  constructor(readonly failure: unknown) {
    super(500, 'The server failed to answer this request');
  }
}

/**
 * A node request listener around `handle`: whatever it throws or rejects with is answered once,
 * by `answer`, as an HttpError (anything else as a 500 InternalServerError, after `onUnexpected`
 * saw it). The unread rest of the body is drained first, so the client reads the answer rather
 * than a reset connection. A client already gone, or an answer already started, is not answered
 * again: the response is ended where it stands.
 */
export function handleWith(
  handle: Handler,
  answer: AnswerError,
  onUnexpected: (error: unknown) => void = () => undefined,
): RequestListener {
  return (request, response) => {
    const fail = (error: unknown) => {
      if (error instanceof ClientGone) return;
      if (!(error instanceof HttpError)) onUnexpected(error);
      if (response.headersSent) {
        response.destroy();
        return;
      }
      request.resume();
      answer(error instanceof HttpError ? error : new InternalServerError(error), request, response);
    };
    try {
      const done = handle(request, response);
      if (done !== undefined) done.catch(fail);
    } catch (error) {
      fail(error);
    }
  };
}
