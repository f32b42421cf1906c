import { ResourceNotFound, ValidationException } from '../../api/errors';
import { assertMapRunArn, labelledStateMachineArn, mapRunArn } from './map-run-arn';
import { MapRun, type MapRunSettings } from './map-run';

/** What a distributed Map state says of a run it starts. */
export interface MapRunStart {
  readonly executionArn: string;
  /** The parent execution's state machine (unlabelled). */
  readonly stateMachineArn: string;
  readonly label: string;
  readonly id: string;
  readonly settings: MapRunSettings;
}

/** UpdateMapRun's request, as the service bounds it. */
export interface MapRunUpdate {
  readonly maxConcurrency?: number;
  readonly toleratedFailureCount?: number;
  readonly toleratedFailurePercentage?: number;
}

/** The service's request-validation message for one member. */
const invalid = (field: string, value: number, rule: string) =>
  new ValidationException(
    `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: ${rule}`,
  );

function assertUpdate(update: MapRunUpdate): void {
  const { maxConcurrency, toleratedFailureCount, toleratedFailurePercentage } = update;
  if (maxConcurrency !== undefined && maxConcurrency < 0)
    throw invalid('maxConcurrency', maxConcurrency, 'Member must have value greater than or equal to 0');
  if (toleratedFailureCount !== undefined && toleratedFailureCount < 0)
    throw invalid(
      'toleratedFailureCount',
      toleratedFailureCount,
      'Member must have value greater than or equal to 0',
    );
  if (toleratedFailurePercentage !== undefined && toleratedFailurePercentage < 0)
    throw invalid(
      'toleratedFailurePercentage',
      toleratedFailurePercentage,
      'Member must have value greater than or equal to 0',
    );
  if (toleratedFailurePercentage !== undefined && toleratedFailurePercentage > 100)
    throw invalid(
      'toleratedFailurePercentage',
      toleratedFailurePercentage,
      'Member must have value less than or equal to 100',
    );
}

/**
 * The account's map runs: those the distributed Map states of kept executions started
 * (DescribeMapRun, ListMapRuns, UpdateMapRun). Like the children they start, they are not
 * journaled: a parent resumed after a restart runs its Map state again as a new map run.
 */
export class MapRuns {
  private readonly byArn = new Map<string, MapRun>();
  private readonly byExecution = new Map<string, MapRun[]>();

  constructor(private readonly now: () => Date) {}

  start(request: MapRunStart): MapRun {
    const run = new MapRun(
      mapRunArn(request.stateMachineArn, request.label, request.id),
      request.executionArn,
      labelledStateMachineArn(request.stateMachineArn, request.label),
      this.now(),
      request.settings,
      this.now,
    );
    this.byArn.set(run.arn, run);
    const runs = this.byExecution.get(run.executionArn);
    if (runs === undefined) this.byExecution.set(run.executionArn, [run]);
    else runs.push(run);
    return run;
  }

  /** DescribeMapRun's run: InvalidArn for what is not a map run's ARN, ResourceNotFound for one not kept. */
  get(arn: string): MapRun {
    assertMapRunArn(arn);
    const run = this.byArn.get(arn);
    if (run === undefined) throw new ResourceNotFound(`Resource not found: '${arn}'`);
    return run;
  }

  /** The runs an execution started, in the order they started. */
  ofExecution(executionArn: string): readonly MapRun[] {
    return this.byExecution.get(executionArn) ?? [];
  }

  /**
   * UpdateMapRun. A running map run takes the new settings at once: a higher maxConcurrency
   * starts more children now, a lower one lets running children finish before more start, and
   * a tolerance lower than the failures so far fails the run.
   */
  update(arn: string, update: MapRunUpdate): void {
    const run = this.get(arn);
    assertUpdate(update);
    run.update(update);
  }

  /** An execution is forgotten (past the retention): so are its map runs. */
  forget(executionArn: string): void {
    for (const run of this.byExecution.get(executionArn) ?? []) this.byArn.delete(run.arn);
    this.byExecution.delete(executionArn);
  }
}
