import type { LambdaHandler } from '../../packages/stepfunctions-local/src/integrations/lambda';
import type { FunctionName } from '../../topology/types';

/** One invocation held at its function's door until the test lets it in. */
export interface HeldInvocation {
  /** Resolves once the invocation has arrived and is waiting. */
  readonly arrived: Promise<void>;
  /** Lets it run. */
  release(): void;
  /** Resolves once the function has answered it (or failed). */
  readonly finished: Promise<void>;
}

interface Waiting {
  readonly fn: FunctionName;
  readonly marker: string;
  readonly arrive: () => void;
  readonly released: Promise<void>;
  readonly release: () => void;
  readonly finish: () => void;
}

function deferred(): { promise: Promise<void>; resolve: () => void } {
  let resolve: () => void = () => undefined;
  const promise = new Promise<void>((done) => {
    resolve = done;
  });
  return { promise, resolve };
}

/**
 * Holds chosen invocations of the pipeline's functions until the test lets them run, so a test
 * orders concurrent executions by what has happened, not by how long things take (which a busy
 * machine changes). Give `wrapFunction` to the runtime; every invocation not held runs straight through.
 */
export class InvocationGates {
  private readonly waiting: Waiting[] = [];

  /** Holds the next invocation of `fn` whose event, as JSON, contains `marker`. */
  hold(fn: FunctionName, marker: string): HeldInvocation {
    const arrived = deferred();
    const released = deferred();
    const finished = deferred();
    this.waiting.push({
      fn,
      marker,
      arrive: arrived.resolve,
      released: released.promise,
      release: released.resolve,
      finish: finished.resolve,
    });
    return { arrived: arrived.promise, release: released.resolve, finished: finished.promise };
  }

  /** Lets every invocation still held, or still to be held, run: a failed test leaves nothing waiting. */
  releaseAll(): void {
    for (const waiting of this.waiting.splice(0)) waiting.release();
  }

  readonly wrapFunction = (name: FunctionName, handler: LambdaHandler): LambdaHandler => {
    return async (event, context) => {
      const index = this.waiting.findIndex(
        (waiting) => waiting.fn === name && JSON.stringify(event).includes(waiting.marker),
      );
      if (index === -1) return handler(event, context);
      const [held] = this.waiting.splice(index, 1) as [Waiting];
      held.arrive();
      await held.released;
      try {
        return await handler(event, context);
      } finally {
        held.finish();
      }
    };
  };
}
