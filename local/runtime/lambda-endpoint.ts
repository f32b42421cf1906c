import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { FunctionRegistry } from '@myblog/stepfunctions-local';
import { LambdaServiceError } from './function-host/errors';
import { reportedError } from './function-host/protocol';
import { localContext } from './pollers/kinesis-consumer';
import { type Listening, listenOnLoopback } from './listen';
import { browserContext, decodeUrlPart, isRefusal, misdirected, requestUrl } from './request-guard';

const INVOKE_PATH = /^\/2015-03-31\/functions\/([^/]+)\/invocations$/;

async function readText(incoming: IncomingMessage): Promise<string> {
  const chunks: Buffer[] = [];
  for await (const chunk of incoming) chunks.push(chunk as Buffer);
  return Buffer.concat(chunks).toString('utf8');
}

function send(response: ServerResponse, status: number, body: unknown, headers: Record<string, string> = {}) {
  response.writeHead(status, { 'content-type': 'application/json', ...headers });
  response.end(JSON.stringify(body));
}

/**
 * Lambda's Invoke API (RequestResponse) over the functions of this process, at LAMBDA_ENDPOINT:
 * what a Step Functions server in another process calls, as AWS Step Functions Local calls SAM
 * local. A function's error is answered as Lambda answers it: status 200, X-Amz-Function-Error,
 * and the error as the payload; a throttle is the service's 429 TooManyRequestsException.
 */
export async function startLambdaEndpoint(functions: FunctionRegistry): Promise<Listening> {
  const server = createServer((incoming, response) => {
    const refuse = (status: number, errorType: string, message: string) => {
      incoming.resume();
      send(response, status, { Type: 'User', message }, { 'x-amzn-errortype': errorType });
    };
    const wrongHost = misdirected(incoming);
    if (wrongHost !== undefined) return refuse(wrongHost.status, 'MisdirectedRequest', wrongHost.message);
    // Lambda's API is called by SDKs, never by a page: anything a browser sends on a page's behalf
    // (an Origin, or its Sec-Fetch-Site verdict) is refused, so no page can invoke a function.
    const { origin, site } = browserContext(incoming);
    if (origin !== undefined || site !== undefined)
      return refuse(
        403,
        'AccessDeniedException',
        `A request from a web page (${origin ?? `Sec-Fetch-Site: ${site}`}) may not invoke functions`,
      );
    const url = requestUrl(incoming);
    if (isRefusal(url)) return refuse(url.status, 'InvalidRequestContentException', url.message);
    const match = INVOKE_PATH.exec(url.pathname);
    if (incoming.method !== 'POST' || match === null) {
      send(response, 404, { message: `No such Lambda API route: ${incoming.method} ${incoming.url}` });
      return;
    }
    const decoded = decodeUrlPart(match[1] as string);
    if (decoded === undefined)
      return refuse(
        400,
        'ValidationException',
        `${match[1]} is not valid URL encoding (a malformed % escape)`,
      );
    const name = decoded.split(':').at(-1) as string;
    const handler = functions.get(name);
    if (handler === undefined) {
      send(
        response,
        404,
        { Type: 'User', message: `Function not found: ${name}` },
        { 'x-amzn-errortype': 'ResourceNotFoundException' },
      );
      return;
    }
    readText(incoming)
      .then((text) => {
        let payload: unknown = {};
        try {
          if (text !== '') payload = JSON.parse(text) as unknown;
        } catch (error) {
          // Lambda refuses such a payload itself (400), before any function runs.
          throw new LambdaServiceError(
            'InvalidRequestContentException',
            400,
            `Could not parse request body into json: ${(error as Error).message}`,
          );
        }
        return handler(payload, localContext(name));
      })
      .then(
        (result) => send(response, 200, result ?? null, { 'x-amz-executed-version': '$LATEST' }),
        (error: unknown) => {
          // The service's own refusal (a throttle): an HTTP error, not the function's.
          if (error instanceof LambdaServiceError)
            return refuse(error.status, error.errorType, error.message);
          send(response, 200, reportedError(error), {
            'x-amz-function-error': 'Unhandled',
            'x-amz-executed-version': '$LATEST',
          });
        },
      );
  });
  return listenOnLoopback(server);
}
