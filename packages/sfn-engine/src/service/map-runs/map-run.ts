import type { ExecutionStatus } from '../../execution/contracts';

export type MapRunStatus = 'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'ABORTED';

/** DescribeMapRun's itemCounts and executionCounts. */
export interface MapRunCounts {
  readonly pending: number;
  readonly running: number;
  readonly succeeded: number;
  readonly failed: number;
  readonly timedOut: number;
  readonly aborted: number;
  readonly total: number;
  readonly resultsWritten: number;
  readonly failuresNotRedrivable: number;
  readonly pendingRedrive: number;
}

/** What UpdateMapRun changes while the run goes on. */
export interface MapRunSettings {
  /** 0: no limit of its own. */
  readonly maxConcurrency: number;
  readonly toleratedFailureCount: number;
  readonly toleratedFailurePercentage: number;
}

export interface MapRunDescription extends MapRunSettings {
  readonly mapRunArn: string;
  readonly executionArn: string;
  readonly status: MapRunStatus;
  readonly startDate: Date;
  readonly stopDate?: Date;
  readonly itemCounts: MapRunCounts;
  readonly executionCounts: MapRunCounts;
  readonly redriveCount: number;
}

/** ListMapRuns' entry for one run. */
export interface MapRunListItem {
  readonly executionArn: string;
  readonly mapRunArn: string;
  readonly stateMachineArn: string;
  readonly startDate: Date;
  readonly stopDate?: Date;
}

/**
 * How many failed items a map run tolerates: the larger of the count and the percentage of
 * `total` items (rounded down).
 */
export function toleratedFailures(
  count: number | undefined,
  percentage: number | undefined,
  total: number,
): number {
  return Math.max(count ?? 0, percentage === undefined ? 0 : Math.floor((percentage / 100) * total));
}

/** Children (or the items they carry) by where they are. */
class Tally {
  pending = 0;
  running = 0;
  succeeded = 0;
  failed = 0;
  timedOut = 0;
  aborted = 0;
  total = 0;
  resultsWritten = 0;

  ended(status: ExecutionStatus, weight: number): void {
    this.running -= weight;
    if (status === 'SUCCEEDED') this.succeeded += weight;
    else if (status === 'TIMED_OUT') this.timedOut += weight;
    else if (status === 'ABORTED') this.aborted += weight;
    else this.failed += weight;
  }

  counts(): MapRunCounts {
    return {
      pending: this.pending,
      running: this.running,
      succeeded: this.succeeded,
      failed: this.failed,
      timedOut: this.timedOut,
      aborted: this.aborted,
      total: this.total,
      resultsWritten: this.resultsWritten,
      // The engine never redrives a map run (redriving its parent runs the Map state again, as a
      // new map run): every unsuccessful child stays as it ended, none waits for a redrive.
      failuresNotRedrivable: this.failed + this.timedOut + this.aborted,
      pendingRedrive: 0,
    };
  }
}

/**
 * One run of a distributed Map state: the child executions it starts, counted as they go (each
 * child once in executionCounts, its items in itemCounts), and the settings UpdateMapRun may
 * change while it runs, which the Map state reads again whenever they change.
 */
export class MapRun {
  private currentStatus: MapRunStatus = 'RUNNING';
  private stoppedAt: Date | undefined;
  private current: MapRunSettings;
  private readonly items = new Tally();
  private readonly executions = new Tally();
  /** How many items each child carries (1 each without ItemBatcher). */
  private weights: readonly number[] = [];
  private readonly listeners = new Set<() => void>();

  constructor(
    readonly arn: string,
    readonly executionArn: string,
    /** The labelled state machine its children run (`…:stateMachine:MACHINE/LABEL`). */
    readonly stateMachineArn: string,
    readonly startDate: Date,
    settings: MapRunSettings,
    private readonly now: () => Date,
  ) {
    this.current = settings;
  }

  get status(): MapRunStatus {
    return this.currentStatus;
  }

  get settings(): MapRunSettings {
    return this.current;
  }

  /** The children it will run, each with the number of items it carries; all pending until started. */
  planned(itemsPerChild: readonly number[]): void {
    this.weights = itemsPerChild;
    const items = itemsPerChild.reduce((sum, n) => sum + n, 0);
    this.items.total = items;
    this.items.pending = items;
    this.executions.total = itemsPerChild.length;
    this.executions.pending = itemsPerChild.length;
  }

  /** Items of the run's children that failed, timed out or were aborted. */
  get failedItems(): number {
    return this.items.failed + this.items.timedOut + this.items.aborted;
  }

  /** More items have failed than the settings (as they are now) tolerate. */
  get toleranceExceeded(): boolean {
    const { toleratedFailureCount, toleratedFailurePercentage } = this.current;
    return (
      this.failedItems >
      toleratedFailures(toleratedFailureCount, toleratedFailurePercentage, this.items.total)
    );
  }

  childStarted(index: number): void {
    const weight = this.weights[index] ?? 1;
    this.items.pending -= weight;
    this.items.running += weight;
    this.executions.pending -= 1;
    this.executions.running += 1;
  }

  childEnded(index: number, status: ExecutionStatus): void {
    this.items.ended(status, this.weights[index] ?? 1);
    this.executions.ended(status, 1);
  }

  /** UpdateMapRun: the fields given replace the run's; the Map state is told at once. */
  update(changes: Partial<MapRunSettings>): void {
    this.current = {
      maxConcurrency: changes.maxConcurrency ?? this.current.maxConcurrency,
      toleratedFailureCount: changes.toleratedFailureCount ?? this.current.toleratedFailureCount,
      toleratedFailurePercentage:
        changes.toleratedFailurePercentage ?? this.current.toleratedFailurePercentage,
    };
    for (const listener of [...this.listeners]) listener();
  }

  /** Told of every UpdateMapRun until the returned function is called. */
  onUpdate(listener: () => void): () => void {
    this.listeners.add(listener);
    return () => this.listeners.delete(listener);
  }

  /**
   * The run is over. A run that succeeded has written every child's result (into the Map's
   * output or through ResultWriter): resultsWritten counts them all.
   */
  stop(status: Exclude<MapRunStatus, 'RUNNING'>): void {
    if (this.currentStatus !== 'RUNNING') return;
    this.currentStatus = status;
    this.stoppedAt = this.now();
    this.listeners.clear();
    if (status === 'SUCCEEDED') {
      this.items.resultsWritten = this.items.total;
      this.executions.resultsWritten = this.executions.total;
    }
  }

  describe(): MapRunDescription {
    return {
      mapRunArn: this.arn,
      executionArn: this.executionArn,
      status: this.currentStatus,
      startDate: this.startDate,
      ...(this.stoppedAt === undefined ? {} : { stopDate: this.stoppedAt }),
      ...this.current,
      itemCounts: this.items.counts(),
      executionCounts: this.executions.counts(),
      redriveCount: 0,
    };
  }

  listItem(): MapRunListItem {
    return {
      executionArn: this.executionArn,
      mapRunArn: this.arn,
      stateMachineArn: this.stateMachineArn,
      startDate: this.startDate,
      ...(this.stoppedAt === undefined ? {} : { stopDate: this.stoppedAt }),
    };
  }
}
