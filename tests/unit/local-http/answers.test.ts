import { MethodNotAllowed, type Listening, problemOf, sendJson, sendProblem } from '@myblog/local-http';
import { send, serve } from './raw-request';

let server: Listening | undefined;
afterEach(() => server?.close());

test('a JSON answer has its type and byte length', async () => {
  server = await serve((_request, response) => sendJson(response, 201, { word: 'héllo' }));
  const answer = await send(server.url);
  expect(answer.status).toBe(201);
  expect(answer.headers['content-type']).toBe('application/json');
  expect(answer.headers['content-length']).toBe(String(Buffer.byteLength(answer.text)));
  expect(JSON.parse(answer.text)).toEqual({ word: 'héllo' });
});

test('a problem is application/problem+json with the RFC 9457 members and its status', async () => {
  server = await serve((_request, response) =>
    sendProblem(response, {
      type: 'https://myblog.com/problems/out-of-stock',
      title: 'Out of stock',
      status: 409,
      detail: 'No more left',
    }),
  );
  const answer = await send(server.url);
  expect(answer.status).toBe(409);
  expect(answer.headers['content-type']).toBe('application/problem+json');
  expect(JSON.parse(answer.text)).toEqual({
    type: 'https://myblog.com/problems/out-of-stock',
    title: 'Out of stock',
    status: 409,
    detail: 'No more left',
  });
});

test('a refusal becomes a problem with about:blank, its name as title and its message as detail', () => {
  expect(problemOf(new MethodNotAllowed('PUT', '/a', ['GET']))).toEqual({
    type: 'about:blank',
    title: 'MethodNotAllowed',
    status: 405,
    detail: 'PUT is not allowed on /a: use GET',
  });
});
