import { createApi, MAX_BODY_BYTES, type ApiRequest } from '../../../functions/blog-api/api';
import { ProblemError } from '../../../functions/blog-api/problems';
import type { BlogStore, PhotoRecord } from '../../../functions/blog-api/store';
import type { ReleaseManifest } from '../../../functions/shared/manifest';
import { photoIdFor } from '../../../functions/shared/s3-keys';

/** An in-memory store: what the API logic needs, without AWS. */
function memoryStore() {
  const subscribers = new Map<string, unknown>();
  const photos = new Map<string, PhotoRecord>();
  const uploads = new Set<string>();
  const releases = new Map<string, ReleaseManifest>();
  const store: BlogStore = {
    addSubscriber: async (subscriber) => {
      if (subscribers.has(subscriber.email)) return 'exists';
      subscribers.set(subscriber.email, subscriber);
      return 'added';
    },
    reservePhoto: async ({ photoId, key }, at) => {
      photos.set(photoId, {
        photoId,
        key,
        status: 'AWAITING_UPLOAD',
        thumbnails: [],
        updatedAt: at.toISOString(),
      });
    },
    presignUpload: async (key, type, size, expires) =>
      `https://uploads.example/${key}?type=${type}&size=${size}&expires=${expires}`,
    photo: async (photoId) => photos.get(photoId),
    uploaded: async (key) => uploads.has(key),
    thumbnailUrl: async (key) => `https://thumbnails.example/${key}`,
    release: async (key) => releases.get(key),
  };
  return { store, subscribers, photos, uploads, releases };
}

const NOW = new Date('2026-11-25T10:00:00Z');

function setup() {
  const memory = memoryStore();
  const api = createApi(memory.store, {
    downloadsBaseUrl: 'https://d123.cloudfront.net/',
    now: () => NOW,
    newId: () => 'fixed-id',
  });
  /** The answer, or the problem a ProblemError renders to (what the handler sends). */
  const call = async (method: string, path: string, body?: unknown, contentType = 'application/json') => {
    const request: ApiRequest = {
      method,
      path,
      headers: { 'content-type': contentType },
      body: body === undefined ? undefined : typeof body === 'string' ? body : JSON.stringify(body),
    };
    try {
      return await api.handle(request);
    } catch (error) {
      if (!(error instanceof ProblemError)) throw error;
      return { status: error.status, headers: error.headers, body: error.toProblem() };
    }
  };
  return { ...memory, call };
}

const ana = { email: 'Ana@Example.com', name: 'Ana', locale: 'pt-BR', consent: true };

describe('POST /subscribers', () => {
  test('a valid subscriber is written and accepted with 202; the address is kept lower-case', async () => {
    const { call, subscribers } = setup();
    expect(await call('POST', '/subscribers', ana)).toMatchObject({
      status: 202,
      body: { email: 'ana@example.com', status: 'pending' },
    });
    expect([...subscribers.keys()]).toEqual(['ana@example.com']);
  });

  test('a second subscription of the same address is a 409 already-subscribed', async () => {
    const { call } = setup();
    await call('POST', '/subscribers', ana);
    expect(await call('POST', '/subscribers', { ...ana, email: 'ana@example.com' })).toMatchObject({
      status: 409,
      body: {
        type: 'https://myblog.com/problems/already-subscribed',
        detail: 'ana@example.com is already subscribed',
      },
    });
  });

  test.each([
    ['an invalid address', { ...ana, email: 'not-an-address' }, 'email: email is not a valid address'],
    [
      'a CR/LF header injection in the name',
      { ...ana, name: 'Ana\r\nBcc: all@example.com' },
      'name: name contains control characters',
    ],
    ['no consent', { ...ana, consent: false }, 'consent: consent must be true'],
    ['a missing name', { email: ana.email, locale: 'en', consent: true }, 'name:'],
    ['a wrong type', { ...ana, consent: 'yes' }, 'consent:'],
  ])(
    '%s is a 400 validation-failed naming the field, and nothing is written',
    async (_what, body, detail) => {
      const { call, subscribers } = setup();
      const answer = await call('POST', '/subscribers', body);
      expect(answer).toMatchObject({
        status: 400,
        body: { type: 'https://myblog.com/problems/validation-failed' },
      });
      expect((answer.body as { detail: string }).detail).toContain(detail);
      expect(subscribers.size).toBe(0);
    },
  );

  test('a body that is not JSON is a 400 invalid-json', async () => {
    const { call } = setup();
    expect(await call('POST', '/subscribers', '{"email": ')).toMatchObject({
      status: 400,
      body: { type: 'https://myblog.com/problems/invalid-json' },
    });
  });

  test('a body that is not application/json is a 415', async () => {
    const { call } = setup();
    expect(await call('POST', '/subscribers', 'email=a', 'application/x-www-form-urlencoded')).toMatchObject({
      status: 415,
      body: { type: 'https://myblog.com/problems/unsupported-media-type' },
    });
  });

  test('a body over 16 KiB is a 413 before it is parsed', async () => {
    const { call } = setup();
    expect(await call('POST', '/subscribers', { ...ana, name: 'x'.repeat(MAX_BODY_BYTES) })).toMatchObject({
      status: 413,
    });
  });
});

/** JSON with every character outside ASCII written as a \uXXXX escape. */
const asciiJson = (value: unknown) =>
  JSON.stringify(value).replace(
    /[\u007f-\uffff]/g,
    (c) => `\\u${c.charCodeAt(0).toString(16).padStart(4, '0')}`,
  );

describe('POST /subscribers: a name shows as itself in the subject, or is refused by field', () => {
  test.each([
    ['a lone UTF-16 surrogate', 'Ana\ud800', 'name: name is not well-formed Unicode'],
    ['U+FFFD (bytes that were not UTF-8)', 'Ana \ufffd', 'name: name contains U+FFFD'],
    ['only zero-width characters', '\u200b\u200c\u200d\u2060', 'name: name has no visible character'],
    ['only a Hangul filler', '\u3164', 'name: name has no visible character'],
    ['U+202E, which reverses the subject line', 'Ana\u202emoc.knab', 'name: name contains a bidirectional'],
    ['an isolate (U+2066)', '\u2066Ana', 'name: name contains a bidirectional'],
    ['a MIME encoded-word', '=?utf-8?B?QWRtaW4=?=', 'name: name contains a MIME encoded-word'],
    ['a Q encoded-word inside', 'Ana =?iso-8859-1?q?Bo=E9?=', 'name: name contains a MIME encoded-word'],
    ['101 emoji', '😀'.repeat(101), 'name: name is longer than 100 characters'],
    [
      'one letter with 500 combining marks',
      `a${'\u0301'.repeat(500)}`,
      'name: name is longer than 400 code points',
    ],
  ])('%s is a 400 validation-failed naming the name, and nothing is written', async (_what, name, detail) => {
    const { call, subscribers } = setup();
    // Escaped as \uXXXX, as a client's JSON encoder may send it: the text reaches the schema as is.
    const answer = await call('POST', '/subscribers', asciiJson({ ...ana, name }));
    expect(answer).toMatchObject({
      status: 400,
      body: { type: 'https://myblog.com/problems/validation-failed' },
    });
    expect((answer.body as { detail: string }).detail).toContain(detail);
    expect(subscribers.size).toBe(0);
  });

  test.each([
    ['60 emoji: 60 characters, within 100', '😀'.repeat(60)],
    ['100 emoji with skin tones: 100 characters', '👍🏽'.repeat(100)],
    ['a right-to-left name, which needs no control characters', 'مريم'],
    ['an emoji sequence joined by zero-width joiners', 'Ana 👩‍💻'],
    ['a Persian name with a zero-width non-joiner', 'می‌خواهم'],
    ['an equals sign and a question mark that are no encoded-word', 'Ana =? Bo'],
  ])('%s is accepted', async (_what, name) => {
    const { call, subscribers } = setup();
    expect(await call('POST', '/subscribers', { ...ana, name })).toMatchObject({ status: 202 });
    expect(subscribers.size).toBe(1);
  });

  test('a body with U+FFFD anywhere (invalid UTF-8 decoded on the way in) is a 400 invalid-utf8', async () => {
    const { call, subscribers } = setup();
    const body = `{"email":"ana@example.com","name":"Ana","locale":"en","consent":true,"note":"\ufffd"}`;
    expect(await call('POST', '/subscribers', body)).toMatchObject({
      status: 400,
      body: { type: 'https://myblog.com/problems/invalid-utf8' },
    });
    expect(subscribers.size).toBe(0);
  });

  test.each([
    'application/json; charset=utf-16',
    'application/json;charset="UTF-16LE"',
    'application/json; charset=latin1',
  ])('a body declared %s is a 415: JSON between systems is UTF-8', async (type) => {
    const { call, subscribers } = setup();
    const answer = await call('POST', '/subscribers', ana, type);
    expect(answer).toMatchObject({
      status: 415,
      body: { type: 'https://myblog.com/problems/unsupported-media-type' },
    });
    expect((answer.body as { detail: string }).detail).toMatch(
      /charset=(utf-16|utf-16le|latin1) is not accepted/,
    );
    expect(subscribers.size).toBe(0);
  });

  test.each([
    'application/json; charset=utf-8',
    'application/json; charset="UTF-8"',
    'application/json;charset=utf8',
  ])('a body declared %s is read', async (type) => {
    const { call } = setup();
    expect(await call('POST', '/subscribers', ana, type)).toMatchObject({ status: 202 });
  });
});

describe('POST /photos and GET /photos/{id}', () => {
  test('an upload is reserved under a server-chosen key and answered with a presigned PUT', async () => {
    const { call, photos } = setup();
    const answer = await call('POST', '/photos', { contentType: 'image/png', size: 2048 });
    const photoId = photoIdFor('photos/fixed-id.png');
    expect(answer).toEqual({
      status: 201,
      headers: { Location: `/photos/${photoId}` },
      body: {
        photoId,
        key: 'photos/fixed-id.png',
        upload: {
          method: 'PUT',
          url: 'https://uploads.example/photos/fixed-id.png?type=image/png&size=2048&expires=900',
          headers: { 'Content-Type': 'image/png', 'Content-Length': '2048' },
          expiresAt: '2026-11-25T10:15:00.000Z',
        },
        status: `/photos/${photoId}`,
      },
    });
    expect(photos.get(photoId)?.status).toBe('AWAITING_UPLOAD');
  });

  test.each([
    ['a type that is not an image', { contentType: 'text/html', size: 10 }, 'contentType must be one of'],
    [
      'a declared size over 50 MiB',
      { contentType: 'image/jpeg', size: 60 * 1024 * 1024 },
      'size must be at most',
    ],
    ['a size of zero', { contentType: 'image/jpeg', size: 0 }, 'size must be at least 1 byte'],
    ['a size that is a string', { contentType: 'image/jpeg', size: '10' }, 'size must be a number'],
    ['a field the API does not know', { contentType: 'image/jpeg', size: 10, key: '../etc' }, 'key'],
  ])('%s is a 400 and nothing is reserved', async (_what, body, detail) => {
    const { call, photos } = setup();
    const answer = await call('POST', '/photos', body);
    expect(answer.status).toBe(400);
    expect((answer.body as { detail: string }).detail).toContain(detail);
    expect(photos.size).toBe(0);
  });

  test('before the upload, the photo is a 404 photo-not-ready with a long Retry-After', async () => {
    const { call } = setup();
    const { photoId } = (await call('POST', '/photos', { contentType: 'image/png', size: 10 })).body as {
      photoId: string;
    };
    expect(await call('GET', `/photos/${photoId}`)).toMatchObject({
      status: 404,
      headers: { 'Retry-After': '10' },
      body: {
        type: 'https://myblog.com/problems/photo-not-ready',
        detail: `Photo ${photoId} has not been uploaded yet`,
      },
    });
  });

  test('while the thumbnails are being made, a 404 photo-not-ready with a short Retry-After', async () => {
    const { call, uploads } = setup();
    const { photoId, key } = (await call('POST', '/photos', { contentType: 'image/png', size: 10 })).body as {
      photoId: string;
      key: string;
    };
    uploads.add(key);
    expect(await call('GET', `/photos/${photoId}`)).toMatchObject({
      status: 404,
      headers: { 'Retry-After': '2' },
    });
  });

  test('once made, the photo lists its thumbnails with URLs', async () => {
    const { call, photos } = setup();
    const photoId = photoIdFor('photos/a.png');
    photos.set(photoId, {
      photoId,
      key: 'photos/a.png',
      status: 'DONE',
      width: 600,
      height: 400,
      format: 'png',
      thumbnails: [
        { key: `thumbnails/${photoId}/128.webp`, width: 128, height: 85, format: 'webp', bytes: 900 },
      ],
      updatedAt: NOW.toISOString(),
    });
    expect(await call('GET', `/photos/${photoId}`)).toMatchObject({
      status: 200,
      body: {
        status: 'DONE',
        width: 600,
        thumbnails: [
          { url: `https://thumbnails.example/thumbnails/${photoId}/128.webp`, width: 128, format: 'webp' },
        ],
      },
    });
  });

  test('an unknown photo is a 404 not-found, a malformed id a 400', async () => {
    const { call } = setup();
    expect(await call('GET', `/photos/${'0'.repeat(24)}`)).toMatchObject({
      status: 404,
      body: { type: 'https://myblog.com/problems/not-found' },
    });
    expect(await call('GET', '/photos/..%2F..%2Fetc')).toMatchObject({ status: 400 });
  });
});

describe('GET /releases', () => {
  const manifest: ReleaseManifest = {
    version: '2.1.0',
    channel: 'stable',
    files: [{ name: 'app.zip', size: 10, sha256: 'a'.repeat(64) }],
  };

  test('latest is the manifest latest.json points at, with CloudFront URLs', async () => {
    const { call, releases } = setup();
    releases.set('releases/latest.json', manifest);
    expect(await call('GET', '/releases/latest')).toEqual({
      status: 200,
      headers: {},
      body: {
        ...manifest,
        files: [{ ...manifest.files[0], url: 'https://d123.cloudfront.net/releases/2.1.0/app.zip' }],
      },
    });
  });

  test('one version is read from its own manifest; an unknown one is a 404, a non-version a 400', async () => {
    const { call, releases } = setup();
    releases.set('releases/2.1.0/release.json', manifest);
    expect(await call('GET', '/releases/2.1.0')).toMatchObject({ status: 200, body: { version: '2.1.0' } });
    expect(await call('GET', '/releases/2.2.0')).toMatchObject({
      status: 404,
      body: { detail: 'No release 2.2.0' },
    });
    expect(await call('GET', '/releases/newest')).toMatchObject({ status: 400 });
  });

  test('before any release, latest is a 404', async () => {
    const { call } = setup();
    expect(await call('GET', '/releases/latest')).toMatchObject({ status: 404 });
  });
});

describe('Routes', () => {
  test('an unknown route is a 404 route-not-found', async () => {
    const { call } = setup();
    expect(await call('GET', '/admin')).toMatchObject({
      status: 404,
      body: { type: 'https://myblog.com/problems/route-not-found' },
    });
  });

  test('a known route with another method is a 405 with Allow', async () => {
    const { call } = setup();
    expect(await call('DELETE', '/subscribers')).toMatchObject({ status: 405, headers: { Allow: 'POST' } });
  });

  test('/openapi.json describes every route and the schemas the handlers validate with', async () => {
    const { call } = setup();
    const { body } = await call('GET', '/openapi.json');
    const doc = body as {
      openapi: string;
      paths: Record<string, unknown>;
      components: { schemas: Record<string, { properties?: Record<string, unknown>; required?: string[] }> };
    };
    expect(doc.openapi).toBe('3.1.0');
    expect(Object.keys(doc.paths)).toEqual([
      '/subscribers',
      '/photos',
      '/photos/{photoId}',
      '/releases/latest',
      '/releases/{version}',
      '/openapi.json',
    ]);
    expect(doc.components.schemas['PhotoUploadRequest']?.properties?.['size']).toEqual({
      type: 'integer',
      minimum: 1,
      maximum: 52428800,
    });
    const name = doc.components.schemas['SubscribeRequest']?.properties?.['name'] as {
      maxLength: number;
      pattern: string;
      description: string;
    };
    expect(name.maxLength).toBe(400);
    expect(name.description).toMatch(/At most 100 user-perceived characters/);
    // The pattern states the rules a regular expression can, as a client checking first would use it.
    const pattern = new RegExp(name.pattern, 'u');
    for (const refused of ['A\u202eB', '=?utf-8?B?QQ==?=', 'A\r\nB', 'A\ufffd'])
      expect(pattern.test(refused)).toBe(false);
    for (const accepted of ['Ana', 'مريم', 'Ana =? Bo', 'Ana 👩‍💻']) expect(pattern.test(accepted)).toBe(true);
    expect(doc.components.schemas['SubscribeRequest']?.required).toEqual([
      'email',
      'name',
      'locale',
      'consent',
    ]);
  });
});
