import { PutObjectCommand } from '@aws-sdk/client-s3';
import sharp from 'sharp';
import { publishRelease, uploadThroughApi } from '../../local/demo/events';
import type { Runtime } from '../../local/runtime/runtime';
import { manifestFor } from '../support/releases';
import { settled } from '../support/settled';
import { executionFor, sentEmails, startPipeline } from '../workflows/real/local-pipeline';

// The blog API over HTTP, and what it starts, against what a careless or hostile client sends
// (docs/bad-and-hostile-input.md: Hostile input): names that would not show as themselves in the welcome email, bodies
// that are not UTF-8, an image no thumbnail can hold, release manifests that say one thing under
// the name of another. One pipeline for the file, on the run's shared moto.

// jest reads testTimeout from the root config only, not a project's: the config's bound for a
// stuck test (not a budget: each test waits on what it observes), set where it applies.
jest.setTimeout(120_000);

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startPipeline({}, 0.01);
});
afterAll(() => runtime?.stop());

interface Answer {
  readonly status: number;
  readonly headers: Headers;
  readonly body: Record<string, unknown>;
}

async function call(
  method: string,
  path: string,
  body?: string | Buffer,
  contentType?: string,
): Promise<Answer> {
  const response = await fetch(`${runtime.apiUrl}${path}`, {
    method,
    ...(body === undefined ? {} : { body }),
    ...(contentType === undefined ? {} : { headers: { 'Content-Type': contentType } }),
  });
  return {
    status: response.status,
    headers: response.headers,
    body: (await response.json()) as Record<string, unknown>,
  };
}

const unique = (name: string) =>
  `${name}.${Date.now()}.${Math.random().toString(16).slice(2, 6)}@example.com`;
const signUp = (name: string, email = unique('hostile')) => ({ email, name, locale: 'en', consent: true });
/** JSON with every character outside ASCII as a \uXXXX escape: how a lone surrogate travels in JSON. */
const asciiJson = (value: unknown) =>
  JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

describe('Names that would not show as themselves in the welcome email are a 400 naming the field', () => {
  test('a lone UTF-16 surrogate is a 400 validation-failed, every time, with no Retry-After (it was a 503 to retry forever)', async () => {
    const body = asciiJson(signUp('Ana\ud800'));
    for (const attempt of [1, 2]) {
      const answer = await call('POST', '/subscribers', body, 'application/json');
      expect({ attempt, status: answer.status, retryAfter: answer.headers.get('retry-after') }).toEqual({
        attempt,
        status: 400,
        retryAfter: null,
      });
      expect(answer.body).toMatchObject({
        type: 'https://myblog.com/problems/validation-failed',
        errors: [
          { path: 'name', message: 'name is not well-formed Unicode: it holds a lone UTF-16 surrogate' },
        ],
      });
    }
  });

  test.each([
    ['only zero-width characters', '\u200b\u200c\u200d', 'name has no visible character'],
    ['U+202E (right-to-left override)', 'Ana\u202eevil', 'name contains a bidirectional control character'],
    ['a MIME encoded-word', '=?utf-8?B?U3VwcG9ydCBUZWFt?=', 'name contains a MIME encoded-word'],
    ['101 emoji', '😀'.repeat(101), 'name is longer than 100 characters'],
  ])('a name of %s is a 400 naming the name, and no email is sent', async (_what, name, message) => {
    const subscriber = signUp(name);
    const answer = await call('POST', '/subscribers', JSON.stringify(subscriber), 'application/json');
    expect(answer.status).toBe(400);
    expect(answer.body['errors']).toEqual([
      { path: 'name', message: expect.stringContaining(message) as unknown },
    ]);
    expect(
      (await sentEmails(runtime.endpoint)).filter((e) =>
        e.destinations.ToAddresses.includes(subscriber.email),
      ),
    ).toEqual([]);
  });

  test('60 emoji are 60 characters: accepted, and the subject carries them as sent', async () => {
    const name = '😀'.repeat(60);
    const subscriber = signUp(name);
    expect((await call('POST', '/subscribers', JSON.stringify(subscriber), 'application/json')).status).toBe(
      202,
    );
    expect((await executionFor(runtime, 'welcomeEmail', subscriber.email)).status).toBe('SUCCEEDED');
    const [email] = (await sentEmails(runtime.endpoint)).filter((e) =>
      e.destinations.ToAddresses.includes(subscriber.email),
    );
    expect(email?.subject).toBe(`Welcome to MyBlog, ${name}!`);
  });
});

describe('Bodies that are not UTF-8 JSON are refused, not read as something else', () => {
  test('invalid UTF-8 in a name (it would become U+FFFD and be emailed) is a 400 invalid-utf8', async () => {
    const body = Buffer.concat([
      Buffer.from(`{"email":"${unique('bytes')}","name":"An`),
      Buffer.from([0xc3, 0x28, 0xff]),
      Buffer.from('a","locale":"en","consent":true}'),
    ]);
    const answer = await call('POST', '/subscribers', body, 'application/json');
    expect(answer.status).toBe(400);
    expect(answer.body).toMatchObject({ type: 'https://myblog.com/problems/invalid-utf8' });
  });

  test('a body declared charset=utf-16 (and sent so) is a 415, not read as UTF-8', async () => {
    const body = Buffer.from(JSON.stringify(signUp('Ana')), 'utf16le');
    const answer = await call('POST', '/subscribers', body, 'application/json; charset=utf-16');
    expect(answer.status).toBe(415);
    expect(answer.body).toMatchObject({
      type: 'https://myblog.com/problems/unsupported-media-type',
      detail: 'Send the body as UTF-8 JSON; charset=utf-16 is not accepted',
    });
  });

  test('the OpenAPI document states the name rules and the 415', async () => {
    const doc = (await call('GET', '/openapi.json')).body as {
      paths: { '/subscribers': { post: { responses: Record<string, { description: string }> } } };
      components: {
        schemas: { SubscribeRequest: { properties: { name: { description: string; pattern: string } } } };
      };
    };
    const name = doc.components.schemas.SubscribeRequest.properties.name;
    expect(name.description).toContain('At most 100 user-perceived characters');
    expect(new RegExp(name.pattern, 'u').test('Ana\u202eevil')).toBe(false);
    expect(doc.paths['/subscribers'].post.responses['415']?.description).toBe(
      'Not application/json in UTF-8',
    );
  });
});

describe('Thumbnails', () => {
  test('a valid 1x60000 PNG fails as UnsupportedImageDimensions, not CorruptImage, and the API says so', async () => {
    const tall = await sharp({ create: { width: 1, height: 60_000, channels: 3, background: '#888' } })
      .png()
      .toBuffer();
    const { photoId, putStatus } = await uploadThroughApi(runtime.apiUrl, tall, 'image/png');
    expect(putStatus).toBe(200);
    const ended = await settled(
      () => call('GET', `/photos/${photoId}`),
      (answer) => answer.status === 200,
    );
    expect(ended.body).toMatchObject({
      photoId,
      status: 'FAILED',
      error: 'UnsupportedImageDimensions',
      thumbnails: [],
    });
  });
});

describe('Releases: the folder is the version, and latest is the stable channel', () => {
  test('a manifest under 3.0.8/ that says 99.0.0 fails as ManifestVersionMismatch and publishes nothing', async () => {
    const file = Buffer.from('three oh eight');
    const bucket = runtime.resources.buckets.releases;
    await runtime.clients.s3.send(new PutObjectCommand({ Bucket: bucket, Key: '3.0.8/app.zip', Body: file }));
    await runtime.clients.s3.send(
      new PutObjectCommand({
        Bucket: bucket,
        Key: '3.0.8/manifest.json',
        Body: JSON.stringify(manifestFor('99.0.0', { 'app.zip': file })),
      }),
    );
    const execution = await executionFor(runtime, 'updatePublishing', '3.0.8');
    expect(execution).toMatchObject({ status: 'FAILED', error: 'ManifestVersionMismatch' });
    expect(await call('GET', '/releases/99.0.0')).toMatchObject({ status: 404 });
    expect((await call('GET', '/releases/latest')).body['version']).not.toBe('99.0.0');
  });

  test('a beta release is published under its version but never becomes /releases/latest', async () => {
    await publishRelease(runtime.clients, runtime.resources, '5.0.0', { 'app.zip': Buffer.from('stable') });
    expect((await executionFor(runtime, 'updatePublishing', '5.0.0')).status).toBe('SUCCEEDED');
    await publishRelease(
      runtime.clients,
      runtime.resources,
      '6.0.0-beta.1',
      { 'app.zip': Buffer.from('beta') },
      'beta',
    );
    expect((await executionFor(runtime, 'updatePublishing', '6.0.0-beta.1')).status).toBe('SUCCEEDED');
    expect(await call('GET', '/releases/6.0.0-beta.1')).toMatchObject({
      status: 200,
      body: { version: '6.0.0-beta.1', channel: 'beta' },
    });
    expect(await call('GET', '/releases/latest')).toMatchObject({
      status: 200,
      body: { version: '5.0.0', channel: 'stable' },
    });
  });
});
