import {
  handleWith,
  type HttpError,
  type Listening,
  NotFound,
  problemOf,
  readBody,
  sendJson,
  sendProblem,
} from '@myblog/local-http';
import { send, serve } from './raw-request';

let server: Listening | undefined;
afterEach(() => server?.close());

const asProblem = (error: HttpError, _request: unknown, response: Parameters<typeof sendProblem>[0]) =>
  sendProblem(response, problemOf(error), error.headers);

test('what an async handler rejects with is answered in the server shape, with its status', async () => {
  server = await serve(
    handleWith(async () => {
      throw new NotFound('No route for /x');
    }, asProblem),
  );
  const answer = await send(server.url, { path: '/x' });
  expect(answer.status).toBe(404);
  expect(JSON.parse(answer.text)).toEqual({
    type: 'about:blank',
    title: 'NotFound',
    status: 404,
    detail: 'No route for /x',
  });
});

test('an unexpected failure is a 500 without its details, and is reported', async () => {
  const reported: unknown[] = [];
  server = await serve(
    handleWith(
      () => {
        throw new Error('secret stack detail');
      },
      asProblem,
      (error) => reported.push(error),
    ),
  );
  const answer = await send(server.url);
  expect(answer.status).toBe(500);
  expect(answer.text).not.toContain('secret');
  expect(reported).toEqual([new Error('secret stack detail')]);
});

test('a refusal before the body is read still reaches the client, the body drained', async () => {
  server = await serve(
    handleWith(async (request, response) => {
      await readBody(request, { limitBytes: 16 });
      sendJson(response, 200, {});
    }, asProblem),
  );
  const answer = await send(server.url, { method: 'POST', body: Buffer.alloc(256 * 1024) });
  expect(answer.status).toBe(413);
  expect(JSON.parse(answer.text)).toMatchObject({ title: 'PayloadTooLarge', status: 413 });
});
