import {
  describeJson,
  jsonataBody,
  jsonataTypeCause,
  numberRangeCause,
  secondsPathMissingCause,
  secondsPathNegativeCause,
  secondsPathNotLongCause,
  timestampCause,
  timestampPathMissingCause,
} from '../error-causes';
import { StatesRuntime } from '../errors';
import type { StateVisit } from '../execution/frame';
import { type Json, type JsonObject } from '@myblog/asl';
import { compileJsonataTemplate, type CompiledJsonata } from '../query/jsonata/template';
import { jsonPath } from '../query/jsonpath/json-path';
import { isTimestamp } from '../query/jsonpath/choice-rules';
import { JsonataFlow, JsonPathFlow } from './data-flow';
import { nextOf, type StateCompileContext, type StateExecutor, type StateOutcome } from './state';

/** When to stop waiting, in the clock's milliseconds, from the state's (effective) input. */
type Deadline = (input: Json, visit: StateVisit) => number | Promise<number>;

/** When a number of seconds from the state's entry ends (a later entry when resumed). */
function afterSeconds(seconds: number, visit: StateVisit): number {
  // From the state's entry, which is earlier than now when a Wait goes on after a restart.
  return visit.enteredAt + seconds * 1000;
}

function literalSeconds(seconds: Json | undefined): Deadline {
  // AWS refuses any other Seconds when the state machine is created; a definition that got
  // past validation with one fails here rather than waiting a made-up time.
  if (typeof seconds !== 'number' || !Number.isInteger(seconds) || seconds < 0) {
    return () => {
      throw new StatesRuntime(
        `The Seconds field must be a non-negative integer, got ${describeJson(seconds)}`,
      );
    };
  }
  return (_input, visit) => afterSeconds(seconds, visit);
}

function literalTimestamp(timestamp: Json | undefined): Deadline {
  if (!isTimestamp(timestamp)) {
    return () => {
      throw new StatesRuntime(timestampCause('Timestamp', describeJson(timestamp), timestamp));
    };
  }
  const at = Date.parse(timestamp);
  return () => at;
}

function secondsPathDeadline(pathText: string): Deadline {
  const path = jsonPath(pathText);
  return (input, visit) => {
    const seconds = path.evaluate(visit.pathScope(input));
    if (seconds === undefined) throw new StatesRuntime(secondsPathMissingCause(pathText));
    if (typeof seconds !== 'number' || !Number.isInteger(seconds))
      throw new StatesRuntime(secondsPathNotLongCause(pathText, seconds));
    if (seconds < 0) throw new StatesRuntime(secondsPathNegativeCause(pathText, seconds));
    return afterSeconds(seconds, visit);
  };
}

function timestampPathDeadline(pathText: string): Deadline {
  const path = jsonPath(pathText);
  return (input, visit) => {
    const timestamp = path.evaluate(visit.pathScope(input));
    if (timestamp === undefined) throw new StatesRuntime(timestampPathMissingCause(pathText));
    if (!isTimestamp(timestamp))
      throw new StatesRuntime(timestampCause('TimestampPath', pathText, timestamp));
    return Date.parse(timestamp);
  };
}

function jsonPathDeadline(def: JsonObject): Deadline {
  if (def['Seconds'] !== undefined) return literalSeconds(def['Seconds']);
  if (def['Timestamp'] !== undefined) return literalTimestamp(def['Timestamp']);
  const secondsPath = def['SecondsPath'];
  if (typeof secondsPath === 'string') return secondsPathDeadline(secondsPath);
  return timestampPathDeadline(String(def['TimestampPath']));
}

function jsonataDeadline(def: JsonObject): Deadline {
  const field = def['Seconds'] !== undefined ? 'Seconds' : 'Timestamp';
  const template = def[field] ?? null;
  const compiled: CompiledJsonata = compileJsonataTemplate(template, field);
  const written = typeof template === 'string' ? template : JSON.stringify(template);
  const expression = jsonataBody(written);
  if (field === 'Seconds') {
    return async (input, visit) => {
      const seconds = await compiled(visit.jsonataScope({ input }));
      if (typeof seconds !== 'number' || !Number.isInteger(seconds))
        throw new StatesRuntime(jsonataTypeCause(expression, field, 'integer', seconds));
      if (seconds < 0) throw new StatesRuntime(numberRangeCause(field, seconds, 0));
      return afterSeconds(seconds, visit);
    };
  }
  return async (input, visit) => {
    const timestamp = await compiled(visit.jsonataScope({ input }));
    if (!isTimestamp(timestamp)) throw new StatesRuntime(timestampCause('Timestamp', written, timestamp));
    return Date.parse(timestamp);
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
