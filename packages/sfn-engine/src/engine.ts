import type { Json, JsonObject } from '@myblog/asl';
import type { Clock } from './clock';
import type { CompatProfile } from './compat';
import { jsonataBodies } from './definition/jsonata-bodies';
import type { DefinitionProblem } from './errors';
import type { ExecutionRedriveFilter, ExecutionStatus } from './execution/contracts';
import type { HistoryEvent, RecordedEvent } from './execution/history';
import { withPreparedInSlices } from './query/jsonata/prepared-expressions';
import type { ExecutionServices } from './execution/services';
import type { Activities } from './service/activities/activities';
import { assembleService } from './service/assemble';
import type { TaskCallbacks } from './service/callbacks';
import type { Executions } from './service/executions/executions';
import type { ExecutionRunner } from './service/executions/runner';
import type { ExecutionStore } from './service/executions/store';
import type { JournalSnapshot } from './service/journal/records';
import type { MapRun } from './service/map-runs/map-run';
import type { MapRuns } from './service/map-runs/map-runs';
import type { EngineOptions } from './service/options';
import type { Persistence } from './service/persistence';
import { redriveExecution, type RedriveOptions } from './service/redrive';
import type { StateMachines } from './service/state-machines';
import type { ExecutionDescription, StateMachineDescription, StateMachineType } from './service/types';
import type { Versioning } from './service/versions/versioning';
import { type MockResultChecker, testState, type TestStateRequest, type TestStateResult } from './test-state';

export type { EngineOptions } from './service/options';
export type { ExecutionDescription, StateMachineDescription, StateMachineType } from './service/types';
export { EngineHalted } from './service/executions/runner';

/**
 * The local Step Functions: state machines, their executions and the callbacks that complete
 * waiting tasks, all in this process. The HTTP server and jest tests both drive this class. It
 * wires the service layer (service/) together and answers each action with the part that owns
 * it: StateMachines, Executions, redrive, TaskCallbacks, Persistence.
 */
export class StepFunctionsEngine {
  readonly region: string;
  readonly accountId: string;
  readonly clock: Clock;
  /** CreateActivity and the rest of the activity API; activity Tasks queue their work here. */
  readonly activities: Activities;
  /** Where answers differ from AWS's to match AWS Step Functions Local (`compatibility`). */
  readonly compat: CompatProfile;
  /** The runs of distributed Map states (DescribeMapRun, UpdateMapRun); listMapRuns lists an execution's. */
  readonly mapRuns: MapRuns;
  /** PublishStateMachineVersion, the alias actions, and what a qualified ARN runs. */
  readonly versioning: Versioning;
  private readonly services: ExecutionServices;
  private readonly machines: StateMachines;
  private readonly store: ExecutionStore;
  private readonly runner: ExecutionRunner;
  private readonly executions: Executions;
  private readonly callbacks: TaskCallbacks;
  private readonly persistence: Persistence;
  private readonly redrive: RedriveOptions;

  constructor(options: EngineOptions = {}) {
    const service = assembleService(options);
    this.region = service.region;
    this.accountId = service.accountId;
    this.clock = service.clock;
    this.compat = service.compat;
    this.activities = service.activities;
    this.mapRuns = service.mapRuns;
    this.versioning = service.machines.versioning;
    this.services = service.services;
    this.machines = service.machines;
    this.store = service.store;
    this.runner = service.runner;
    this.executions = service.executions;
    this.callbacks = service.callbacks;
    this.persistence = service.persistence;
    this.redrive = service.redrive;
  }

  /** Every problem the service would report for this definition (empty when it is valid). */
  validate(definition: string | JsonObject, type: StateMachineType = 'STANDARD'): DefinitionProblem[] {
    return this.machines.validate(definition, type);
  }

  /**
   * Runs `work` (synchronous: a create, update or validation of `definition`) once the
   * definition's JSONata expressions are parsed, a slice at a time with the event loop given a
   * turn between slices, and with those parses at hand. Parsing is most of the work of a large
   * definition: one of 20,000 expressions held a server's loop for seconds when created at once.
   */
  withDefinitionParsed<T>(definition: string | JsonObject, work: () => T): Promise<T> {
    return withPreparedInSlices(jsonataBodies(definition), work);
  }

  createStateMachine(request: {
    name: string;
    definition: string | JsonObject;
    roleArn?: string;
    type?: StateMachineType;
    /** Publishes the first version too. */
    publish?: boolean;
    versionDescription?: string;
  }): { stateMachineArn: string; creationDate: Date; stateMachineVersionArn?: string } {
    return this.machines.create(request);
  }

  /**
   * A change of the definition or role is a new revision (a new revisionId); an update that
   * changes nothing keeps the revision, so publishing it answers the version it already has.
   */
  updateStateMachine(request: {
    stateMachineArn: string;
    definition?: string | JsonObject;
    roleArn?: string;
    publish?: boolean;
    versionDescription?: string;
  }): { updateDate: Date; revisionId?: string; stateMachineVersionArn?: string } {
    return this.machines.update(request);
  }

  deleteStateMachine(arn: string): void {
    this.machines.delete(arn);
  }

  /** A state machine, or with a version ARN that version (its creationDate is the version's). */
  describeStateMachine(arn: string): StateMachineDescription {
    return this.machines.describe(arn);
  }

  /** The type of the state machine a (possibly qualified) ARN starts. */
  typeOf(arn: string): StateMachineType {
    return this.machines.typeOf(arn);
  }

  listStateMachines(): StateMachineDescription[] {
    return this.machines.list();
  }

  /**
   * Starts an execution of the state machine, of a version (`NAME:3`) or of the version an alias
   * picks (`NAME:PROD`); `<arn>#<case>` runs it under that mock config test case.
   */
  startExecution(request: { stateMachineArn: string; name?: string; input?: string | Json }): {
    executionArn: string;
    startDate: Date;
  } {
    return this.executions.start(request);
  }

  /** Starts an execution and waits for its end (StartSyncExecution, and handy in tests). */
  async startSyncExecution(request: {
    stateMachineArn: string;
    name?: string;
    input?: string | Json;
  }): Promise<ExecutionDescription> {
    return this.executions.startAndWait(request);
  }

  waitForExecution(arn: string): Promise<ExecutionDescription> {
    return this.executions.waitFor(arn);
  }

  describeExecution(arn: string): ExecutionDescription {
    return this.executions.describe(arn);
  }

  /** The definition an execution runs (DescribeStateMachineForExecution). */
  definitionForExecution(arn: string): StateMachineDescription & { mapRunArn?: string; label?: string } {
    return this.executions.definitionFor(arn);
  }

  /** Newest first, as the service lists them; with a limit, only that many are described. */
  listExecutions(
    filter: {
      stateMachineArn?: string;
      mapRunArn?: string;
      statusFilter?: ExecutionStatus;
      redriveFilter?: ExecutionRedriveFilter;
      limit?: number;
    } = {},
  ): ExecutionDescription[] {
    return this.executions.list(filter);
  }

  /** ListMapRuns: the map runs an execution's distributed Map states started, oldest first. */
  listMapRuns(executionArn: string): readonly MapRun[] {
    return this.executions.mapRunsOf(executionArn);
  }

  /**
   * RedriveExecution: an execution that failed, timed out or was stopped goes on from the
   * top-level state it ended in, under the same ARN (see service/redrive.ts).
   */
  redriveExecution(arn: string): { redriveDate: Date } {
    return redriveExecution(arn, this.redrive);
  }

  /**
   * Takes back what a journal remembers: its state machines, its finished executions, and its
   * running executions, which go on from the top-level state each was in (that state runs
   * again: tasks are at least once). Returns the ARNs of the executions that went on.
   */
  restore(snapshot: JournalSnapshot): string[] {
    return this.persistence.restore(snapshot);
  }

  /** What the journal needs to rebuild this engine: its machines, and the executions it keeps. */
  journalSnapshot(): JournalSnapshot {
    return this.persistence.snapshot();
  }

  /**
   * Ends the work of every running execution and records nothing more, as the process ending
   * would: a journaled execution stays running in the journal and resumes at the next start. So
   * a server stopped in-process (a test's teardown, npm start stopping) leaves nothing running
   * behind it, no task still calling a service or a timer still pending.
   */
  async halt(): Promise<void> {
    this.runner.markHalted();
    this.activities.close();
    await this.runner.abortRunning();
  }

  stopExecution(arn: string, details: { error?: string; cause?: string } = {}): { stopDate: Date } {
    return this.executions.stop(arn, details);
  }

  /** History in the service's shape (ids, previousEventId, details as JSON text). */
  getExecutionHistory(
    arn: string,
    options: { includeExecutionData?: boolean; reverseOrder?: boolean } = {},
  ): HistoryEvent[] {
    return this.executions.history(arn, options);
  }

  /**
   * One page of the history in the service's shape: the events at positions [start, end) in the
   * order asked for, and how many events there are. Only the page is converted, so a page of a
   * history of millions of events costs about what a page of a short one does.
   */
  getExecutionHistoryPage(
    arn: string,
    options: { start: number; end: number; includeExecutionData?: boolean; reverseOrder?: boolean },
  ): { events: HistoryEvent[]; total: number } {
    return this.executions.historyPage(arn, options);
  }

  /** Recorded events without serialising values: cheap assertions in tests and the dashboard. */
  recordedHistory(arn: string): readonly RecordedEvent[] {
    return this.executions.recorded(arn);
  }

  sendTaskSuccess(taskToken: string, output: string | Json): void {
    this.callbacks.success(taskToken, output);
  }

  sendTaskFailure(taskToken: string, error = '', cause = ''): void {
    this.callbacks.failure(taskToken, error, cause);
  }

  sendTaskHeartbeat(taskToken: string): void {
    this.callbacks.heartbeat(taskToken);
  }

  /**
   * TestState: one state, run once, with what it did at each step when DEBUG is asked for.
   * `checker` holds mocked results to the output shapes of the APIs tasks call.
   */
  testState(request: TestStateRequest, checker?: MockResultChecker): Promise<TestStateResult> {
    // TestState does not run activities (the service's does not support them): no worker waits.
    return testState(request, { ...this.services, activities: undefined }, checker);
  }

  /**
   * How many history events all executions have recorded so far: it grows whenever any
   * execution starts, moves on or ends, so a watcher (the dashboard) knows when to look again.
   */
  progress(): number {
    return this.store.progress();
  }

  /** How many executions are kept, for memory checks. */
  get retainedExecutionCount(): number {
    return this.store.size;
  }
}
