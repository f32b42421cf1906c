import type { ServerResponse } from 'node:http';
import { createServer } from 'node:http';
import {
  BadRequest,
  checkBrowserOrigin,
  checkHost,
  CrossSiteRequest,
  handleWith,
  type HttpError,
  type Listening,
  listenOnLoopback,
  MisdirectedRequest,
  PayloadTooLarge,
  readText,
  requestUrl,
  Router,
  sendJson,
} from '@myblog/local-http';
import type { FunctionRegistry } from '@myblog/stepfunctions-local';
import { LambdaServiceError } from './function-host/errors';
import { reportedError } from './function-host/protocol';
import { localContext } from './pollers/kinesis-consumer';

/** Lambda's quota on a synchronous invocation's request payload: 6 MB (6,291,456 bytes). */
export const MAX_INVOKE_PAYLOAD_BYTES = 6 * 1024 * 1024;

/** An error of the Lambda API as the SDK reads it: the type in X-Amzn-ErrorType, the body `{Type, message}`. */
function lambdaError(
  response: ServerResponse,
  status: number,
  errorType: string,
  message: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJson(response, status, { Type: 'User', message }, { ...headers, 'x-amzn-errortype': errorType });
}

/** The Lambda API's name for each refusal of the shared HTTP layer. */
function errorTypeOf(error: HttpError): string {
  if (error instanceof CrossSiteRequest) return 'AccessDeniedException';
  if (error instanceof MisdirectedRequest) return 'MisdirectedRequest';
  if (error instanceof PayloadTooLarge) return 'RequestTooLargeException';
  if (error instanceof BadRequest) return 'ValidationException';
  if (error.status === 404 || error.status === 405) return 'UnknownOperationException';
  return 'ServiceException';
}

/**
 * Lambda's Invoke API (RequestResponse) over the functions of this process, at LAMBDA_ENDPOINT:
 * what a Step Functions server in another process calls, as AWS Step Functions Local calls SAM
 * local. A function's error is answered as Lambda answers it: status 200, X-Amz-Function-Error,
 * and the error as the payload; a throttle is the service's 429 TooManyRequestsException.
 */
export async function startLambdaEndpoint(functions: FunctionRegistry): Promise<Listening> {
  const routes = new Router<'invoke'>().add('POST', '/2015-03-31/functions/{name}/invocations', 'invoke');
  const server = createServer(
    handleWith(
      async (incoming, response) => {
        checkHost(incoming);
        // Lambda's API is called by SDKs, never by a page: anything a browser sends on a page's
        // behalf (an Origin, or its Sec-Fetch-Site verdict) is refused, so no page can invoke.
        checkBrowserOrigin(incoming, { kind: 'none' });
        const { params } = routes.match(incoming.method ?? 'GET', requestUrl(incoming).pathname);
        const name = (params['name'] as string).split(':').at(-1) as string;
        const handler = functions.get(name);
        if (handler === undefined)
          return lambdaError(response, 404, 'ResourceNotFoundException', `Function not found: ${name}`);
        const text = await readText(incoming, { limitBytes: MAX_INVOKE_PAYLOAD_BYTES });
        let payload: unknown = {};
        try {
          if (text !== '') payload = JSON.parse(text) as unknown;
        } catch (error) {
          // Lambda refuses such a payload itself (400), before any function runs.
          return lambdaError(
            response,
            400,
            'InvalidRequestContentException',
            `Could not parse request body into json: ${(error as Error).message}`,
          );
        }
        let result: unknown;
        try {
          result = await handler(payload, localContext(name));
        } catch (error) {
          // The service's own refusal (a throttle): an HTTP error, not the function's.
          if (error instanceof LambdaServiceError)
            return lambdaError(response, error.status, error.errorType, error.message);
          return sendJson(response, 200, reportedError(error), {
            'x-amz-function-error': 'Unhandled',
            'x-amz-executed-version': '$LATEST',
          });
        }
        sendJson(response, 200, result ?? null, { 'x-amz-executed-version': '$LATEST' });
      },
      (error, _incoming, response) =>
        lambdaError(response, error.status, errorTypeOf(error), error.message, error.headers),
    ),
  );
  return listenOnLoopback(server);
}
