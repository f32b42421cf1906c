import { randomUUID } from 'node:crypto';
import { Activities } from './service/activities/activities';
import { type Clock, RealClock } from './clock';
import { type Compatibility, type CompatProfile, compatProfile } from './compat';
import { compileAcceptedStateMachine, compileStateMachine } from './definition/compile';
import { validateDefinition, validateDefinitionText } from './definition/validate';
import { DefinitionError, type DefinitionProblem, StatesError } from './errors';
import {
  assertExecutionArn,
  assertValidName,
  executionArn,
  parseStateMachineArn,
  stateMachineArn,
} from './api/arns';
import { parseQualifiedStateMachineArn } from './service/versions/qualified-arn';
import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  ExecutionNotRedrivable,
  InvalidDefinition,
  InvalidExecutionInput,
  InvalidOutput,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
  TaskDoesNotExist as TaskDoesNotExistError,
  TaskTimedOut as TaskTimedOutError,
  ValidationException,
} from './api/errors';
import { CallbackRegistry, TaskDoesNotExist, TaskTimedOut } from './execution/callbacks';
import {
  EXPRESS_MAX_DURATION_SECONDS,
  executeMachine,
  type ExecuteOptions,
  ExecutionStopped,
  type ExecutionResult,
  type ExecutionStatus,
  type ResumePoint,
} from './execution/execute';
import type { ExecutionIdentity } from './execution/contracts';
import type { ExecutionRun } from './execution/services';
import { History, HISTORY_EVENT_QUOTA, type HistoryEvent, type RecordedEvent } from './execution/history';
import type { VariableScope } from './execution/variables';
import type {
  ExecutionSnapshot,
  ExecutionStartedRecord,
  JournalSink,
  JournalSnapshot,
  MachineRecord,
} from './service/journal/records';
import { redriveStatus } from './execution/redrive-status';
import type { ExecutionDescription, StateMachineDescription, StateMachineType } from './service/types';

export type { ExecutionDescription, StateMachineDescription, StateMachineType } from './service/types';
import { nestedExecutionResolver } from './execution/nested';
import { resumedWaitEnteredAt } from './execution/resumed-wait';
import { Slots } from './execution/slots';
import type { ChildExecutionObserver, ExecutionServices, TaskResolver } from './execution/services';
import { type Json, type JsonObject, jsonByteLength } from '@myblog/asl';
import type { MapRun } from './service/map-runs/map-run';
import { MapRuns } from './service/map-runs/map-runs';
import { MAX_DEFINITION_LENGTH, MAX_JSON_DEPTH, nestsTooDeep, tooDeepMessage } from './json-limits';
import type { ObjectStore } from './states/map/object-store';
import type { CompiledMachine } from './states/state';
import { type MockResultChecker, testState, type TestStateRequest, type TestStateResult } from './test-state';
import type { RandomSource } from './service/versions/routing';
import type { Revision } from './service/versions/version-store';
import { assertPublishOptions, Versioning } from './service/versions/versioning';

export interface EngineOptions {
  /** Runs Task resources. Default: every task fails with a clear States.TaskFailed. */
  readonly resolver?: TaskResolver;
  /** Default: real time. Tests pass a VirtualClock. */
  readonly clock?: Clock;
  readonly region?: string;
  readonly accountId?: string;
  /** Default 256 KiB, the service's quota. */
  readonly payloadLimitBytes?: number;
  /** Executions running at once; more wait their turn. Default 1000. */
  readonly maxConcurrentExecutions?: number;
  /** Task invocations in flight at once within one execution (its Map and Parallel included). Default 100. */
  readonly maxConcurrentTasksPerExecution?: number;
  /** Finished executions kept for Describe/History; older ones are forgotten. Default 10,000. */
  readonly retainedExecutions?: number;
  /** S3 for distributed Map's ItemReader/ResultWriter. */
  readonly objects?: ObjectStore;
  /** Told when an execution ends (the server forgets per-execution mock counts then). */
  readonly onExecutionFinished?: (executionArn: string, result: ExecutionResult) => void;
  /** Where state machines and executions are recorded as they change (the server's --data-dir). */
  readonly journal?: JournalSink;
  /** Which version of a weighted alias an execution runs. Default Math.random; tests choose. */
  readonly random?: RandomSource;
  /** How long GetActivityTask waits for a task before answering without one. Default 60 s, the service's. */
  readonly activityPollMs?: number;
  /**
   * `aws` (default) answers as AWS Step Functions; `stepfunctions-local` as AWS Step Functions
   * Local (the jar) where it differs, so suites written against it pass (local/engine/compat).
   */
  readonly compatibility?: Compatibility;
}

interface StateMachineEntry {
  readonly arn: string;
  readonly name: string;
  definition: string;
  compiled: CompiledMachine;
  roleArn: string;
  readonly type: StateMachineType;
  readonly creationDate: Date;
  /** Set by each update that changes the definition or role; the versions' idempotency key. */
  revisionId?: string;
}

interface ExecutionEntry {
  run: ExecutionRun;
  readonly stateMachineArn: string;
  readonly definition: string;
  /** What it runs: kept so a redrive runs the same definition even if the machine changed. */
  readonly compiled: CompiledMachine | undefined;
  readonly type: StateMachineType;
  abort: AbortController;
  readonly startDate: Date;
  readonly inputText: string;
  readonly mapRunArn?: string;
  result?: ExecutionResult;
  stopDate?: Date;
  redriveDate?: Date;
  done: Promise<ExecutionResult>;
  /**
   * The top-level state it is in (or failed in), with the live variables: see checkpointOf. One
   * object per execution, updated in place, so keeping it costs no allocation per state.
   */
  checkpoint?: { state: string; input: Json; variables: VariableScope };
  /** The checkpoint the journal holds: read back from it, or the last one written to it. */
  journaledCheckpoint?: ResumePoint;
}

/** What an execution's entry is made of; the rest starts unset. */
type ExecutionEntryFields = Pick<
  ExecutionEntry,
  | 'run'
  | 'stateMachineArn'
  | 'definition'
  | 'compiled'
  | 'type'
  | 'abort'
  | 'startDate'
  | 'inputText'
  | 'done'
> & { readonly mapRunArn?: string };

/**
 * Every entry made with all its fields, in one order, those set later included: one shape for
 * them all, so the stores of a running server (result, stopDate, checkpoint) stay cheap.
 */
function executionEntry(fields: ExecutionEntryFields): ExecutionEntry {
  return {
    run: fields.run,
    stateMachineArn: fields.stateMachineArn,
    definition: fields.definition,
    compiled: fields.compiled,
    type: fields.type,
    abort: fields.abort,
    startDate: fields.startDate,
    inputText: fields.inputText,
    mapRunArn: fields.mapRunArn,
    result: undefined,
    stopDate: undefined,
    redriveDate: undefined,
    done: fields.done,
    checkpoint: undefined,
    journaledCheckpoint: undefined,
  };
}

/** An entry's `done` until it is launched (what a halt finds of one that never ran). */
const NOT_LAUNCHED: Promise<ExecutionResult> = Promise.resolve(
  Object.freeze({ status: 'ABORTED', error: '', cause: '' } as const),
);

/** Where an execution goes on from on a redrive: its last top-level state, or its start. */
function checkpointOf(entry: ExecutionEntry, startAt: string): ResumePoint {
  const live = entry.checkpoint;
  if (live !== undefined)
    return { state: live.state, input: live.input, variables: live.variables.snapshot() };
  return entry.journaledCheckpoint ?? { state: startAt, input: entry.run.identity.input, variables: {} };
}

/** What the journal records of an execution when it starts (and keeps in its snapshot). */
function startedFields(entry: ExecutionEntry): Omit<ExecutionStartedRecord, 'kind'> {
  const { identity, testCase } = entry.run;
  return {
    arn: identity.executionArn,
    stateMachineArn: entry.stateMachineArn,
    stateMachineName: identity.stateMachineName,
    name: identity.executionName,
    roleArn: identity.roleArn,
    definition: entry.definition,
    input: entry.inputText,
    startDate: entry.startDate.getTime(),
    ...(testCase === undefined ? {} : { testCase }),
    ...(identity.stateMachineVersionArn === undefined
      ? {}
      : { stateMachineVersionArn: identity.stateMachineVersionArn }),
    ...(identity.stateMachineAliasArn === undefined
      ? {}
      : { stateMachineAliasArn: identity.stateMachineAliasArn }),
  };
}

/** A state machine as the journal records it. */
const machineRecord = (entry: StateMachineEntry, lastVersion: number): MachineRecord => ({
  kind: 'machine',
  arn: entry.arn,
  name: entry.name,
  definition: entry.definition,
  roleArn: entry.roleArn,
  type: entry.type,
  creationDate: entry.creationDate.getTime(),
  ...(entry.revisionId === undefined ? {} : { revisionId: entry.revisionId }),
  // How far its versions' numbering has gone: a deleted version's number is not given again.
  ...(lastVersion === 0 ? {} : { lastVersion }),
});

/** The revision a state machine is at: what a version published now would hold. */
const revisionOf = (entry: StateMachineEntry): Revision => ({
  machineArn: entry.arn,
  name: entry.name,
  definition: entry.definition,
  compiled: entry.compiled,
  roleArn: entry.roleArn,
  type: entry.type,
  ...(entry.revisionId === undefined ? {} : { revisionId: entry.revisionId }),
});

/**
 * A definition's text, within the service's quotas: its length (as CreateStateMachine checks it)
 * and, for a caller in-process, a nesting the engine's walkers can handle (the HTTP server
 * refuses deeper JSON before it is parsed).
 */
function definitionText(definition: string | JsonObject): string {
  let text: string;
  try {
    text = typeof definition === 'string' ? definition : JSON.stringify(definition);
  } catch (error) {
    // JSON.stringify recurses once per level: an object nested tens of thousands deep overflows.
    if (!(error instanceof RangeError)) throw error;
    text = '['.repeat(MAX_JSON_DEPTH + 1);
  }
  if (text.length > MAX_DEFINITION_LENGTH)
    throw new ValidationException(
      `1 validation error detected: Value at 'definition' failed to satisfy constraint: Member must have length less than or equal to ${MAX_DEFINITION_LENGTH}`,
    );
  if (nestsTooDeep(text))
    throw new InvalidDefinition(
      `Invalid State Machine Definition: 'SCHEMA_VALIDATION_FAILED: ${tooDeepMessage('The definition')}'`,
    );
  return text;
}

const DEFAULT_ROLE = (accountId: string) => `arn:aws:iam::${accountId}:role/service-role/StepFunctions-local`;

/** Whether an execution is one ListExecutions lists for this (possibly qualified) ARN. */
function matches(
  identity: ExecutionIdentity,
  machineArn: string,
  wanted: { machineArn: string; versionArn?: string; aliasArn?: string },
): boolean {
  if (machineArn !== wanted.machineArn) return false;
  if (wanted.versionArn !== undefined) return identity.stateMachineVersionArn === wanted.versionArn;
  if (wanted.aliasArn !== undefined) return identity.stateMachineAliasArn === wanted.aliasArn;
  return true;
}

function parseInputText(text: string | undefined): Json {
  if (text === undefined) return {};
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new InvalidExecutionInput(`Invalid State Machine Execution Input: '${(error as Error).message}'`);
  }
}

/**
 * The local Step Functions: state machines, their executions and the callbacks that complete
 * waiting tasks, all in this process. The HTTP server and jest tests both drive this class.
 */
/** Why a halted engine's executions stopped working: the engine went, not the execution. */
export class EngineHalted extends Error {
  override readonly name = 'EngineHalted';
  constructor() {
    super('The local Step Functions stopped while the execution ran');
  }
}

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
  private readonly services: ExecutionServices;
  private readonly callbacks = new CallbackRegistry();
  private readonly machines = new Map<string, StateMachineEntry>();
  private readonly executions = new Map<string, ExecutionEntry>();
  private readonly finishedOrder: string[] = [];
  /** History events of every execution that has ended, forgotten ones included. */
  private finishedEvents = 0;
  private readonly slots: Slots;
  private readonly retained: number;
  private readonly tasksPerExecution: number;
  private readonly onFinished: ((executionArn: string, result: ExecutionResult) => void) | undefined;
  private readonly journal: JournalSink | undefined;
  private halted = false;
  /** PublishStateMachineVersion, the alias actions, and what a qualified ARN runs. */
  readonly versioning: Versioning;

  constructor(options: EngineOptions = {}) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.compat = compatProfile(options.compatibility);
    this.clock = options.clock ?? new RealClock();
    this.retained = options.retainedExecutions ?? 10_000;
    this.slots = new Slots(options.maxConcurrentExecutions ?? 1000);
    this.tasksPerExecution = options.maxConcurrentTasksPerExecution ?? 100;
    this.onFinished = options.onExecutionFinished;
    this.journal = options.journal;
    this.versioning = new Versioning({
      revisionOf: (arn) => revisionOf(this.machine(arn)),
      now: () => new Date(this.clock.now()),
      ...(options.journal === undefined ? {} : { journal: options.journal }),
      random: options.random ?? Math.random,
    });
    this.activities = new Activities({
      region: this.region,
      accountId: this.accountId,
      now: () => this.clock.now(),
      journal: options.journal,
      pollMs: options.activityPollMs,
    });
    this.mapRuns = new MapRuns(() => new Date(this.clock.now()));
    const children: ChildExecutionObserver = {
      started: (run, mapRunArn, result) => this.trackChild(run, mapRunArn, result),
    };
    const base: TaskResolver = options.resolver ?? {
      invoke: (invocation) =>
        Promise.reject(
          new StatesError(
            'States.TaskFailed',
            `No integration is configured for the resource '${invocation.resource}'`,
          ),
        ),
    };
    this.services = {
      clock: this.clock,
      // Real I/O is tracked so virtual time stands still while it runs; nested executions are
      // not, because their own Waits need the clock to move.
      resolver: nestedExecutionResolver(this, {
        invoke: (invocation) => this.clock.track(base.invoke(invocation)),
      }),
      region: this.region,
      accountId: this.accountId,
      payloadLimitBytes: options.payloadLimitBytes ?? 256 * 1024,
      objects: options.objects,
      children,
      mapRuns: this.mapRuns,
      activities: this.activities,
    };
  }

  /** Every problem the service would report for this definition (empty when it is valid). */
  validate(definition: string | JsonObject, type: StateMachineType = 'STANDARD'): DefinitionProblem[] {
    return typeof definition === 'string'
      ? validateDefinitionText(definition, { type, retrierLimits: this.compat.retrierLimits })
      : validateDefinition(definition, { type, retrierLimits: this.compat.retrierLimits });
  }

  private compile(
    definition: string | JsonObject,
    type: StateMachineType = 'STANDARD',
  ): { text: string; compiled: CompiledMachine } {
    const text = definitionText(definition);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new InvalidDefinition(
        `Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${(error as Error).message}'`,
      );
    }
    try {
      return {
        text,
        compiled: compileStateMachine(parsed, { type, retrierLimits: this.compat.retrierLimits }),
      };
    } catch (error) {
      if (error instanceof DefinitionError) throw new InvalidDefinition(error.message);
      throw error;
    }
  }

  createStateMachine(request: {
    name: string;
    definition: string | JsonObject;
    roleArn?: string;
    type?: StateMachineType;
    /** Publishes the first version too. */
    publish?: boolean;
    versionDescription?: string;
  }): {
    stateMachineArn: string;
    creationDate: Date;
    stateMachineVersionArn?: string;
  } {
    assertPublishOptions(request.publish, request.versionDescription);
    assertValidName(request.name, 'State machine');
    const arn = stateMachineArn(this.region, this.accountId, request.name);
    const type = request.type ?? 'STANDARD';
    const { text, compiled } = this.compile(request.definition, type);
    const roleArn = request.roleArn ?? DEFAULT_ROLE(this.accountId);
    const existing = this.machines.get(arn);
    if (existing !== undefined) {
      // The service answers an identical request with the existing machine.
      if (existing.definition === text && existing.roleArn === roleArn && existing.type === type)
        return {
          stateMachineArn: arn,
          creationDate: existing.creationDate,
          ...this.published(existing, request),
        };
      throw new StateMachineAlreadyExists(`State Machine Already Exists: '${arn}'`);
    }
    const creationDate = new Date(this.clock.now());
    const entry = { arn, name: request.name, definition: text, compiled, roleArn, type, creationDate };
    this.machines.set(arn, entry);
    this.journalMachine(entry);
    return { stateMachineArn: arn, creationDate, ...this.published(entry, request) };
  }

  /** With `publish`, the version of the machine's current revision (published if need be). */
  private published(
    entry: StateMachineEntry,
    request: { publish?: boolean; versionDescription?: string },
  ): { stateMachineVersionArn?: string } {
    if (request.publish !== true) return {};
    const description = request.versionDescription;
    const version = this.versioning.publish(
      revisionOf(entry),
      description === undefined ? {} : { description },
    );
    return { stateMachineVersionArn: version.arn };
  }

  private journalMachine(entry: StateMachineEntry): void {
    this.journal?.append(machineRecord(entry, this.versioning.lastVersion(entry.arn)));
  }

  /** The state machine an unqualified ARN names (a version's or an alias's ARN names none). */
  private machine(arn: string): StateMachineEntry {
    const parts = parseQualifiedStateMachineArn(arn);
    const entry = parts.qualifier === undefined ? this.machines.get(parts.machineArn) : undefined;
    if (entry === undefined) throw new StateMachineDoesNotExist(`State Machine Does Not Exist: '${arn}'`);
    return entry;
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
    assertPublishOptions(request.publish, request.versionDescription);
    const entry = this.machine(request.stateMachineArn);
    const next = request.definition === undefined ? undefined : this.compile(request.definition, entry.type);
    const changed =
      (next !== undefined && next.text !== entry.definition) ||
      (request.roleArn !== undefined && request.roleArn !== entry.roleArn);
    if (changed && request.publish === true) this.versioning.assertRoomForVersion(entry.arn);
    if (next !== undefined) {
      entry.definition = next.text;
      entry.compiled = next.compiled;
    }
    if (request.roleArn !== undefined) entry.roleArn = request.roleArn;
    if (changed) entry.revisionId = randomUUID();
    this.journalMachine(entry);
    return {
      updateDate: new Date(this.clock.now()),
      ...(entry.revisionId === undefined ? {} : { revisionId: entry.revisionId }),
      ...this.published(entry, request),
    };
  }

  deleteStateMachine(arn: string): void {
    const parts = parseStateMachineArn(arn);
    const key = stateMachineArn(parts.region, parts.accountId, parts.name);
    // Its versions and aliases go with it (the journal's machine-deleted record says so too).
    this.versioning.forget(key);
    if (this.machines.delete(key)) this.journal?.append({ kind: 'machine-deleted', arn: key });
  }

  /** A state machine, or with a version ARN that version (its creationDate is the version's). */
  describeStateMachine(arn: string): StateMachineDescription {
    const parts = parseQualifiedStateMachineArn(arn);
    const entry =
      parts.qualifier?.kind === 'version' ? this.versioning.describeVersion(arn) : this.machine(arn);
    return {
      stateMachineArn: entry.arn,
      name: entry.name,
      definition: entry.definition,
      roleArn: entry.roleArn,
      type: entry.type,
      creationDate: entry.creationDate,
      status: 'ACTIVE',
      ...(entry.revisionId === undefined ? {} : { revisionId: entry.revisionId }),
      ...('description' in entry && entry.description !== undefined
        ? { description: entry.description }
        : {}),
    };
  }

  /** The type of the state machine a (possibly qualified) ARN starts. */
  typeOf(arn: string): StateMachineType {
    return this.machine(this.versioning.machineStartedBy(arn)).type;
  }

  listStateMachines(): StateMachineDescription[] {
    return [...this.machines.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((entry) => this.describeStateMachine(entry.arn));
  }

  /**
   * Starts an execution of the state machine, of a version (`NAME:3`) or of the version an alias
   * picks (`NAME:PROD`); `<arn>#<case>` runs it under that mock config test case.
   */
  startExecution(request: { stateMachineArn: string; name?: string; input?: string | Json }): {
    executionArn: string;
    startDate: Date;
  } {
    const target = this.versioning.resolve(request.stateMachineArn);
    const machine = this.machine(target.machineArn);
    // A version runs its own snapshot of the definition and role.
    const runs = target.version ?? machine;
    const name = request.name ?? randomUUID();
    assertValidName(name, 'Execution');
    const inputText =
      typeof request.input === 'string'
        ? request.input
        : request.input === undefined
          ? '{}'
          : JSON.stringify(request.input);
    if (nestsTooDeep(inputText))
      throw new InvalidExecutionInput(
        `Invalid State Machine Execution Input: ${tooDeepMessage('The input')}`,
      );
    const input = parseInputText(inputText);
    if (jsonByteLength(input) > this.services.payloadLimitBytes) {
      throw new InvalidExecutionInput(
        'Invalid State Machine Execution Input: the input is larger than the 262144 bytes the service accepts',
      );
    }
    const arn = executionArn(machine.arn, name, machine.type === 'EXPRESS');
    const existing = this.executions.get(arn);
    if (existing !== undefined) {
      if (existing.result === undefined && existing.inputText === inputText)
        return { executionArn: arn, startDate: existing.startDate };
      throw new ExecutionAlreadyExists(`Execution Already Exists: '${arn}'`);
    }
    const startDate = new Date(this.clock.now());
    const identity: ExecutionIdentity = {
      executionArn: arn,
      executionName: name,
      stateMachineArn: machine.arn,
      stateMachineName: machine.name,
      roleArn: runs.roleArn,
      startTime: startDate.toISOString(),
      input,
      redriveCount: 0,
      ...(target.version === undefined ? {} : { stateMachineVersionArn: target.version.arn }),
      ...(target.aliasArn === undefined ? {} : { stateMachineAliasArn: target.aliasArn }),
    };
    const entry = this.newEntry(identity, new History(() => this.clock.now()), target.testCase, {
      stateMachineArn: machine.arn,
      definition: runs.definition,
      compiled: runs.compiled,
      type: machine.type,
      startDate,
      inputText,
    });
    this.journal?.append({ kind: 'execution-started', ...startedFields(entry) });
    this.executions.set(arn, entry);
    this.launch(entry, {});
    return { executionArn: arn, startDate };
  }

  /** An execution's entry, not yet running: launch() runs it. */
  private newEntry(
    identity: ExecutionIdentity,
    history: History,
    testCase: string | undefined,
    fields: Pick<
      ExecutionEntry,
      'stateMachineArn' | 'definition' | 'compiled' | 'type' | 'startDate' | 'inputText'
    >,
  ): ExecutionEntry {
    const abort = new AbortController();
    return executionEntry({
      ...fields,
      run: this.newRun(identity, history, testCase, abort),
      abort,
      done: NOT_LAUNCHED,
    });
  }

  private newRun(
    identity: ExecutionIdentity,
    history: History,
    testCase: string | undefined,
    abort: AbortController,
  ): ExecutionRun {
    return {
      identity,
      history,
      services: this.services,
      callbacks: this.callbacks,
      signal: abort.signal,
      taskSlots: new Slots(this.tasksPerExecution),
      ...(testCase === undefined ? {} : { testCase }),
    };
  }

  /** Runs (or goes on with) an execution in its turn, recording it in the journal as it goes. */
  private launch(entry: ExecutionEntry, options: Omit<ExecuteOptions, 'onTopLevelState'>): void {
    // A first run (nothing recorded yet) takes the run and controller newEntry made; a redrive or
    // a resumed run gets new ones. (An AbortSignal costs more to make than a Pass state to run.)
    const first =
      entry.run.history.length === 0 &&
      entry.run.signal === entry.abort.signal &&
      !entry.abort.signal.aborted;
    const abort = first ? entry.abort : new AbortController();
    const run = first
      ? entry.run
      : this.newRun(entry.run.identity, entry.run.history, entry.run.testCase, abort);
    entry.run = run;
    entry.abort = abort;
    // The service caps a Standard execution's history (Express keeps none to cap); an inline
    // Map's or a Parallel's events are in it, a distributed Map's child executions are not.
    if (entry.type === 'STANDARD') run.history.limitTo(HISTORY_EVENT_QUOTA, (error) => abort.abort(error));
    else run.history.keepAtMost(HISTORY_EVENT_QUOTA);
    const arn = run.identity.executionArn;
    const journal = this.journal;
    if (journal !== undefined)
      run.history.listen((event) => {
        if (!this.halted) journal.append({ kind: 'event', arn, event });
      });
    const compiled = entry.compiled as CompiledMachine;
    const onTopLevelState = (state: string, input: Json, variables: VariableScope) => {
      const live = entry.checkpoint;
      if (live === undefined) entry.checkpoint = { state, input, variables };
      else {
        live.state = state;
        live.input = input;
        live.variables = variables;
      }
      if (journal === undefined || this.halted) return;
      // Kept as written: a journal rewritten later holds this point, not the live variables,
      // which the state may change before the next checkpoint.
      const point = { state, input, variables: variables.snapshot() };
      entry.journaledCheckpoint = point;
      journal.append({ kind: 'checkpoint', arn, point });
    };
    entry.done = (async () => {
      await this.slots.take();
      try {
        return await executeMachine(compiled, run, abort, {
          ...options,
          onTopLevelState,
          ...(entry.type === 'EXPRESS' ? { maxDurationSeconds: EXPRESS_MAX_DURATION_SECONDS } : {}),
        });
      } finally {
        this.slots.release();
      }
    })();
    void entry.done.then((result) => this.finish(entry, result));
  }

  private finish(entry: ExecutionEntry, result: ExecutionResult): void {
    // Halted: what a halt ended is not an outcome (journaled, it is still running, to resume).
    if (this.halted) return;
    entry.result = result;
    this.finishedEvents += entry.run.history.length;
    this.onFinished?.(entry.run.identity.executionArn, result);
    entry.stopDate = new Date(this.clock.now());
    if (entry.mapRunArn === undefined) {
      this.journal?.append({
        kind: 'execution-ended',
        arn: entry.run.identity.executionArn,
        result,
        stopDate: entry.stopDate.getTime(),
      });
    }
    this.finishedOrder.push(entry.run.identity.executionArn);
    while (this.finishedOrder.length > this.retained) {
      const forgotten = this.finishedOrder.shift() as string;
      this.executions.delete(forgotten);
      this.mapRuns.forget(forgotten);
      if (this.journal?.forget?.(forgotten) === true) this.rewriteJournalSoon();
    }
  }

  private rewriteScheduled = false;

  /**
   * The journal holds more of forgotten executions than of kept ones: write it afresh. On a
   * later turn, when every record appended so far is reflected in memory (an append and the
   * change it records happen in one synchronous step).
   */
  private rewriteJournalSoon(): void {
    if (this.rewriteScheduled) return;
    this.rewriteScheduled = true;
    setImmediate(() => {
      this.rewriteScheduled = false;
      this.journal?.rewrite?.(this.journalSnapshot());
    });
  }

  /** What the journal needs to rebuild this engine: its machines, and the executions it keeps. */
  journalSnapshot(): JournalSnapshot {
    const executions: ExecutionSnapshot[] = [];
    for (const entry of this.executions.values()) {
      // A distributed Map's child executions are not journaled (the map run starts them again).
      if (entry.mapRunArn !== undefined) continue;
      executions.push({
        ...startedFields(entry),
        events: entry.run.history.recorded(),
        ...(entry.journaledCheckpoint === undefined ? {} : { checkpoint: entry.journaledCheckpoint }),
        ...(entry.result === undefined ? {} : { result: entry.result }),
        ...(entry.stopDate === undefined ? {} : { stopDate: entry.stopDate.getTime() }),
        redriveCount: entry.run.identity.redriveCount,
        ...(entry.redriveDate === undefined ? {} : { redriveDate: entry.redriveDate.getTime() }),
      });
    }
    return {
      machines: [...this.machines.values()].map((entry) =>
        machineRecord(entry, this.versioning.lastVersion(entry.arn)),
      ),
      executions,
      ...this.versioning.snapshot(),
      activities: this.activities.records(),
    };
  }

  private trackChild(run: ExecutionRun, mapRunArn: string, done: Promise<ExecutionResult>): void {
    const entry = executionEntry({
      run,
      stateMachineArn: run.identity.stateMachineArn,
      definition: '',
      compiled: undefined,
      type: 'EXPRESS',
      abort: new AbortController(),
      startDate: new Date(this.clock.now()),
      inputText: JSON.stringify(run.identity.input),
      mapRunArn,
      done,
    });
    this.executions.set(run.identity.executionArn, entry);
    void done.then((result) => this.finish(entry, result));
  }

  /**
   * How many history events all executions have recorded so far: it grows whenever any
   * execution starts, moves on or ends, so a watcher (the dashboard) knows when to look again.
   */
  progress(): number {
    let events = this.finishedEvents;
    for (const entry of this.executions.values())
      if (entry.result === undefined) events += entry.run.history.length;
    return events;
  }

  /** Starts an execution and waits for its end (StartSyncExecution, and handy in tests). */
  async startSyncExecution(request: {
    stateMachineArn: string;
    name?: string;
    input?: string | Json;
  }): Promise<ExecutionDescription> {
    const { executionArn: arn } = this.startExecution(request);
    // The entry startExecution just made (or found): its ARN needs no checking.
    const entry = this.executions.get(arn) ?? this.execution(arn);
    await entry.done;
    return this.describe(entry);
  }

  async waitForExecution(arn: string): Promise<ExecutionDescription> {
    const entry = this.execution(arn);
    await entry.done;
    return this.describe(entry);
  }

  private execution(arn: string): ExecutionEntry {
    assertExecutionArn(arn);
    const entry = this.executions.get(arn);
    if (entry === undefined) throw new ExecutionDoesNotExist(`Execution Does Not Exist: '${arn}'`);
    return entry;
  }

  private describe(entry: ExecutionEntry): ExecutionDescription {
    const id = entry.run.identity;
    const result = entry.result;
    const redrive = redriveStatus({
      status: result?.status ?? 'RUNNING',
      type: entry.type,
      ...(entry.mapRunArn === undefined ? {} : { mapRunArn: entry.mapRunArn }),
      historyLength: entry.run.history.length,
      ...(entry.stopDate === undefined ? {} : { stopDate: entry.stopDate }),
      now: this.clock.now(),
    });
    const base = {
      executionArn: id.executionArn,
      stateMachineArn: entry.stateMachineArn,
      name: id.executionName,
      status: result?.status ?? ('RUNNING' as const),
      startDate: entry.startDate,
      input: entry.inputText,
      redriveCount: id.redriveCount,
      ...(entry.redriveDate === undefined ? {} : { redriveDate: entry.redriveDate }),
      redriveStatus: redrive.status,
      ...(redrive.reason === undefined ? {} : { redriveStatusReason: redrive.reason }),
      ...(entry.mapRunArn === undefined ? {} : { mapRunArn: entry.mapRunArn }),
      ...(entry.stopDate === undefined ? {} : { stopDate: entry.stopDate }),
      ...(id.stateMachineVersionArn === undefined
        ? {}
        : { stateMachineVersionArn: id.stateMachineVersionArn }),
      ...(id.stateMachineAliasArn === undefined ? {} : { stateMachineAliasArn: id.stateMachineAliasArn }),
    };
    if (result === undefined) return base;
    if (result.status === 'SUCCEEDED') return { ...base, output: this.compat.jsonText(result.output) };
    return {
      ...base,
      ...(result.error === '' ? {} : { error: result.error }),
      ...(result.cause === '' ? {} : { cause: result.cause }),
    };
  }

  describeExecution(arn: string): ExecutionDescription {
    return this.describe(this.execution(arn));
  }

  /** The definition an execution runs (DescribeStateMachineForExecution). */
  definitionForExecution(arn: string): StateMachineDescription & { mapRunArn?: string; label?: string } {
    const entry = this.execution(arn);
    const versionArn = entry.run.identity.stateMachineVersionArn;
    if (versionArn !== undefined) {
      // The version's snapshot, under the state machine's own ARN, as the service answers it.
      const version = this.versioning.findVersion(versionArn);
      return {
        ...this.describeStateMachine(entry.stateMachineArn),
        definition: entry.definition,
        roleArn: entry.run.identity.roleArn,
        ...(version?.revisionId === undefined ? {} : { revisionId: version.revisionId }),
      };
    }
    const [machineArn, label] = entry.stateMachineArn.split('/') as [string, string | undefined];
    return {
      ...this.describeStateMachine(machineArn),
      definition: entry.definition || this.machine(machineArn).definition,
      // A distributed Map's child execution: its map run, and the label of the Map that started it.
      ...(entry.mapRunArn === undefined || label === undefined ? {} : { mapRunArn: entry.mapRunArn, label }),
    };
  }

  /** Newest first, as the service lists them; with a limit, only that many are described. */
  listExecutions(
    filter: {
      stateMachineArn?: string;
      mapRunArn?: string;
      statusFilter?: ExecutionStatus;
      limit?: number;
    } = {},
  ): ExecutionDescription[] {
    // A version's or an alias's ARN lists the executions started through it.
    const wanted =
      filter.stateMachineArn === undefined
        ? undefined
        : this.versioning.executionFilter(filter.stateMachineArn);
    if (wanted !== undefined) this.machine(wanted.machineArn);
    const limit = filter.limit ?? Infinity;
    const result: ExecutionDescription[] = [];
    const entries = [...this.executions.values()];
    for (let i = entries.length - 1; i >= 0 && result.length < limit; i -= 1) {
      const entry = entries[i] as ExecutionEntry;
      if (wanted !== undefined && !matches(entry.run.identity, entry.stateMachineArn, wanted)) continue;
      if (filter.mapRunArn !== undefined && entry.mapRunArn !== filter.mapRunArn) continue;
      if (filter.mapRunArn === undefined && entry.mapRunArn !== undefined) continue;
      if (filter.statusFilter !== undefined && (entry.result?.status ?? 'RUNNING') !== filter.statusFilter)
        continue;
      result.push(this.describe(entry));
    }
    return result;
  }

  /** ListMapRuns: the map runs an execution's distributed Map states started, oldest first. */
  listMapRuns(executionArn: string): readonly MapRun[] {
    this.execution(executionArn);
    return this.mapRuns.ofExecution(executionArn);
  }

  /**
   * RedriveExecution: an execution that failed, timed out or was stopped goes on from the
   * top-level state it ended in, with that state's input and the variables as they were, under
   * the same ARN. A Map or Parallel state it ended in runs again as a whole.
   */
  redriveExecution(arn: string): { redriveDate: Date } {
    const entry = this.execution(arn);
    const redrive = this.describe(entry);
    if (redrive.redriveStatus !== 'REDRIVABLE')
      throw new ExecutionNotRedrivable(`Execution is not redrivable: ${redrive.redriveStatusReason ?? ''}`);
    const compiled = entry.compiled as CompiledMachine;
    const resume = checkpointOf(entry, compiled.startAt);
    const redriveDate = new Date(this.clock.now());
    const identity = { ...entry.run.identity, redriveCount: entry.run.identity.redriveCount + 1 };
    entry.run = { ...entry.run, identity };
    entry.result = undefined;
    entry.stopDate = undefined;
    entry.redriveDate = redriveDate;
    this.finishedEvents -= entry.run.history.length;
    const order = this.finishedOrder.indexOf(arn);
    if (order >= 0) this.finishedOrder.splice(order, 1);
    this.journal?.append({
      kind: 'execution-redriven',
      arn,
      redriveCount: identity.redriveCount,
      redriveDate: redriveDate.getTime(),
    });
    this.launch(entry, { resume, redriven: true });
    return { redriveDate };
  }

  /**
   * Takes back what a journal remembers: its state machines, its finished executions, and its
   * running executions, which go on from the top-level state each was in (that state runs
   * again: tasks are at least once). Returns the ARNs of the executions that went on.
   */
  restore(snapshot: JournalSnapshot): string[] {
    // First: a resumed execution's activity Task schedules its task again.
    this.activities.restore(snapshot.activities ?? []);
    // Not validated again: restorable() (journal/restorable.ts) has left out, with a warning, any
    // definition that does not compile, and what is left was accepted when it was created. A
    // stricter check now (the machine's type, the compatibility mode) must not stop the start.
    const compiledByText = new Map<string, CompiledMachine>();
    const compiledOnce = (definition: string): CompiledMachine => {
      let compiled = compiledByText.get(definition);
      if (compiled === undefined) {
        compiled = compileAcceptedStateMachine(JSON.parse(definition) as JsonObject);
        compiledByText.set(definition, compiled);
      }
      return compiled;
    };
    const numbering = new Map<string, number>();
    for (const machine of snapshot.machines) {
      const { kind: _kind, lastVersion, ...kept } = machine;
      this.machines.set(machine.arn, {
        ...kept,
        compiled: compiledOnce(machine.definition),
        creationDate: new Date(machine.creationDate),
      });
      numbering.set(machine.arn, lastVersion ?? 0);
    }
    this.versioning.restore(
      { versions: snapshot.versions ?? [], aliases: snapshot.aliases ?? [] },
      numbering,
      compiledOnce,
    );
    const resumed: string[] = [];
    for (const saved of snapshot.executions) {
      const compiled = compiledOnce(saved.definition);
      const entry = this.restoredEntry(saved, compiled);
      this.executions.set(saved.arn, entry);
      if (saved.result !== undefined) {
        entry.result = saved.result;
        entry.stopDate = new Date(saved.stopDate ?? saved.startDate);
        entry.done = Promise.resolve(saved.result);
        this.finishedEvents += entry.run.history.length;
        this.finishedOrder.push(saved.arn);
        continue;
      }
      resumed.push(saved.arn);
      // Died before its first state: it starts over. Otherwise it goes on where it was.
      if (saved.events.length === 0) this.launch(entry, {});
      else {
        const resume = checkpointOf(entry, compiled.startAt);
        const enteredAt = resumedWaitEnteredAt(saved.events, resume.state);
        this.launch(entry, {
          resume,
          timeLimitFrom: saved.startDate,
          ...(enteredAt === undefined ? {} : { resumeEnteredAt: enteredAt }),
        });
      }
    }
    return resumed;
  }

  private restoredEntry(saved: ExecutionSnapshot, compiled: CompiledMachine): ExecutionEntry {
    const startDate = new Date(saved.startDate);
    const identity: ExecutionIdentity = {
      executionArn: saved.arn,
      executionName: saved.name,
      stateMachineArn: saved.stateMachineArn,
      stateMachineName: saved.stateMachineName,
      roleArn: saved.roleArn,
      startTime: startDate.toISOString(),
      input: JSON.parse(saved.input) as Json,
      redriveCount: saved.redriveCount,
      ...(saved.stateMachineVersionArn === undefined
        ? {}
        : { stateMachineVersionArn: saved.stateMachineVersionArn }),
      ...(saved.stateMachineAliasArn === undefined
        ? {}
        : { stateMachineAliasArn: saved.stateMachineAliasArn }),
    };
    const type = saved.arn.includes(':express:') ? 'EXPRESS' : 'STANDARD';
    const entry = this.newEntry(
      identity,
      History.restore(() => this.clock.now(), saved.events),
      saved.testCase,
      {
        stateMachineArn: saved.stateMachineArn,
        definition: saved.definition,
        compiled,
        type,
        startDate,
        inputText: saved.input,
      },
    );
    if (saved.checkpoint !== undefined) entry.journaledCheckpoint = saved.checkpoint;
    if (saved.redriveDate !== undefined) entry.redriveDate = new Date(saved.redriveDate);
    return entry;
  }

  /**
   * Ends the work of every running execution and records nothing more, as the process ending
   * would: a journaled execution stays running in the journal and resumes at the next start. So
   * a server stopped in-process (a test's teardown, npm start stopping) leaves nothing running
   * behind it, no task still calling a service or a timer still pending.
   */
  async halt(): Promise<void> {
    this.halted = true;
    this.activities.close();
    const running = [...this.executions.values()].filter((entry) => entry.result === undefined);
    for (const entry of running) entry.abort.abort(new EngineHalted());
    await Promise.allSettled(running.map((entry) => entry.done));
  }

  stopExecution(arn: string, details: { error?: string; cause?: string } = {}): { stopDate: Date } {
    const entry = this.execution(arn);
    if (entry.result === undefined)
      entry.abort.abort(new ExecutionStopped(details.error ?? '', details.cause ?? ''));
    return { stopDate: new Date(this.clock.now()) };
  }

  /** History in the service's shape (ids, previousEventId, details as JSON text). */
  getExecutionHistory(
    arn: string,
    options: { includeExecutionData?: boolean; reverseOrder?: boolean } = {},
  ): HistoryEvent[] {
    const history = this.execution(arn).run.history;
    const events = this.compat.serviceEvents(
      history,
      0,
      history.length,
      options.includeExecutionData ?? true,
    );
    return options.reverseOrder === true ? events.reverse() : events;
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
    const history = this.execution(arn).run.history;
    const total = history.length;
    const includeData = options.includeExecutionData ?? true;
    if (options.reverseOrder !== true)
      return { events: this.compat.serviceEvents(history, options.start, options.end, includeData), total };
    // Position p from the end is position total - 1 - p from the start.
    const events = this.compat
      .serviceEvents(history, total - options.end, total - options.start, includeData)
      .reverse();
    return { events, total };
  }

  /** Recorded events without serialising values: cheap assertions in tests and the dashboard. */
  recordedHistory(arn: string): readonly RecordedEvent[] {
    return this.execution(arn).run.history.recorded();
  }

  sendTaskSuccess(taskToken: string, output: string | Json): void {
    let value: Json;
    if (typeof output === 'string') {
      try {
        value = JSON.parse(output) as Json;
      } catch (error) {
        throw new InvalidOutput(`Invalid Output: '${(error as Error).message}'`);
      }
    } else value = output;
    this.callback(() => this.callbacks.succeed(taskToken, value));
  }

  sendTaskFailure(taskToken: string, error = '', cause = ''): void {
    this.callback(() => this.callbacks.fail(taskToken, error, cause));
  }

  sendTaskHeartbeat(taskToken: string): void {
    this.callback(() => this.callbacks.heartbeat(taskToken));
  }

  private callback(action: () => void): void {
    try {
      action();
    } catch (error) {
      if (error instanceof TaskDoesNotExist) throw new TaskDoesNotExistError('Task Does Not Exist');
      if (error instanceof TaskTimedOut) throw new TaskTimedOutError('Task Timed Out');
      throw error;
    }
  }

  /**
   * TestState: one state, run once, with what it did at each step when DEBUG is asked for.
   * `checker` holds mocked results to the output shapes of the APIs tasks call.
   */
  testState(request: TestStateRequest, checker?: MockResultChecker): Promise<TestStateResult> {
    // TestState does not run activities (the service's does not support them): no worker waits.
    return testState(request, { ...this.services, activities: undefined }, checker);
  }

  /** How many executions are kept, for memory checks. */
  get retainedExecutionCount(): number {
    return this.executions.size;
  }
}
