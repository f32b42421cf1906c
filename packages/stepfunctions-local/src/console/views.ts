import {
  DescribeExecutionCommand,
  type DescribeExecutionOutput,
  type DescribeStateMachineOutput,
  DescribeMapRunCommand,
  DescribeStateMachineCommand,
  type HistoryEvent,
  ListExecutionsCommand,
  paginateGetExecutionHistory,
  paginateListMapRuns,
  paginateListStateMachines,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { isObject, type JsonObject } from '@myblog/asl';
import type {
  ExecutionDetail,
  ExecutionRow,
  ExecutionStatus,
  HistoryEventView,
  MapRunView,
  WorkflowView,
} from './api-types';
import { readHistory } from './execution-path';
import { type LaidOutGraph, layOut } from './graph-layout';
import { collapse, collapsibleStates, graphOf } from './graph-model';

/** Layouts kept: every state machine with and without a few containers collapsed. */
const MAX_LAYOUTS = 64;
/** The newest executions a list shows (one ListExecutions page). */
const EXECUTIONS_LISTED = 100;
/**
 * Events read of one history: GetExecutionHistory pages of 1,000 (its maximum), 25 of them. A
 * Distributed Map of a million items has far more; the page says the rest were left out.
 */
export const HISTORY_LIMIT = 25_000;
/** Failed rows of a list that show their error name: as many as the page lists. */
const ERRORS_LISTED = 15;
/** Map runs of one execution described (one DescribeMapRun each). */
const MAP_RUNS_DESCRIBED = 20;

/**
 * How hard the console may call the API it watches. A local server takes every poll; AWS
 * throttles each action per account and region with a token bucket (ListExecutions refills 2 to 5
 * calls a second, DescribeStateMachine 20: the developer guide's API quotas), shared with the
 * account's own workloads, so there the console reads less often.
 */
export interface ApiPace {
  /** ListExecutions calls a second the overview may make over all machines. */
  readonly listExecutionsPerSecond: number;
  /** How long a state machine's definition is kept before it is described again (ms). */
  readonly definitionTtlMs: number;
  /** Failed rows show their error name, at a DescribeExecution each (kept once read). */
  readonly errorsInLists: boolean;
}

export const UNPACED: ApiPace = {
  listExecutionsPerSecond: Number.POSITIVE_INFINITY,
  definitionTtlMs: 0,
  errorsInLists: true,
};
/** For AWS: a second of the lowest refill (2/s, outside the largest regions) per machine, a minute per definition. */
export const AWS_PACE: ApiPace = {
  listExecutionsPerSecond: 1,
  definitionTtlMs: 60_000,
  errorsInLists: false,
};

/** Finished executions whose history is kept (a page polls the one it shows). */
const FINISHED_KEPT = 32;
const FINISHED = new Set(['SUCCEEDED', 'FAILED', 'TIMED_OUT', 'ABORTED']);

/** What names a finished execution's history, or undefined while it may still change. */
function finishedKey(described: DescribeExecutionOutput): string | undefined {
  if (!FINISHED.has(described.status ?? '')) return undefined;
  return JSON.stringify([described.status, described.redriveCount ?? 0, described.stopDate?.toISOString()]);
}

/** A page asked to collapse a state that is no Map or Parallel of the state machine. */
export class NotCollapsible extends Error {
  override readonly name = 'NotCollapsible';
  constructor(
    readonly state: string,
    readonly stateMachine: string,
  ) {
    super(`${stateMachine} has no Map or Parallel state named ${state} to collapse`);
  }
}

const iso = (date: Date | undefined): string | undefined => date?.toISOString();
/** A state machine's name: the last part of its ARN (…:stateMachine:<name>, or <name>:<version or alias>). */
export const machineNameOf = (stateMachineArn: string): string =>
  stateMachineArn.split(':stateMachine:')[1]?.split(':')[0] ?? stateMachineArn;

function eventView(event: HistoryEvent, state: string | undefined): HistoryEventView {
  const { id, previousEventId, type, timestamp, ...rest } = event;
  const details = Object.values(rest).find((value) => isObject(value));
  return {
    id: id ?? 0,
    previousEventId: previousEventId ?? 0,
    type: type ?? '',
    timestamp: iso(timestamp) ?? '',
    details: (details ?? {}) as Record<string, unknown>,
    ...(state === undefined ? {} : { state }),
  };
}

/**
 * What the console shows, read through the Step Functions API of whatever endpoint the client
 * points at (this package's server, one in another process, or AWS itself).
 */
export class ConsoleViews {
  private readonly layouts = new Map<string, Promise<LaidOutGraph>>();
  /** The histories of the finished executions looked at last, by execution ARN. */
  private readonly finished = new Map<
    string,
    { key: string; history: { events: HistoryEvent[]; truncated: boolean }; mapRuns: MapRunView[] }
  >();

  /** Recent answers, by ARN: definitions and execution lists, when the pace asks to keep them. */
  private readonly definitions = new Map<
    string,
    { at: number; answer: Promise<DescribeStateMachineOutput> }
  >();
  private readonly listings = new Map<string, { at: number; answer: Promise<ExecutionRow[]> }>();
  private machineCount = 1;
  /** Failed executions' error names, by ARN and what would change them. */
  private readonly errors = new Map<string, string>();

  constructor(
    private readonly sfn: SFNClient,
    private readonly pace: ApiPace = UNPACED,
  ) {}

  /**
   * An answer read at most once in `ttlMs` (0: every time); a failed one is not kept. The
   * console's pages all poll the same few calls, and against AWS each call counts against a
   * quota the account shares with its own workloads.
   */
  private kept<T>(
    store: Map<string, { at: number; answer: Promise<T> }>,
    key: string,
    ttlMs: number,
    read: () => Promise<T>,
  ): Promise<T> {
    const now = Date.now();
    const hit = store.get(key);
    if (hit !== undefined && now - hit.at < ttlMs) return hit.answer;
    const answer = read();
    if (ttlMs > 0) {
      store.set(key, { at: now, answer });
      answer.catch(() => store.delete(key));
    }
    return answer;
  }

  /** Every state machine (ListStateMachines, every page), each with its graph. */
  async workflows(): Promise<WorkflowView[]> {
    const machines: { name: string; stateMachineArn: string; type: string }[] = [];
    for await (const page of paginateListStateMachines({ client: this.sfn }, {}))
      for (const item of page.stateMachines ?? [])
        machines.push({
          name: item.name ?? '',
          stateMachineArn: item.stateMachineArn ?? '',
          type: item.type ?? 'STANDARD',
        });
    machines.sort((a, b) => a.name.localeCompare(b.name));
    this.machineCount = Math.max(1, machines.length);
    return Promise.all(
      machines.map(async (machine) => ({
        key: machine.name,
        title: machine.name,
        stateMachineArn: machine.stateMachineArn,
        type: machine.type,
        graph: await this.graph(machine.stateMachineArn),
      })),
    );
  }

  /**
   * A state machine's graph laid out with the named Map and Parallel states collapsed. Layouts
   * are kept per definition and collapsed set, the newest few only: a page asks for a handful.
   */
  async graph(stateMachineArn: string, collapsed: readonly string[] = []): Promise<LaidOutGraph> {
    const described = await this.kept(this.definitions, stateMachineArn, this.pace.definitionTtlMs, () =>
      this.sfn.send(new DescribeStateMachineCommand({ stateMachineArn })),
    );
    const definition = described.definition ?? '{}';
    const model = graphOf(JSON.parse(definition) as JsonObject);
    const known = new Set(collapsibleStates(model));
    const unknown = collapsed.find((name) => !known.has(name));
    if (unknown !== undefined) throw new NotCollapsible(unknown, described.name ?? stateMachineArn);
    const shut = [...new Set(collapsed)].sort();
    const cacheKey = JSON.stringify([definition, shut]);
    let graph = this.layouts.get(cacheKey);
    if (graph === undefined) {
      graph = layOut(collapse(model, new Set(shut)));
      this.layouts.set(cacheKey, graph);
      // Map keeps insertion order: the first key is the oldest layout.
      if (this.layouts.size > MAX_LAYOUTS) this.layouts.delete(this.layouts.keys().next().value as string);
    }
    return graph;
  }

  /**
   * A state machine's newest executions, newest first (one ListExecutions page). AWS lists no
   * Express executions ("not supported by EXPRESS state machines": their history goes to
   * CloudWatch Logs), so an Express machine there has none to show rather than an error.
   */
  executions(stateMachineArn: string): Promise<ExecutionRow[]> {
    // The overview lists every machine's executions on each poll: spread over the quota's refill.
    const ttlMs = (this.machineCount / this.pace.listExecutionsPerSecond) * 1000;
    return this.kept(this.listings, stateMachineArn, ttlMs, () => this.listExecutions(stateMachineArn));
  }

  private async listExecutions(stateMachineArn: string): Promise<ExecutionRow[]> {
    let listed;
    try {
      listed = await this.sfn.send(
        new ListExecutionsCommand({ stateMachineArn, maxResults: EXECUTIONS_LISTED }),
      );
    } catch (error) {
      if ((error as Error).name === 'StateMachineTypeNotSupported') return [];
      throw error;
    }
    const workflow = machineNameOf(stateMachineArn);
    const rows = (listed.executions ?? [])
      .map((item): ExecutionRow => ({
        executionArn: item.executionArn ?? '',
        name: item.name ?? '',
        workflow,
        stateMachineArn: item.stateMachineArn ?? stateMachineArn,
        status: (item.status ?? 'RUNNING') as ExecutionStatus,
        startDate: iso(item.startDate) ?? '',
        ...(item.stopDate === undefined ? {} : { stopDate: iso(item.stopDate) }),
        ...(item.redriveCount === undefined ? {} : { redriveCount: item.redriveCount }),
      }))
      .sort((a, b) => b.startDate.localeCompare(a.startDate));
    return this.pace.errorsInLists ? Promise.all(rows.map((row, i) => this.withError(row, i))) : rows;
  }

  /**
   * A failed row of the first few shown, with its error name (ListExecutions gives none): one
   * DescribeExecution per failure, kept while the row is the same (a redrive changes its count).
   */
  private async withError(row: ExecutionRow, index: number): Promise<ExecutionRow> {
    if (index >= ERRORS_LISTED || !['FAILED', 'TIMED_OUT', 'ABORTED'].includes(row.status)) return row;
    const key = JSON.stringify([row.executionArn, row.status, row.redriveCount ?? 0, row.stopDate]);
    let error = this.errors.get(key);
    if (error === undefined) {
      const described = await this.sfn.send(new DescribeExecutionCommand({ executionArn: row.executionArn }));
      error = described.error ?? '';
      this.errors.set(key, error);
      if (this.errors.size > FINISHED_KEPT * 8) this.errors.delete(this.errors.keys().next().value as string);
    }
    return error === '' ? row : { ...row, error };
  }

  /**
   * One execution with its event history (every page, up to HISTORY_LIMIT), its path and its map
   * runs. A finished execution's history is read once: it changes no more until a redrive, which
   * its description shows (redriveCount, status). It is described first, so a history read after
   * a description that says finished is the whole of it.
   */
  async execution(executionArn: string): Promise<ExecutionDetail> {
    const described = await this.sfn.send(new DescribeExecutionCommand({ executionArn }));
    const key = finishedKey(described);
    const kept = key === undefined ? undefined : this.finished.get(executionArn);
    let history: { events: HistoryEvent[]; truncated: boolean };
    let mapRuns: MapRunView[];
    if (kept !== undefined && kept.key === key) ({ history, mapRuns } = kept);
    else {
      [history, mapRuns] = await Promise.all([this.history(executionArn), this.mapRuns(executionArn)]);
      if (key !== undefined) {
        this.finished.delete(executionArn);
        this.finished.set(executionArn, { key, history, mapRuns });
        if (this.finished.size > FINISHED_KEPT)
          this.finished.delete(this.finished.keys().next().value as string);
      }
    }
    const { path, eventStates } = readHistory(
      history.events.map((event) => ({ ...event, id: event.id ?? 0, type: event.type ?? '' })),
    );
    const stateMachineArn = described.stateMachineArn ?? '';
    return {
      executionArn,
      name: described.name ?? '',
      workflow: machineNameOf(stateMachineArn),
      stateMachineArn,
      status: (described.status ?? 'RUNNING') as ExecutionStatus,
      startDate: iso(described.startDate) ?? '',
      ...(described.stopDate === undefined ? {} : { stopDate: iso(described.stopDate) }),
      ...(described.error === undefined ? {} : { error: described.error }),
      ...(described.cause === undefined ? {} : { cause: described.cause }),
      input: described.input ?? '',
      ...(described.output === undefined ? {} : { output: described.output }),
      redrivable: described.redriveStatus === 'REDRIVABLE',
      redriveCount: described.redriveCount ?? 0,
      path,
      events: history.events.map((event) => eventView(event, eventStates.get(event.id ?? 0))),
      truncated: history.truncated,
      mapRuns,
    };
  }

  private async history(executionArn: string): Promise<{ events: HistoryEvent[]; truncated: boolean }> {
    const events: HistoryEvent[] = [];
    const pages = paginateGetExecutionHistory(
      { client: this.sfn, pageSize: 1000 },
      { executionArn, includeExecutionData: true },
    );
    for await (const page of pages) {
      events.push(...(page.events ?? []));
      if (events.length >= HISTORY_LIMIT) return { events: events.slice(0, HISTORY_LIMIT), truncated: true };
    }
    return { events, truncated: false };
  }

  /** The execution's Distributed Map runs (ListMapRuns), each described (DescribeMapRun). */
  private async mapRuns(executionArn: string): Promise<MapRunView[]> {
    const arns: string[] = [];
    for await (const page of paginateListMapRuns({ client: this.sfn }, { executionArn })) {
      arns.push(...(page.mapRuns ?? []).map((run) => run.mapRunArn ?? ''));
      if (arns.length >= MAP_RUNS_DESCRIBED) break;
    }
    return Promise.all(
      arns.slice(0, MAP_RUNS_DESCRIBED).map(async (mapRunArn): Promise<MapRunView> => {
        const run = await this.sfn.send(new DescribeMapRunCommand({ mapRunArn }));
        return {
          mapRunArn,
          status: run.status ?? '',
          startDate: iso(run.startDate) ?? '',
          ...(run.stopDate === undefined ? {} : { stopDate: iso(run.stopDate) }),
          maxConcurrency: run.maxConcurrency ?? 0,
          itemCounts: Object.fromEntries(
            Object.entries(run.itemCounts ?? {}).filter(
              (entry): entry is [string, number] => typeof entry[1] === 'number',
            ),
          ),
        };
      }),
    );
  }
}
