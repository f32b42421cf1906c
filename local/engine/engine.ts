import { randomUUID } from 'node:crypto';
import { type Clock, RealClock } from './clock';
import { compileStateMachine } from './definition/compile';
import { validateDefinition } from './definition/validate';
import { DefinitionError, type DefinitionProblem, StatesError } from './errors';
import {
  assertExecutionArn,
  assertValidName,
  executionArn,
  parseStateMachineArn,
  stateMachineArn,
} from './api/arns';
import {
  ExecutionAlreadyExists,
  ExecutionDoesNotExist,
  InvalidDefinition,
  InvalidExecutionInput,
  InvalidOutput,
  StateMachineAlreadyExists,
  StateMachineDoesNotExist,
  TaskDoesNotExist as TaskDoesNotExistError,
  TaskTimedOut as TaskTimedOutError,
} from './api/errors';
import { CallbackRegistry, TaskDoesNotExist, TaskTimedOut } from './execution/callbacks';
import {
  executeMachine,
  ExecutionStopped,
  type ExecutionResult,
  type ExecutionStatus,
} from './execution/execute';
import type { ExecutionRun } from './execution/frame';
import { History, type HistoryEvent, type RecordedEvent } from './execution/history';
import { nestedExecutionResolver } from './execution/nested';
import { Slots } from './execution/slots';
import type { ChildExecutionObserver, ExecutionServices, TaskResolver } from './execution/services';
import { type Json, type JsonObject, jsonByteLength } from './json';
import type { ObjectStore } from './states/item-reader';
import type { CompiledMachine } from './states/state';
import { testState, type TestStateRequest, type TestStateResult } from './test-state';

export type StateMachineType = 'STANDARD' | 'EXPRESS';

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
}

export interface StateMachineDescription {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly definition: string;
  readonly roleArn: string;
  readonly type: StateMachineType;
  readonly creationDate: Date;
  readonly status: 'ACTIVE';
}

export interface ExecutionDescription {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: Date;
  readonly stopDate?: Date;
  readonly input: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly mapRunArn?: string;
  readonly redriveCount: number;
}

interface StateMachineEntry {
  readonly arn: string;
  readonly name: string;
  definition: string;
  compiled: CompiledMachine;
  roleArn: string;
  readonly type: StateMachineType;
  readonly creationDate: Date;
}

interface ExecutionEntry {
  readonly run: ExecutionRun;
  readonly stateMachineArn: string;
  readonly definition: string;
  readonly abort: AbortController;
  readonly startDate: Date;
  readonly inputText: string;
  readonly mapRunArn?: string;
  result?: ExecutionResult;
  stopDate?: Date;
  readonly done: Promise<ExecutionResult>;
}

const DEFAULT_ROLE = (accountId: string) => `arn:aws:iam::${accountId}:role/service-role/StepFunctions-local`;

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
export class StepFunctionsEngine {
  readonly region: string;
  readonly accountId: string;
  readonly clock: Clock;
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

  constructor(options: EngineOptions = {}) {
    this.region = options.region ?? 'us-east-1';
    this.accountId = options.accountId ?? '123456789012';
    this.clock = options.clock ?? new RealClock();
    this.retained = options.retainedExecutions ?? 10_000;
    this.slots = new Slots(options.maxConcurrentExecutions ?? 1000);
    this.tasksPerExecution = options.maxConcurrentTasksPerExecution ?? 100;
    this.onFinished = options.onExecutionFinished;
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
    };
  }

  /** Every problem the service would report for this definition (empty when it is valid). */
  validate(definition: string | JsonObject): DefinitionProblem[] {
    if (typeof definition !== 'string') return validateDefinition(definition);
    try {
      return validateDefinition(JSON.parse(definition));
    } catch (error) {
      return [{ path: '', message: `The definition is not valid JSON: ${(error as Error).message}` }];
    }
  }

  private compile(definition: string | JsonObject): { text: string; compiled: CompiledMachine } {
    const text = typeof definition === 'string' ? definition : JSON.stringify(definition);
    let parsed: unknown;
    try {
      parsed = JSON.parse(text);
    } catch (error) {
      throw new InvalidDefinition(
        `Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${(error as Error).message}'`,
      );
    }
    try {
      return { text, compiled: compileStateMachine(parsed) };
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
  }): {
    stateMachineArn: string;
    creationDate: Date;
  } {
    assertValidName(request.name, 'State machine');
    const arn = stateMachineArn(this.region, this.accountId, request.name);
    const { text, compiled } = this.compile(request.definition);
    const type = request.type ?? 'STANDARD';
    const roleArn = request.roleArn ?? DEFAULT_ROLE(this.accountId);
    const existing = this.machines.get(arn);
    if (existing !== undefined) {
      // The service answers an identical request with the existing machine.
      if (existing.definition === text && existing.roleArn === roleArn && existing.type === type)
        return { stateMachineArn: arn, creationDate: existing.creationDate };
      throw new StateMachineAlreadyExists(`State Machine Already Exists: '${arn}'`);
    }
    const creationDate = new Date(this.clock.now());
    this.machines.set(arn, {
      arn,
      name: request.name,
      definition: text,
      compiled,
      roleArn,
      type,
      creationDate,
    });
    return { stateMachineArn: arn, creationDate };
  }

  private machine(arn: string): StateMachineEntry {
    const parts = parseStateMachineArn(arn);
    const entry = this.machines.get(stateMachineArn(parts.region, parts.accountId, parts.name));
    if (entry === undefined) throw new StateMachineDoesNotExist(`State Machine Does Not Exist: '${arn}'`);
    return entry;
  }

  updateStateMachine(request: {
    stateMachineArn: string;
    definition?: string | JsonObject;
    roleArn?: string;
  }): { updateDate: Date } {
    const entry = this.machine(request.stateMachineArn);
    if (request.definition !== undefined) {
      const { text, compiled } = this.compile(request.definition);
      entry.definition = text;
      entry.compiled = compiled;
    }
    if (request.roleArn !== undefined) entry.roleArn = request.roleArn;
    return { updateDate: new Date(this.clock.now()) };
  }

  deleteStateMachine(arn: string): void {
    const parts = parseStateMachineArn(arn);
    this.machines.delete(stateMachineArn(parts.region, parts.accountId, parts.name));
  }

  describeStateMachine(arn: string): StateMachineDescription {
    const entry = this.machine(arn);
    return {
      stateMachineArn: entry.arn,
      name: entry.name,
      definition: entry.definition,
      roleArn: entry.roleArn,
      type: entry.type,
      creationDate: entry.creationDate,
      status: 'ACTIVE',
    };
  }

  listStateMachines(): StateMachineDescription[] {
    return [...this.machines.values()]
      .sort((a, b) => a.name.localeCompare(b.name))
      .map((entry) => this.describeStateMachine(entry.arn));
  }

  /** Starts an execution; `<stateMachineArn>#<case>` runs it under that mock config test case. */
  startExecution(request: { stateMachineArn: string; name?: string; input?: string | Json }): {
    executionArn: string;
    startDate: Date;
  } {
    const parts = parseStateMachineArn(request.stateMachineArn);
    const machine = this.machine(request.stateMachineArn);
    const name = request.name ?? randomUUID();
    assertValidName(name, 'Execution');
    const inputText =
      typeof request.input === 'string'
        ? request.input
        : request.input === undefined
          ? '{}'
          : JSON.stringify(request.input);
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
    const abort = new AbortController();
    const run: ExecutionRun = {
      identity: {
        executionArn: arn,
        executionName: name,
        stateMachineArn: machine.arn,
        stateMachineName: machine.name,
        roleArn: machine.roleArn,
        startTime: startDate.toISOString(),
        input,
        redriveCount: 0,
      },
      history: new History(() => this.clock.now()),
      services: this.services,
      callbacks: this.callbacks,
      signal: abort.signal,
      taskSlots: new Slots(this.tasksPerExecution),
      ...(parts.testCase === undefined ? {} : { testCase: parts.testCase }),
    };
    const compiled = machine.compiled;
    const done = (async () => {
      await this.slots.take();
      try {
        return await executeMachine(compiled, run, abort);
      } finally {
        this.slots.release();
      }
    })();
    const entry: ExecutionEntry = {
      run,
      stateMachineArn: machine.arn,
      definition: machine.definition,
      abort,
      startDate,
      inputText,
      done,
    };
    this.executions.set(arn, entry);
    void done.then((result) => this.finish(entry, result));
    return { executionArn: arn, startDate };
  }

  private finish(entry: ExecutionEntry, result: ExecutionResult): void {
    entry.result = result;
    this.finishedEvents += entry.run.history.length;
    this.onFinished?.(entry.run.identity.executionArn, result);
    entry.stopDate = new Date(this.clock.now());
    this.finishedOrder.push(entry.run.identity.executionArn);
    while (this.finishedOrder.length > this.retained)
      this.executions.delete(this.finishedOrder.shift() as string);
  }

  private trackChild(run: ExecutionRun, mapRunArn: string, done: Promise<ExecutionResult>): void {
    const entry: ExecutionEntry = {
      run,
      stateMachineArn: run.identity.stateMachineArn,
      definition: '',
      abort: new AbortController(),
      startDate: new Date(this.clock.now()),
      inputText: JSON.stringify(run.identity.input),
      mapRunArn,
      done,
    };
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
    return this.waitForExecution(arn);
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
    const base = {
      executionArn: id.executionArn,
      stateMachineArn: entry.stateMachineArn,
      name: id.executionName,
      status: result?.status ?? ('RUNNING' as const),
      startDate: entry.startDate,
      input: entry.inputText,
      redriveCount: id.redriveCount,
      ...(entry.mapRunArn === undefined ? {} : { mapRunArn: entry.mapRunArn }),
      ...(entry.stopDate === undefined ? {} : { stopDate: entry.stopDate }),
    };
    if (result === undefined) return base;
    if (result.status === 'SUCCEEDED') return { ...base, output: JSON.stringify(result.output) };
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
  definitionForExecution(arn: string): StateMachineDescription {
    const entry = this.execution(arn);
    return {
      ...this.describeStateMachine(entry.stateMachineArn.split('/')[0] as string),
      definition: entry.definition || this.machine(entry.stateMachineArn.split('/')[0] as string).definition,
    };
  }

  /** Newest first, as the service lists them. */
  listExecutions(
    filter: { stateMachineArn?: string; mapRunArn?: string; statusFilter?: ExecutionStatus } = {},
  ): ExecutionDescription[] {
    if (filter.stateMachineArn !== undefined) this.machine(filter.stateMachineArn);
    const result: ExecutionDescription[] = [];
    for (const entry of this.executions.values()) {
      if (filter.stateMachineArn !== undefined && entry.stateMachineArn !== filter.stateMachineArn) continue;
      if (filter.mapRunArn !== undefined && entry.mapRunArn !== filter.mapRunArn) continue;
      if (filter.mapRunArn === undefined && entry.mapRunArn !== undefined) continue;
      const description = this.describe(entry);
      if (filter.statusFilter !== undefined && description.status !== filter.statusFilter) continue;
      result.push(description);
    }
    return result.reverse();
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
    const events = this.execution(arn).run.history.toServiceEvents(options.includeExecutionData ?? true);
    return options.reverseOrder === true ? events.reverse() : events;
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

  /** TestState: one state, run once, with what it did at each step when DEBUG is asked for. */
  testState(request: TestStateRequest): Promise<TestStateResult> {
    return testState(request, this.services, this.callbacks);
  }

  /** How many executions are kept, for memory checks. */
  get retainedExecutionCount(): number {
    return this.executions.size;
  }
}
