import { randomUUID } from 'node:crypto';
import type { z } from 'zod';
import { distributionPrefix } from '../shared/manifest';
import { photoIdFor } from '../shared/s3-keys';
import { describeOpenApi } from './openapi';
import {
  AlreadySubscribed,
  InvalidJson,
  InvalidUtf8,
  MethodNotAllowed,
  NotFound,
  PayloadTooLarge,
  PhotoNotReady,
  type ProblemError,
  RouteNotFound,
  UnsupportedMediaType,
  ValidationFailed,
} from './problems';
import {
  type IMAGE_TYPES,
  photoIdParameter,
  photoUploadRequest,
  subscribeRequest,
  versionParameter,
  type PhotoStatus,
  type PhotoUpload,
  type Release,
  type SubscribeAccepted,
} from './schemas';
import type { BlogStore } from './store';

export interface ApiRequest {
  readonly method: string;
  /** The path without the stage, e.g. `/photos/abc`. */
  readonly path: string;
  /** Header names in lower case. */
  readonly headers: Readonly<Record<string, string | undefined>>;
  readonly body: string | undefined;
}

export interface ApiResponse {
  readonly status: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: unknown;
}

export interface ApiOptions {
  /** Where release files are downloaded from: the CloudFront distribution's address. */
  readonly downloadsBaseUrl: string;
  readonly now?: () => Date;
  readonly newId?: () => string;
  /** How long a presigned upload URL is valid. */
  readonly uploadExpirySeconds?: number;
}

/** Request bodies are small JSON documents; anything bigger is refused before parsing. */
export const MAX_BODY_BYTES = 16 * 1024;

const EXTENSIONS: Readonly<Record<(typeof IMAGE_TYPES)[number], string>> = {
  'image/jpeg': 'jpg',
  'image/png': 'png',
  'image/webp': 'webp',
  'image/gif': 'gif',
  'image/avif': 'avif',
  'image/heic': 'heic',
};

type Handler = (request: ApiRequest, parameter: string) => Promise<ApiResponse>;

interface Route {
  readonly pattern: RegExp;
  readonly methods: Readonly<Record<string, Handler>>;
}

const ok = (status: number, body: unknown, headers: Record<string, string> = {}): ApiResponse => ({
  status,
  headers,
  body,
});

/** The charset a Content-Type names, lower-cased and unquoted; undefined when it names none. */
function charsetOf(contentType: string): string | undefined {
  const match = /;\s*charset\s*=\s*"?([^";\s]*)"?/i.exec(contentType);
  return match?.[1]?.toLowerCase();
}

function parseBody<T extends z.ZodType>(schema: T, request: ApiRequest): z.output<T> {
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type))
    throw new UnsupportedMediaType(
      `Send the body as application/json, not ${type === '' ? 'without a type' : type}`,
    );
  // JSON between systems is UTF-8 (RFC 8259, section 8.1), and API Gateway hands a text body to the
  // function already decoded as UTF-8: a body in another charset cannot be decoded correctly here,
  // so it is refused as the media type it is, rather than read as mojibake.
  const charset = charsetOf(type);
  if (charset !== undefined && charset !== 'utf-8' && charset !== 'utf8')
    throw new UnsupportedMediaType(`Send the body as UTF-8 JSON; charset=${charset} is not accepted`);
  const body = request.body ?? '';
  // Bytes that were not UTF-8 arrive as U+FFFD, which nobody types: refuse the body rather than
  // store and email a name with holes in it.
  if (body.includes('\uFFFD'))
    throw new InvalidUtf8(
      'The body contains U+FFFD, the replacement character for bytes that are not UTF-8: send it as valid UTF-8',
    );
  if (Buffer.byteLength(body, 'utf8') > MAX_BODY_BYTES)
    throw new PayloadTooLarge(
      `The body is ${Buffer.byteLength(body, 'utf8')} bytes; the limit is ${MAX_BODY_BYTES}`,
    );
  let json: unknown;
  try {
    json = JSON.parse(body);
  } catch (error) {
    throw new InvalidJson((error as Error).message);
  }
  return validate(schema, json, 'The body');
}

function validate<T extends z.ZodType>(schema: T, value: unknown, what: string): z.output<T> {
  const result = schema.safeParse(value);
  if (result.success) return result.data;
  const errors = result.error.issues.map((issue) => ({
    path: issue.path.length === 0 ? '' : issue.path.map(String).join('.'),
    message: issue.message,
  }));
  throw new ValidationFailed(
    `${what} is not valid: ${errors.map((e) => (e.path === '' ? e.message : `${e.path}: ${e.message}`)).join('; ')}`,
    errors,
  );
}

/** The blog's REST API over a store: routing, validation, and the answers, as plain data. */
export function createApi(store: BlogStore, options: ApiOptions) {
  const now = options.now ?? (() => new Date());
  const newId = options.newId ?? randomUUID;
  const expiry = options.uploadExpirySeconds ?? 900;
  const downloads = options.downloadsBaseUrl.replace(/\/+$/, '');

  const withUrls = (
    manifest: Omit<Release, 'files'> & { files: readonly { name: string; size: number; sha256: string }[] },
  ): Release => ({
    version: manifest.version,
    channel: manifest.channel,
    ...(manifest.publishedAt === undefined ? {} : { publishedAt: manifest.publishedAt }),
    files: manifest.files.map((file) => ({
      ...file,
      url: `${downloads}/${distributionPrefix(manifest.version)}${file.name.split('/').map(encodeURIComponent).join('/')}`,
    })),
  });

  const subscribe: Handler = async (request) => {
    const subscriber = parseBody(subscribeRequest, request);
    if ((await store.addSubscriber(subscriber, now())) === 'exists')
      throw new AlreadySubscribed(`${subscriber.email} is already subscribed`);
    const body: SubscribeAccepted = { email: subscriber.email, status: 'pending' };
    return ok(202, body);
  };

  const createPhoto: Handler = async (request) => {
    const { contentType, size } = parseBody(photoUploadRequest, request);
    const key = `photos/${newId()}.${EXTENSIONS[contentType]}`;
    const photoId = photoIdFor(key);
    await store.reservePhoto({ photoId, key, contentType, size }, now());
    const url = await store.presignUpload(key, contentType, size, expiry);
    const body: PhotoUpload = {
      photoId,
      key,
      upload: {
        method: 'PUT',
        url,
        headers: { 'Content-Type': contentType, 'Content-Length': String(size) },
        expiresAt: new Date(now().getTime() + expiry * 1000).toISOString(),
      },
      status: `/photos/${photoId}`,
    };
    return ok(201, body, { Location: `/photos/${photoId}` });
  };

  const getPhoto: Handler = async (_request, parameter) => {
    const photoId = validate(photoIdParameter, parameter, 'The photo id');
    const photo = await store.photo(photoId);
    if (photo === undefined) throw new NotFound(`No photo ${photoId}`);
    if (photo.status === 'AWAITING_UPLOAD') {
      const uploaded = await store.uploaded(photo.key);
      throw new PhotoNotReady(
        uploaded
          ? `Photo ${photoId} was uploaded; its thumbnails are being made`
          : `Photo ${photoId} has not been uploaded yet`,
        uploaded ? 2 : 10,
      );
    }
    const body: PhotoStatus = {
      photoId,
      status: photo.status === 'DONE' ? 'DONE' : 'FAILED',
      ...(photo.width === undefined ? {} : { width: photo.width }),
      ...(photo.height === undefined ? {} : { height: photo.height }),
      ...(photo.format === undefined ? {} : { format: photo.format }),
      thumbnails: await Promise.all(
        photo.thumbnails.map(async (t) => ({
          url: await store.thumbnailUrl(t.key),
          width: t.width,
          height: t.height,
          format: t.format,
          bytes: t.bytes,
        })),
      ),
      ...(photo.error === undefined ? {} : { error: photo.error }),
      updatedAt: photo.updatedAt,
    };
    return ok(200, body);
  };

  const latestRelease: Handler = async () => {
    const manifest = await store.release('releases/latest.json');
    if (manifest === undefined) throw new NotFound('No release has been published yet');
    return ok(200, withUrls(manifest));
  };

  const releaseByVersion: Handler = async (_request, parameter) => {
    const version = validate(versionParameter, parameter, 'The version');
    const manifest = await store.release(`${distributionPrefix(version)}release.json`);
    if (manifest === undefined) throw new NotFound(`No release ${version}`);
    return ok(200, withUrls(manifest));
  };

  const openApi: Handler = async () => ok(200, describeOpenApi());

  const routes: readonly Route[] = [
    { pattern: /^\/subscribers$/, methods: { POST: subscribe } },
    { pattern: /^\/photos$/, methods: { POST: createPhoto } },
    { pattern: /^\/photos\/([^/]+)$/, methods: { GET: getPhoto } },
    { pattern: /^\/releases\/latest$/, methods: { GET: latestRelease } },
    { pattern: /^\/releases\/([^/]+)$/, methods: { GET: releaseByVersion } },
    { pattern: /^\/openapi\.json$/, methods: { GET: openApi } },
  ];

  return {
    /** Answers one request; a ProblemError thrown on the way is the caller's to render. */
    async handle(request: ApiRequest): Promise<ApiResponse> {
      for (const route of routes) {
        const match = route.pattern.exec(request.path);
        if (match === null) continue;
        const handler = route.methods[request.method];
        if (handler === undefined) {
          throw new MethodNotAllowed(
            `${request.path} does not take ${request.method}`,
            Object.keys(route.methods),
          );
        }
        let parameter: string;
        try {
          parameter = decodeURIComponent(match[1] ?? '');
        } catch {
          throw new ValidationFailed(`${request.path} is not valid URL encoding`, []);
        }
        return handler(request, parameter);
      }
      throw new RouteNotFound(`No route ${request.method} ${request.path}`);
    },
  };
}

export type BlogApi = ReturnType<typeof createApi>;
export type { ProblemError };
