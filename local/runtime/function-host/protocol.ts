/**
 * The messages between the host and one execution environment (a child process running
 * sandbox.ts), over Node's IPC channel. Events and results travel as JSON text, as they travel to
 * and from Lambda, so nothing but JSON can pass between the workflow and the function.
 */

/** The Lambda context fields a function sees, minus getRemainingTimeInMillis (rebuilt from the deadline). */
export interface InvocationContext {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly memoryLimitInMB: string;
  readonly awsRequestId: string;
  readonly logGroupName: string;
  readonly logStreamName: string;
}

/** Host → environment: run the handler once. */
export interface InvokeMessage {
  readonly type: 'invoke';
  readonly context: InvocationContext;
  /** The event as JSON text. */
  readonly event: string;
  /** When the invocation times out, in epoch milliseconds: the function's getRemainingTimeInMillis counts down to it. */
  readonly deadline: number;
}

/** An error as Lambda reports it in an Unhandled function error's payload. */
export interface ReportedError {
  readonly errorType: string;
  readonly errorMessage: string;
  readonly trace: readonly string[];
}

/** Environment → host. */
export type SandboxMessage =
  /** The handler module loaded (Lambda's INIT phase ended): the environment takes invocations. */
  | { readonly type: 'ready' }
  /** The handler module threw while loading; the environment exits. */
  | { readonly type: 'init-error'; readonly error: ReportedError }
  | { readonly type: 'result'; readonly requestId: string; readonly payload: string }
  | { readonly type: 'error'; readonly requestId: string; readonly error: ReportedError };

/** Exit code of an environment that stopped itself at an invocation's deadline. */
export const TIMED_OUT_EXIT_CODE = 124;

/** The environment variable naming the bundled handler file an environment loads. */
export const HANDLER_FILE_VARIABLE = 'LOCAL_LAMBDA_HANDLER_FILE';

export function reportedError(error: unknown): ReportedError {
  const thrown = error as { name?: unknown; message?: unknown; stack?: unknown } | null | undefined;
  return {
    errorType: typeof thrown?.name === 'string' ? thrown.name : 'Error',
    errorMessage: typeof thrown?.message === 'string' ? thrown.message : String(error),
    trace:
      typeof thrown?.stack === 'string'
        ? thrown.stack
            .split('\n')
            .slice(1)
            .map((line) => line.trim())
        : [],
  };
}
