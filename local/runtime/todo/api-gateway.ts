import { createServer } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { TodoRouteSpec } from '../../../topology/todo-types';
import type { LambdaHandler } from '@myblog/stepfunctions-local';
import { proxyEvent } from '../api-server';
import {
  checkHost,
  handleWith,
  type Listening,
  listenOnLoopback,
  readBody,
  requestUrl,
  sendJson,
} from '@myblog/local-http';
import { localContext } from '../pollers/kinesis-consumer';
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

/** API Gateway's quota on a REST API request payload: 10 MB. */
const MAX_PAYLOAD_BYTES = 10 * 1024 * 1024;

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
  const server = createServer(
    handleWith(
      async (incoming, response) => {
        checkHost(incoming);
        const url = requestUrl(incoming);
        const method = incoming.method ?? 'GET';
        const path = url.pathname;
        const matched = matchRoute(routes, method, path);
        if (matched === undefined) {
          incoming.resume();
          return sendJson(response, 403, { message: 'Missing Authentication Token' });
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
            return sendJson(response, 401, { message: 'Unauthorized' });
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
        const body = await readBody(incoming, { limitBytes: MAX_PAYLOAD_BYTES });
        const event: APIGatewayProxyEvent = {
          ...proxyEvent(incoming, body.length === 0 ? undefined : body, url),
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
        let answer: APIGatewayProxyResult;
        try {
          answer = (await options.handler(event, localContext('todo-api'))) as APIGatewayProxyResult;
        } catch {
          // A function that fails is API Gateway's 502, as a Lambda proxy integration answers it.
          return sendJson(response, 502, { message: 'Internal server error' });
        }
        const headers = Object.fromEntries(
          Object.entries(answer.headers ?? {}).map(([k, v]) => [k, String(v)]),
        );
        decision.store({ statusCode: answer.statusCode, headers, body: answer.body });
        response.writeHead(answer.statusCode, { ...headers, ...decision.headers });
        response.end(answer.body);
      },
      (error, _incoming, response) =>
        sendJson(response, error.status, { message: error.message }, error.headers),
    ),
  );
  return listenOnLoopback(server, { port: options.port ?? 0 });
}
