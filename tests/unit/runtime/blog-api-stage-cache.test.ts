import type { APIGatewayProxyEvent } from 'aws-lambda';
import { type ApiServer, startApiServer } from '../../../local/runtime/api-server';
import { ApiResponseCache, IGNORED_CACHE_CONTROL_WARNING } from '../../../local/runtime/stage-cache';
import { pipeline } from '../../../topology/pipeline';

/**
 * The blog API's stage cache as `npm start` plays it: the routes, TTLs and key parameters are the
 * topology's, which the infra turns into the stage's MethodSettings (tests/infra/pipeline-stack).
 * The function behind it is a stand-in that answers what it is told and counts its invocations.
 */
let now: number;
let invocations: string[];
let latest: string;
let status: number;
let body: (path: string) => string;
let server: ApiServer;
let cache: ApiResponseCache;

beforeEach(async () => {
  now = 1_000_000;
  invocations = [];
  latest = '3.0.0';
  status = 200;
  body = (path) => JSON.stringify({ path, latest });
  cache = new ApiResponseCache(() => now);
  server = await startApiServer(
    async (event) => {
      const { httpMethod, path } = event as APIGatewayProxyEvent;
      invocations.push(`${httpMethod} ${path}`);
      return { statusCode: status, headers: { 'Content-Type': 'application/json' }, body: body(path) };
    },
    { routes: pipeline.api.routes, cache },
  );
});
afterEach(() => server.close());

const get = async (path: string, headers: Record<string, string> = {}) => {
  const response = await fetch(`${server.url}${path}`, { headers });
  return { status: response.status, warning: response.headers.get('warning'), body: await response.text() };
};
const ttl = (path: string) =>
  (pipeline.api.routes.find((route) => route.path === path)?.cacheSeconds ?? 0) * 1000;

test('GET /releases/latest is answered from the stage cache, without invoking the function, until its TTL runs out', async () => {
  const first = await get('/releases/latest');
  latest = '3.1.0';
  now += ttl('/releases/latest') - 1;
  expect(await get('/releases/latest')).toEqual(first);
  expect(invocations).toEqual(['GET /releases/latest']);
  now += 1;
  expect(JSON.parse((await get('/releases/latest')).body)).toMatchObject({ latest: '3.1.0' });
  expect(invocations).toHaveLength(2);
});

test('each route keeps its own TTL: /releases/latest is not the /releases/{version} route, though {version} would match it', async () => {
  await get('/releases/latest');
  await get('/releases/2.1.0');
  now += ttl('/releases/latest');
  await get('/releases/latest');
  await get('/releases/2.1.0');
  expect(invocations).toEqual(['GET /releases/latest', 'GET /releases/2.1.0', 'GET /releases/latest']);
});

test('entries are keyed by path parameters: each version has its own, and a query string that is no key parameter shares it', async () => {
  await get('/releases/2.1.0');
  await get('/releases/2.2.0');
  await get('/releases/2.1.0?utm_source=mail');
  expect(invocations).toEqual(['GET /releases/2.1.0', 'GET /releases/2.2.0']);
});

test("a caller's Cache-Control: max-age=0 does not invalidate the entry (no caller is authorized to), and the answer says it was ignored", async () => {
  const first = await get('/releases/latest');
  latest = '3.1.0';
  const again = await get('/releases/latest', { 'Cache-Control': 'max-age=0' });
  expect(again).toEqual({ ...first, warning: IGNORED_CACHE_CONTROL_WARNING });
  expect(invocations).toHaveLength(1);
});

test('a write does not invalidate a cached GET: after a POST the cached answer stays until it expires', async () => {
  await get('/photos/p1');
  await fetch(`${server.url}/photos`, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: '{}',
  });
  await get('/photos/p1');
  expect(invocations).toEqual(['GET /photos/p1', 'POST /photos']);
});

test('POSTs are never cached: each reaches the function', async () => {
  for (let i = 0; i < 2; i += 1)
    await fetch(`${server.url}/subscribers`, {
      method: 'POST',
      headers: { 'Content-Type': 'application/json' },
      body: '{}',
    });
  expect(invocations).toEqual(['POST /subscribers', 'POST /subscribers']);
});

test('an error answer is not kept: the next GET asks the function again', async () => {
  status = 404;
  await get('/releases/9.9.9');
  status = 200;
  expect((await get('/releases/9.9.9')).status).toBe(200);
  expect(invocations).toHaveLength(2);
});

test('an answer over the 1 MB the stage caches is not kept', async () => {
  body = () => JSON.stringify({ padding: 'x'.repeat(1_048_576) });
  await get('/openapi.json');
  await get('/openapi.json');
  expect(invocations).toHaveLength(2);
});

test('flushing the stage cache (FlushStageCache) sends the next GET to the function', async () => {
  await get('/releases/latest');
  cache.flush();
  await get('/releases/latest');
  expect(invocations).toHaveLength(2);
  expect(cache.counts).toEqual({ hits: 0, misses: 2 });
});

test('without a stage cache every GET reaches the function (the uncached side of the bench)', async () => {
  const uncached = await startApiServer(
    async () => {
      invocations.push('uncached');
      return { statusCode: 200, headers: {}, body: '{}' };
    },
    { routes: pipeline.api.routes },
  );
  try {
    await fetch(`${uncached.url}/releases/latest`);
    await fetch(`${uncached.url}/releases/latest`);
  } finally {
    await uncached.close();
  }
  expect(invocations).toEqual(['uncached', 'uncached']);
});
