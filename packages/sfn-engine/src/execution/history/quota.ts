import { StatesRuntime } from '../../errors';
import type { HistoryEventType } from './events';

/** The events that end an execution: they always fit, so an execution past its quota still ends. */
export const CLOSING: ReadonlySet<HistoryEventType> = new Set([
  'ExecutionSucceeded',
  'ExecutionFailed',
  'ExecutionTimedOut',
  'ExecutionAborted',
]);

/** The service's hard quota of events in a Standard execution's history. */
export const HISTORY_EVENT_QUOTA = 25_000;

/**
 * What the service says when an execution reaches its quota: it fails with States.Runtime, the
 * failure being the quota's last event (event 25,000 is ExecutionFailed).
 */
export class HistoryQuotaReached extends StatesRuntime {
  constructor(maxEvents: number) {
    super(`The execution reached the maximum number of history events (${maxEvents}).`);
  }
}

export interface Quota {
  readonly maxEvents: number;
  /** Stops the execution: every thread of it (Map iterations, branches) ends at once. */
  readonly reached: (error: HistoryQuotaReached) => void;
}
