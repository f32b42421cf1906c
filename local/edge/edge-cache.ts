import { createHash } from 'node:crypto';
import { createReadStream, createWriteStream, mkdirSync, rmSync, unlink } from 'node:fs';
import { createServer, get as httpGet, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { pipeline } from 'node:stream/promises';
import {
  checkHost,
  handleWith,
  listenOnLoopback,
  MethodNotAllowed,
  requestUrl,
  sendText,
} from '@myblog/local-http';
import { contentRange, rangeOf, unsatisfiedRange } from '../../services/update-server/src/range';
import { preconditionOutcome, rangeStillValid } from '../../services/update-server/src/validators';
import { type CacheBehavior, behaviorFor, edgeTtl, invalidates } from './cache-rules';

export interface EdgeCacheOptions {
  /** The origin's base address, e.g. `http://127.0.0.1:8085`. */
  readonly origin: string;
  /** Where cached bodies are kept: on disk, as an edge keeps them (a release can be 15 GB). */
  readonly cacheDir: string;
  /** Cache behaviors in order; the first whose path pattern matches applies. */
  readonly behaviors: readonly CacheBehavior[];
  readonly defaultBehavior: CacheBehavior;
  /** 0 picks a free port. */
  readonly port?: number;
  readonly now?: () => number;
}

/** What the edge did, counted since it started. */
export interface EdgeCounters {
  readonly requests: number;
  /** Answered from the cache without asking the origin. */
  readonly hits: number;
  /** Fetched from the origin (a request collapsed onto another's fetch counts as a hit). */
  readonly misses: number;
  /** Stale, revalidated with If-None-Match and still current (the origin answered 304). */
  readonly revalidated: number;
  /** Body bytes sent to clients. */
  readonly bytesToClients: number;
  /** Body bytes received from the origin. */
  readonly bytesFromOrigin: number;
}

export interface EdgeCache {
  readonly url: string;
  counters(): EdgeCounters;
  /** Drops every cached path an invalidation path covers (`/a/b.json`, `/a/*`); returns how many. */
  invalidate(paths: readonly string[]): number;
  close(): Promise<void>;
}

interface Entry {
  readonly file: string;
  readonly size: number;
  readonly contentType: string;
  readonly etag: string | undefined;
  readonly lastModified: string | undefined;
  readonly cacheControl: string | undefined;
  readonly storedAt: number;
  expiresAt: number;
}

/** An origin answer that is not cached (404, 5xx...): passed on as it came. */
interface Passthrough {
  readonly status: number;
  readonly headers: Record<string, string>;
  readonly body: Buffer;
}

type Filled =
  | { readonly kind: 'entry'; readonly entry: Entry; readonly how: 'miss' | 'refresh' }
  | { readonly kind: 'passthrough'; readonly answer: Passthrough };

const PASSED_ON = ['content-type', 'cache-control', 'etag', 'last-modified', 'content-range'];

function originGet(url: string, headers: Record<string, string>): Promise<IncomingMessage> {
  return new Promise((resolve, reject) => {
    const request = httpGet(url, { headers }, resolve);
    request.on('error', reject);
  });
}

/**
 * A caching edge in front of an HTTP origin, as CloudFront is in front of the update server's ALB:
 * the first request for a path fetches it from the origin while every other request for it waits
 * for that one fetch (request collapsing), then all are served from the cached copy, Range and
 * conditional GET included, until its TTL runs out; a stale copy with an ETag is revalidated with
 * If-None-Match. Only GET and HEAD, the query string is not part of the cache key (the cache
 * policies forward none), and answers other than 200 are passed on without being cached.
 */
export async function startEdgeCache(options: EdgeCacheOptions): Promise<EdgeCache> {
  const now = options.now ?? Date.now;
  const origin = options.origin.replace(/\/+$/, '');
  mkdirSync(options.cacheDir, { recursive: true });
  const entries = new Map<string, Entry>();
  const filling = new Map<string, Promise<Filled>>();
  let fills = 0;
  const counts = { requests: 0, hits: 0, misses: 0, revalidated: 0, bytesToClients: 0, bytesFromOrigin: 0 };

  const drop = (entry: Entry) => unlink(entry.file, () => undefined);

  async function fill(path: string, stale: Entry | undefined): Promise<Filled> {
    const answer = await originGet(
      `${origin}${path}`,
      stale?.etag === undefined ? {} : { 'If-None-Match': stale.etag },
    );
    const behavior = behaviorFor(path, options.behaviors, options.defaultBehavior);
    const header = (name: string) => {
      const value = answer.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    };
    if (answer.statusCode === 304 && stale !== undefined) {
      answer.resume();
      stale.expiresAt = now() + edgeTtl(header('cache-control') ?? stale.cacheControl, behavior) * 1000;
      return { kind: 'entry', entry: stale, how: 'refresh' };
    }
    if (answer.statusCode !== 200) {
      const chunks: Buffer[] = [];
      for await (const chunk of answer) chunks.push(chunk as Buffer);
      const body = Buffer.concat(chunks);
      counts.bytesFromOrigin += body.length;
      const headers: Record<string, string> = {};
      for (const name of PASSED_ON) {
        const value = header(name);
        if (value !== undefined) headers[name] = value;
      }
      return { kind: 'passthrough', answer: { status: answer.statusCode ?? 502, headers, body } };
    }
    const file = join(
      options.cacheDir,
      `${createHash('sha256').update(path).digest('hex').slice(0, 32)}-${(fills += 1)}`,
    );
    let size = 0;
    answer.on('data', (chunk: Buffer) => {
      size += chunk.length;
      counts.bytesFromOrigin += chunk.length;
    });
    await pipeline(answer, createWriteStream(file));
    const entry: Entry = {
      file,
      size,
      contentType: header('content-type') ?? 'application/octet-stream',
      etag: header('etag'),
      lastModified: header('last-modified'),
      cacheControl: header('cache-control'),
      storedAt: now(),
      expiresAt: now() + edgeTtl(header('cache-control'), behavior) * 1000,
    };
    const previous = entries.get(path);
    entries.set(path, entry);
    if (previous !== undefined) drop(previous);
    return { kind: 'entry', entry, how: 'miss' };
  }

  /**
   * The answer for a path and how it was had: from a fresh cached copy or by joining a fetch under
   * way (hit), by this request's own fetch (miss), or by a revalidation the origin answered 304
   * (refresh). However many ask at once, the origin is asked once.
   */
  async function lookup(path: string): Promise<{ filled: Filled; how: 'hit' | 'miss' | 'refresh' }> {
    const cached = entries.get(path);
    if (cached !== undefined && cached.expiresAt > now())
      return { filled: { kind: 'entry', entry: cached, how: 'miss' }, how: 'hit' };
    const pending = filling.get(path);
    if (pending !== undefined) return { filled: await pending, how: 'hit' };
    const started = fill(path, cached).finally(() => filling.delete(path));
    filling.set(path, started);
    const filled = await started;
    return { filled, how: filled.kind === 'entry' && filled.how === 'refresh' ? 'refresh' : 'miss' };
  }

  function serve(request: IncomingMessage, response: ServerResponse, entry: Entry, xCache: string): void {
    const method = request.method ?? 'GET';
    const header = (name: string) => {
      const value = request.headers[name];
      return Array.isArray(value) ? value.join(', ') : value;
    };
    const modified = entry.lastModified === undefined ? NaN : Date.parse(entry.lastModified);
    const validators = {
      etag: entry.etag ?? '',
      lastModified: entry.lastModified ?? '',
      modifiedSeconds: Number.isNaN(modified) ? Number.MAX_SAFE_INTEGER : Math.floor(modified / 1000),
    };
    const common: Record<string, string> = {
      'Content-Type': entry.contentType,
      'Accept-Ranges': 'bytes',
      'X-Cache': xCache,
      Age: String(Math.max(0, Math.floor((now() - entry.storedAt) / 1000))),
      ...(entry.etag === undefined ? {} : { ETag: entry.etag }),
      ...(entry.lastModified === undefined ? {} : { 'Last-Modified': entry.lastModified }),
      ...(entry.cacheControl === undefined ? {} : { 'Cache-Control': entry.cacheControl }),
    };
    const outcome = preconditionOutcome(
      {
        ifMatch: header('if-match'),
        ifNoneMatch: entry.etag === undefined ? undefined : header('if-none-match'),
        ifModifiedSince: header('if-modified-since'),
        ifUnmodifiedSince: header('if-unmodified-since'),
      },
      validators,
    );
    if (outcome !== 'serve') {
      response.writeHead(outcome === 'notModified' ? 304 : 412, common);
      response.end();
      return;
    }
    const range = rangeStillValid(header('if-range'), validators)
      ? rangeOf(header('range'), entry.size)
      : ({ kind: 'whole' } as const);
    if (range.kind === 'unsatisfiable') {
      response.writeHead(416, {
        ...common,
        'Content-Range': unsatisfiedRange(entry.size),
        'Content-Length': '0',
      });
      response.end();
      return;
    }
    const [first, last] =
      range.kind === 'partial' ? [range.range.first, range.range.last] : [0, entry.size - 1];
    response.writeHead(range.kind === 'partial' ? 206 : 200, {
      ...common,
      'Content-Length': String(last - first + 1),
      ...(range.kind === 'partial' ? { 'Content-Range': contentRange(range.range, entry.size) } : {}),
    });
    if (method === 'HEAD' || entry.size === 0) {
      response.end();
      return;
    }
    const body = createReadStream(entry.file, { start: first, end: last, highWaterMark: 256 * 1024 });
    body.on('data', (chunk) => (counts.bytesToClients += chunk.length));
    body.on('error', () => response.destroy());
    body.pipe(response);
  }

  const server = createServer(
    handleWith(
      async (request, response) => {
        checkHost(request);
        const method = request.method ?? 'GET';
        const url = requestUrl(request);
        if (method !== 'GET' && method !== 'HEAD')
          throw new MethodNotAllowed(method, url.pathname, ['GET', 'HEAD']);
        counts.requests += 1;
        const path = (request.url ?? '/').split('?')[0] as string;
        let looked: Awaited<ReturnType<typeof lookup>>;
        try {
          looked = await lookup(path);
        } catch (error) {
          return sendText(response, 502, `Origin error: ${(error as Error).message}`);
        }
        const { filled, how } = looked;
        if (how === 'hit') counts.hits += 1;
        else if (how === 'refresh') counts.revalidated += 1;
        else counts.misses += 1;
        if (filled.kind === 'passthrough') {
          response.writeHead(filled.answer.status, {
            ...filled.answer.headers,
            'X-Cache': 'Error from cloudfront',
          });
          response.end(method === 'HEAD' ? undefined : filled.answer.body);
          if (method !== 'HEAD') counts.bytesToClients += filled.answer.body.length;
          return;
        }
        const xCache = {
          hit: 'Hit from cloudfront',
          miss: 'Miss from cloudfront',
          refresh: 'RefreshHit from cloudfront',
        }[how];
        serve(request, response, filled.entry, xCache);
      },
      (error, _request, response) => sendText(response, error.status, error.message, error.headers),
    ),
  );
  const listening = await listenOnLoopback(server, { port: options.port ?? 0 });
  return {
    url: listening.url,
    counters: () => ({ ...counts }),
    invalidate(paths) {
      let dropped = 0;
      for (const [path, entry] of entries)
        if (paths.some((invalidation) => invalidates(invalidation, path))) {
          entries.delete(path);
          drop(entry);
          dropped += 1;
        }
      return dropped;
    },
    close: async () => {
      await listening.close();
      rmSync(options.cacheDir, { recursive: true, force: true });
    },
  };
}
