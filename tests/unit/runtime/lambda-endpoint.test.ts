import { request } from 'node:http';
import type { Listening } from '@myblog/local-http';
import { MAX_INVOKE_PAYLOAD_BYTES, startLambdaEndpoint } from '../../../local/runtime/lambda-endpoint';

// The Lambda endpoint's answers that come from the shared HTTP layer, in the Lambda API's shape.

let endpoint: Listening;
const invoked: unknown[] = [];

beforeAll(async () => {
  endpoint = await startLambdaEndpoint(
    new Map([
      [
        'echo',
        async (event: unknown) => {
          invoked.push(event);
          return event;
        },
      ],
    ]),
  );
});
afterAll(() => endpoint.close());

function send(method: string, path: string, body?: Buffer) {
  const url = new URL(endpoint.url);
  return new Promise<{ status: number; headers: Record<string, unknown>; body: unknown }>(
    (resolve, reject) => {
      const outgoing = request({ host: url.hostname, port: url.port, method, path }, (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            body: JSON.parse(Buffer.concat(chunks).toString('utf8')) as unknown,
          }),
        );
      });
      outgoing.on('error', reject);
      outgoing.end(body);
    },
  );
}

const INVOKE = '/2015-03-31/functions/echo/invocations';

test('a payload over Lambda’s 6 MB quota is a 413 RequestTooLargeException, and the function does not run', async () => {
  const before = invoked.length;
  const answer = await send('POST', INVOKE, Buffer.alloc(MAX_INVOKE_PAYLOAD_BYTES + 1, 0x20));
  expect(answer.status).toBe(413);
  expect(answer.headers['x-amzn-errortype']).toBe('RequestTooLargeException');
  expect(answer.body).toEqual({
    Type: 'User',
    message: `The request body is over this server's limit of ${MAX_INVOKE_PAYLOAD_BYTES} bytes`,
  });
  expect(invoked).toHaveLength(before);
});

test('a GET of the invoke path is a 405 naming POST, as an UnknownOperationException', async () => {
  const answer = await send('GET', INVOKE);
  expect(answer.status).toBe(405);
  expect(answer.headers['allow']).toBe('POST');
  expect(answer.headers['x-amzn-errortype']).toBe('UnknownOperationException');
});

test('a path that is no Lambda API route is a 404 UnknownOperationException', async () => {
  const answer = await send('POST', '/2015-03-31/functions');
  expect(answer.status).toBe(404);
  expect(answer.headers['x-amzn-errortype']).toBe('UnknownOperationException');
});
