import { StatesDataLimitExceeded } from '../errors';
import { type Json, jsonByteLength } from '../json';
import { assignmentDetails } from '../states/data-flow';
import type { CompiledMachine, StateExecutor, StateOutcome, StateType } from '../states/state';
import { type Frame, StateVisit } from './frame';
import { asJson, type HistoryEventType } from './history';

const NOT_TRUNCATED = { truncated: false };
/** After this many transitions in a row without waiting, let other executions and I/O run. */
const TRANSITIONS_PER_TURN = 256;

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

const yieldTurn = () => new Promise<void>((resolve) => setImmediate(resolve));

function checkSize(output: Json, limit: number, state: StateExecutor): void {
  if (typeof output !== 'object' || output === null) {
    if (typeof output !== 'string' || output.length * 3 <= limit) return;
  }
  if (jsonByteLength(output) > limit) {
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
export async function runMachine(machine: CompiledMachine, input: Json, frame: Frame): Promise<Json> {
  const clock = frame.run.services.clock;
  const limit = frame.run.services.payloadLimitBytes;
  let state = machine.states.get(machine.startAt) as StateExecutor;
  let current = input;
  let transitions = 0;
  for (;;) {
    if (frame.signal.aborted) throw frame.signal.reason;
    const visit = new StateVisit(frame, state.name, clock.now());
    frame.record(ENTERED[state.type], 'stateEnteredEventDetails', {
      name: state.name,
      input: asJson(current),
      inputDetails: NOT_TRUNCATED,
    });
    let outcome: StateOutcome;
    try {
      const pending = state.run(current, visit);
      outcome = pending instanceof Promise ? await pending : pending;
      checkSize(outcome.output, limit, state);
    } catch (error) {
      const aborted = ABORTED[state.type];
      if (frame.signal.aborted && aborted !== undefined) frame.record(aborted);
      throw error;
    }
    if (outcome.assignment !== undefined) frame.variables.assign(outcome.assignment.values);
    frame.record(EXITED[state.type] as HistoryEventType, 'stateExitedEventDetails', {
      name: state.name,
      output: asJson(outcome.output),
      outputDetails: NOT_TRUNCATED,
      ...assignmentDetails(outcome.assignment),
    });
    if (outcome.next === undefined) return outcome.output;
    state = machine.states.get(outcome.next) as StateExecutor;
    current = outcome.output;
    transitions += 1;
    if (transitions % TRANSITIONS_PER_TURN === 0) await yieldTurn();
  }
}
