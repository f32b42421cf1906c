import { createServer, type ServerResponse } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { TodoRouteSpec } from '../../../topology/todo-types';
import type { LambdaHandler } from '@myblog/stepfunctions-local';
import { proxyEvent } from '../api-server';
import { listenOnLoopback, type Listening } from '../listen';
import { localContext } from '../pollers/kinesis-consumer';
import { isRefusal, misdirected, requestUrl } from '../request-guard';
import { type ApiResponseCache, compileRoute, matchRoute, NO_STAGE_CACHE } from '../stage-cache';
import type { IdTokenClaims } from './id-token';

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
  const routes = options.routes.map(compileRoute);
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
    const matched = matchRoute(routes, method, path);
    if (matched === undefined) {
      incoming.resume();
      return send(response, 403, { message: 'Missing Authentication Token' });
    }
    const route = matched.route;
    const authorization = incoming.headers.authorization;
    const isPublic = options.publicPaths.includes(path);
    let claims: IdTokenClaims | undefined;
    if (!isPublic && method !== 'OPTIONS') {
      try {
        claims = options.authorize((authorization ?? '').replace(/^Bearer\s+/i, ''));
      } catch {
        incoming.resume();
        return send(response, 401, { message: 'Unauthorized' });
      }
    }
    // Each user's answers apart: the infra makes Authorization a cache key parameter of every
    // cached route but the public one (infra/constructs/todo-api.ts).
    const decision =
      options.cache === undefined
        ? NO_STAGE_CACHE
        : options.cache.decide({
            method,
            matched,
            url,
            keyHeaders: isPublic ? {} : { authorization },
            cacheControl: incoming.headers['cache-control'],
          });
    if (decision.kind === 'hit') {
      incoming.resume();
      response.writeHead(decision.answer.statusCode, decision.answer.headers);
      response.end(decision.answer.body);
      return;
    }
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => {
      const body = chunks.length === 0 ? undefined : Buffer.concat(chunks);
      const event: APIGatewayProxyEvent = {
        ...proxyEvent(incoming, body, url),
        resource: route.spec.path,
        pathParameters: route.names.length === 0 ? null : matched.parameters,
        requestContext: {
          ...({} as APIGatewayProxyEvent['requestContext']),
          httpMethod: method,
          path,
          resourcePath: route.spec.path,
          authorizer: claims === undefined ? null : { claims },
        },
      };
      Promise.resolve(options.handler(event, localContext('todo-api')))
        .then((result) => {
          const answer = result as APIGatewayProxyResult;
          const headers = Object.fromEntries(
            Object.entries(answer.headers ?? {}).map(([k, v]) => [k, String(v)]),
          );
          decision.store({ statusCode: answer.statusCode, headers, body: answer.body });
          response.writeHead(answer.statusCode, { ...headers, ...decision.headers });
          response.end(answer.body);
        })
        .catch(() => send(response, 502, { message: 'Internal server error' }));
    });
  });
  return listenOnLoopback(server, options.port ?? 0);
}
