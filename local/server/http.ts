import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { SerializationException, ServiceError } from '../engine/api/errors';
import { type Action, errorBody, type RequestBody, toWire } from './wire';

const TARGET_PREFIX = 'AWSStepFunctions.';
const MAX_BODY_BYTES = 10 * 1024 * 1024;

class UnknownOperation extends ServiceError {
  constructor(target: string) {
    super('UnknownOperationException', `Unknown operation: '${target}'`);
  }
}
class InternalFailure extends ServiceError {
  constructor(message: string) {
    super('InternalFailure', message, 500);
  }
}

function readBody(request: IncomingMessage): Promise<string> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    request.on('data', (chunk: Buffer) => {
      size += chunk.length;
      if (size > MAX_BODY_BYTES) {
        reject(new SerializationException(`The request body is larger than ${MAX_BODY_BYTES} bytes`));
        request.destroy();
        return;
      }
      chunks.push(chunk);
    });
    request.on('end', () => resolve(Buffer.concat(chunks).toString('utf8')));
    request.on('error', reject);
  });
}

function send(response: ServerResponse, status: number, body: unknown): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'content-type': 'application/x-amz-json-1.0',
    'content-length': Buffer.byteLength(text),
    'x-amzn-requestid': crypto.randomUUID(),
  });
  response.end(text);
}

function parseBody(text: string): RequestBody {
  if (text.trim() === '') return {};
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
  return createServer((request, response) => {
    void (async () => {
      try {
        if (request.method === 'GET') return send(response, 200, { status: 'ok' });
        const target = String(request.headers['x-amz-target'] ?? '');
        const action = target.startsWith(TARGET_PREFIX)
          ? actions[target.slice(TARGET_PREFIX.length)]
          : undefined;
        const text = await readBody(request);
        if (action === undefined) throw new UnknownOperation(target);
        const result = await action(parseBody(text));
        send(response, 200, toWire(result));
      } catch (error) {
        if (error instanceof ServiceError) return send(response, error.httpStatus, errorBody(error));
        onUnexpected(error);
        send(response, 500, errorBody(new InternalFailure((error as Error).message ?? String(error))));
      }
    })();
  });
}
