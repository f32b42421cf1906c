import { createTodoApi, type SignedInUser, type TodoRequest } from '../../../functions/todo-api/api';
import { ProblemError } from '../../../functions/todo-api/problems';
import type { Todo } from '../../../functions/todo-api/schemas';
import { MemoryTodoStore } from '../../support/todo-memory-store';

const NOW = new Date('2030-01-01T08:00:00.000Z');
const ana: SignedInUser = { sub: 'sub-ana', idToken: 'token-ana' };
const bo: SignedInUser = { sub: 'sub-bo', idToken: 'token-bo' };

let store: MemoryTodoStore;
let ids: number;
let api: ReturnType<typeof createTodoApi>;
beforeEach(() => {
  store = new MemoryTodoStore();
  ids = 0;
  api = createTodoApi(store, {
    now: () => NOW,
    newId: () => `00000000-0000-4000-8000-${String((ids += 1)).padStart(12, '0')}`,
    pageSize: 2,
  });
});

function request(
  user: SignedInUser | undefined,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): TodoRequest {
  return {
    method,
    path,
    query: {},
    headers: body === undefined ? headers : { 'content-type': 'application/json', ...headers },
    body: body === undefined ? undefined : JSON.stringify(body),
    user,
  };
}

/** The answer, or the problem a client would get (status and body), as the handler renders it. */
async function call(req: TodoRequest) {
  try {
    return await api.handle(req);
  } catch (error) {
    if (!(error instanceof ProblemError)) throw error;
    return { status: error.status, headers: error.headers, body: error.toProblem() };
  }
}

async function created(user: SignedInUser, fields: object): Promise<Todo> {
  const answer = await call(request(user, 'POST', '/todos', fields));
  expect(answer.status).toBe(201);
  return answer.body as Todo;
}

describe('to-dos', () => {
  test('POST /todos stores a to-do for the signed-in user and answers 201 with Location and ETag', async () => {
    const answer = await call(
      request(ana, 'POST', '/todos', { title: ' Buy milk ', dueAt: '2030-01-31T10:00:00+01:00' }),
    );

    expect(answer).toEqual({
      status: 201,
      headers: { Location: '/todos/00000000-0000-4000-8000-000000000001', ETag: '"1"' },
      body: {
        todoId: '00000000-0000-4000-8000-000000000001',
        title: 'Buy milk',
        dueAt: '2030-01-31T09:00:00Z',
        completed: false,
        createdAt: NOW.toISOString(),
        updatedAt: NOW.toISOString(),
        version: 1,
        attachments: [],
      },
    });
    expect([...store.rows.values()][0]?.userId).toBe('sub-ana');
  });

  test('a due time is stored as UTC to the second, which the reminder workflow waits on', async () => {
    const todo = await created(ana, { title: 'Call', dueAt: '2030-01-31T09:00:00.750Z' });

    expect(todo.dueAt).toBe('2030-01-31T09:00:00Z');
  });

  test('a due time more than a year ahead is refused: a reminder waits at most a year', async () => {
    const answer = await call(
      request(ana, 'POST', '/todos', { title: 'Far', dueAt: '2031-01-02T08:00:00Z' }),
    );

    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: 'https://mytodolist.app/problems/validation-failed' });
  });

  test.each([
    [{ title: '' }, 'title: title must not be empty'],
    [{ title: 'x'.repeat(201) }, 'title: title must be at most 200 characters'],
    [
      { title: 'ok', dueAt: 'tomorrow' },
      'dueAt: dueAt must be an RFC 3339 date-time such as 2030-01-31T09:00:00Z',
    ],
    [{ title: 'ok', owner: 'sub-bo' }, 'Unrecognized key: "owner"'],
  ])('refuses %j with 400 naming the field', async (body, detail) => {
    const answer = await call(request(ana, 'POST', '/todos', body));

    expect(answer.status).toBe(400);
    expect((answer.body as { detail: string }).detail).toContain(detail);
  });

  test('a body that is not application/json is 415, and one that is not JSON is 400', async () => {
    const form = await call({
      ...request(ana, 'POST', '/todos'),
      headers: { 'content-type': 'text/plain' },
      body: 'x',
    });
    const broken = await call({ ...request(ana, 'POST', '/todos', {}), body: '{"title":' });

    expect(form.status).toBe(415);
    expect(broken.status).toBe(400);
  });

  test('GET /todos lists only the signed-in user’s to-dos, a page at a time', async () => {
    await created(ana, { title: 'one' });
    await created(bo, { title: 'not yours' });
    await created(ana, { title: 'two' });
    await created(ana, { title: 'three' });

    const first = await call(request(ana, 'GET', '/todos'));
    const page = first.body as { todos: Todo[]; nextCursor?: string };
    const second = await call({ ...request(ana, 'GET', '/todos'), query: { cursor: page.nextCursor } });

    const titles = [...page.todos, ...(second.body as { todos: Todo[] }).todos].map((t) => t.title);
    expect(titles).toEqual(['one', 'two', 'three']);
    expect(JSON.stringify([first.body, second.body])).not.toContain('not yours');
  });

  test("GET, PUT and DELETE of another user's to-do are 404, as if it did not exist, and change nothing", async () => {
    const anas = await created(ana, { title: 'Ana’s' });
    const path = `/todos/${anas.todoId}`;

    const read = await call(request(bo, 'GET', path));
    const replace = await call(request(bo, 'PUT', path, { title: 'mine now' }));
    const remove = await call(request(bo, 'DELETE', path));

    expect([read.status, replace.status, remove.status]).toEqual([404, 404, 404]);
    expect((await call(request(ana, 'GET', path))).body).toMatchObject({ title: 'Ana’s', version: 1 });
  });

  test('PUT replaces the to-do: a field left out is cleared, the version goes up', async () => {
    const todo = await created(ana, { title: 'Buy milk', notes: 'oat', dueAt: '2030-01-31T09:00:00Z' });

    const answer = await call(
      request(ana, 'PUT', `/todos/${todo.todoId}`, { title: 'Buy milk', completed: true }),
    );

    expect(answer.status).toBe(200);
    expect(answer.headers).toEqual({ ETag: '"2"' });
    expect(answer.body).toEqual({ ...todo, completed: true, version: 2, notes: undefined, dueAt: undefined });
    expect(answer.body).not.toHaveProperty('dueAt');
  });

  test('PUT with If-Match of an older version is 412 and changes nothing', async () => {
    const todo = await created(ana, { title: 'v1' });
    await call(request(ana, 'PUT', `/todos/${todo.todoId}`, { title: 'v2' }, { 'if-match': '"1"' }));

    const stale = await call(
      request(ana, 'PUT', `/todos/${todo.todoId}`, { title: 'lost' }, { 'if-match': '"1"' }),
    );

    expect(stale.status).toBe(412);
    expect((await call(request(ana, 'GET', `/todos/${todo.todoId}`))).body).toMatchObject({
      title: 'v2',
      version: 2,
    });
  });

  test('PUT that loses a race with another write is 412, not a silent overwrite', async () => {
    const todo = await created(ana, { title: 'v1' });
    const racing = store.replace.bind(store);
    store.replace = async (next, expected) => {
      const current = store.rows.get(`sub-ana\u0000${todo.todoId}`);
      if (current !== undefined) store.rows.set(`sub-ana\u0000${todo.todoId}`, { ...current, version: 9 });
      return racing(next, expected);
    };

    expect((await call(request(ana, 'PUT', `/todos/${todo.todoId}`, { title: 'v2' }))).status).toBe(412);
  });

  test('DELETE removes the to-do and its attachments from the user’s folder', async () => {
    const todo = await created(ana, { title: 'with a file' });
    await call(
      request(ana, 'POST', `/todos/${todo.todoId}/attachments`, {
        name: 'a.pdf',
        contentType: 'application/pdf',
        size: 10,
      }),
    );

    const answer = await call(request(ana, 'DELETE', `/todos/${todo.todoId}`));

    expect(answer).toEqual({ status: 204, headers: {}, body: undefined });
    expect(store.rows.size).toBe(0);
    expect(store.deletedObjects).toEqual([`private/us-east-1:ana/${todo.todoId}/a.pdf`]);
  });

  test('a to-do id that is not a UUID is 400', async () => {
    expect((await call(request(ana, 'GET', '/todos/..%2F..'))).status).toBe(400);
  });
});

describe('attachments', () => {
  test("POST /todos/{id}/attachments signs a PUT in the user's own identity folder and records it", async () => {
    const todo = await created(ana, { title: 'Receipt' });

    const answer = await call(
      request(ana, 'POST', `/todos/${todo.todoId}/attachments`, {
        name: 'receipt.jpg',
        contentType: 'image/jpeg',
        size: 2048,
      }),
    );

    const key = `private/us-east-1:ana/${todo.todoId}/receipt.jpg`;
    expect(answer.status).toBe(201);
    expect(answer.body).toEqual({
      attachment: { name: 'receipt.jpg', contentType: 'image/jpeg', size: 2048, key },
      upload: {
        method: 'PUT',
        url: `https://attachments.test/${key}?put&type=image%2Fjpeg&size=2048&expires=900`,
        headers: { 'Content-Type': 'image/jpeg', 'Content-Length': '2048' },
        expiresAt: new Date(NOW.getTime() + 900_000).toISOString(),
      },
    });
    expect((await call(request(ana, 'GET', `/todos/${todo.todoId}`))).body).toMatchObject({
      attachments: [{ name: 'receipt.jpg', key }],
      version: 2,
    });
  });

  test('GET /todos/{id}/attachments/{name} signs a GET of a recorded attachment only', async () => {
    const todo = await created(ana, { title: 'Receipt' });
    await call(
      request(ana, 'POST', `/todos/${todo.todoId}/attachments`, {
        name: 'r.png',
        contentType: 'image/png',
        size: 5,
      }),
    );

    const found = await call(request(ana, 'GET', `/todos/${todo.todoId}/attachments/r.png`));
    const missing = await call(request(ana, 'GET', `/todos/${todo.todoId}/attachments/other.png`));
    const theirs = await call(request(bo, 'GET', `/todos/${todo.todoId}/attachments/r.png`));

    expect(found.body).toMatchObject({
      download: {
        method: 'GET',
        url: `https://attachments.test/private/us-east-1:ana/${todo.todoId}/r.png?get&expires=900`,
      },
    });
    expect([missing.status, theirs.status]).toEqual([404, 404]);
  });

  test.each(['../b/x', 'a/b', '.hidden', 'x'.repeat(101)])(
    'an attachment name %j is refused',
    async (name) => {
      const todo = await created(ana, { title: 'x' });

      const answer = await call(
        request(ana, 'POST', `/todos/${todo.todoId}/attachments`, {
          name,
          contentType: 'text/plain',
          size: 1,
        }),
      );

      expect(answer.status).toBe(400);
    },
  );

  test('an attachment over 25 MiB is refused before any URL is signed', async () => {
    const todo = await created(ana, { title: 'x' });

    const answer = await call(
      request(ana, 'POST', `/todos/${todo.todoId}/attachments`, {
        name: 'big.bin',
        contentType: 'application/octet-stream',
        size: 25 * 1024 * 1024 + 1,
      }),
    );

    expect(answer.status).toBe(400);
  });
});

describe('routing', () => {
  test('a request without a signed-in user is 401 on every to-do route', async () => {
    for (const [method, path] of [
      ['GET', '/todos'],
      ['POST', '/todos'],
      ['GET', '/todos/00000000-0000-4000-8000-000000000001'],
    ] as const)
      expect((await call(request(undefined, method, path))).status).toBe(401);
  });

  test('an unknown method is 405 with Allow, an unknown path 404', async () => {
    const wrong = await call(request(ana, 'PATCH', '/todos'));

    expect(wrong).toMatchObject({ status: 405, headers: { Allow: 'GET, POST' } });
    expect((await call(request(ana, 'GET', '/nowhere'))).status).toBe(404);
  });

  test('GET /openapi.json describes every route, without signing in', async () => {
    const answer = await call(request(undefined, 'GET', '/openapi.json'));

    expect(answer.status).toBe(200);
    expect(Object.keys((answer.body as { paths: object }).paths).sort()).toEqual([
      '/openapi.json',
      '/todos',
      '/todos/{todoId}',
      '/todos/{todoId}/attachments',
      '/todos/{todoId}/attachments/{name}',
    ]);
  });
});
