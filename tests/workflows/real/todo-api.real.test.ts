import { randomBytes } from 'node:crypto';
import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { DynamoDB } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import { awsTodoStore } from '../../../functions/todo-api/aws-store';
import { signIn, type SignedInClient } from '../../../local/runtime/todo/users';
import { eventually, ReminderInbox, startTodo, type TodoUnderTest } from './todo-local';

// An hour of the workflow's time is two seconds here.
let todo: TodoUnderTest;
let ana: SignedInClient;
let bo: SignedInClient;
beforeAll(async () => {
  todo = await startTodo(1 / 1800);
  const tag = randomBytes(3).toString('hex');
  [ana, bo] = await Promise.all([
    signIn(todo.backend.signInTarget, `ana-${tag}@example.com`, 'Correct-horse-1', true),
    signIn(todo.backend.signInTarget, `bo-${tag}@example.com`, 'Battery-staple-2', true),
  ]);
}, 60_000);
afterAll(() => todo?.stop());

async function call(
  user: SignedInClient | undefined,
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): Promise<{ status: number; body: Record<string, unknown>; headers: Headers }> {
  const response = await fetch(`${todo.backend.apiUrl}${path}`, {
    method,
    headers: {
      ...(user === undefined ? {} : { Authorization: user.idToken }),
      ...(body === undefined ? {} : { 'Content-Type': 'application/json' }),
      ...headers,
    },
    ...(body === undefined ? {} : { body: JSON.stringify(body) }),
  });
  const text = await response.text();
  return {
    status: response.status,
    body: text === '' ? {} : (JSON.parse(text) as Record<string, unknown>),
    headers: response.headers,
  };
}

test('a signed-in user creates, reads, replaces and deletes their to-dos over HTTP; a deleted one stays in the stage cache until its entry expires', async () => {
  const created = await call(ana, 'POST', '/todos', { title: 'Buy milk' });
  const path = created.headers.get('location') as string;

  expect(created.status).toBe(201);
  expect((await call(ana, 'GET', path)).body).toMatchObject({ title: 'Buy milk', version: 1 });
  const replaced = await call(ana, 'PUT', path, { title: 'Buy oat milk', completed: true });
  expect(replaced.body).toMatchObject({ title: 'Buy oat milk', completed: true, version: 2 });
  expect((await call(ana, 'DELETE', path)).status).toBe(204);
  // The stage cache still has the first GET until its 10 s are up: Cache-Control does not reach
  // past it for a caller without IAM rights to invalidate (the stage's default).
  const cached = await call(ana, 'GET', path, undefined, { 'Cache-Control': 'max-age=0' });
  expect(cached.status).toBe(200);
  expect(cached.headers.get('warning')).toContain('Cache-Control headers were ignored');
  await new Promise((resolve) => setTimeout(resolve, 10_000));
  expect((await call(ana, 'GET', path)).status).toBe(404);
}, 60_000);

test("another user's to-do is not found, and does not appear in their list", async () => {
  const anas = await call(ana, 'POST', '/todos', { title: 'Ana only' });
  const path = anas.headers.get('location') as string;

  expect((await call(bo, 'GET', path)).status).toBe(404);
  expect((await call(bo, 'PUT', path, { title: 'taken' })).status).toBe(404);
  expect((await call(bo, 'DELETE', path)).status).toBe(404);
  expect(JSON.stringify((await call(bo, 'GET', '/todos')).body)).not.toContain('Ana only');
  expect((await call(ana, 'GET', path)).body).toMatchObject({ title: 'Ana only' });
}, 60_000);

test('the authorizer answers 401 without a valid ID token, before the function runs; a path that is no route is 403', async () => {
  const forged = `${ana.idToken.slice(0, -4)}AAAA`;

  expect((await call(undefined, 'GET', '/todos')).status).toBe(401);
  expect((await call({ ...ana, idToken: forged }, 'GET', '/todos')).status).toBe(401);
  expect(await call(ana, 'GET', '/nowhere')).toMatchObject({
    status: 403,
    body: { message: 'Missing Authentication Token' },
  });
  expect((await call(undefined, 'GET', '/openapi.json')).status).toBe(200);
}, 60_000);

test('an attachment is uploaded and downloaded with URLs in the user’s own identity folder', async () => {
  const created = await call(ana, 'POST', '/todos', { title: 'Keep the receipt' });
  const path = created.headers.get('location') as string;
  const bytes = Buffer.from('%PDF-1.4 receipt');

  const granted = await call(ana, 'POST', `${path}/attachments`, {
    name: 'receipt.pdf',
    contentType: 'application/pdf',
    size: bytes.length,
  });
  const upload = granted.body['upload'] as { url: string; headers: Record<string, string> };
  const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: bytes });
  const link = await call(ana, 'GET', `${path}/attachments/receipt.pdf`);
  const downloaded = await fetch((link.body['download'] as { url: string }).url);

  expect((granted.body['attachment'] as { key: string }).key).toBe(
    `private/${ana.identityId}${path.replace('/todos', '')}/receipt.pdf`,
  );
  expect(put.status).toBe(200);
  expect(Buffer.from(await downloaded.arrayBuffer())).toEqual(bytes);
  expect((await call(bo, 'GET', `${path}/attachments/receipt.pdf`)).status).toBe(404);
}, 60_000);

test('GETs are answered from the per-user stage cache and DAX’s item cache; each user’s answers stay their own', async () => {
  const created = await call(ana, 'POST', '/todos', { title: 'Cached' });
  const path = created.headers.get('location') as string;
  const before = { ...todo.backend.caches.api.counts };
  const daxBefore = { ...todo.backend.caches.dax.counts };

  await call(ana, 'GET', path);
  await call(ana, 'GET', path);
  const bos = await call(bo, 'GET', path);

  expect(todo.backend.caches.api.counts.hits - before.hits).toBe(1);
  expect(bos.status).toBe(404);
  // The first GET read the item through DAX: written through by the POST, then cached.
  expect(todo.backend.caches.dax.counts.itemMisses + todo.backend.caches.dax.counts.itemHits).toBeGreaterThan(
    daxBefore.itemMisses + daxBefore.itemHits,
  );
}, 60_000);

test('a to-do created through the API with a due time is reminded through SNS when it falls due', async () => {
  const inbox = new ReminderInbox(todo.backend);
  const dueAt = new Date(Date.now() + 3_600_000).toISOString().replace(/\.\d{3}Z$/, 'Z');
  const created = await call(ana, 'POST', '/todos', { title: 'Call the dentist', dueAt });
  const todoId = created.body['todoId'] as string;

  const reminders = await eventually('the reminder', async () => {
    const mine = await inbox.for(todoId);
    return mine.length > 0 ? mine : undefined;
  });

  expect(reminders).toEqual([
    { kind: 'todo-due', userId: ana.sub, todoId, title: 'Call the dentist', dueAt },
  ]);
}, 60_000);

test('the store tells a lost race (412) from a deleted to-do (404) without the item a failed PutItem condition returns (DAX does not return it)', async () => {
  const credentials = { accessKeyId: 'local', secretAccessKey: 'local' };
  const motoEndpoint = process.env['MOTO_ENDPOINT'] as string;
  const store = awsTodoStore(
    new DynamoDB({ endpoint: motoEndpoint, region: 'us-east-1', credentials }),
    new S3Client({ endpoint: motoEndpoint, region: 'us-east-1', credentials, forcePathStyle: true }),
    new S3Client({ endpoint: motoEndpoint, region: 'us-east-1', credentials, forcePathStyle: true }),
    new CognitoIdentityClient({ endpoint: todo.backend.identityPoolUrl, region: 'us-east-1', credentials }),
    {
      todosTable: todo.backend.resources.tables.todos,
      attachmentsBucket: todo.backend.resources.buckets.attachments,
      identityPoolId: todo.backend.resources.identityPoolId,
      loginProvider: `cognito-idp.us-east-1.amazonaws.com/${todo.backend.resources.userPoolId}`,
    },
  );
  const row = {
    userId: 'race-user',
    todoId: '00000000-0000-4000-8000-0000000000aa',
    title: 'v1',
    completed: false,
    createdAt: '2026-01-01T00:00:00.000Z',
    updatedAt: '2026-01-01T00:00:00.000Z',
    version: 1,
    attachments: [],
  };
  await store.create(row);

  expect(await store.replace({ ...row, title: 'v2', version: 2 }, 1)).toBe('replaced');
  expect(await store.replace({ ...row, title: 'lost', version: 2 }, 1)).toBe('conflict');
  expect(await store.replace({ ...row, todoId: '00000000-0000-4000-8000-0000000000bb', version: 2 }, 1)).toBe(
    'missing',
  );
  expect((await store.get('race-user', row.todoId))?.title).toBe('v2');
}, 60_000);
