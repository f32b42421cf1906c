import { createServer, type IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import {
  BadRequest,
  checkBrowserOrigin,
  checkHost,
  CrossSiteRequest,
  handleWith,
  type HttpError,
  listenOnLoopback,
  MisdirectedRequest,
  PayloadTooLarge,
  readBody,
  requestUrl,
  sendProblem,
} from '@myblog/local-http';
import type { LambdaHandler } from '@myblog/stepfunctions-local';
import { localContext } from './pollers/kinesis-consumer';
import {
  type ApiResponseCache,
  type CacheableRoute,
  compileRoute,
  matchRoute,
  NO_STAGE_CACHE,
} from './stage-cache';

export interface ApiServer {
  readonly url: string;
  close(): Promise<void>;
}

/** API Gateway's quota on a REST API request payload: 10 MB. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

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
 * requests that could change something come only from pages served from loopback (local-http's
 * `loopback-pages` policy, the CORS preflight included). POSTs must also be application/json (the
 * function answers 415 otherwise), which a page elsewhere cannot send without that preflight.
 */
const ORIGIN_POLICY = { kind: 'loopback-pages', server: 'the blog API' } as const;

/** Each refusal as the blog's problem type (https://myblog.com/problems/<slug>) and title. */
function problemKind(error: HttpError): { slug: string; title: string; detail: string } {
  if (error instanceof MisdirectedRequest)
    return {
      slug: 'misdirected-request',
      title: 'This server is not the host asked for',
      detail: error.message,
    };
  if (error instanceof BadRequest)
    return { slug: 'bad-request', title: 'The request is malformed', detail: error.message };
  if (error instanceof CrossSiteRequest)
    return {
      slug: 'cross-origin-refused',
      title: 'Not from a page served from this machine',
      detail: error.message,
    };
  if (error instanceof PayloadTooLarge)
    return { slug: 'payload-too-large', title: 'The body is too large', detail: error.message };
  return { slug: 'internal-error', title: 'Something went wrong on our side', detail: 'The function failed' };
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
  const server = createServer(
    handleWith(
      async (incoming, response) => {
        checkHost(incoming);
        const url = requestUrl(incoming);
        checkBrowserOrigin(incoming, ORIGIN_POLICY);
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
        const body = await readBody(incoming, { limitBytes: MAX_PAYLOAD_BYTES });
        const result = (await handler(
          proxyEvent(incoming, body.length === 0 ? undefined : body, url),
          localContext('blog-api'),
        )) as APIGatewayProxyResult;
        const headers = Object.fromEntries(
          Object.entries(result.headers ?? {}).map(([name, value]) => [name, String(value)]),
        );
        decision.store({ statusCode: result.statusCode, headers, body: result.body });
        response.writeHead(result.statusCode, { ...headers, ...decision.headers });
        response.end(result.body);
      },
      (error, _incoming, response) => {
        const { slug, title, detail } = problemKind(error);
        sendProblem(
          response,
          { type: `https://myblog.com/problems/${slug}`, title, status: error.status, detail },
          error.headers,
        );
      },
    ),
  );
  return listenOnLoopback(server, { port: options.port ?? 0 });
}
