import type { ReportedError } from './protocol';

/**
 * A function ran past its configured timeout. Lambda reports it to Step Functions under the
 * error name Sandbox.Timedout, which is what the workflows' Retry and Catch match. The host
 * rejects with it once it has stopped the environment.
 */
export class FunctionTimedOut extends Error {
  override readonly name = 'Sandbox.Timedout';
  constructor(requestId: string, seconds: number) {
    super(`RequestId: ${requestId} Error: Task timed out after ${seconds.toFixed(2)} seconds`);
  }
}

/** An error the function's code threw (or its module threw while loading), named as it named it. */
export class FunctionError extends Error {
  constructor(reported: ReportedError) {
    super(reported.errorMessage);
    this.name = reported.errorType;
    // The function's own trace, not the host's: Step Functions shows it in the cause.
    this.stack = [`${reported.errorType}: ${reported.errorMessage}`, ...reported.trace].join('\n    ');
  }
}

/** The environment's process ended in the middle of an invocation (Lambda's Runtime.ExitError). */
export class RuntimeExitError extends Error {
  override readonly name = 'Runtime.ExitError';
  constructor(requestId: string, how: string) {
    super(`RequestId: ${requestId} Error: Runtime exited with error: ${how}`);
  }
}

/**
 * An error of the Lambda service itself, not of the function: the Invoke API answers it with an
 * HTTP status and an error type, and Step Functions names it Lambda.<type>.
 */
export class LambdaServiceError extends Error {
  constructor(
    readonly errorType: string,
    readonly status: number,
    message: string,
  ) {
    super(message);
    this.name = `Lambda.${errorType}`;
  }
}

/** More concurrent invocations than the function's reserved concurrency: Lambda throttles. */
export class TooManyRequests extends LambdaServiceError {
  constructor(functionName: string, reserved: number) {
    super(
      'TooManyRequestsException',
      429,
      `Rate Exceeded. ${functionName} is limited to ${reserved} concurrent executions (reserved concurrency)`,
    );
  }
}
