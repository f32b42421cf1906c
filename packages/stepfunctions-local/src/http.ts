import { createServer, type Server, type ServerResponse } from 'node:http';
import { BodyBudget, ClientGone, PayloadTooLarge, readBody, TurnEndWriter } from '@myblog/local-http';
import { SerializationException, ServiceError } from '@myblog/sfn-engine';
import { nestsTooDeep, tooDeepMessage } from './json-limits';
import { InternalFailure, RequestEntityTooLarge, UnknownOperation } from './protocol-errors';
import { type Action, errorBody, type RequestBody, toWire } from './wire';

const TARGET_PREFIX = 'AWSStepFunctions.';
/**
 * The service's hard quota on a request: 1 MB "including the request header and all other
 * associated request data", read as the MiB its 1,048,576-character definition limit is.
 */
export const MAX_REQUEST_BYTES = 1024 * 1024;
/** Bodies of all requests held at once: 16 of the largest; more wait unread in their sockets. */
const BODY_BUDGET_BYTES = 16 * MAX_REQUEST_BYTES;
/**
 * How long a client may take to send a whole request (at most 1 MiB). The body budget admits a
 * request by its declared length, so sixteen clients that each declared a mebibyte and then sent
 * a byte at a time held all of it, and every other request with a body waited on them for Node's
 * default of five minutes. Past this, Node answers 408 and closes the connection, which gives the
 * budget back. Node looks every CONNECTIONS_CHECKED_EVERY_MS; a request that is being worked on
 * (a StartSyncExecution, a long poll) is whole, and no longer counts.
 */
const REQUEST_TIMEOUT_MS = 10_000;
const CONNECTIONS_CHECKED_EVERY_MS = 1_000;

/** Answers `body` as the service does; sent with the turn's other answers (TurnEndWriter). */
function send(writer: TurnEndWriter, response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  const headers = {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
  };
  writer.send(response, status, headers, text);
}

function parseBody(text: string): RequestBody {
  if (text.trim() === '') return {};
  // JSON.parse itself does not recurse, but nothing may walk a body deeper than the limit.
  if (nestsTooDeep(text)) throw new SerializationException(tooDeepMessage('The request body'));
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch {
    throw new SerializationException('The request body is not valid JSON');
  }
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new SerializationException('The request body must be a JSON object');
  return parsed as RequestBody;
}

/**
 * The AWS JSON 1.0 protocol: POST with `X-Amz-Target: AWSStepFunctions.<Action>` and a JSON
 * body. Every failure becomes the service's `{__type, message}` error; the server never dies of
 * a bad request. `GET /` answers a health check.
 */
export function createProtocolServer(
  actions: Readonly<Record<string, Action>>,
  onUnexpected: (error: unknown) => void,
): Server {
  // A Map, not the object: a target such as `constructor` or `__proto__` must not find what every
  // object inherits.
  const byName = new Map(Object.entries(actions));
  const budget = new BodyBudget(BODY_BUDGET_BYTES);
  const writer = new TurnEndWriter(onUnexpected);
  const serverOptions = {
    requestTimeout: REQUEST_TIMEOUT_MS,
    // Node enforces the request timeout only with a headers timeout no longer than it.
    headersTimeout: REQUEST_TIMEOUT_MS,
    connectionsCheckingInterval: CONNECTIONS_CHECKED_EVERY_MS,
  };
  return createServer(serverOptions, (request, response) => {
    void (async () => {
      try {
        if (request.method === 'GET') return send(writer, response, 200, { status: 'ok' });
        const target = String(request.headers['x-amz-target'] ?? '');
        const action = target.startsWith(TARGET_PREFIX)
          ? byName.get(target.slice(TARGET_PREFIX.length))
          : undefined;
        // Answered before the body is read: node discards an unread body once the answer is out.
        if (action === undefined) throw new UnknownOperation();
        const body = await readBody(request, { limitBytes: MAX_REQUEST_BYTES, budget });
        const result = await action(parseBody(body.toString('utf8')));
        send(writer, response, 200, toWire(result));
      } catch (error) {
        if (error instanceof ClientGone) return;
        if (error instanceof ServiceError) return send(writer, response, error.httpStatus, errorBody(error));
        // The shared body reader's refusal, in the service's words.
        if (error instanceof PayloadTooLarge)
          return send(writer, response, 413, errorBody(new RequestEntityTooLarge(error.limitBytes)));
        onUnexpected(error);
        send(
          writer,
          response,
          500,
          errorBody(new InternalFailure((error as Error).message ?? String(error))),
        );
      }
    })();
  });
}

/** Kept here for the modules that import it from this package (the console, the dev runtime). */
export { holdIdleConnections } from '@myblog/local-http';
