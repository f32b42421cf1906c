/**
 * One execution environment: the main module of a child process the host forks per concurrent
 * invocation, as Lambda runs each environment apart. It loads one bundled handler (the INIT
 * phase), then runs one invocation at a time for as long as the host keeps it warm.
 *
 * It is bundled and run as plain JavaScript, so it imports nothing but Node and protocol.ts.
 */
import { createRequire } from 'node:module';
import {
  HANDLER_FILE_VARIABLE,
  type InvokeMessage,
  reportedError,
  type SandboxMessage,
  TIMED_OUT_EXIT_CODE,
} from './protocol';

type Handler = (event: unknown, context: object) => unknown;

/** Sends a message; `then` runs once it is written, so an exit right after cannot drop it. */
const send = (message: SandboxMessage, then: () => void = () => undefined) => {
  if (process.send === undefined) then();
  else process.send(message, undefined, {}, then);
};
const exitAfter = (code: number) => () => process.exit(code);

/** The request being run, so a crash after it started can still be answered for it. */
let current: string | undefined;

function fail(error: unknown, errorType?: string, then?: () => void): void {
  const reported = reportedError(error);
  if (current === undefined) return then?.();
  send(
    {
      type: 'error',
      requestId: current,
      error: errorType === undefined ? reported : { ...reported, errorType },
    },
    then,
  );
}

// Lambda's Node.js runtime answers the invocation with the error and starts a new environment.
process.on('uncaughtException', (error) => fail(error, undefined, exitAfter(1)));
process.on('unhandledRejection', (reason) => fail(reason, 'Runtime.UnhandledPromiseRejection', exitAfter(1)));
// The host went away (stopped, or died): an environment never outlives it.
process.on('disconnect', () => process.exit(0));

function load(): Handler | undefined {
  const file = process.env[HANDLER_FILE_VARIABLE];
  try {
    if (file === undefined) throw new Error(`${HANDLER_FILE_VARIABLE} is not set`);
    const module = createRequire(__filename)(file) as { handler?: unknown };
    if (typeof module.handler !== 'function')
      throw Object.assign(new Error(`${file} exports no handler`), { name: 'Runtime.HandlerNotFound' });
    return module.handler as Handler;
  } catch (error) {
    send({ type: 'init-error', error: reportedError(error) }, exitAfter(1));
    return undefined;
  }
}

async function run(handler: Handler, message: InvokeMessage): Promise<void> {
  const { context, deadline } = message;
  current = context.awsRequestId;
  // Lambda stops the environment at the deadline whatever the function is doing; the host does
  // too, and this timer makes it so even when the host's own event loop is late.
  const stop = setTimeout(() => process.exit(TIMED_OUT_EXIT_CODE), Math.max(0, deadline - Date.now()));
  try {
    const result = await handler(JSON.parse(message.event) as unknown, {
      ...context,
      callbackWaitsForEmptyEventLoop: true,
      getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
    });
    send({
      type: 'result',
      requestId: context.awsRequestId,
      payload: result === undefined ? 'null' : JSON.stringify(result),
    });
  } catch (error) {
    fail(error);
  } finally {
    clearTimeout(stop);
    current = undefined;
  }
}

const handler = load();
if (handler !== undefined) {
  process.on('message', (message: InvokeMessage) => void run(handler, message));
  send({ type: 'ready' });
}
