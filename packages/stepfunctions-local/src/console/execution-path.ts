/**
 * What an execution did, state by state, read from its event history in the shape
 * GetExecutionHistory returns: which states ran, how each ended (succeeded, retried, caught,
 * failed, still running) and each visit's input, output and error. Pure; works on any
 * service's history, not only the local engine's.
 */

export type StateStatus = 'succeeded' | 'retried' | 'caught' | 'failed' | 'running';

/** The fields of a history event this module reads. */
export interface HistoryEventLike {
  readonly id: number;
  readonly previousEventId?: number;
  readonly type: string;
  readonly [details: string]: unknown;
}

export interface StateVisit {
  readonly state: string;
  /** The StateEntered event's id: a visit's identity. */
  readonly enteredEventId: number;
  status: StateStatus;
  input?: string;
  output?: string;
  error?: string;
  cause?: string;
  /** How many times its work was scheduled: more than one means it was retried. */
  attempts: number;
}

/** A move the execution made from one state to the next; null is the execution's start or end. */
export interface Transition {
  readonly from: string | null;
  readonly to: string | null;
  /** Through a Catch: the state it left had failed. */
  readonly caught: boolean;
}

export interface ExecutionPath {
  /** Each state's status over all its visits, the worst first (a Map's items may end differently). */
  readonly states: Readonly<Record<string, StateStatus>>;
  readonly visits: readonly StateVisit[];
  /** Every distinct move it made, in the order first made. */
  readonly transitions: readonly Transition[];
}

interface OpenVisit {
  readonly visit: StateVisit;
  /** The state type, from the StateEntered event: `Task`, `Map`, `Parallel`… */
  readonly type: string;
  readonly parent: OpenVisit | undefined;
  closed: boolean;
  lastOutcome: 'none' | 'success' | 'failure';
  failed: boolean;
}

const SEVERITY: Readonly<Record<StateStatus, number>> = {
  failed: 4,
  caught: 3,
  running: 2,
  retried: 1,
  succeeded: 0,
};

const isEntered = (type: string) => type.endsWith('StateEntered');
/** Events a given kind of state records itself (MapStateFailed, MapIterationStarted, TaskStateExited…). */
const ownerType = (type: string): string | undefined =>
  /^(Map|Parallel)(State|Iteration|Run)/.exec(type)?.[1] ?? /^(\w+)State(Entered|Exited)$/.exec(type)?.[1];
const isExited = (type: string) => type.endsWith('StateExited');
const isExecutionEnd = (type: string) =>
  type === 'ExecutionSucceeded' ||
  type === 'ExecutionFailed' ||
  type === 'ExecutionAborted' ||
  type === 'ExecutionTimedOut';
/** A state's work (task, Map, Parallel) failing; an iteration's end belongs to the state that failed in it. */
const isFailure = (type: string) =>
  (type.endsWith('Failed') || type.endsWith('TimedOut')) &&
  !type.startsWith('Execution') &&
  !type.startsWith('MapIteration');
const isSuccess = (type: string) =>
  type.endsWith('Succeeded') && !type.startsWith('Execution') && !type.startsWith('MapIteration');

function detailsOf(event: HistoryEventLike): Record<string, unknown> {
  for (const [key, value] of Object.entries(event)) {
    if (key.endsWith('EventDetails') && typeof value === 'object' && value !== null)
      return value as Record<string, unknown>;
  }
  return {};
}

const stringField = (details: Record<string, unknown>, field: string): string | undefined =>
  typeof details[field] === 'string' ? details[field] : undefined;

/** The path an execution took, and which state each of its events belongs to. */
export interface HistoryReading {
  readonly path: ExecutionPath;
  /**
   * Event id → the state it belongs to: a StateEntered event's state, and the state that was
   * running each later event (TaskScheduled, MapIterationStarted…). The execution's own events
   * (ExecutionStarted, ExecutionFailed…) belong to none.
   */
  readonly eventStates: ReadonlyMap<number, string>;
}

/** Reads the path an execution took from its events, oldest first. */
export const executionPath = (events: readonly HistoryEventLike[]): ExecutionPath => readHistory(events).path;

/** Reads the path an execution took from its events, oldest first, and whose each event is. */
export function readHistory(events: readonly HistoryEventLike[]): HistoryReading {
  const owner = new Map<number, OpenVisit | undefined>();
  const eventStates = new Map<number, string>();
  const visits: OpenVisit[] = [];
  let ended = false;
  /** StateExited event id → the visit it closed: a StateEntered chained to it moved from there. */
  const exitedBy = new Map<number, OpenVisit>();
  let startedEventId = 0;
  const transitions = new Map<string, Transition>();
  const moved = (from: OpenVisit | null, to: string | null) => {
    const transition = { from: from?.visit.state ?? null, to, caught: from?.visit.status === 'caught' };
    const key = `${String(transition.from)}→${String(to)}:${String(transition.caught)}`;
    if (!transitions.has(key)) transitions.set(key, transition);
  };
  // The state an event belongs to: the newest open visit up its previousEventId chain (of the
  // state type that records such events, when it is one). An open visit passed on the way is one
  // whose thread is over: a Map item or a Parallel branch that ended in it without leaving it.
  const openOwner = (previousEventId: number | undefined, type?: string) => {
    let candidate = previousEventId === undefined ? undefined : owner.get(previousEventId);
    while (candidate !== undefined && (candidate.closed || (type !== undefined && candidate.type !== type))) {
      if (!candidate.closed) {
        candidate.closed = true;
        candidate.visit.status = 'failed';
      }
      candidate = candidate.parent;
    }
    return candidate;
  };
  for (const event of events) {
    const details = detailsOf(event);
    if (event.type === 'ExecutionStarted') startedEventId = event.id;
    if (isEntered(event.type)) {
      let parent = openOwner(event.previousEventId);
      const name = stringField(details, 'name') ?? '?';
      const from = exitedBy.get(event.previousEventId ?? -1);
      if (from !== undefined) moved(from, name);
      else if (event.previousEventId === 0 || event.previousEventId === startedEventId) moved(null, name);
      // The same state entered again before it left: the execution went on from it after a
      // redrive, or after a restart of the server, so its first visit was cut short and it ran again.
      if (
        parent !== undefined &&
        parent.visit.state === name &&
        parent.type === event.type.slice(0, -'StateEntered'.length)
      ) {
        parent.closed = true;
        parent.visit.status = 'retried';
        parent = parent.parent;
      }
      const open: OpenVisit = {
        visit: {
          state: name,
          enteredEventId: event.id,
          status: 'running',
          attempts: 0,
          ...(stringField(details, 'input') === undefined ? {} : { input: stringField(details, 'input') }),
        },
        type: event.type.slice(0, -'StateEntered'.length),
        parent,
        closed: false,
        lastOutcome: 'none',
        failed: false,
      };
      visits.push(open);
      owner.set(event.id, open);
      eventStates.set(event.id, name);
      continue;
    }
    const current = openOwner(event.previousEventId, ownerType(event.type));
    owner.set(event.id, current);
    if (current !== undefined && !event.type.startsWith('Execution'))
      eventStates.set(event.id, current.visit.state);
    if (event.type === 'ExecutionRedriven') {
      ended = false;
      continue;
    }
    if (isExecutionEnd(event.type)) {
      ended = true;
      const from = exitedBy.get(event.previousEventId ?? -1);
      if (event.type === 'ExecutionSucceeded' && from !== undefined) moved(from, null);
      if (event.type !== 'ExecutionSucceeded' && current !== undefined) {
        current.visit.error ??= stringField(details, 'error');
        current.visit.cause ??= stringField(details, 'cause');
      }
      continue;
    }
    if (current === undefined) continue;
    if (event.type.endsWith('Scheduled')) current.visit.attempts += 1;
    if (isFailure(event.type)) {
      current.lastOutcome = 'failure';
      current.failed = true;
      current.visit.error = stringField(details, 'error') ?? current.visit.error;
      current.visit.cause = stringField(details, 'cause') ?? current.visit.cause;
    } else if (isSuccess(event.type)) {
      current.lastOutcome = 'success';
    } else if (isExited(event.type)) {
      current.closed = true;
      exitedBy.set(event.id, current);
      const output = stringField(details, 'output');
      if (output !== undefined) current.visit.output = output;
      current.visit.status =
        current.lastOutcome === 'failure'
          ? 'caught'
          : current.visit.attempts > 1 || current.failed
            ? 'retried'
            : 'succeeded';
    }
  }
  // A visit that never exited either is still running or is where the execution (or its branch) stopped.
  for (const open of visits) if (!open.closed) open.visit.status = ended ? 'failed' : 'running';

  const states: Record<string, StateStatus> = {};
  for (const { visit } of visits) {
    const before = states[visit.state];
    if (before === undefined || SEVERITY[visit.status] > SEVERITY[before]) states[visit.state] = visit.status;
  }
  return {
    path: { states, visits: visits.map((open) => open.visit), transitions: [...transitions.values()] },
    eventStates,
  };
}
