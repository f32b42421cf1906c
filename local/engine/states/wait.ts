import { StatesRuntime } from '../errors';
import type { StateVisit } from '../execution/frame';
import { type Json, type JsonObject, jsonTypeName } from '../json';
import { compileJsonataTemplate, type CompiledJsonata } from '../jsonata/template';
import { jsonPath } from '../paths/json-path';
import { isTimestamp } from '../choice/jsonpath-rules';
import { JsonataFlow, JsonPathFlow } from './data-flow';
import { nextOf, type StateCompileContext, type StateExecutor, type StateOutcome } from './state';

/** When to stop waiting, in the clock's milliseconds, from the state's (effective) input. */
type Deadline = (input: Json, visit: StateVisit) => number | Promise<number>;

function secondsDeadline(seconds: Json | undefined, field: string, visit: StateVisit): number {
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
    throw new StatesRuntime(
      `The ${field} of Wait state '${visit.stateName}' must be a non-negative integer, but it was ${JSON.stringify(seconds) ?? 'nothing'}`,
    );
  }
  // From the state's entry, which is earlier than now when a Wait goes on after a restart.
  return visit.enteredAt + seconds * 1000;
}

function timestampDeadline(timestamp: Json | undefined, field: string, visit: StateVisit): number {
  if (!isTimestamp(timestamp)) {
    throw new StatesRuntime(
      `The ${field} of Wait state '${visit.stateName}' must be an ISO-8601 timestamp, but it was ${JSON.stringify(timestamp) ?? 'nothing'}`,
    );
  }
  return Date.parse(timestamp);
}

function jsonPathDeadline(def: JsonObject): Deadline {
  if (def['Seconds'] !== undefined)
    return (_input, visit) => secondsDeadline(def['Seconds'], 'Seconds', visit);
  if (def['Timestamp'] !== undefined)
    return (_input, visit) => timestampDeadline(def['Timestamp'], 'Timestamp', visit);
  const secondsPath = def['SecondsPath'];
  if (typeof secondsPath === 'string') {
    const path = jsonPath(secondsPath);
    return (input, visit) =>
      secondsDeadline(path.evaluate(visit.pathScope(input)), `SecondsPath '${secondsPath}'`, visit);
  }
  const timestampPath = String(def['TimestampPath']);
  const path = jsonPath(timestampPath);
  return (input, visit) =>
    timestampDeadline(path.evaluate(visit.pathScope(input)), `TimestampPath '${timestampPath}'`, visit);
}

function jsonataDeadline(def: JsonObject): Deadline {
  const field = def['Seconds'] !== undefined ? 'Seconds' : 'Timestamp';
  const compiled: CompiledJsonata = compileJsonataTemplate(def[field] ?? null, field);
  return async (input, visit) => {
    const value = await compiled(visit.jsonataScope({ input }));
    if (field === 'Seconds' && typeof value !== 'number') {
      throw new StatesRuntime(
        `The Seconds of Wait state '${visit.stateName}' must be a number, but it was ${jsonTypeName(value)}`,
      );
    }
    return field === 'Seconds'
      ? secondsDeadline(value, field, visit)
      : timestampDeadline(value, field, visit);
  };
}

async function sleepUntil(deadline: number, visit: StateVisit): Promise<void> {
  const clock = visit.frame.run.services.clock;
  await clock.sleep(Math.max(0, deadline - clock.now()), visit.frame.signal);
}

class JsonPathWait implements StateExecutor {
  readonly type = 'Wait';
  private readonly flow: JsonPathFlow;
  private readonly deadline: Deadline;
  private readonly next: string | undefined;

  constructor(
    readonly name: string,
    def: JsonObject,
  ) {
    this.flow = new JsonPathFlow(def, null);
    this.deadline = jsonPathDeadline(def);
    this.next = nextOf(def);
  }

  async run(raw: Json, visit: StateVisit): Promise<StateOutcome> {
    const input = this.flow.effectiveInput(raw, visit);
    await sleepUntil(await this.deadline(input, visit), visit);
    return {
      output: this.flow.outputOf(input, visit),
      next: this.next,
      assignment: this.flow.assignments(input, visit),
    };
  }
}

class JsonataWait implements StateExecutor {
  readonly type = 'Wait';
  private readonly flow: JsonataFlow;
  private readonly deadline: Deadline;
  private readonly next: string | undefined;

  constructor(
    readonly name: string,
    def: JsonObject,
  ) {
    this.flow = new JsonataFlow(def, null);
    this.deadline = jsonataDeadline(def);
    this.next = nextOf(def);
  }

  async run(input: Json, visit: StateVisit): Promise<StateOutcome> {
    await sleepUntil(await this.deadline(input, visit), visit);
    const { output, assignment } = await this.flow.finish(input, undefined, input, visit);
    return { output, next: this.next, assignment };
  }
}

export function compileWait(context: StateCompileContext): StateExecutor {
  return context.language === 'JSONata'
    ? new JsonataWait(context.name, context.definition)
    : new JsonPathWait(context.name, context.definition);
}
