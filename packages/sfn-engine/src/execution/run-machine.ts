import { StatesDataLimitExceeded } from '../errors';
import { type Json, jsonByteLength } from '@myblog/asl';
import type { CompiledMachine, StateExecutor, StateOutcome, StateType } from '../states/state';
import { sliceSpent, yieldTurn } from './fairness';
import { type Frame, StateVisit } from './frame';
import type { HistoryEventType } from './history';

const ENTERED: Record<StateType, HistoryEventType> = {
  Task: 'TaskStateEntered',
  Pass: 'PassStateEntered',
  Choice: 'ChoiceStateEntered',
  Wait: 'WaitStateEntered',
  Succeed: 'SucceedStateEntered',
  Fail: 'FailStateEntered',
  Parallel: 'ParallelStateEntered',
  Map: 'MapStateEntered',
};
const EXITED: Partial<Record<StateType, HistoryEventType>> = {
  Task: 'TaskStateExited',
  Pass: 'PassStateExited',
  Choice: 'ChoiceStateExited',
  Wait: 'WaitStateExited',
  Succeed: 'SucceedStateExited',
  Parallel: 'ParallelStateExited',
  Map: 'MapStateExited',
};
const ABORTED: Partial<Record<StateType, HistoryEventType>> = {
  Task: 'TaskStateAborted',
  Wait: 'WaitStateAborted',
  Parallel: 'ParallelStateAborted',
  Map: 'MapStateAborted',
};
/** The states that can retry: only their context object has `$$.State.RetryCount`. */
export const RETRYING_STATES: ReadonlySet<StateType> = new Set<StateType>(['Task', 'Parallel', 'Map']);

/**
 * An upper bound of a value's JSON size that allocates nothing and stops as soon as it passes
 * the limit: only values that may be too large are serialised to be measured exactly.
 */
function mayExceed(value: Json, limit: number): boolean {
  return remainingBudget(value, limit) < 0;
}

/** The budget left after `node`, or a negative number as soon as it runs out. */
function remainingBudget(node: Json, budget: number): number {
  if (typeof node === 'string') return budget - node.length * 3 - 2;
  if (typeof node === 'number') return budget - 24;
  if (node === null || typeof node === 'boolean') return budget - 5;
  let left = budget - 2;
  if (Array.isArray(node)) {
    left -= node.length;
    for (let i = 0; i < node.length && left >= 0; i += 1) left = remainingBudget(node[i] as Json, left);
    return left;
  }
  for (const key in node) {
    left = remainingBudget(node[key] as Json, left - key.length * 3 - 4);
    if (left < 0) return left;
  }
  return left;
}

function checkSize(output: Json, input: Json, limit: number, state: StateExecutor): void {
  // An output that is the input, or any part of it, was within the limit when it came in.
  if (output === input || typeof output !== 'object' || output === null) {
    if (typeof output !== 'string' || output.length * 3 <= limit) return;
  }
  if (mayExceed(output, limit) && jsonByteLength(output) > limit) {
    throw new StatesDataLimitExceeded(
      `The state/task '${state.name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
    );
  }
}

/**
 * Runs one machine (the top level, a branch or an iteration) from StartAt to an end, recording
 * each state's entry and exit. Errors that leave a state end this run; the caller decides what
 * they mean (execution failed, branch failed).
 */
export async function runMachine(
  machine: CompiledMachine,
  input: Json,
  frame: Frame,
  startAt = machine.startAt,
  /** When the first state was entered, if before now (a Wait resumed from the journal). */
  firstEnteredAt?: number,
): Promise<Json> {
  const clock = frame.run.services.clock;
  const limit = frame.run.services.payloadLimitBytes;
  let state = machine.states.get(startAt) as StateExecutor;
  let current = input;
  for (;;) {
    // Before every state, not every few transitions of this run: a Map iteration is a run of
    // its own, often of one or two states, and a million of them must still let requests in.
    // Tracked: on virtual time, an execution that is busy holds time still, or its pauses would
    // let a timer (its own TimeoutSeconds, an Express execution's five minutes) fire mid-loop.
    if (sliceSpent()) await clock.track(yieldTurn());
    if (frame.aborted) throw frame.stopReason;
    frame.checkpoint?.(state.name, current, frame.variables);
    const entered = ENTERED[state.type];
    let outcome: StateOutcome;
    if (state.synchronous === true) {
      const visit = frame.visitWithoutWaiting(state.name, clock.now());
      visit.countsRetries = false;
      // Nothing can interleave with a state that does not wait: run it, then record both events.
      try {
        const ran = state.run(current, visit);
        outcome = ran instanceof Promise ? await ran : ran;
        checkSize(outcome.output, current, limit, state);
      } catch (error) {
        frame.recordState(entered, state.name, current, false, undefined, visit.enteredAt);
        visit.enteredEventId = frame.lastEventId;
        frame.noteFailure(visit, error);
        throw error;
      }
      if (outcome.assignment !== undefined) frame.variables.assign(outcome.assignment.values);
      frame.recordStatePair(
        entered,
        EXITED[state.type] as HistoryEventType,
        state.name,
        current,
        outcome.output,
        outcome.assignment?.values,
        visit.enteredAt,
      );
    } else {
      const visit = new StateVisit(frame, state.name, firstEnteredAt ?? clock.now());
      visit.countsRetries = RETRYING_STATES.has(state.type);
      firstEnteredAt = undefined;
      frame.recordState(entered, state.name, current, false, undefined, visit.enteredAt);
      visit.enteredEventId = frame.lastEventId;
      try {
        const pending = state.run(current, visit);
        outcome = pending instanceof Promise ? await pending : pending;
        checkSize(outcome.output, current, limit, state);
      } catch (error) {
        const aborted = ABORTED[state.type];
        if (frame.aborted && aborted !== undefined) frame.record(aborted);
        else frame.noteFailure(visit, error);
        throw error;
      }
      if (outcome.assignment !== undefined) frame.variables.assign(outcome.assignment.values);
      frame.recordState(
        EXITED[state.type] as HistoryEventType,
        state.name,
        outcome.output,
        true,
        outcome.assignment?.values,
      );
    }
    if (outcome.next === undefined) return outcome.output;
    state = machine.states.get(outcome.next) as StateExecutor;
    current = outcome.output;
  }
}
