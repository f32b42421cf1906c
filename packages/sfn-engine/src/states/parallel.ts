import { setMaxListeners } from 'node:events';
import { type StatesError } from '../errors';
import type { Frame, StateVisit } from '../execution/frame';
import { runMachine } from '../execution/run-machine';
import { type Json, type JsonObject, isObject } from '@myblog/asl';
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
 * at the first failure, which it rethrows. Results keep their index order. Each worker is told
 * its lane: the workers of one lane run one after another (a Map's history chains them so).
 */
export async function runAll<T>(
  count: number,
  concurrency: number,
  signal: AbortSignal,
  worker: (index: number, signal: AbortSignal, lane: number) => Promise<T>,
): Promise<T[]> {
  const results = new Array<T>(count);
  const controller = new AbortController();
  // Every lane's task and timers listen on this one signal; that many listeners is expected.
  setMaxListeners(0, controller.signal);
  const forward = () => controller.abort(signal.reason);
  signal.addEventListener('abort', forward, { once: true });
  let nextIndex = 0;
  let failure: { error: unknown } | undefined;
  const lane = async (_: unknown, laneIndex: number): Promise<void> => {
    while (failure === undefined && nextIndex < count && !controller.signal.aborted) {
      const index = nextIndex;
      nextIndex += 1;
      try {
        results[index] = await worker(index, controller.signal, laneIndex);
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
    // Whether the last attempt's branches failed (not its InputPath, Parameters, ResultPath…).
    let branchesFailed = false;
    return withErrorHandling(
      this.handling,
      raw,
      visit,
      async () => {
        branchesFailed = false;
        const input = await this.flow.effectiveInput(raw, visit);
        const mocked = visit.frame.run.mockedWork;
        let result: Json;
        try {
          result = mocked === undefined ? await this.runBranches(input, visit) : mockedResult(mocked);
        } catch (thrown) {
          branchesFailed = mocked === undefined;
          throw thrown;
        }
        const { output, assignment } = await this.flow.finish(raw, result, visit);
        return { output, next: this.next, assignment };
      },
      // Once, after the last attempt, as the service records it (a retried Parallel has none
      // between its attempts), after the failing branch's last event.
      () => {
        if (branchesFailed) visit.frame.record('ParallelStateFailed');
      },
    );
  }

  /**
   * Every branch on the same input, each chained after ParallelStateStarted; the first failure
   * stops the others and fails the state. As the service records it, what follows a branch that
   * failed comes after that branch's last event (not after what stopped siblings recorded), and
   * ParallelStateSucceeded comes after the branches' last event without being chained to itself:
   * ParallelStateExited follows the same event.
   */
  private async runBranches(input: Json, visit: StateVisit): Promise<Json[]> {
    const frame = visit.frame;
    const started = frame.record('ParallelStateStarted');
    const branchFrames: Frame[] = [];
    let failed: Frame | undefined;
    let result: Json[];
    try {
      result = await runAll(this.branches.length, 0, frame.signal, async (index, signal) => {
        const branchFrame = frame.child(signal, started);
        branchFrames[index] = branchFrame;
        try {
          return await runMachine(this.branches[index] as CompiledMachine, input, branchFrame);
        } catch (error) {
          if (!signal.aborted) failed ??= branchFrame;
          throw error;
        }
      });
    } catch (thrown) {
      if (frame.aborted) throw thrown;
      const error: StatesError = toStatesError(thrown);
      frame.lastEventId = failed?.lastEventId ?? frame.run.history.length;
      throw error;
    }
    frame.lastEventId = Math.max(started, ...branchFrames.map((branch) => branch.lastEventId));
    frame.run.history.add('ParallelStateSucceeded', frame.lastEventId);
    return result;
  }
}

export function compileParallel(context: StateCompileContext): StateExecutor {
  return new ParallelState(context.name, context);
}
