import type { LambdaHandler } from '../server/integrations/lambda';

/**
 * A function ran past its configured timeout. Lambda reports it to Step Functions under the
 * error name Sandbox.Timedout, which is what the workflows' Retry and Catch match.
 */
export class FunctionTimedOut extends Error {
  override readonly name = 'Sandbox.Timedout';
  constructor(requestId: string, seconds: number) {
    super(`RequestId: ${requestId} Error: Task timed out after ${seconds.toFixed(2)} seconds`);
  }
}

/**
 * The handler, bounded by its timeout as Lambda bounds it. Lambda stops the function's sandbox;
 * in this process its promise is only abandoned, so a late side effect may still land (which
 * idempotent functions must tolerate anyway, since the retry runs them again).
 */
export function withTimeout(handler: LambdaHandler, seconds: number): LambdaHandler {
  return (event, invoked) =>
    new Promise((resolve, reject) => {
      // The function sees its own deadline, as in Lambda: Powertools idempotency sets how long an
      // in-progress record holds from it, so a retry after a timeout is not refused for longer.
      const deadline = Date.now() + seconds * 1000;
      const context = { ...invoked, getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()) };
      const timer = setTimeout(
        () => reject(new FunctionTimedOut(context.awsRequestId, seconds)),
        seconds * 1000,
      );
      timer.unref();
      handler(event, context).then(
        (result) => {
          clearTimeout(timer);
          resolve(result);
        },
        (error: unknown) => {
          clearTimeout(timer);
          reject(error as Error);
        },
      );
    });
}
