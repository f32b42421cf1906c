import { BadRequest, MethodNotAllowed, NotFound, Router } from '@myblog/local-http';

const router = new Router<string>()
  .add('GET', '/todos', 'list')
  .add('POST', '/todos', 'create')
  .add('GET', '/todos/{id}', 'read')
  .add('DELETE', '/todos/{id}', 'delete')
  .add('GET', '/files/{key+}', 'file');

test('a method and path find their handler', () => {
  expect(router.match('POST', '/todos')).toMatchObject({ handler: 'create', params: {} });
});

test('a {name} segment is a %-decoded path parameter, and the pattern is given back', () => {
  expect(router.match('GET', '/todos/a%20b')).toEqual({
    handler: 'read',
    params: { id: 'a b' },
    pattern: '/todos/{id}',
  });
});

test('a {name} segment does not span a slash', () => {
  expect(() => router.match('GET', '/todos/a/b')).toThrow(NotFound);
});

test('a greedy {name+} parameter takes the rest of the path, slashes included', () => {
  expect(router.match('GET', '/files/releases/1.2/app.zip').params).toEqual({
    key: 'releases/1.2/app.zip',
  });
});

test('a path no route has is a 404 NotFound', () => {
  expect(() => router.match('GET', '/nothing')).toThrow(
    expect.objectContaining({ status: 404, message: 'No route for /nothing' }) as Error,
  );
});

test('a known path with another method is a 405 whose Allow lists the methods it has (HEAD with GET)', () => {
  let refused: unknown;
  try {
    router.match('PUT', '/todos/1');
  } catch (error) {
    refused = error;
  }
  expect(refused).toBeInstanceOf(MethodNotAllowed);
  expect((refused as MethodNotAllowed).headers).toEqual({ Allow: 'GET, HEAD, DELETE' });
  expect((refused as MethodNotAllowed).status).toBe(405);
});

test('HEAD finds the GET route when it has none of its own', () => {
  expect(router.match('HEAD', '/todos').handler).toBe('list');
});

test('a path parameter with a malformed % escape is a 400 BadRequest', () => {
  expect(() => router.match('GET', '/todos/%zz')).toThrow(BadRequest);
});

test('routes are tried in the order added', () => {
  const ordered = new Router<string>().add('GET', '/a/latest', 'literal').add('GET', '/a/{id}', 'param');
  expect(ordered.match('GET', '/a/latest').handler).toBe('literal');
});
