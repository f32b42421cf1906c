import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { LambdaHandler } from '@myblog/stepfunctions-local';
import { localContext } from './pollers/kinesis-consumer';
import { listenOnLoopback } from './listen';
import {
  type ApiResponseCache,
  type CacheableRoute,
  compileRoute,
  matchRoute,
  NO_STAGE_CACHE,
} from './stage-cache';
import {
  browserContext,
  isLoopbackOrigin,
  isRefusal,
  misdirected,
  type Refusal,
  requestUrl,
} from './request-guard';

export interface ApiServer {
  readonly url: string;
  close(): Promise<void>;
}

class BodyTooLarge extends Error {}

/** Reads the body, refusing more than API Gateway's 10 MB payload limit. */
async function readBody(incoming: IncomingMessage, limit = 10 * 1024 * 1024): Promise<Buffer | undefined> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of incoming) {
    size += (chunk as Buffer).length;
    if (size > limit) throw new BodyTooLarge(`The body is over API Gateway's ${limit} byte limit`);
    chunks.push(chunk as Buffer);
  }
  return size === 0 ? undefined : Buffer.concat(chunks);
}

/** An HTTP request as API Gateway's REST API hands it to a Lambda proxy integration. */
export function proxyEvent(
  incoming: IncomingMessage,
  body: Buffer | undefined,
  url = new URL(incoming.url ?? '/', 'http://api'),
): APIGatewayProxyEvent {
  const headers: Record<string, string> = {};
  for (const [name, value] of Object.entries(incoming.headers))
    if (value !== undefined) headers[name] = Array.isArray(value) ? value.join(',') : value;
  const query = Object.fromEntries(url.searchParams);
  return {
    httpMethod: incoming.method ?? 'GET',
    path: url.pathname,
    resource: url.pathname,
    headers,
    multiValueHeaders: {},
    queryStringParameters: Object.keys(query).length === 0 ? null : query,
    multiValueQueryStringParameters: null,
    pathParameters: null,
    stageVariables: null,
    body: body === undefined ? null : body.toString('utf8'),
    isBase64Encoded: false,
    requestContext: {} as APIGatewayProxyEvent['requestContext'],
  };
}

/**
 * The blog API is called from other origins by design (the blog's pages; locally the dashboard's
 * Try it tab), so the function's CORS answers stay as they are in AWS. What this local gateway adds
 * is that a page on the internet may not use the developer's browser to drive the local stack:
 * a request that could change something (any method but GET and HEAD, the CORS preflight
 * included, so the browser is told no before it sends the POST) is refused when the browser says
 * it comes from a page that is not served from loopback. POSTs must also be application/json (the
 * function answers 415 otherwise), which a page elsewhere cannot send without that preflight.
 */
function foreignPage(incoming: IncomingMessage): Refusal | undefined {
  const method = incoming.method ?? 'GET';
  if (method === 'GET' || method === 'HEAD') return undefined;
  const { origin, site } = browserContext(incoming);
  if (origin !== undefined && !isLoopbackOrigin(origin))
    return {
      status: 403,
      message: `Request from ${origin} refused: locally, the blog API takes requests that change something only from pages served from this machine (127.0.0.1, localhost)`,
    };
  if (origin === undefined && site === 'cross-site')
    return { status: 403, message: 'Cross-site request refused: it came from a page on another site' };
  return undefined;
}

function problem(response: ServerResponse, refusal: Refusal, slug: string, title: string): void {
  response.writeHead(refusal.status, { 'Content-Type': 'application/problem+json' });
  response.end(
    JSON.stringify({
      type: `https://myblog.com/problems/${slug}`,
      title,
      status: refusal.status,
      detail: refusal.message,
    }),
  );
}

export interface ApiServerOptions {
  readonly port?: number;
  /** The API's routes as the topology declares them: which GETs the stage caches, and how long. */
  readonly routes?: readonly CacheableRoute[];
  /** The stage cache; none (every request reaches the function) for the uncached side of the bench. */
  readonly cache?: ApiResponseCache;
}

/**
 * The blog API's Lambda served over real HTTP, as API Gateway serves it in AWS: each request
 * becomes a proxy event, the handler's result becomes the response. With a cache, the GETs the
 * topology caches are answered from the stage cache as the infra configures it (infra/constructs/
 * blog-api.ts: each route's TTL, keyed by its path parameters; see stage-cache.ts for what lets an
 * entry go, and what does not: publishing a release leaves /releases/latest cached until its 60 s
 * are up, in AWS as here).
 */
export async function startApiServer(
  handler: LambdaHandler,
  options: ApiServerOptions = {},
): Promise<ApiServer> {
  const routes = (options.routes ?? []).map(compileRoute);
  const server = createServer((incoming, response) => {
    const url = requestUrl(incoming);
    const refused = (refusal: Refusal, slug: string, title: string) => {
      // Drained, so the client reads the answer rather than a reset connection.
      incoming.resume();
      problem(response, refusal, slug, title);
    };
    const wrongHost = misdirected(incoming);
    if (wrongHost !== undefined)
      return refused(wrongHost, 'misdirected-request', 'This server is not the host asked for');
    if (isRefusal(url)) return refused(url, 'bad-request', 'The request is malformed');
    const forged = foreignPage(incoming);
    if (forged !== undefined)
      return refused(forged, 'cross-origin-refused', 'Not from a page served from this machine');
    const method = incoming.method ?? 'GET';
    const decision =
      options.cache === undefined
        ? NO_STAGE_CACHE
        : options.cache.decide({
            method,
            matched: matchRoute(routes, method, url.pathname),
            url,
            cacheControl: incoming.headers['cache-control'],
          });
    if (decision.kind === 'hit') {
      incoming.resume();
      response.writeHead(decision.answer.statusCode, decision.answer.headers);
      response.end(decision.answer.body);
      return;
    }
    readBody(incoming)
      .then(async (body) => {
        const result = (await handler(
          proxyEvent(incoming, body, url),
          localContext('blog-api'),
        )) as APIGatewayProxyResult;
        const headers = Object.fromEntries(
          Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)]),
        );
        decision.store({ statusCode: result.statusCode, headers, body: result.body });
        response.writeHead(result.statusCode, { ...headers, ...decision.headers });
        response.end(result.body);
      })
      .catch((error: unknown) => {
        const tooLarge = error instanceof BodyTooLarge;
        response.writeHead(tooLarge ? 413 : 500, { 'Content-Type': 'application/problem+json' });
        response.end(
          JSON.stringify(
            tooLarge
              ? {
                  type: 'https://myblog.com/problems/payload-too-large',
                  title: 'The body is too large',
                  status: 413,
                  detail: error.message,
                }
              : {
                  type: 'https://myblog.com/problems/internal-error',
                  title: 'Something went wrong on our side',
                  status: 500,
                  detail: 'The function failed',
                },
          ),
        );
      });
  });
  return listenOnLoopback(server, options.port ?? 0);
}
