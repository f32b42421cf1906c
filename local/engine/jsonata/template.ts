import jsonata from 'jsonata';
import { jsonataBody, jsonataThrewCause, jsonataUndefinedCause } from '../error-causes';
import { StatesError, StatesQueryEvaluationError } from '../errors';
import { type Json, isObject } from '../json';
import { BudgetedRegExp } from '../regex/budgeted-regex';
import { warmRegexSandbox } from '../regex/sandbox';
import { AWS_JSONATA_FUNCTIONS } from './aws-functions';
import { checkSignatures } from './signature-limit';
import { EvaluationBudget, budgetMessage } from './evaluation-budget';

/** What `$states` holds while a JSONata field is evaluated, plus the visible variables. */
export interface JsonataScope {
  readonly states: { readonly input: Json; readonly result?: Json; readonly errorOutput?: Json };
  /** The context object, built only for expressions that mention it. */
  readonly context: () => Json;
  readonly variables: (name: string) => Json | undefined;
  /** Names of the variables visible here, bound into every expression. */
  readonly variableNames: () => Iterable<string>;
}

export type CompiledJsonata = (scope: JsonataScope) => Promise<Json>;

const EXPRESSION = /^\{%([\s\S]*)%\}$/;

/** True when a string is a whole `{% ... %}` JSONata expression. */
export function isJsonataExpression(value: unknown): value is string {
  return typeof value === 'string' && EXPRESSION.test(value);
}

type Expression = ReturnType<typeof jsonata>;

/**
 * Every expression's regexes run in the sandbox under the regex budget (JSONata builds one
 * RegexEngine per regex it evaluates; the option is typed as RegExpConstructor, of which
 * JSONata uses only the constructor, `lastIndex` and `exec`).
 */
const REGEX_OPTIONS: jsonata.JsonataOptions = {
  RegexEngine: BudgetedRegExp as unknown as RegExpConstructor,
};

/** Compiles one `{% %}` body; throws a SyntaxError naming the field for bad JSONata. */
export function compileExpression(
  source: string,
  field: string,
): (scope: JsonataScope) => Promise<Json | undefined> {
  const body = jsonataBody(source);
  let expression: Expression;
  const budget = new EvaluationBudget(REGEX_OPTIONS);
  try {
    expression = jsonata(body, budget.options);
    checkSignatures(expression.ast());
  } catch (error) {
    throw new SyntaxError(
      `The JSONata expression '${body}' in the field '${field}' is invalid: ${(error as Error).message}`,
      { cause: error },
    );
  }
  const usesContext = body.includes('context');
  for (const fn of AWS_JSONATA_FUNCTIONS)
    expression.registerFunction(fn.name, fn.implementation, fn.signature);
  budget.attach(expression);
  // A regex literal needs a '/': start the sandbox's threads now rather than at the first match
  // (a division starts them too, which costs two idle threads, once per process).
  if (body.includes('/')) warmRegexSandbox();
  return async (scope) => {
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
    return async (scope) => {
      const value = await expression(scope);
      if (value === undefined) {
        throw new StatesQueryEvaluationError(jsonataUndefinedCause(body, field), field);
      }
      return normalise(value);
    };
  }
  if (Array.isArray(template)) {
    const items = template.map((item, i) => compileJsonataTemplate(item, `${field}[${i}]`));
    return async (scope) => Promise.all(items.map((item) => item(scope)));
  }
  if (isObject(template)) {
    const fields = Object.entries(template).map(
      ([key, value]) => [key, compileJsonataTemplate(value, `${field}/${key}`)] as const,
    );
    return async (scope) => {
      const entries: [string, Json][] = [];
      for (const [key, compiled] of fields) entries.push([key, await compiled(scope)]);
      // A field named __proto__ stays data (see compileJsonPathTemplate).
      return Object.fromEntries(entries);
    };
  }
  return async () => template;
}

/** JSONata returns result sequences as arrays flagged `sequence`; hand on a plain array. */
function normalise(value: Json): Json {
  return Array.isArray(value) ? Array.from(value) : value;
}
