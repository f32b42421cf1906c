import { createReadStream } from 'node:fs';
import { realpath, stat } from 'node:fs/promises';
import { createServer, type IncomingMessage, type Server, type ServerResponse } from 'node:http';
import { sep } from 'node:path';
import { performance } from 'node:perf_hooks';
import { jsonLogger, type Logger, requestIdOf } from './log';
import { targetOf, within } from './paths';
import { contentRange, rangeOf, unsatisfiedRange } from './range';
import { preconditionOutcome, rangeStillValid, validatorsOf } from './validators';

export interface UpdateServerOptions {
  /** The directory holding `latest.json` and one folder per version. */
  readonly root: string;
  /** Seconds clients and caches may keep latest.json: it moves with each release. */
  readonly latestMaxAgeSeconds?: number;
  readonly log?: Logger;
}

/** A published version's files never change: any cache may keep them for a year without asking again. */
export const IMMUTABLE = 'public, max-age=31536000, immutable';

const header = (request: IncomingMessage, name: string): string | undefined => {
  const value = request.headers[name];
  return Array.isArray(value) ? value.join(', ') : value;
};

/** The file a target names, when it is a regular file inside the root (symbolic links resolved). */
async function fileAt(root: string, relativePath: string) {
  const path = within(root, relativePath);
  if (path === undefined) return undefined;
  try {
    const real = await realpath(path);
    // A symbolic link inside the directory may point out of it: the real path must stay inside.
    if (!real.startsWith(`${root}${sep}`)) return undefined;
    const info = await stat(real);
    return info.isFile() ? { path: real, size: info.size, mtimeMs: info.mtimeMs } : undefined;
  } catch {
    return undefined;
  }
}

/**
 * The update server: static release files from a directory, with what download clients and any
 * cache in front need (Range, ETag, Last-Modified, conditional GET, Cache-Control) and a health
 * check for the load balancer. It knows nothing of what sits in front of it.
 */
export async function createUpdateServer(options: UpdateServerOptions): Promise<Server> {
  const root = await realpath(options.root);
  const log = options.log ?? jsonLogger();
  const latestCacheControl = `public, max-age=${options.latestMaxAgeSeconds ?? 60}`;

  async function handle(request: IncomingMessage, response: ServerResponse, count: (bytes: number) => void) {
    const method = request.method ?? 'GET';
    // The path as sent: URL parsing would resolve `..` itself and hide the attempt from the check.
    const target = targetOf((request.url ?? '/').split('?')[0] as string);
    const plain = (status: number, text: string, extra: Record<string, string> = {}) => {
      const body = `${text}\n`;
      response.writeHead(status, {
        'Content-Type': 'text/plain; charset=utf-8',
        'Content-Length': String(Buffer.byteLength(body)),
        'Cache-Control': 'no-store',
        ...extra,
      });
      response.end(method === 'HEAD' ? undefined : body);
      if (method !== 'HEAD') count(Buffer.byteLength(body));
    };
    if (method !== 'GET' && method !== 'HEAD')
      return plain(405, 'Method not allowed', { Allow: 'GET, HEAD' });
    if (target.kind === 'refused') return plain(400, `Bad path: ${target.reason}`);
    if (target.kind === 'notFound') return plain(404, 'Not found');
    if (target.kind === 'health') {
      // Healthy when the directory can be read: a lost EFS mount takes the task out of the target group.
      try {
        await stat(root);
      } catch {
        return plain(503, 'Updates directory unavailable');
      }
      return plain(200, 'ok');
    }
    const file = await fileAt(root, target.relativePath);
    if (file === undefined) return plain(404, 'Not found');
    const validators = validatorsOf(file);
    const common = {
      ETag: validators.etag,
      'Last-Modified': validators.lastModified,
      'Cache-Control': target.kind === 'latest' ? latestCacheControl : IMMUTABLE,
      'Accept-Ranges': 'bytes',
    };
    const outcome = preconditionOutcome(
      {
        ifMatch: header(request, 'if-match'),
        ifNoneMatch: header(request, 'if-none-match'),
        ifModifiedSince: header(request, 'if-modified-since'),
        ifUnmodifiedSince: header(request, 'if-unmodified-since'),
      },
      validators,
    );
    if (outcome === 'notModified') {
      response.writeHead(304, common);
      response.end();
      return;
    }
    if (outcome === 'preconditionFailed') return plain(412, 'Precondition failed', { ETag: validators.etag });
    const contentType = target.relativePath.endsWith('.json')
      ? 'application/json'
      : 'application/octet-stream';
    const range = rangeStillValid(header(request, 'if-range'), validators)
      ? rangeOf(header(request, 'range'), file.size)
      : ({ kind: 'whole' } as const);
    if (range.kind === 'unsatisfiable')
      return plain(416, 'Range not satisfiable', { 'Content-Range': unsatisfiedRange(file.size) });
    const [status, first, last] =
      range.kind === 'partial' ? [206, range.range.first, range.range.last] : [200, 0, file.size - 1];
    response.writeHead(status, {
      ...common,
      'Content-Type': contentType,
      'Content-Length': String(last - first + 1),
      ...(range.kind === 'partial' ? { 'Content-Range': contentRange(range.range, file.size) } : {}),
    });
    if (method === 'HEAD' || file.size === 0) {
      response.end();
      return;
    }
    const body = createReadStream(file.path, { start: first, end: last, highWaterMark: 256 * 1024 });
    body.on('data', (chunk) => count(chunk.length));
    body.on('error', () => response.destroy());
    body.pipe(response);
  }

  return createServer((request, response) => {
    const started = performance.now();
    const requestId = requestIdOf(request.headers['x-request-id']);
    response.setHeader('X-Request-Id', requestId);
    let bytes = 0;
    response.once('close', () => {
      log('info', 'request', {
        requestId,
        traceId: header(request, 'x-amzn-trace-id'),
        method: request.method,
        path: request.url,
        status: response.statusCode,
        bytes,
        range: header(request, 'range'),
        completed: response.writableFinished,
        durationMs: Math.round((performance.now() - started) * 10) / 10,
      });
    });
    handle(request, response, (n) => (bytes += n)).catch((error: unknown) => {
      log('error', 'request failed', { requestId, error: (error as Error).message });
      if (!response.headersSent) {
        response.writeHead(500, { 'Content-Type': 'text/plain; charset=utf-8' });
        response.end('Internal error\n');
      } else response.destroy();
    });
  });
}
