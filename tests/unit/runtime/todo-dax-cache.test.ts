import { DaxCaches } from '../../../local/runtime/todo/dax-cache';

let now: number;
let reads: number;
let caches: DaxCaches;
let stored: string;
beforeEach(() => {
  now = 0;
  reads = 0;
  stored = 'v1';
  caches = new DaxCaches({ itemTtlSeconds: 300, queryTtlSeconds: 5, now: () => now });
});

/** DynamoDB behind the cache: answers the current value and counts the calls that reached it. */
const dynamodb = async () => {
  reads += 1;
  return { status: 200, headers: {}, body: Buffer.from(stored) };
};
const get = { TableName: 'todos', Key: { userId: { S: 'u' }, todoId: { S: 't' } } };
const query = {
  TableName: 'todos',
  KeyConditionExpression: 'userId = :u',
  ExpressionAttributeValues: { ':u': { S: 'u' } },
};
const read = async (operation: string, request: Record<string, unknown>) =>
  (await caches.handle(operation, request, dynamodb)).body.toString();

test('an eventually consistent GetItem is answered from the item cache until its TTL runs out', async () => {
  expect(await read('GetItem', get)).toBe('v1');
  stored = 'v2';
  expect(await read('GetItem', get)).toBe('v1');
  now = 300_001;
  expect(await read('GetItem', get)).toBe('v2');
  expect(caches.counts).toMatchObject({ itemHits: 1, itemMisses: 2 });
});

test('a strongly consistent GetItem always reaches DynamoDB', async () => {
  await read('GetItem', get);
  await read('GetItem', { ...get, ConsistentRead: true });
  expect(reads).toBe(2);
});

test.each([
  ['PutItem', { TableName: 'todos', Item: { userId: { S: 'u' }, todoId: { S: 't' }, title: { S: 'x' } } }],
  ['UpdateItem', { ...get, UpdateExpression: 'SET title = :t' }],
  ['DeleteItem', get],
])('a %s through the cache drops the item’s entry (write-through)', async (operation, write) => {
  await read('GetItem', get);
  stored = 'v2';
  await caches.handle(operation, write, dynamodb);
  expect(await read('GetItem', get)).toBe('v2');
});

test('a PutItem of another item leaves this one cached', async () => {
  await read('GetItem', get);
  stored = 'v2';
  await caches.handle(
    'PutItem',
    { TableName: 'todos', Item: { userId: { S: 'u' }, todoId: { S: 'other' } } },
    dynamodb,
  );
  expect(await read('GetItem', get)).toBe('v1');
});

test('the query cache is not touched by writes: a cached Query stays as it was until its TTL', async () => {
  expect(await read('Query', query)).toBe('v1');
  stored = 'v2';
  await caches.handle(
    'PutItem',
    { TableName: 'todos', Item: { userId: { S: 'u' }, todoId: { S: 'new' } } },
    dynamodb,
  );
  expect(await read('Query', query)).toBe('v1');
  now = 5_001;
  expect(await read('Query', query)).toBe('v2');
});

test('an answer that is an error is not cached', async () => {
  await caches.handle('GetItem', get, async () => ({
    status: 400,
    headers: {},
    body: Buffer.from('throttled'),
  }));
  expect(await read('GetItem', get)).toBe('v1');
});
