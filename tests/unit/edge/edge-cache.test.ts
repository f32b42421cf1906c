import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, utimesSync, writeFileSync } from 'node:fs';
import { get, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { type EdgeCache, startEdgeCache } from '../../../local/edge/edge-cache';
import { createUpdateServer } from '../../../services/update-server/src/server';

// The local edge in front of the real update server (in-process here), counting what the origin sent.

let root: string;
let origin: Server;
let originBytes = 0;
let edge: EdgeCache;
let clock = Date.UTC(2025, 5, 1);
const pack = randomBytes(256 * 1024);
const sha = (data: Buffer) => createHash('sha256').update(data).digest('hex');

function fetchFrom(url: string, headers: Record<string, string> = {}) {
  return new Promise<{ status: number; headers: Record<string, unknown>; body: Buffer }>(
    (resolve, reject) => {
      get(url, { headers }, (res) => {
        const chunks: Buffer[] = [];
        res.on('data', (chunk: Buffer) => chunks.push(chunk));
        res.on('end', () =>
          resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
        );
      }).on('error', reject);
    },
  );
}

const settle = () => new Promise((resolve) => setTimeout(resolve, 100));

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'edge-origin-'));
  mkdirSync(join(root, '3.0.0'));
  writeFileSync(join(root, '3.0.0', 'pack.bin'), pack);
  writeFileSync(join(root, 'latest.json'), JSON.stringify({ version: '3.0.0' }));
  origin = await createUpdateServer({
    root,
    latestMaxAgeSeconds: 60,
    log: (_level, message, fields) => {
      if (message === 'request') originBytes += (fields?.['bytes'] as number) ?? 0;
    },
  });
  await new Promise<void>((resolve) => origin.listen(0, '127.0.0.1', () => resolve()));
  edge = await startEdgeCache({
    origin: `http://127.0.0.1:${(origin.address() as AddressInfo).port}`,
    cacheDir: mkdtempSync(join(tmpdir(), 'edge-cache-')),
    behaviors: [
      { pathPattern: '/updates/latest.json', minTtl: 0, defaultTtl: 60, maxTtl: 60 },
      { pathPattern: '/updates/*', minTtl: 86_400, defaultTtl: 31_536_000, maxTtl: 31_536_000 },
    ],
    defaultBehavior: { pathPattern: '*', minTtl: 0, defaultTtl: 0, maxTtl: 0 },
    now: () => clock,
  });
});

afterAll(async () => {
  await edge.close();
  origin.closeAllConnections();
  await new Promise<void>((resolve) => origin.close(() => resolve()));
  rmSync(root, { recursive: true, force: true });
});

describe('local edge cache in front of the update server', () => {
  test('thirty clients asking at once for a file are served by one origin fetch, every byte right', async () => {
    const before = originBytes;
    const answers = await Promise.all(
      Array.from({ length: 30 }, () => fetchFrom(`${edge.url}/updates/3.0.0/pack.bin`)),
    );
    await settle();
    for (const answer of answers) {
      expect(answer.status).toBe(200);
      expect(sha(answer.body)).toBe(sha(pack));
    }
    expect(originBytes - before).toBe(pack.length);
    expect(edge.counters()).toMatchObject({ misses: 1, hits: 29 });
  });

  test('a cached file is served again without the origin, marked as a hit', async () => {
    const before = originBytes;
    const answer = await fetchFrom(`${edge.url}/updates/3.0.0/pack.bin`);
    await settle();
    expect(answer.headers['x-cache']).toBe('Hit from cloudfront');
    expect(answer.headers['cache-control']).toBe('public, max-age=31536000, immutable');
    expect(originBytes).toBe(before);
  });

  test('a Range is cut from the cached copy', async () => {
    const answer = await fetchFrom(`${edge.url}/updates/3.0.0/pack.bin`, { Range: 'bytes=100-199' });
    expect(answer.status).toBe(206);
    expect(answer.headers['content-range']).toBe(`bytes 100-199/${pack.length}`);
    expect(answer.body.equals(pack.subarray(100, 200))).toBe(true);
  });

  test("a client's conditional GET with the cached ETag is answered 304 by the edge", async () => {
    const first = await fetchFrom(`${edge.url}/updates/3.0.0/pack.bin`);
    const again = await fetchFrom(`${edge.url}/updates/3.0.0/pack.bin`, {
      'If-None-Match': String(first.headers['etag']),
    });
    expect(again.status).toBe(304);
  });

  test('latest.json past its TTL is revalidated: the origin answers 304 and sends no body', async () => {
    await fetchFrom(`${edge.url}/updates/latest.json`);
    clock += 61_000;
    const before = originBytes;
    const answer = await fetchFrom(`${edge.url}/updates/latest.json`);
    await settle();
    expect(answer.headers['x-cache']).toBe('RefreshHit from cloudfront');
    expect(JSON.parse(answer.body.toString())).toEqual({ version: '3.0.0' });
    expect(originBytes).toBe(before);
  });

  test('an invalidated latest.json is fetched again and the new release is seen at once', async () => {
    await fetchFrom(`${edge.url}/updates/latest.json`);
    writeFileSync(join(root, 'latest.json'), JSON.stringify({ version: '3.1.0' }));
    utimesSync(join(root, 'latest.json'), new Date(clock + 5000), new Date(clock + 5000));
    expect(JSON.parse((await fetchFrom(`${edge.url}/updates/latest.json`)).body.toString())).toEqual({
      version: '3.0.0',
    });
    expect(edge.invalidate(['/updates/latest.json'])).toBe(1);
    const answer = await fetchFrom(`${edge.url}/updates/latest.json`);
    expect(answer.headers['x-cache']).toBe('Miss from cloudfront');
    expect(JSON.parse(answer.body.toString())).toEqual({ version: '3.1.0' });
  });

  test("the origin's 404 is passed on and not cached", async () => {
    const first = await fetchFrom(`${edge.url}/updates/9.9.9/none.bin`);
    expect(first.status).toBe(404);
    mkdirSync(join(root, '9.9.9'));
    writeFileSync(join(root, '9.9.9', 'none.bin'), 'now here');
    const second = await fetchFrom(`${edge.url}/updates/9.9.9/none.bin`);
    expect(second.status).toBe(200);
    expect(second.body.toString()).toBe('now here');
  });
});
