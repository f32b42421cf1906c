/**
 * The executions the service remembers, by ARN, in the order they started: every running one,
 * and the most recent ended ones up to the retention (older ended ones are forgotten, as the
 * service forgets executions past their retention period).
 */
import { assertExecutionArn } from '../../api/arns';
import { ExecutionDoesNotExist } from '../../api/errors';
import type { ExecutionEntry } from './entry';

export class ExecutionStore {
  private readonly entries = new Map<string, ExecutionEntry>();
  private readonly endedOrder: string[] = [];
  /** History events of every execution that has ended, forgotten ones included. */
  private endedEvents = 0;

  constructor(
    /** Ended executions kept for Describe/History. */
    private readonly retained: number,
    /** Told of each execution forgotten, after it has left the store. */
    private readonly onForget: (executionArn: string) => void,
  ) {}

  /** The execution with this ARN; ExecutionDoesNotExist if none is remembered. */
  get(arn: string): ExecutionEntry {
    assertExecutionArn(arn);
    const entry = this.entries.get(arn);
    if (entry === undefined) throw new ExecutionDoesNotExist(`Execution Does Not Exist: '${arn}'`);
    return entry;
  }

  find(arn: string): ExecutionEntry | undefined {
    return this.entries.get(arn);
  }

  add(arn: string, entry: ExecutionEntry): void {
    this.entries.set(arn, entry);
  }

  /** Oldest first. */
  values(): IterableIterator<ExecutionEntry> {
    return this.entries.values();
  }

  get size(): number {
    return this.entries.size;
  }

  /** An execution ended: its events count towards progress for good. */
  countEnded(entry: ExecutionEntry): void {
    this.endedEvents += entry.run.history.length;
  }

  /** Keeps an ended execution, forgetting the oldest ended ones beyond the retention. */
  keepEnded(arn: string): void {
    this.endedOrder.push(arn);
    while (this.endedOrder.length > this.retained) {
      const forgotten = this.endedOrder.shift() as string;
      this.entries.delete(forgotten);
      this.onForget(forgotten);
    }
  }

  /** An ended execution read back from the journal (the journal kept only what was retained). */
  restoredEnded(arn: string, entry: ExecutionEntry): void {
    this.countEnded(entry);
    this.endedOrder.push(arn);
  }

  /** An ended execution runs again (a redrive): it is running, no longer counted as ended. */
  reopen(arn: string, entry: ExecutionEntry): void {
    this.endedEvents -= entry.run.history.length;
    const order = this.endedOrder.indexOf(arn);
    if (order >= 0) this.endedOrder.splice(order, 1);
  }

  /**
   * How many history events all executions have recorded so far: it grows whenever any
   * execution starts, moves on or ends, so a watcher (the dashboard) knows when to look again.
   */
  progress(): number {
    let events = this.endedEvents;
    for (const entry of this.entries.values())
      if (entry.result === undefined) events += entry.run.history.length;
    return events;
  }
}
