/**
 * RedriveExecution: an execution that failed, timed out or was stopped goes on from the
 * top-level state it ended in, with that state's input and the variables as they were, under
 * the same ARN. A Map or Parallel state it ended in runs again as a whole.
 */
import { ExecutionNotRedrivable } from '../api/errors';
import type { Clock } from '../clock';
import type { CompatProfile } from '../compat';
import type { CompiledMachine } from '../states/state';
import { describeEntry } from './executions/describe';
import { checkpointOf } from './executions/entry';
import type { ExecutionRunner } from './executions/runner';
import type { ExecutionStore } from './executions/store';
import type { JournalSink } from './journal/records';

export interface RedriveOptions {
  readonly clock: Clock;
  readonly compat: CompatProfile;
  readonly store: ExecutionStore;
  readonly runner: ExecutionRunner;
  readonly journal: JournalSink | undefined;
}

export function redriveExecution(arn: string, options: RedriveOptions): { redriveDate: Date } {
  const { clock, store, runner, journal } = options;
  const entry = store.get(arn);
  const redrive = describeEntry(entry, clock.now(), options.compat.jsonText);
  if (redrive.redriveStatus !== 'REDRIVABLE')
    throw new ExecutionNotRedrivable(`Execution is not redrivable: ${redrive.redriveStatusReason ?? ''}`);
  // Only a top-level execution is redrivable, and it has what it runs (a map run's child has not).
  const compiled = entry.compiled as CompiledMachine;
  const resume = checkpointOf(entry, compiled.startAt);
  const redriveDate = new Date(clock.now());
  const identity = { ...entry.run.identity, redriveCount: entry.run.identity.redriveCount + 1 };
  entry.run = { ...entry.run, identity };
  entry.result = undefined;
  entry.stopDate = undefined;
  entry.redriveDate = redriveDate;
  store.reopen(arn, entry);
  journal?.append({
    kind: 'execution-redriven',
    arn,
    redriveCount: identity.redriveCount,
    redriveDate: redriveDate.getTime(),
  });
  runner.launch(entry, { resume, redriven: true });
  return { redriveDate };
}
