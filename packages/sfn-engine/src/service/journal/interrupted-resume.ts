import type { RecordedEvent } from '../../execution/history';
import type { JournalDamage } from './journal-damage';
import type { ExecutionSnapshot, JournalSnapshot } from './records';

/** The error an execution fails with when resuming it may have brought the server down. */
export const RESUME_INTERRUPTED = 'StepFunctionsLocal.ResumeInterrupted';

/**
 * Executions the last server was resuming when it stopped (it was killed, or died, before the
 * resume had run a while) are failed with RESUME_INTERRUPTED instead of being resumed again: an
 * execution that hangs or crashes the process on resume would otherwise do it again on every
 * start, and the data dir would never be usable. The failure is redrivable: RedriveExecution
 * runs it again from the state it was in, when someone chooses to.
 */
export function failInterruptedResumes(
  snapshot: JournalSnapshot,
  now: number,
  damage: JournalDamage,
): JournalSnapshot {
  if (!snapshot.executions.some((e) => e.resuming === true)) return snapshot;
  const executions = snapshot.executions.map((execution): ExecutionSnapshot => {
    const { resuming, ...rest } = execution;
    if (resuming !== true) return execution;
    if (rest.result !== undefined) return rest;
    const state = rest.checkpoint?.state;
    const cause =
      'The local Step Functions stopped while resuming this execution after a restart, before the resume had run a while: ' +
      `resuming it may be what stopped the server, so it was not resumed again. RedriveExecution runs it again${state === undefined ? '' : ` from the state '${state}'`}.`;
    const last = rest.events.at(-1);
    const failed: RecordedEvent = {
      id: rest.events.length + 1,
      previousEventId: last?.id ?? 0,
      timestamp: now,
      type: 'ExecutionFailed',
      detailsKey: 'executionFailedEventDetails',
      details: { error: RESUME_INTERRUPTED, cause },
    };
    damage.note(
      `the execution ${rest.arn} was being resumed when the server stopped: failed with ${RESUME_INTERRUPTED} instead of resuming it again`,
    );
    return {
      ...rest,
      events: [...rest.events, failed],
      result: { status: 'FAILED', error: RESUME_INTERRUPTED, cause },
      stopDate: now,
    };
  });
  return { ...snapshot, executions };
}
