import { isDeepStrictEqual } from 'node:util';
import jsonata from 'jsonata';
import { StatesQueryEvaluationError } from '../../packages/sfn-engine/src/errors';
import type { Json } from '../../packages/asl/src/json';
import { REGISTERED_FUNCTIONS } from '../../packages/sfn-engine/src/query/jsonata/registered-functions';
import { LeftToLibrary } from '../../packages/sfn-engine/src/query/jsonata/fast-path/environment';
import {
  type FastExpression,
  compileFastPath,
} from '../../packages/sfn-engine/src/query/jsonata/fast-path/evaluate';
import {
  type JsonataScope,
  compileJsonataTemplate,
} from '../../packages/sfn-engine/src/query/jsonata/template';
import { runDefinition, statesEntered } from './harness';
import {
  ExpressionGenerator,
  KEYS,
  Random,
  VARIABLES,
  randomJson,
  writtenExpressions,
} from './jsonata-corpus';

/** The data one evaluation reads: `$states` and the variables. */
interface Bindings {
  readonly states: { input: Json; result?: Json; context?: Json };
  readonly variables: Record<string, Json>;
}

const CONTEXT: Json = {
  Execution: { Id: 'arn:aws:states:us-east-1:123456789012:execution:m:e', Input: { a: 1 }, Name: 'e' },
  State: { Name: 'P', EnteredTime: '2025-01-01T00:00:00.000Z' },
  StateMachine: { Id: 'arn:aws:states:us-east-1:123456789012:stateMachine:m', Name: 'm' },
};

const copy = <T>(value: T): T => (value === undefined ? value : (JSON.parse(JSON.stringify(value)) as T));

/** The scope the engine would give, over a fresh copy of the data (an evaluation may flag arrays). */
function scopeOf(bindings: Bindings): JsonataScope {
  const { context, ...states } = copy(bindings.states);
  const variables = copy(bindings.variables);
  return {
    states,
    context: () => context ?? null,
    variables: (name) =>
      Object.prototype.hasOwnProperty.call(variables, name) ? variables[name] : undefined,
    variableNames: () => Object.keys(variables),
  };
}

/** The library alone, bound as template.ts binds it. */
async function library(body: string, bindings: Bindings): Promise<Outcome> {
  const expression = jsonata(body);
  for (const fn of REGISTERED_FUNCTIONS)
    expression.registerFunction(fn.name, fn.implementation, fn.signature);
  const { context, ...states } = copy(bindings.states);
  const withContext = body.includes('context') ? { ...states, context } : states;
  try {
    return {
      value: await expression.evaluate(undefined, { states: withContext, ...copy(bindings.variables) }),
    };
  } catch (error) {
    return { error };
  }
}

type Outcome = { value: unknown } | { error: unknown } | { declined: true };

function fastOutcome(fast: FastExpression, bindings: Bindings): Outcome {
  try {
    return { value: fast(scopeOf(bindings)) };
  } catch (error) {
    return error instanceof LeftToLibrary ? { declined: true } : { error };
  }
}

/** How an error is told apart: JSONata's code, or the class and message of any other error. */
function errorKey(error: unknown): string {
  const { code, message } = error as { code?: unknown; message?: unknown };
  if (typeof code === 'string') return code;
  return `${(error as object)?.constructor?.name}: ${String(message)}`;
}

/** Functions whose value changes from one call to the next: only its type is compared. */
const NONDETERMINISTIC = /\$(now|millis|uuid|random|shuffle)\s*\(/;

/**
 * True when the library evaluates parts of the expression concurrently (the items of an array
 * constructor, the values of an object constructor, with Promise.all): when several parts fail,
 * its error is the one that fails first in time, which the fast path, evaluating them in order,
 * cannot tell. Production reports the library's error in every case (template.ts evaluates a
 * failing expression again with the library), so there only failing on both sides is compared.
 */
function evaluatesConcurrently(node: unknown): boolean {
  if (Array.isArray(node)) return node.some(evaluatesConcurrently);
  if (typeof node !== 'object' || node === null) return false;
  const { type, value, expressions, lhs } = node as Record<string, unknown>;
  if (type === 'unary' && value === '[' && Array.isArray(expressions) && expressions.length > 1) return true;
  if (type === 'unary' && value === '{' && Array.isArray(lhs) && lhs.length > 1) return true;
  return Object.values(node).some(evaluatesConcurrently);
}

/**
 * What the comparisons found: evaluations compared, those the fast path declined at run time,
 * those that gave a value, and failures whose codes differ by the library's timing alone.
 */
const tally = { compared: 0, declined: 0, values: 0, concurrent: 0 };

/** The differences between the fast path and the library on one expression and its data. */
async function differences(body: string, bindings: Bindings): Promise<string | undefined> {
  const fast = compileFastPath(jsonata(body).ast(), body.includes('context'));
  if (fast === undefined) return undefined;
  const ours = fastOutcome(fast, bindings);
  tally.compared += 1;
  if ('declined' in ours) {
    tally.declined += 1;
    return undefined;
  }
  const theirs = await library(body, bindings);
  if ('value' in ours) tally.values += 1;
  if ('error' in ours && 'error' in theirs && errorKey(ours.error) !== errorKey(theirs.error))
    tally.concurrent += 1;
  const where = `${body} on ${JSON.stringify(bindings)}`;
  if ('value' in ours && 'value' in theirs) {
    if (NONDETERMINISTIC.test(body))
      return typeof ours.value === typeof theirs.value ? undefined : `${where}: of another type`;
    // Strict: arrays' flags (sequence, keepSingleton) and objects' prototypes count.
    return isDeepStrictEqual(ours.value, theirs.value)
      ? undefined
      : `${where}: fast ${JSON.stringify(ours.value)}, library ${JSON.stringify(theirs.value)}`;
  }
  if ('error' in ours && 'error' in theirs) {
    return errorKey(ours.error) === errorKey(theirs.error) || evaluatesConcurrently(jsonata(body).ast())
      ? undefined
      : `${where}: fast threw ${errorKey(ours.error)}, library ${errorKey(theirs.error)}`;
  }
  return `${where}: fast ${JSON.stringify(ours)}, library ${JSON.stringify(theirs, (_k, v: unknown) => (v instanceof Error ? v.message : v))}`;
}

/** Names the expression reads, so the random data has something at those paths. */
function namesIn(body: string): { keys: string[]; variables: string[] } {
  const keys = new Set(KEYS);
  const variables = new Set(VARIABLES);
  const walk = (node: unknown): void => {
    if (Array.isArray(node)) node.forEach(walk);
    else if (typeof node === 'object' && node !== null) {
      const { type, value } = node as { type?: unknown; value?: unknown };
      if (type === 'name' && typeof value === 'string') keys.add(value);
      if (type === 'variable' && typeof value === 'string' && value !== '' && value !== 'states')
        variables.add(value);
      Object.values(node).forEach(walk);
    }
  };
  walk(jsonata(body).ast());
  return { keys: [...keys], variables: [...variables] };
}

function randomBindings(random: Random, keys: readonly string[], variables: readonly string[]): Bindings {
  const variableValues: Record<string, Json> = {};
  for (const name of variables) if (random.chance(0.8)) variableValues[name] = randomJson(random, keys, 3);
  const states: Bindings['states'] = { input: randomJson(random, keys, 3), context: CONTEXT };
  if (random.chance(0.5)) states.result = randomJson(random, keys, 2);
  return { states, variables: variableValues };
}

const parses = (body: string): boolean => {
  try {
    jsonata(body);
    return true;
  } catch {
    return false;
  }
};

describe('the JSONata fast path gives what the library gives', () => {
  it('on every expression of the conformance tests and the workflows, over random data', async () => {
    const written = writtenExpressions().filter(parses);
    const random = new Random(26);
    const found: string[] = [];
    let compiled = 0;
    for (const body of written) {
      if (compileFastPath(jsonata(body).ast(), body.includes('context')) !== undefined) compiled += 1;
      const { keys, variables } = namesIn(body);
      for (let i = 0; i < 40; i += 1) {
        const difference = await differences(body, randomBindings(random, keys, variables));
        if (difference !== undefined) found.push(difference);
      }
    }
    expect(found).toEqual([]);
    // Not vacuous: the corpus is there, and most of it is in the fast path's subset.
    expect(written.length).toBeGreaterThan(100);
    expect(compiled / written.length).toBeGreaterThan(0.6);
  });

  it('on 10,000 random expressions over its subset, with random data', async () => {
    Object.assign(tally, { compared: 0, declined: 0, values: 0, concurrent: 0 });
    const random = new Random(2026);
    const generator = new ExpressionGenerator(random);
    const found: string[] = [];
    let compiled = 0;
    let total = 0;
    while (total < 10_000) {
      const body = generator.expression(1 + random.below(4));
      if (!parses(body)) continue;
      total += 1;
      if (compileFastPath(jsonata(body).ast(), false) !== undefined) compiled += 1;
      const difference = await differences(body, randomBindings(random, KEYS, VARIABLES));
      if (difference !== undefined) found.push(difference);
    }
    expect(found.slice(0, 20)).toEqual([]);
    // Not vacuous: nearly all of it compiled, ran on the fast path, and most of it gave a value.
    expect(compiled / total).toBeGreaterThan(0.9);
    expect(tally.declined).toBeLessThan(tally.compared * 0.01);
    expect(tally.values).toBeGreaterThan(tally.compared * 0.4);
    expect(tally.concurrent).toBeLessThan(tally.compared * 0.02);
  });
});

describe('the JSONata fast path in a template', () => {
  const scope = (input: Json, variables: Record<string, Json> = {}): JsonataScope =>
    scopeOf({ states: { input }, variables });

  it('evaluates an expression of its subset without a promise', () => {
    const output = compileJsonataTemplate({ n: '{% $states.input.n + 1 %}' }, 'Output');
    expect(output(scope({ n: 1 }))).toEqual({ n: 2 });
  });

  it("reports a failing expression with the library's own cause", async () => {
    const output = compileJsonataTemplate('{% $states.input.s + 1 %}', 'Output');
    const failure = (async () => output(scope({ s: 'x' })))();
    await expect(failure).rejects.toBeInstanceOf(StatesQueryEvaluationError);
    await expect(failure).rejects.toMatchObject({
      cause:
        "The JSONata expression '$states.input.s + 1' specified for the field 'Output' threw an error during evaluation. T2001: The left side of the \"+\" operator must evaluate to a number",
    });
  });

  it('calls a variable named like a function as the library does (it is not one: T1006)', async () => {
    const output = compileJsonataTemplate('{% $count([1, 2]) %}', 'Output');
    const failure = (async () => output(scope({}, { count: 3 })))();
    await expect(failure).rejects.toMatchObject({ cause: expect.stringContaining('T1006') as unknown });
  });

  it('gives $now() and $millis() the same instant within one evaluation, in ISO 8601', async () => {
    const output = compileJsonataTemplate('{% [$now(), $millis(), $now()] %}', 'Output');
    const [now, millis, again] = (await output(scope({}))) as [string, number, string];
    expect(now).toMatch(/^\d{4}-\d\d-\d\dT\d\d:\d\d:\d\d\.\d{3}Z$/);
    expect(again).toBe(now);
    expect(Date.parse(now)).toBe(millis);
  });

  it('tells whether every expression of a template is in the fast subset', () => {
    expect(compileJsonataTemplate({ a: '{% $x + 1 %}', b: ['{% $now() %}', 2] }, 'Output').synchronous).toBe(
      true,
    );
    expect(
      compileJsonataTemplate({ a: '{% $x + 1 %}', b: '{% $map($x, $string) %}' }, 'Output').synchronous,
    ).toBe(false);
  });

  it('still leaves what it does not compile to the library ($map with a function)', async () => {
    const output = compileJsonataTemplate('{% $map($states.input, function($v) { $v * 2 }) %}', 'Output');
    const value = output(scope([1, 2]));
    expect(value).toBeInstanceOf(Promise);
    expect(await value).toEqual([2, 4]);
  });
});

describe('JSONata Pass and Choice states on the fast path', () => {
  const machine = (states: Record<string, Json>, startAt: string) => ({
    QueryLanguage: 'JSONata',
    StartAt: startAt,
    States: states,
  });

  it('run a Choice/Pass loop and record each state they enter', async () => {
    const { engine, execution } = await runDefinition(
      machine(
        {
          Loop: {
            Type: 'Choice',
            Choices: [{ Condition: '{% $states.input.n < 3 %}', Next: 'Add' }],
            Default: 'Done',
          },
          Add: { Type: 'Pass', Output: { n: '{% $states.input.n + 1 %}' }, Next: 'Loop' },
          Done: { Type: 'Succeed' },
        },
        'Loop',
      ),
      { n: 0 },
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output as string)).toEqual({ n: 3 });
    expect(statesEntered(engine, execution.executionArn)).toEqual([
      'Loop',
      'Add',
      'Loop',
      'Add',
      'Loop',
      'Add',
      'Loop',
      'Done',
    ]);
  });

  it('gives the value the library gives when an evaluation is left to it ($count as a value)', async () => {
    const { execution } = await runDefinition(
      machine({ Show: { Type: 'Pass', Output: '{% $string($count) & "|" %}', End: true } }, 'Show'),
    );
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output as string)).toBe('|');
  });

  it('fails as the library does when a variable hides the function called, after the state entered', async () => {
    const { engine, execution } = await runDefinition(
      machine(
        {
          Remember: { Type: 'Pass', Assign: { count: 1 }, Next: 'Count' },
          Count: { Type: 'Pass', Output: '{% $count([1, 2]) %}', End: true },
        },
        'Remember',
      ),
    );
    expect(execution.status).toBe('FAILED');
    expect(execution.error).toBe('States.QueryEvaluationError');
    expect(execution.cause).toContain('T1006: Attempted to invoke a non-function');
    const types = engine.getExecutionHistory(execution.executionArn).map((event) => event.type);
    expect(types.slice(-3)).toEqual(['PassStateEntered', 'EvaluationFailed', 'ExecutionFailed']);
  });
});
