import { createServer, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { TodoRouteSpec } from '../../../topology/todo-types';
import type { LambdaHandler } from '@myblog/stepfunctions-local';
import { proxyEvent } from '../api-server';
import { listenOnLoopback, type Listening } from '../listen';
import { localContext } from '../pollers/kinesis-consumer';
import { isRefusal, misdirected, requestUrl } from '../request-guard';
import type { IdTokenClaims } from './id-token';

/** A route of the API as API Gateway matches it: its resource path as a pattern. */
interface CompiledRoute {
  readonly spec: TodoRouteSpec;
  readonly pattern: RegExp;
  readonly names: readonly string[];
}

function compile(spec: TodoRouteSpec): CompiledRoute {
  const names: string[] = [];
  const body = spec.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (parameter === null) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(parameter[1] as string);
      return '([^/]+)';
    })
    .join('/');
  return { spec, pattern: new RegExp(`^${body}$`), names };
}

export interface CachedAnswer {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/**
 * API Gateway's stage cache as the TodoStack configures it: a GET of a route with `cacheSeconds`
 * is keyed by its path, query and Authorization header (each user's answers apart), kept for that
 * long, and not invalidated by writes. Only successful answers are kept.
 */
export class ApiResponseCache {
  readonly counts = { hits: 0, misses: 0 };
  private readonly entries = new Map<string, { expires: number; answer: CachedAnswer }>();

  constructor(private readonly now: () => number = Date.now) {}

  get(key: string): CachedAnswer | undefined {
    const entry = this.entries.get(key);
    if (entry !== undefined && entry.expires > this.now()) {
      this.counts.hits += 1;
      return entry.answer;
    }
    this.entries.delete(key);
    this.counts.misses += 1;
    return undefined;
  }

  set(key: string, seconds: number, answer: CachedAnswer): void {
    if (answer.statusCode >= 200 && answer.statusCode < 300)
      this.entries.set(key, { expires: this.now() + seconds * 1000, answer });
  }
}

export interface TodoGatewayOptions {
  readonly handler: LambdaHandler;
  readonly routes: readonly TodoRouteSpec[];
  /** The Cognito user pool authorizer: the ID token's claims, or a throw when it is not valid. */
  readonly authorize: (idToken: string) => IdTokenClaims;
  /** Routes that need no sign-in (the OpenAPI document). */
  readonly publicPaths: readonly string[];
  /** Off for the uncached side of `npm run bench -- todo`. */
  readonly cache?: ApiResponseCache;
  readonly port?: number;
}

function send(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Record<string, string> = {},
): void {
  response.writeHead(status, { 'Content-Type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/**
 * MyTodoList's REST API as API Gateway serves it: a path that is no route is 403 Missing
 * Authentication Token (as API Gateway answers it), a route but the public ones needs a valid ID
 * token in Authorization (401 Unauthorized otherwise, before the function runs), the token's claims
 * reach the function as `requestContext.authorizer.claims`, and cached GETs are answered from the
 * stage cache: a write is seen by a cached GET once its entry expires (10 s), so the app shows its
 * own writes from what it sent.
 */
export async function startTodoGateway(options: TodoGatewayOptions): Promise<Listening> {
  const routes = options.routes.map(compile);
  const server = createServer((incoming, response) => {
    const wrongHost = misdirected(incoming);
    const url = requestUrl(incoming);
    if (wrongHost !== undefined || isRefusal(url)) {
      incoming.resume();
      return send(response, (wrongHost ?? (url as { status: number })).status, {
        message: (wrongHost ?? (url as { message: string })).message,
      });
    }
    const method = incoming.method ?? 'GET';
    const path = url.pathname;
    const onPath = routes.filter((route) => route.pattern.test(path));
    if (onPath.length === 0) {
      incoming.resume();
      return send(response, 403, { message: 'Missing Authentication Token' });
    }
    const route = onPath.find((candidate) => candidate.spec.method === method) ?? onPath[0];
    const authorization = incoming.headers.authorization;
    let claims: IdTokenClaims | undefined;
    if (!options.publicPaths.includes(path) && method !== 'OPTIONS') {
      try {
        claims = options.authorize((authorization ?? '').replace(/^Bearer\s+/i, ''));
      } catch {
        incoming.resume();
        return send(response, 401, { message: 'Unauthorized' });
      }
    }
    const cacheSeconds =
      method === 'GET' && route?.spec.method === 'GET' ? route.spec.cacheSeconds : undefined;
    // The key: the path, the route's declared query parameters and the Authorization header.
    const keyQuery = (route?.spec.cacheKeyQuery ?? []).map(
      (name) => `${name}=${url.searchParams.get(name) ?? ''}`,
    );
    const cacheKey = `${method} ${path}?${keyQuery.join('&')} ${authorization ?? ''}`;
    // As the stage's default (requireAuthorizationForCacheControl): a Cache-Control: max-age=0 from
    // a caller without execute-api:InvalidateCache (a Cognito-authorized caller has no IAM identity)
    // is answered from the cache anyway, with a warning header.
    const ignoredCacheControl = /(^|,)\s*max-age=0\s*(,|$)/.test(
      String(incoming.headers['cache-control'] ?? ''),
    );
    if (cacheSeconds !== undefined && options.cache !== undefined) {
      const cached = options.cache.get(cacheKey);
      if (cached !== undefined) {
        incoming.resume();
        response.writeHead(cached.statusCode, {
          ...cached.headers,
          ...(ignoredCacheControl
            ? { Warning: '199 "Cache-Control headers were ignored because the caller was unauthorized."' }
            : {}),
        });
        response.end(cached.body);
        return;
      }
    }
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = chunks.length === 0 ? undefined : Buffer.concat(chunks);
      const match = route?.pattern.exec(path);
      const event: APIGatewayProxyEvent = {
        ...proxyEvent(incoming, body, url),
        resource: route?.spec.path ?? path,
        pathParameters:
          route === undefined || route.names.length === 0
            ? null
            : Object.fromEntries(
                route.names.map((name, i) => [name, decodeURIComponent(match?.[i + 1] ?? '')]),
              ),
        requestContext: {
          ...({} as APIGatewayProxyEvent['requestContext']),
          httpMethod: method,
          path,
          resourcePath: route?.spec.path ?? path,
          authorizer: claims === undefined ? null : { claims },
        },
      };
      Promise.resolve(options.handler(event, localContext('todo-api')))
        .then((result) => {
          const answer = result as APIGatewayProxyResult;
          const headers = Object.fromEntries(
            Object.entries(answer.headers ?? {}).map(([k, v]) => [k, String(v)]),
          );
          if (cacheSeconds !== undefined)
            options.cache?.set(cacheKey, cacheSeconds, {
              statusCode: answer.statusCode,
              headers,
              body: answer.body,
            });
          response.writeHead(answer.statusCode, headers);
          response.end(answer.body);
        })
        .catch(() => send(response, 502, { message: 'Internal server error' }));
    });
  });
  return listenOnLoopback(server, options.port ?? 0);
}
