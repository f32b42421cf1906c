import { createServer, type IncomingMessage } from 'node:http';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import type { LambdaHandler } from '../server/integrations/lambda';
import { localContext } from './pollers/kinesis-consumer';
import { listenOnLoopback } from './listen';

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
export function proxyEvent(incoming: IncomingMessage, body: Buffer | undefined): APIGatewayProxyEvent {
  const url = new URL(incoming.url ?? '/', 'http://api');
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
 * The blog API's Lambda served over real HTTP, as API Gateway serves it in AWS: each request
 * becomes a proxy event, the handler's result becomes the response.
 */
export async function startApiServer(handler: LambdaHandler, port = 0): Promise<ApiServer> {
  const server = createServer((incoming, response) => {
    readBody(incoming)
      .then(async (body) => {
        const result = (await handler(
          proxyEvent(incoming, body),
          localContext('blog-api'),
        )) as APIGatewayProxyResult;
        response.writeHead(result.statusCode, result.headers as Record<string, string>);
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
  return listenOnLoopback(server, port);
}
