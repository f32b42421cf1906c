import { ServiceError } from '@myblog/sfn-engine';
import type { WriteFailure } from '@myblog/sfn-engine';
import type { Action } from './wire';

/**
 * The answer to a change while the data dir cannot be written (a full disk): ServiceUnavailable,
 * 503, AWS's common error for a temporary failure of the server. It is temporary (it ends when
 * space is freed) and the request did nothing that was kept, so repeating it later is right; the
 * SDKs retry it a few times, then surface it by this name. InternalFailure (500) would instead
 * say the service is broken, and gives no cue that the fix is the operator's.
 */
export class DataDirUnwritable extends ServiceError {
  constructor(dir: string, failure: WriteFailure) {
    super(
      'ServiceUnavailable',
      `The local Step Functions cannot write its data dir ${dir} (${failure.message}): free space in ${dir}. ` +
        'Until then it answers reads and refuses changes, so nothing it has answered is lost.',
      503,
    );
  }
}

/** What the gate needs of the journal: whether what it was given is on disk. */
export interface WritableJournal {
  readonly directory: string;
  readonly unwritable: WriteFailure | undefined;
  /** Writes what waits; true when nothing waits and writing works. */
  flush(): boolean;
}

/**
 * Actions that change nothing the journal records: answered whatever the disk. Everything else
 * (and any action added later) is gated: a new action is refused on a full disk until it is
 * listed here, which loses nothing, rather than answered without being kept.
 */
const UNJOURNALED = new Set([
  'DescribeStateMachine',
  'DescribeStateMachineForExecution',
  'DescribeExecution',
  'ListStateMachines',
  'ListStateMachineVersions',
  'ListStateMachineAliases',
  'DescribeStateMachineAlias',
  'ListExecutions',
  'GetExecutionHistory',
  'ValidateStateMachineDefinition',
  'TestState',
  'DescribeActivity',
  'ListActivities',
  // Map runs, like the child executions they start, are not journaled.
  'DescribeMapRun',
  'ListMapRuns',
  'UpdateMapRun',
  // Tags are kept in memory only; a heartbeat only restarts a timer.
  'ListTagsForResource',
  'TagResource',
  'UntagResource',
  'SendTaskHeartbeat',
]);

/**
 * Wraps the actions that change what the journal records so that none is acknowledged unless
 * its records are on disk: refused before it runs while the data dir cannot be written, and,
 * if the disk filled while it ran, answered with the same error (what it changed is kept in
 * memory and written once space is freed; repeating the request gets the service's answer to a
 * repeat: the existing state machine, the running execution).
 */
export function gateChanges(
  actions: Readonly<Record<string, Action>>,
  journal: WritableJournal,
): Record<string, Action> {
  const refuse = (): never => {
    throw new DataDirUnwritable(
      journal.directory,
      journal.unwritable ?? { code: 'EIO', message: 'records are waiting to be written' },
    );
  };
  const gated = (action: Action): Action => {
    return async (body) => {
      if (!journal.flush()) refuse();
      const result = await action(body);
      if (!journal.flush()) refuse();
      return result;
    };
  };
  return Object.fromEntries(
    Object.entries(actions).map(([name, action]) => [name, UNJOURNALED.has(name) ? action : gated(action)]),
  );
}
