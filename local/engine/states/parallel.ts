import { setMaxListeners } from 'node:events';
import { type StatesError } from '../errors';
import type { StateVisit } from '../execution/frame';
import { runMachine } from '../execution/run-machine';
import { type Json, type JsonObject, isObject } from '../json';
import { ErrorHandling, toStatesError } from './error-handling';
import { mockedResult } from './mocked-work';
import { resultFlowFor, type ResultFlow, withErrorHandling } from './result-flow';
import {
  type CompiledMachine,
  nextOf,
  type StateCompileContext,
  type StateExecutor,
  type StateOutcome,
} from './state';

/** The reason sibling branches are stopped with when one fails. */
export class BranchAborted extends Error {
  override readonly name = 'BranchAborted';
}

/**
 * Runs `count` workers with at most `concurrency` at a time (0: all at once) and stops the rest
 * at the first failure, which it rethrows. Results keep their index order.
 */
export async function runAll<T>(
  count: number,
  concurrency: number,
  signal: AbortSignal,
  worker: (index: number, signal: AbortSignal) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  const controller = new AbortController();
  // Every lane's task and timers listen on this one signal; that many listeners is expected.
  setMaxListeners(0, controller.signal);
  const forward = () => controller.abort(signal.reason);
  signal.addEventListener('abort', forward, { once: true });
  let nextIndex = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (): Promise<void> => {
    while (failure === undefined && nextIndex < count && !controller.signal.aborted) {
      const index = nextIndex;
      nextIndex += 1;
      try {
        results[index] = await worker(index, controller.signal);
      } catch (error) {
        if (failure === undefined) {
          failure = { error };
          controller.abort(new BranchAborted('a sibling failed'));
        }
      }
    }
  };
  const lanes = concurrency <= 0 ? count : Math.min(concurrency, count);
  try {
    await Promise.all(Array.from({ length: lanes }, lane));
  } finally {
    signal.removeEventListener('abort', forward);
  }
  if (signal.aborted) throw signal.reason;
  if (failure !== undefined) throw failure.error;
  return results;
}

/** Parallel: every branch gets the same input; the output is the array of branch outputs. */
class ParallelState implements StateExecutor {
  readonly type = 'Parallel';
  private readonly flow: ResultFlow;
  private readonly handling: ErrorHandling;
  private readonly branches: CompiledMachine[];
  private readonly next: string | undefined;

  constructor(
    readonly name: string,
    context: StateCompileContext,
  ) {
    const def: JsonObject = context.definition;
    this.flow = resultFlowFor(def, context.language);
    this.handling = new ErrorHandling(def, context.language);
    const branches = Array.isArray(def['Branches']) ? def['Branches'] : [];
    this.branches = branches
      .filter(isObject)
      .map((branch) => context.compileMachine(branch, context.language));
    this.next = nextOf(def);
  }

  run(raw: Json, visit: StateVisit): Promise<StateOutcome> {
    return withErrorHandling(this.handling, raw, visit, () => this.attempt(raw, visit));
  }

  private async attempt(raw: Json, visit: StateVisit): Promise<StateOutcome> {
    const input = await this.flow.effectiveInput(raw, visit);
    const mocked = visit.frame.run.mockedWork;
    const result = mocked === undefined ? await this.runBranches(input, visit) : mockedResult(mocked);
    const { output, assignment } = await this.flow.finish(raw, result, visit);
    return { output, next: this.next, assignment };
  }

  /** Every branch on the same input; the first failure stops the others and fails the state. */
  private async runBranches(input: Json, visit: StateVisit): Promise<Json[]> {
    const frame = visit.frame;
    const started = frame.record('ParallelStateStarted');
    let result: Json[];
    try {
      result = await runAll(this.branches.length, 0, frame.signal, (index, signal) => {
        const branchFrame = frame.child(signal, started);
        return runMachine(this.branches[index] as CompiledMachine, input, branchFrame);
      });
    } catch (thrown) {
      if (frame.signal.aborted) throw thrown;
      const error: StatesError = toStatesError(thrown);
      frame.lastEventId = frame.run.history.length;
      frame.record('ParallelStateFailed');
      throw error;
    }
    frame.lastEventId = frame.run.history.length;
    frame.record('ParallelStateSucceeded');
    return result;
  }
}

export function compileParallel(context: StateCompileContext): StateExecutor {
  return new ParallelState(context.name, context);
}
