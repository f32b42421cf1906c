import type { StatesError } from '../errors';
import type { StateVisit } from '../execution/frame';
import type { Json, JsonObject } from '@myblog/asl';
import { type Assignment, JsonataFlow, JsonPathFlow, type QueryLanguage } from './data-flow';
import { catcherOutcome, type ErrorHandling, toStatesError } from './error-handling';
import type { StateOutcome } from './state';

/**
 * The data flow of a state that produces a result (Task, Parallel, Map): what it works on, and
 * how its result becomes output and variables. One interface for both query languages.
 */
export interface ResultFlow {
  effectiveInput(raw: Json, visit: StateVisit): Json | Promise<Json>;
  finish(
    raw: Json,
    result: Json,
    visit: StateVisit,
  ): { output: Json; assignment?: Assignment } | Promise<{ output: Json; assignment?: Assignment }>;
}

class JsonPathResultFlow implements ResultFlow {
  private readonly flow: JsonPathFlow;
  constructor(definition: JsonObject, parametersField: 'Parameters' | null) {
    this.flow = new JsonPathFlow(definition, parametersField);
  }
  effectiveInput(raw: Json, visit: StateVisit): Json {
    return this.flow.effectiveInput(raw, visit);
  }
  finish(raw: Json, result: Json, visit: StateVisit): { output: Json; assignment?: Assignment } {
    const assignment = this.flow.assignments(result, visit);
    return { output: this.flow.output(raw, result, visit), assignment };
  }
}

class JsonataResultFlow implements ResultFlow {
  private readonly flow: JsonataFlow;
  constructor(definition: JsonObject, argumentsField: 'Arguments' | null) {
    this.flow = new JsonataFlow(definition, argumentsField);
  }
  effectiveInput(raw: Json, visit: StateVisit): Promise<Json> {
    return this.flow.effectiveInput(raw, visit);
  }
  finish(raw: Json, result: Json, visit: StateVisit): ReturnType<JsonataFlow['finish']> {
    return this.flow.finish(raw, result, result, visit);
  }
}

/**
 * `withPayload` is false for Map, whose Parameters (JSONPath) is the legacy name of ItemSelector
 * and which takes no Arguments (JSONata).
 */
export function resultFlowFor(
  definition: JsonObject,
  language: QueryLanguage,
  withPayload = true,
): ResultFlow {
  if (language === 'JSONata') return new JsonataResultFlow(definition, withPayload ? 'Arguments' : null);
  return new JsonPathResultFlow(definition, withPayload ? 'Parameters' : null);
}

/** TestState's verdict for an error the state's Retry would retry. */
export class RetriableError extends Error {
  override readonly name = 'RetriableError';
  constructor(readonly error: StatesError) {
    super(error.message);
  }
}

/**
 * TestState runs one attempt. An error the matching retrier would still retry (it has made
 * `priorRetries` of its MaxAttempts) ends the run as retriable; any other goes to the catchers.
 * DEBUG inspection's errorDetails name the retrier and catcher that matched and the back-off the
 * retry would wait.
 */
async function singleAttemptOutcome(
  handling: ErrorHandling,
  raw: Json,
  error: StatesError,
  visit: StateVisit,
): Promise<StateOutcome> {
  const details: JsonObject = {};
  const retryIndex = handling.retrierIndex(error);
  if (retryIndex !== undefined) {
    details['retryIndex'] = retryIndex;
    const delay = handling.delayAfter(retryIndex, visit.frame.run.priorRetries ?? 0);
    if (delay !== undefined) {
      details['retryBackoffIntervalSeconds'] = delay / 1000;
      visit.inspection?.set('errorDetails', details);
      throw new RetriableError(error);
    }
  }
  const catchIndex = handling.catcherIndex(error);
  if (catchIndex !== undefined) details['catchIndex'] = catchIndex;
  if (Object.keys(details).length > 0) visit.inspection?.set('errorDetails', details);
  const catcher = handling.findCatcher(error);
  if (catcher === undefined) throw error;
  const { output, assignment } = await catcherOutcome(catcher, raw, error, visit);
  return { output, next: catcher.next, assignment, caught: error };
}

/**
 * Runs one attempt after another under the state's Retry rules, and hands an error that is not
 * retried to the first matching catcher. Errors nobody catches leave the state. `failedFinally`
 * is told of the error that ends the last attempt, before any catcher: a Map or Parallel records
 * its *StateFailed then, once for all its attempts, as the service does.
 */
export async function withErrorHandling(
  handling: ErrorHandling,
  raw: Json,
  visit: StateVisit,
  attempt: () => Promise<StateOutcome>,
  failedFinally?: (error: StatesError) => void,
): Promise<StateOutcome> {
  const attempts: number[] = [];
  for (;;) {
    try {
      return await attempt();
    } catch (thrown) {
      if (visit.frame.aborted) throw thrown;
      visit.frame.noteFailure(visit, thrown);
      const error = toStatesError(thrown);
      if (visit.frame.run.singleAttempt === true) return singleAttemptOutcome(handling, raw, error, visit);
      const delay = handling.retryDelay(error, attempts);
      if (delay !== undefined) {
        await visit.frame.run.services.clock.sleep(delay, visit.frame.signal);
        visit.retryCount += 1;
        continue;
      }
      failedFinally?.(error);
      const catcher = handling.findCatcher(error);
      if (catcher === undefined) throw error;
      const { output, assignment } = await catcherOutcome(catcher, raw, error, visit);
      return { output, next: catcher.next, assignment, caught: error };
    }
  }
}
