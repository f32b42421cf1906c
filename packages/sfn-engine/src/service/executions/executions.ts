/**
 * StartExecution, StartSyncExecution, StopExecution, DescribeExecution, ListExecutions,
 * GetExecutionHistory and DescribeStateMachineForExecution over the executions the store keeps.
 */
import type { Json } from '@myblog/asl';
import { assertValidName, executionArn } from '../../api/arns';
import { newId } from '../../api/ids';
import { ExecutionAlreadyExists, InvalidExecutionInput } from '../../api/errors';
import type { Clock } from '../../clock';
import type { CompatProfile } from '../../compat';
import {
  executionIdentity,
  type ExecutionRedriveFilter,
  type ExecutionStatus,
} from '../../execution/contracts';
import { ExecutionStopped } from '../../execution/execute';
import { History, type HistoryEvent, type RecordedEvent } from '../../execution/history';
import { nestsTooDeep, tooDeepMessage } from '../../json-limits';
import type { JournalSink } from '../journal/records';
import type { MapRun } from '../map-runs/map-run';
import type { MapRuns } from '../map-runs/map-runs';
import type { StateMachines } from '../state-machines';
import type { ExecutionDescription, StateMachineDescription } from '../types';
import { describeEntry, listedFor, redriven } from './describe';
import { type ExecutionEntry, startedFields } from './entry';
import type { ExecutionRunner } from './runner';
import type { ExecutionStore } from './store';

function parseInputText(text: string | undefined): Json {
  if (text === undefined) return {};
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new InvalidExecutionInput(`Invalid State Machine Execution Input: '${(error as Error).message}'`);
  }
}

export interface ExecutionsOptions {
  readonly clock: Clock;
  readonly compat: CompatProfile;
  readonly machines: StateMachines;
  readonly store: ExecutionStore;
  readonly runner: ExecutionRunner;
  readonly mapRuns: MapRuns;
  readonly journal: JournalSink | undefined;
  /** Largest input in bytes. */
  readonly payloadLimitBytes: number;
}

export class Executions {
  constructor(private readonly options: ExecutionsOptions) {}

  /**
   * Starts an execution of the state machine, of a version (`NAME:3`) or of the version an alias
   * picks (`NAME:PROD`); `<arn>#<case>` runs it under that mock config test case.
   */
  start(request: { stateMachineArn: string; name?: string; input?: string | Json }): {
    executionArn: string;
    startDate: Date;
  } {
    const entry = this.startEntry(request);
    return { executionArn: entry.run.identity.executionArn, startDate: entry.startDate };
  }

  /**
   * StartSyncExecution: starts an execution and answers its description once it ends. Waits on
   * the entry it started, not on a look-up of its ARN: the entry is this call's even if the store
   * forgets it before the answer (a retention of a few).
   */
  async startAndWait(request: {
    stateMachineArn: string;
    name?: string;
    input?: string | Json;
  }): Promise<ExecutionDescription> {
    const entry = this.startEntry(request);
    await entry.done;
    return this.description(entry);
  }

  /** The entry of the execution a start asks for: a new one, launched; or the one already running under that name. */
  private startEntry(request: {
    stateMachineArn: string;
    name?: string;
    input?: string | Json;
  }): ExecutionEntry {
    const { machines, store, runner, clock } = this.options;
    const target = machines.versioning.resolve(request.stateMachineArn);
    const machine = machines.machine(target.machineArn);
    // A version runs its own snapshot of the definition and role.
    const runs = target.version ?? machine;
    // A generated name (a UUID) is valid by construction.
    const name = request.name ?? newId();
    if (request.name !== undefined) assertValidName(name, 'Execution');
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
    // The service's limit is on the input string as sent (its UTF-8 bytes, spaces included).
    if (Buffer.byteLength(inputText, 'utf8') > this.options.payloadLimitBytes) {
      throw new InvalidExecutionInput(
        `Invalid State Machine Execution Input: the input is larger than the ${this.options.payloadLimitBytes} bytes the service accepts`,
      );
    }
    const input = parseInputText(inputText);
    const arn = executionArn(machine.arn, name, machine.type === 'EXPRESS');
    const existing = store.find(arn);
    if (existing !== undefined) {
      if (existing.result === undefined && existing.inputText === inputText) return existing;
      throw new ExecutionAlreadyExists(`Execution Already Exists: '${arn}'`);
    }
    const startDate = new Date(clock.now());
    const identity = executionIdentity({
      executionArn: arn,
      executionName: name,
      stateMachineArn: machine.arn,
      stateMachineName: machine.name,
      roleArn: runs.roleArn,
      startTime: startDate.toISOString(),
      input,
      redriveCount: 0,
      stateMachineVersionArn: target.version?.arn,
      stateMachineAliasArn: target.aliasArn,
    });
    const entry = runner.newEntry(identity, new History(clock), target.testCase, {
      stateMachineArn: machine.arn,
      definition: runs.definition,
      compiled: runs.compiled,
      type: machine.type,
      startDate,
      inputText,
    });
    this.options.journal?.append({ kind: 'execution-started', ...startedFields(entry) });
    store.add(arn, entry);
    runner.launch(entry, {});
    return entry;
  }

  async waitFor(arn: string): Promise<ExecutionDescription> {
    const entry = this.options.store.get(arn);
    await entry.done;
    // This entry, even if the store has forgotten it since (a retention of a few).
    return this.description(entry);
  }

  describe(arn: string): ExecutionDescription {
    return this.description(this.options.store.get(arn));
  }

  private description(entry: ExecutionEntry): ExecutionDescription {
    return describeEntry(entry, this.options.clock.now(), this.options.compat.jsonText);
  }

  stop(arn: string, details: { error?: string; cause?: string } = {}): { stopDate: Date } {
    const entry = this.options.store.get(arn);
    if (entry.result === undefined && !entry.run.stop.aborted) {
      entry.run.history.seal();
      entry.run.stop.abort(new ExecutionStopped(details.error ?? '', details.cause ?? ''));
    }
    return { stopDate: new Date(this.options.clock.now()) };
  }

  /** The definition an execution runs (DescribeStateMachineForExecution). */
  definitionFor(arn: string): StateMachineDescription & { mapRunArn?: string; label?: string } {
    const { store, machines } = this.options;
    const entry = store.get(arn);
    const versionArn = entry.run.identity.stateMachineVersionArn;
    if (versionArn !== undefined) {
      // The version's snapshot, under the state machine's own ARN, as the service answers it.
      const version = machines.versioning.findVersion(versionArn);
      return {
        ...machines.describe(entry.stateMachineArn),
        definition: entry.definition,
        roleArn: entry.run.identity.roleArn,
        ...(version?.revisionId === undefined ? {} : { revisionId: version.revisionId }),
      };
    }
    const [machineArn, label] = entry.stateMachineArn.split('/') as [string, string | undefined];
    return {
      ...machines.describe(machineArn),
      definition: entry.definition || machines.machine(machineArn).definition,
      // A distributed Map's child execution: its map run, and the label of the Map that started it.
      ...(entry.mapRunArn === undefined || label === undefined ? {} : { mapRunArn: entry.mapRunArn, label }),
    };
  }

  /** Newest first, as the service lists them; with a limit, only that many are described. */
  list(
    filter: {
      stateMachineArn?: string;
      mapRunArn?: string;
      statusFilter?: ExecutionStatus;
      /** REDRIVEN: only executions redriven at least once; NOT_REDRIVEN: only those never redriven. */
      redriveFilter?: ExecutionRedriveFilter;
      limit?: number;
    } = {},
  ): ExecutionDescription[] {
    const { machines, store } = this.options;
    // A version's or an alias's ARN lists the executions started through it.
    const wanted =
      filter.stateMachineArn === undefined
        ? undefined
        : machines.versioning.executionFilter(filter.stateMachineArn);
    if (wanted !== undefined) machines.machine(wanted.machineArn);
    const limit = filter.limit ?? Infinity;
    const result: ExecutionDescription[] = [];
    const entries = [...store.values()];
    for (let i = entries.length - 1; i >= 0 && result.length < limit; i -= 1) {
      const entry = entries[i] as ExecutionEntry;
      if (wanted !== undefined && !listedFor(entry.run.identity, entry.stateMachineArn, wanted)) continue;
      if (filter.mapRunArn !== undefined && entry.mapRunArn !== filter.mapRunArn) continue;
      if (filter.mapRunArn === undefined && entry.mapRunArn !== undefined) continue;
      if (filter.statusFilter !== undefined && (entry.result?.status ?? 'RUNNING') !== filter.statusFilter)
        continue;
      if (filter.redriveFilter !== undefined && redriven(entry) !== (filter.redriveFilter === 'REDRIVEN'))
        continue;
      result.push(this.description(entry));
    }
    return result;
  }

  /** ListMapRuns: the map runs an execution's distributed Map states started, oldest first. */
  mapRunsOf(executionArn: string): readonly MapRun[] {
    this.options.store.get(executionArn);
    return this.options.mapRuns.ofExecution(executionArn);
  }

  /** History in the service's shape (ids, previousEventId, details as JSON text). */
  history(
    arn: string,
    options: { includeExecutionData?: boolean; reverseOrder?: boolean } = {},
  ): HistoryEvent[] {
    const history = this.options.store.get(arn).run.history;
    const events = this.options.compat.serviceEvents(
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
  historyPage(
    arn: string,
    options: { start: number; end: number; includeExecutionData?: boolean; reverseOrder?: boolean },
  ): { events: HistoryEvent[]; total: number } {
    const { compat } = this.options;
    const history = this.options.store.get(arn).run.history;
    const total = history.length;
    const includeData = options.includeExecutionData ?? true;
    if (options.reverseOrder !== true)
      return { events: compat.serviceEvents(history, options.start, options.end, includeData), total };
    // Position p from the end is position total - 1 - p from the start.
    const events = compat
      .serviceEvents(history, total - options.end, total - options.start, includeData)
      .reverse();
    return { events, total };
  }

  /** Recorded events without serialising values: cheap assertions in tests and the dashboard. */
  recorded(arn: string): readonly RecordedEvent[] {
    return this.options.store.get(arn).run.history.recorded();
  }
}
