import { jsonataBody, jsonataThrewCause, jsonataUndefinedCause } from '../../error-causes';
import { StatesError, StatesQueryEvaluationError } from '../../errors';
import { type Json, type JsonObject, isObject } from '@myblog/asl';
import { budgetMessage } from './evaluation-budget';
import { type PreparedExpression, takeOrPrepare } from './prepared-expressions';
import type { JsonataScope } from './scope';

export type { JsonataScope } from './scope';

/**
 * A value at once when every expression in it took the fast path; a promise otherwise.
 * `synchronous`: every expression in it is in the fast path's subset, so it gives a promise only
 * when an evaluation fails or meets what the fast path leaves to the library.
 */
export type CompiledJsonata = ((scope: JsonataScope) => Json | Promise<Json>) & {
  readonly synchronous: boolean;
};

const compiled = (
  evaluate: (scope: JsonataScope) => Json | Promise<Json>,
  synchronous: boolean,
): CompiledJsonata => Object.assign(evaluate, { synchronous });

const EXPRESSION = /^\{%([\s\S]*)%\}$/;

/** True when a string is a whole `{% ... %}` JSONata expression. */
export function isJsonataExpression(value: unknown): value is string {
  return typeof value === 'string' && EXPRESSION.test(value);
}

/**
 * Compiles one `{% %}` body; throws a SyntaxError naming the field for bad JSONata. An expression
 * in the fast path's subset is evaluated by it, synchronously; anything else, and any evaluation
 * the fast path gives up or that fails, by the library (so an error is always the library's own).
 */
export function compileExpression(
  source: string,
  field: string,
): ((scope: JsonataScope) => Json | undefined | Promise<Json | undefined>) & {
  readonly synchronous: boolean;
} {
  const body = jsonataBody(source);
  let prepared: PreparedExpression;
  try {
    prepared = takeOrPrepare(body);
  } catch (error) {
    throw new SyntaxError(
      `The JSONata expression '${body}' in the field '${field}' is invalid: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const { expression, fast, usesContext } = prepared;
  const library = async (scope: JsonataScope): Promise<Json | undefined> => {
    const states = usesContext ? { ...scope.states, context: scope.context() } : scope.states;
    // Assigned one by one (the fastest way: this runs for every expression), except a variable
    // named __proto__, which is defined as data: assigning it would set the prototype instead.
    const bindings: Record<string, unknown> = { states };
    for (const name of scope.variableNames()) {
      if (name === '__proto__')
        Object.defineProperty(bindings, name, {
          value: scope.variables(name),
          enumerable: true,
          writable: true,
        });
      else bindings[name] = scope.variables(name);
    }
    try {
      return (await expression.evaluate(undefined, bindings)) as Json | undefined;
    } catch (error) {
      // An AWS function's own error ($partition, $range…) learns here which field it was in.
      if (error instanceof StatesQueryEvaluationError) error.location ??= field;
      if (error instanceof StatesError) throw error;
      throw new StatesQueryEvaluationError(evaluationErrorCause(body, field, error), field);
    }
  };
  if (fast === undefined) return Object.assign(library, { synchronous: false });
  const evaluate = (scope: JsonataScope): Json | undefined | Promise<Json | undefined> => {
    try {
      return fast(scope);
    } catch {
      return library(scope);
    }
  };
  return Object.assign(evaluate, { synchronous: true });
}

/**
 * An expression that threw, in AWS's words: JSONata's own errors keep their code (`T2001: …`);
 * a budget that ran out (ours, with no JSONata code) is told after a colon.
 */
function evaluationErrorCause(body: string, field: string, error: unknown): string {
  const budget = budgetMessage(error);
  if (budget !== undefined) return jsonataThrewCause(body, field, budget);
  const { code, message } = error as { code?: unknown; message?: unknown };
  const text = typeof message === 'string' ? message : String(error);
  return jsonataThrewCause(body, field, text, typeof code === 'string' ? code : undefined);
}

/**
 * A JSONata-language template (Arguments, Output, Assign, Items, ...): every string that is a
 * whole `{% %}` expression is evaluated; everything else is taken literally.
 */
export function compileJsonataTemplate(template: Json, field: string): CompiledJsonata {
  if (isJsonataExpression(template)) {
    const expression = compileExpression(template, field);
    const body = jsonataBody(template);
    const settle = (value: Json | undefined): Json => {
      if (value === undefined) {
        throw new StatesQueryEvaluationError(jsonataUndefinedCause(body, field), field);
      }
      return normalise(value);
    };
    return compiled((scope) => {
      const value = expression(scope);
      return value instanceof Promise ? value.then(settle) : settle(value);
    }, expression.synchronous);
  }
  if (Array.isArray(template)) {
    const items = template.map((item, i) => compileJsonataTemplate(item, `${field}[${i}]`));
    return compiled((scope) => {
      const values: (Json | Promise<Json>)[] = [];
      let pending = false;
      for (const item of items) {
        let value: Json | Promise<Json>;
        try {
          value = item(scope);
        } catch (error) {
          // Items already under way settle in Promise.all, which then fails with the first error.
          if (!pending) throw error;
          value = Promise.reject(error as Error);
        }
        pending ||= value instanceof Promise;
        values.push(value);
      }
      return pending ? Promise.all(values) : (values as Json[]);
    }, synchronous(items));
  }
  if (isObject(template)) {
    const fields = Object.entries(template).map(
      ([key, value]) => [key, compileJsonataTemplate(value, `${field}/${key}`)] as const,
    );
    // The fields one after the other; from the first that is a promise on, each is awaited.
    const finish = async (
      entries: [string, Json][],
      from: number,
      first: Promise<Json>,
      scope: JsonataScope,
    ) => {
      entries.push([(fields[from] as (typeof fields)[number])[0], await first]);
      for (const [key, value] of fields.slice(from + 1)) entries.push([key, await value(scope)]);
      return Object.fromEntries(entries);
    };
    // A field named __proto__ stays data (see compileJsonPathTemplate): such an object is made
    // from its entries, any other by assignment (cheaper, and it runs for every state).
    const assignable = fields.every(([key]) => key !== '__proto__');
    return compiled(
      (scope) => {
        const object: JsonObject = {};
        const entries: [string, Json][] = [];
        for (const [i, [key, value]] of fields.entries()) {
          const evaluated = value(scope);
          if (evaluated instanceof Promise)
            return finish(assignable ? Object.entries(object) : entries, i, evaluated, scope);
          if (assignable) object[key] = evaluated;
          else entries.push([key, evaluated]);
        }
        return assignable ? object : Object.fromEntries(entries);
      },
      synchronous(fields.map(([, value]) => value)),
    );
  }
  return compiled(() => template, true);
}

const synchronous = (parts: readonly CompiledJsonata[]): boolean => parts.every((part) => part.synchronous);

/** JSONata returns result sequences as arrays flagged `sequence`; hand on a plain array. */
function normalise(value: Json): Json {
  return Array.isArray(value) ? Array.from(value) : value;
}
