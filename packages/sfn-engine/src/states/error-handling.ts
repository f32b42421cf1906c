import { StatesError, StatesRuntime, UNCATCHABLE_BY_ALL } from '../errors';
import type { StateVisit } from '../execution/frame';
import { type Json, type JsonObject, isObject } from '@myblog/asl';
import { compileJsonataTemplate, type CompiledJsonata } from '../query/jsonata/template';
import { type Assignment, JsonPathFlow, type QueryLanguage } from './data-flow';

/**
 * Does an ErrorEquals list match an error? `States.ALL` matches everything but the terminal
 * errors; `States.TaskFailed` matches everything but `States.Timeout` (and the terminal errors).
 */
export function errorMatches(errorEquals: readonly string[], error: string): boolean {
  for (const name of errorEquals) {
    if (name === error) return true;
    if (name === 'States.ALL' && !UNCATCHABLE_BY_ALL.has(error)) return true;
    if (name === 'States.TaskFailed' && error !== 'States.Timeout' && !UNCATCHABLE_BY_ALL.has(error))
      return true;
  }
  return false;
}

interface Retrier {
  readonly errorEquals: readonly string[];
  readonly intervalSeconds: number;
  readonly maxAttempts: number;
  readonly backoffRate: number;
  readonly maxDelaySeconds: number | undefined;
  readonly fullJitter: boolean;
}

export interface Catcher {
  readonly errorEquals: readonly string[];
  readonly next: string;
  /** JSONPath: where the error output goes in the raw input. */
  readonly resultPath: JsonPathFlow | undefined;
  /** JSONata: Output and Assign over `$states.errorOutput`. */
  readonly output: CompiledJsonata | undefined;
  readonly assign: [string, CompiledJsonata][];
}

const strings = (value: Json | undefined): string[] => (Array.isArray(value) ? value.map(String) : []);
const numberOr = (value: Json | undefined, fallback: number): number =>
  typeof value === 'number' ? value : fallback;

/** The error output a catcher and `$states.errorOutput` see: `{Error, Cause}`. */
export function errorOutput(error: StatesError): JsonObject {
  return { Error: error.error, Cause: error.cause };
}

export class ErrorHandling {
  private readonly retriers: Retrier[];
  private readonly catchers: Catcher[];

  constructor(definition: JsonObject, language: QueryLanguage) {
    const retry = definition['Retry'];
    this.retriers = (Array.isArray(retry) ? retry : []).filter(isObject).map((r) => ({
      errorEquals: strings(r['ErrorEquals']),
      intervalSeconds: numberOr(r['IntervalSeconds'], 1),
      maxAttempts: numberOr(r['MaxAttempts'], 3),
      backoffRate: numberOr(r['BackoffRate'], 2),
      maxDelaySeconds: typeof r['MaxDelaySeconds'] === 'number' ? r['MaxDelaySeconds'] : undefined,
      fullJitter: r['JitterStrategy'] === 'FULL',
    }));
    const catchers = definition['Catch'];
    this.catchers = (Array.isArray(catchers) ? catchers : []).filter(isObject).map((c, i) => ({
      errorEquals: strings(c['ErrorEquals']),
      next: String(c['Next']),
      resultPath:
        language === 'JSONPath'
          ? new JsonPathFlow({ ResultPath: c['ResultPath'] === undefined ? '$' : c['ResultPath'] }, null)
          : undefined,
      output:
        language === 'JSONata' && c['Output'] !== undefined
          ? compileJsonataTemplate(c['Output'], `Catch[${i}]/Output`)
          : undefined,
      assign:
        language === 'JSONata' && isObject(c['Assign'])
          ? Object.entries(c['Assign']).map(([name, value]) => [
              name,
              compileJsonataTemplate(value, `Catch[${i}]/Assign/${name}`),
            ])
          : [],
    }));
  }

  get isEmpty(): boolean {
    return this.retriers.length === 0 && this.catchers.length === 0;
  }

  /**
   * Milliseconds to wait before the next attempt, or undefined when no retrier applies or the
   * matching one is exhausted. `attempts` counts retries per retrier for this state visit.
   */
  retryDelay(error: StatesError, attempts: number[]): number | undefined {
    const index = this.retrierIndex(error);
    if (index === undefined) return undefined;
    const done = attempts[index] ?? 0;
    const delay = this.delayAfter(index, done);
    if (delay !== undefined) attempts[index] = done + 1;
    return delay;
  }

  /** The position of the first retrier whose ErrorEquals matches the error, if any. */
  retrierIndex(error: StatesError): number | undefined {
    const index = this.retriers.findIndex((r) => errorMatches(r.errorEquals, error.error));
    return index < 0 ? undefined : index;
  }

  /**
   * Milliseconds retrier `index` waits after it has retried `done` times, or undefined when it has
   * made its MaxAttempts.
   */
  delayAfter(index: number, done: number): number | undefined {
    const retrier = this.retriers[index] as Retrier;
    if (done >= retrier.maxAttempts) return undefined;
    let delay = retrier.intervalSeconds * retrier.backoffRate ** done;
    if (retrier.maxDelaySeconds !== undefined) delay = Math.min(delay, retrier.maxDelaySeconds);
    if (retrier.fullJitter) delay = Math.random() * delay;
    return delay * 1000;
  }

  findCatcher(error: StatesError): Catcher | undefined {
    const index = this.catcherIndex(error);
    return index === undefined ? undefined : this.catchers[index];
  }

  /** The position of the first catcher whose ErrorEquals matches the error, if any. */
  catcherIndex(error: StatesError): number | undefined {
    const index = this.catchers.findIndex((c) => errorMatches(c.errorEquals, error.error));
    return index < 0 ? undefined : index;
  }
}

/** The output and variables a catcher produces from the state's raw input and the error. */
export async function catcherOutcome(
  catcher: Catcher,
  raw: Json,
  error: StatesError,
  visit: StateVisit,
): Promise<{ output: Json; assignment?: Assignment }> {
  const errorValue = errorOutput(error);
  if (catcher.resultPath !== undefined) return { output: catcher.resultPath.placeResult(raw, errorValue) };
  const scope = visit.jsonataScope({ input: raw, errorOutput: errorValue });
  const output = catcher.output === undefined ? errorValue : await catcher.output(scope);
  if (catcher.assign.length === 0) return { output };
  const values = new Map<string, Json>();
  for (const [name, compiled] of catcher.assign) values.set(name, await compiled(scope));
  return { output, assignment: { values } };
}

/** Anything thrown while running a state, as an ASL error. */
export function toStatesError(thrown: unknown): StatesError {
  if (thrown instanceof StatesError) return thrown;
  const error = thrown as { name?: string; message?: string };
  return new StatesRuntime(error?.message ?? String(thrown));
}
