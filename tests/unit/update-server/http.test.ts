import { randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, symlinkSync, writeFileSync } from 'node:fs';
import { request as httpRequest } from 'node:http';
import type { AddressInfo } from 'node:net';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { Server } from 'node:http';
import { createUpdateServer, IMMUTABLE } from '../../../services/update-server/src/server';

// The update server over real HTTP, on a directory laid out as the EFS volume is.

let root: string;
let outside: string;
let server: Server;
let base: string;
const lines: Record<string, unknown>[] = [];
const pack = randomBytes(64 * 1024);

interface Answer {
  status: number;
  headers: Record<string, string | string[] | undefined>;
  body: Buffer;
}

function get(path: string, headers: Record<string, string> = {}, method = 'GET'): Promise<Answer> {
  return new Promise((resolve, reject) => {
    // A raw path (no URL normalisation), as a hostile client would send it.
    const req = httpRequest(`${base}/`, { method, path, headers }, (res) => {
      const chunks: Buffer[] = [];
      res.on('data', (chunk: Buffer) => chunks.push(chunk));
      res.on('end', () =>
        resolve({ status: res.statusCode ?? 0, headers: res.headers, body: Buffer.concat(chunks) }),
      );
    });
    req.on('error', reject);
    req.end();
  });
}

beforeAll(async () => {
  root = mkdtempSync(join(tmpdir(), 'updates-'));
  outside = mkdtempSync(join(tmpdir(), 'outside-'));
  writeFileSync(join(outside, 'secret.txt'), 'not for you');
  mkdirSync(join(root, '2.1.0', 'packs'), { recursive: true });
  writeFileSync(join(root, '2.1.0', 'packs', 'base.pak'), pack);
  writeFileSync(join(root, 'latest.json'), JSON.stringify({ version: '2.1.0' }));
  symlinkSync(join(outside, 'secret.txt'), join(root, '2.1.0', 'escape.txt'));
  server = await createUpdateServer({
    root,
    latestMaxAgeSeconds: 30,
    log: (level, message, fields) => lines.push({ level, message, ...fields }),
  });
  await new Promise<void>((resolve) => server.listen(0, '127.0.0.1', () => resolve()));
  base = `http://127.0.0.1:${(server.address() as AddressInfo).port}`;
});

afterAll(async () => {
  server.closeAllConnections();
  await new Promise<void>((resolve) => server.close(() => resolve()));
  rmSync(root, { recursive: true, force: true });
  rmSync(outside, { recursive: true, force: true });
});

describe('update server over HTTP', () => {
  test('a versioned file is served whole with validators and a year-long immutable Cache-Control', async () => {
    const answer = await get('/updates/2.1.0/packs/base.pak');
    expect(answer.status).toBe(200);
    expect(answer.body.equals(pack)).toBe(true);
    expect(answer.headers['cache-control']).toBe(IMMUTABLE);
    expect(answer.headers['content-length']).toBe(String(pack.length));
    expect(answer.headers['accept-ranges']).toBe('bytes');
    expect(answer.headers['etag']).toMatch(/^"/);
    expect(answer.headers['last-modified']).toMatch(/GMT$/);
    expect(answer.headers['content-type']).toBe('application/octet-stream');
  });

  test('latest.json is JSON with the short Cache-Control', async () => {
    const answer = await get('/updates/latest.json');
    expect(answer.status).toBe(200);
    expect(JSON.parse(answer.body.toString())).toEqual({ version: '2.1.0' });
    expect(answer.headers['cache-control']).toBe('public, max-age=30');
    expect(answer.headers['content-type']).toBe('application/json');
  });

  test('a single range is 206 with exactly those bytes and Content-Range', async () => {
    const answer = await get('/updates/2.1.0/packs/base.pak', { Range: 'bytes=1000-1999' });
    expect(answer.status).toBe(206);
    expect(answer.headers['content-range']).toBe(`bytes 1000-1999/${pack.length}`);
    expect(answer.body.equals(pack.subarray(1000, 2000))).toBe(true);
  });

  test('a range past the end is 416 with the size in Content-Range', async () => {
    const answer = await get('/updates/2.1.0/packs/base.pak', { Range: `bytes=${pack.length}-` });
    expect(answer.status).toBe(416);
    expect(answer.headers['content-range']).toBe(`bytes */${pack.length}`);
  });

  test('If-Range with an old tag ignores the Range and sends the current file whole', async () => {
    const answer = await get('/updates/2.1.0/packs/base.pak', { Range: 'bytes=0-9', 'If-Range': '"old"' });
    expect(answer.status).toBe(200);
    expect(answer.body.length).toBe(pack.length);
  });

  test('a conditional GET with the current ETag or date is 304 without a body', async () => {
    const first = await get('/updates/2.1.0/packs/base.pak');
    const byTag = await get('/updates/2.1.0/packs/base.pak', {
      'If-None-Match': String(first.headers['etag']),
    });
    expect(byTag.status).toBe(304);
    expect(byTag.body.length).toBe(0);
    expect(byTag.headers['etag']).toBe(first.headers['etag']);
    const byDate = await get('/updates/latest.json', {
      'If-Modified-Since': String((await get('/updates/latest.json')).headers['last-modified']),
    });
    expect(byDate.status).toBe(304);
  });

  test('HEAD answers the headers of a GET and no body', async () => {
    const answer = await get('/updates/2.1.0/packs/base.pak', {}, 'HEAD');
    expect(answer.status).toBe(200);
    expect(answer.headers['content-length']).toBe(String(pack.length));
    expect(answer.body.length).toBe(0);
  });

  test('other methods are 405 naming GET and HEAD', async () => {
    const answer = await get('/updates/latest.json', {}, 'PUT');
    expect(answer.status).toBe(405);
    expect(answer.headers['allow']).toBe('GET, HEAD');
  });

  test('path traversal is refused with 400, and a symbolic link out of the directory is not followed', async () => {
    expect((await get('/updates/../../etc/passwd')).status).toBe(400);
    expect((await get('/updates/2.1.0/%2e%2e/%2e%2e/etc/passwd')).status).toBe(400);
    const link = await get('/updates/2.1.0/escape.txt');
    expect(link.status).toBe(404);
    expect(link.body.toString()).not.toContain('not for you');
  });

  test('a missing version or file is 404', async () => {
    expect((await get('/updates/9.9.9/app.zip')).status).toBe(404);
    expect((await get('/updates/2.1.0/packs')).status).toBe(404);
  });

  test('/health is 200 while the directory is readable', async () => {
    const answer = await get('/health');
    expect(answer.status).toBe(200);
    expect(answer.body.toString()).toBe('ok\n');
  });

  test('each request is logged as one JSON line with its request id, status and bytes sent', async () => {
    const answer = await get('/updates/2.1.0/packs/base.pak', {
      'X-Request-Id': 'req-42',
      Range: 'bytes=0-99',
    });
    expect(answer.headers['x-request-id']).toBe('req-42');
    await new Promise((resolve) => setTimeout(resolve, 20));
    expect(lines).toContainEqual(
      expect.objectContaining({
        message: 'request',
        requestId: 'req-42',
        status: 206,
        bytes: 100,
        method: 'GET',
      }),
    );
  });

  test('a request id that is not plain text is replaced by a fresh one', async () => {
    const answer = await get('/health', { 'X-Request-Id': 'bad id\twith tab' });
    expect(answer.headers['x-request-id']).toMatch(/^[0-9a-f-]{36}$/);
  });
});
