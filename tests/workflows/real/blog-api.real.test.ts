import { GetItemCommand } from '@aws-sdk/client-dynamodb';
import { ListObjectsV2Command } from '@aws-sdk/client-s3';
import { publishRelease } from '../../../local/demo/events';
import type { Runtime } from '../../../local/runtime/runtime';
import { pngWithAlpha } from '../../support/images';
import { settled } from '../../support/settled';
import { executionFor, sentEmails, startPipeline } from './local-pipeline';

jest.setTimeout(60_000);

let runtime: Runtime;
/** How far the API's stage cache clock is ahead of the wall clock: a test moves it past a TTL. */
let cacheClockAhead = 0;
beforeAll(async () => {
  runtime = await startPipeline({}, 0.01, undefined, () => Date.now() + cacheClockAhead);
});
afterAll(() => runtime?.stop());

interface Answer {
  status: number;
  headers: Headers;
  body: Record<string, unknown>;
}

async function api(
  method: string,
  path: string,
  body?: unknown,
  contentType = 'application/json',
): Promise<Answer> {
  const response = await fetch(`${runtime.apiUrl}${path}`, {
    method,
    ...(body === undefined
      ? {}
      : {
          body: typeof body === 'string' ? body : JSON.stringify(body),
          headers: { 'Content-Type': contentType },
        }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

const problemType = (answer: Answer) => answer.body['type'];
const unique = (name: string) =>
  `${name}.${Date.now()}.${Math.random().toString(16).slice(2, 6)}@example.com`;

describe('POST /subscribers over HTTP', () => {
  test('a subscription becomes exactly one welcome email, and a repeat is a 409 that sends nothing', async () => {
    const email = unique('ana');
    const first = await api('POST', '/subscribers', { email, name: 'Ana', locale: 'en', consent: true });
    expect(first).toMatchObject({ status: 202, body: { email, status: 'pending' } });
    expect((await executionFor(runtime, 'welcomeEmail', email)).status).toBe('SUCCEEDED');
    const again = await api('POST', '/subscribers', {
      email,
      name: 'Ana again',
      locale: 'en',
      consent: true,
    });
    expect(again.status).toBe(409);
    expect(again.headers.get('content-type')).toBe('application/problem+json');
    expect(problemType(again)).toBe('https://myblog.com/problems/already-subscribed');
    await new Promise((resolve) => setTimeout(resolve, 500));
    const emails = (await sentEmails(runtime.endpoint)).filter((m) =>
      m.destinations.ToAddresses.includes(email),
    );
    expect(emails).toHaveLength(1);
  });

  test.each([
    ['invalid JSON', '{"email": "a@', 'application/json', 400, 'invalid-json'],
    [
      'a wrong type',
      { email: 'x@example.com', name: 'X', locale: 'en', consent: 'yes' },
      'application/json',
      400,
      'validation-failed',
    ],
    ['a form body', 'email=x', 'application/x-www-form-urlencoded', 415, 'unsupported-media-type'],
  ])(
    '%s is refused with a clear error and nothing is written',
    async (_what, body, contentType, status, type) => {
      const answer = await api('POST', '/subscribers', body, contentType as string);
      expect(answer.status).toBe(status);
      expect(problemType(answer)).toBe(`https://myblog.com/problems/${type}`);
      const { Item } = await runtime.clients.dynamodb.send(
        new GetItemCommand({
          TableName: runtime.resources.tables.subscribers,
          Key: { email: { S: 'x@example.com' } },
        }),
      );
      expect(Item).toBeUndefined();
    },
  );
});

describe('Photos over HTTP', () => {
  test('an upload through the presigned URL becomes thumbnails that GET /photos/{id} lists', async () => {
    const image = await pngWithAlpha(320, 200);
    const created = await api('POST', '/photos', { contentType: 'image/png', size: image.length });
    expect(created.status).toBe(201);
    const { photoId, upload } = created.body as {
      photoId: string;
      upload: { url: string; headers: Record<string, string> };
    };
    expect(created.headers.get('location')).toBe(`/photos/${photoId}`);

    const before = await api('GET', `/photos/${photoId}`);
    expect(before).toMatchObject({
      status: 404,
      body: { type: 'https://myblog.com/problems/photo-not-ready' },
    });
    expect(before.headers.get('retry-after')).toBe('10');

    const put = await fetch(upload.url, { method: 'PUT', headers: upload.headers, body: image });
    expect(put.status).toBe(200);

    const done = await settled(
      () => api('GET', `/photos/${photoId}`),
      (answer) => answer.status === 200,
      30_000,
    );
    expect(done.body).toMatchObject({ photoId, status: 'DONE', width: 320, height: 200, format: 'png' });
    const thumbnails = done.body['thumbnails'] as { url: string; width: number; format: string }[];
    expect(thumbnails.map((t) => `${t.format}:${t.width}`).sort()).toEqual([
      'jpeg:128',
      'jpeg:320',
      'jpeg:320',
      'webp:128',
      'webp:320',
      'webp:320',
    ]);
    const fetched = await fetch(thumbnails[0]?.url as string);
    expect(fetched.status).toBe(200);
    expect((await fetched.arrayBuffer()).byteLength).toBeGreaterThan(0);
  });

  test('a PUT bigger than the signed size is refused by S3 and writes nothing', async () => {
    const created = await api('POST', '/photos', { contentType: 'image/png', size: 100 });
    const { key, upload } = created.body as { key: string; upload: { url: string } };
    const put = await fetch(upload.url, {
      method: 'PUT',
      headers: { 'Content-Type': 'image/png' },
      body: await pngWithAlpha(64, 64),
    });
    expect(put.status).toBe(403);
    expect(await put.text()).toContain('<Code>SignatureDoesNotMatch</Code>');
    const listed = await runtime.clients.s3.send(
      new ListObjectsV2Command({ Bucket: runtime.resources.buckets.uploads, Prefix: key }),
    );
    expect(listed.KeyCount).toBe(0);
  });

  test('a PUT with another content type than the signed one is refused too', async () => {
    const created = await api('POST', '/photos', { contentType: 'image/png', size: 4 });
    const { upload } = created.body as { upload: { url: string } };
    const put = await fetch(upload.url, {
      method: 'PUT',
      headers: { 'Content-Type': 'text/html' },
      body: '<b/>',
    });
    expect(put.status).toBe(403);
  });

  test('a declared size over the limit is a 400 and no URL is handed out', async () => {
    const answer = await api('POST', '/photos', { contentType: 'image/jpeg', size: 200 * 1024 * 1024 });
    expect(answer.status).toBe(400);
    expect(answer.body['detail']).toContain('size must be at most 52428800 bytes');
    expect(answer.body).not.toHaveProperty('upload');
  });
});

describe('Releases over HTTP', () => {
  test('publishing a release changes /releases/latest, and the version has its own address', async () => {
    await publishRelease(runtime.clients, runtime.resources, '3.0.0', { 'app.zip': Buffer.from('zip zip') });
    expect((await executionFor(runtime, 'updatePublishing', '3.0.0')).status).toBe('SUCCEEDED');
    const latest = await api('GET', '/releases/latest');
    expect(latest).toMatchObject({ status: 200, body: { version: '3.0.0', channel: 'stable' } });
    const file = (latest.body['files'] as { name: string; url: string }[])[0];
    expect(file?.url).toBe(`${runtime.resources.downloadsBaseUrl}/releases/3.0.0/app.zip`);
    const download = await fetch(file?.url as string);
    expect(await download.text()).toBe('zip zip');
    expect(download.headers.get('cache-control')).toBe('public, max-age=31536000, immutable');
    expect(await api('GET', '/releases/3.0.0')).toMatchObject({ status: 200, body: { version: '3.0.0' } });
    expect(await api('GET', '/releases/9.9.9')).toMatchObject({ status: 404 });
  });

  test('a newer release reaches /releases/latest when its stage cache entry expires (60 s): publishing does not invalidate it', async () => {
    const before = (await api('GET', '/releases/latest')).body['version'];
    await publishRelease(runtime.clients, runtime.resources, '3.1.0', { 'app.zip': Buffer.from('newer') });
    expect((await executionFor(runtime, 'updatePublishing', '3.1.0')).status).toBe('SUCCEEDED');
    expect((await api('GET', '/releases/latest')).body['version']).toBe(before);
    cacheClockAhead += 60_000;
    expect((await api('GET', '/releases/latest')).body['version']).toBe('3.1.0');
  });
});

describe('The rest of the API over HTTP', () => {
  test('an unknown route is a 404 problem, a wrong method a 405 with Allow', async () => {
    expect(await api('GET', '/wp-admin')).toMatchObject({
      status: 404,
      body: { type: 'https://myblog.com/problems/route-not-found' },
    });
    const wrong = await api('PUT', '/releases/latest');
    expect(wrong.status).toBe(405);
    expect(wrong.headers.get('allow')).toBe('GET');
  });

  test('/openapi.json is served', async () => {
    const doc = await api('GET', '/openapi.json');
    expect(doc).toMatchObject({ status: 200, body: { openapi: '3.1.0' } });
  });
});
