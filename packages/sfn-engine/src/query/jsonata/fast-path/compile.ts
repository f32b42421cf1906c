import { type Environment, leaveToLibrary } from './environment';
import { type Focus, type LibraryFunction, callableFunction, timestampFunction } from './library';
import {
  type JsonataError,
  type Sequence,
  createSequence,
  isArrayOfNumbers,
  isDeepEqual,
  isFunction,
  isNumeric,
  isSequence,
  settle,
} from './values';

/**
 * Compiles a JSONata syntax tree (the library's own parse, `jsonata(text).ast()`) into plain
 * synchronous closures, one per node, each doing what the library's evaluator does for that node
 * (jsonata 2.x, `evaluate` and the functions it calls, followed step by step: sequences, flags,
 * flattening, which side is evaluated first, which error is thrown with which fields). Only the
 * common part of the language is compiled; a node of any other kind, or with a field this does not
 * know, makes the whole expression the library's (Unsupported). Nothing here loops over anything
 * but the data, calls itself, or runs a regex, so an evaluation cannot run long.
 */
export type Evaluator = (input: unknown, env: Environment) => unknown;

/** The expression uses what the fast path does not compile. */
export class Unsupported extends Error {
  override readonly name = 'Unsupported';
}

/** A node of the library's syntax tree, read loosely: its fields depend on its type. */
interface Node {
  readonly type: string;
  readonly value?: unknown;
  readonly [field: string]: unknown;
}

/** Deeper trees are left to the library, whose depth budget (D1011) then applies as before. */
const MAX_DEPTH = 100;

/** The fields each node type may carry besides type, value and position. */
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  string: [],
  number: [],
  value: [],
  name: [],
  variable: [],
  wildcard: [],
  path: ['steps', 'keepSingletonArray'],
  binary: ['lhs', 'rhs'],
  unary: ['expression', 'expressions', 'lhs', 'consarray'],
  condition: ['condition', 'then', 'else'],
  block: ['expressions'],
  function: ['procedure', 'arguments'],
};
/** Fields any node may carry: filters on it, `[]` after it, and filters as a step of a path. */
const COMMON_FIELDS = ['type', 'value', 'position', 'predicate', 'keepArray', 'stages'];

const unsupported = (what: string): never => {
  throw new Unsupported(what);
};

const asNode = (value: unknown): Node =>
  typeof value === 'object' && value !== null && typeof (value as Node).type === 'string'
    ? (value as Node)
    : unsupported('not a node');

const asNodes = (value: unknown): Node[] =>
  Array.isArray(value) ? value.map(asNode) : unsupported('not a list of nodes');

function checkFields(node: Node): void {
  const own = FIELDS[node.type] ?? unsupported(`node type ${node.type}`);
  // A field set to undefined is no field (the parser writes `name` so on every function call).
  for (const [field, value] of Object.entries(node))
    if (value !== undefined && !COMMON_FIELDS.includes(field) && !own.includes(field))
      unsupported(`field ${field}`);
}

function libraryFunction(name: string): LibraryFunction {
  return callableFunction(name) ?? unsupported(`function $${name}`);
}

/**
 * The library's own helpers, called with the `this` its evaluator gives them; found when the first
 * expression is compiled (compileTree refuses every expression if the library cannot be reached).
 */
interface Helpers {
  readonly lookup: LibraryFunction['implementation'];
  readonly append: LibraryFunction['implementation'];
  readonly boolean: LibraryFunction['implementation'];
  readonly string: LibraryFunction['implementation'];
  readonly fromMillis: LibraryFunction['implementation'];
}
let found: Helpers | undefined;

function helpers(): Helpers {
  found ??= {
    lookup: libraryFunction('lookup').implementation,
    append: libraryFunction('append').implementation,
    boolean: libraryFunction('boolean').implementation,
    string: libraryFunction('string').implementation,
    fromMillis: libraryFunction('fromMillis').implementation,
  };
  return found;
}

const STATIC_FOCUS = { createSequence, options: {} } as unknown as Focus;
const lookup = (input: unknown, key: string): unknown => helpers().lookup.call(STATIC_FOCUS, input, key);
const append = (left: unknown, right: unknown): unknown => helpers().append.call(STATIC_FOCUS, left, right);
const toBoolean = (value: unknown): unknown => helpers().boolean.call(STATIC_FOCUS, value);
const toStringValue = (value: unknown): string => helpers().string.call(STATIC_FOCUS, value) as string;

/** Reads a flag of a value the way the evaluator does (`value && value.flag`). */
function flag(value: unknown, name: 'tupleStream' | 'outerWrapper' | 'cons' | 'sequence'): unknown {
  return value ? (value as Record<string, unknown>)[name] : undefined;
}

/** Gives a JSONata error the operator or function it came from, as the evaluator does. */
function annotate(error: unknown, position: unknown, token: string, always: boolean): void {
  if (typeof error !== 'object' || error === null) return;
  // JSONata's errors are plain objects, or carry a code (the AWS functions'); ours stay as they are.
  if (error.constructor === Object || 'code' in error) {
    const fields = error as { position?: unknown; token?: unknown };
    if (always || fields.position === undefined) fields.position = position;
    if (always || fields.token === undefined) fields.token = token;
  }
}

/** Compiles an expression's tree; throws Unsupported for anything it does not compile. */
export function compileTree(ast: unknown): Evaluator {
  helpers();
  return compileNode(asNode(ast), 0);
}

function compileNode(node: Node, depth: number): Evaluator {
  if (depth > MAX_DEPTH) unsupported('too deep');
  checkFields(node);
  const core = compileCore(node, depth + 1);
  const filters = filtersOf(node['predicate'], depth + 1);
  const keepArray = node['keepArray'] === true;
  if (filters.length === 0 && !keepArray) return (input, env) => settle(core(input, env), false);
  return (input, env) => {
    let result = core(input, env);
    for (const filter of filters) result = filter(result, env);
    return settle(result, keepArray);
  };
}

type Filter = (input: unknown, env: Environment) => unknown;

function filtersOf(value: unknown, depth: number): Filter[] {
  if (value === undefined) return [];
  return asNodes(value).map((stage) => {
    if (stage.type !== 'filter') unsupported(`stage ${stage.type}`);
    for (const [field, value] of Object.entries(stage))
      if (value !== undefined && !['type', 'expr', 'position'].includes(field))
        unsupported(`filter field ${field}`);
    return compileFilter(asNode(stage['expr']), depth);
  });
}

function compileCore(node: Node, depth: number): Evaluator {
  switch (node.type) {
    case 'string':
    case 'number':
    case 'value': {
      const value = node.value;
      return () => value;
    }
    case 'name': {
      const key = String(node.value);
      return (input) => lookup(input, key);
    }
    case 'variable':
      return compileVariable(String(node.value));
    case 'wildcard':
      return evaluateWildcard;
    case 'path':
      return compilePath(node, depth);
    case 'binary':
      return compileBinary(node, depth);
    case 'unary':
      return compileUnary(node, depth);
    case 'condition':
      return compileCondition(node, depth);
    case 'block': {
      const expressions = asNodes(node['expressions']).map((e) => compileNode(e, depth));
      return (input, env) => {
        let result: unknown;
        for (const expression of expressions) result = expression(input, env);
        return result;
      };
    }
    case 'function':
      return compileFunction(node, depth);
    default:
      return unsupported(`node type ${node.type}`);
  }
}

function compileVariable(name: string): Evaluator {
  // `$` alone is the context value.
  if (name === '') return (input) => (flag(input, 'outerWrapper') ? (input as unknown[])[0] : input);
  return (_input, env) => env.lookup(name);
}

function flatten(value: unknown, into: unknown[] = []): unknown[] {
  if (Array.isArray(value)) for (const item of value) flatten(item, into);
  else into.push(value);
  return into;
}

function evaluateWildcard(input: unknown): unknown {
  let results: unknown = createSequence();
  let context = input;
  if (Array.isArray(context) && flag(context, 'outerWrapper') && context.length > 0) context = context[0];
  if (context !== null && typeof context === 'object' && !isFunction(context)) {
    const object = context as Record<string, unknown>;
    for (const key of Object.keys(object)) {
      const value = object[key];
      if (Array.isArray(value)) results = append(results, flatten(value));
      else (results as unknown[]).push(value);
    }
  }
  return results;
}

// ---- paths -------------------------------------------------------------------------------

interface Step {
  readonly evaluate: Evaluator;
  readonly stages: readonly Filter[];
  readonly consarray: boolean;
}

function compilePath(node: Node, depth: number): Evaluator {
  const stepNodes = asNodes(node['steps']);
  if (stepNodes.length === 0) unsupported('empty path');
  const steps: Step[] = stepNodes.map((step) => ({
    evaluate: compileNode(step, depth),
    stages: filtersOf(step['stages'], depth),
    consarray: step['consarray'] === true,
  }));
  const relative = stepNodes[0]?.type !== 'variable';
  const keepSingletonArray = node['keepSingletonArray'] === true;
  const general: Evaluator = (input, env) => {
    let inputSequence: unknown = Array.isArray(input) && relative ? input : createSequence(input);
    let resultSequence: unknown;
    for (let i = 0; i < steps.length; i += 1) {
      const step = steps[i] as Step;
      resultSequence =
        i === 0 && step.consarray
          ? step.evaluate(inputSequence, env)
          : evaluateStep(step, inputSequence, env, i === steps.length - 1);
      if (resultSequence === undefined || (resultSequence as unknown[]).length === 0) break;
      inputSequence = resultSequence;
    }
    if (keepSingletonArray) {
      if (Array.isArray(resultSequence) && flag(resultSequence, 'cons') && !flag(resultSequence, 'sequence'))
        resultSequence = createSequence(resultSequence);
      // As the evaluator: an undefined result here is a TypeError, which the library throws too.
      (resultSequence as Sequence).keepSingleton = true;
    }
    return resultSequence;
  };
  const names = simpleNames(stepNodes, keepSingletonArray);
  return names === undefined ? general : compileSimplePath(names, general);
}

/**
 * `$name.a.b...` with nothing but names: the variable's name and the keys, when the path is that
 * simple (no filters, no `[]`, no constructors).
 */
function simpleNames(steps: readonly Node[], keepSingletonArray: boolean): string[] | undefined {
  if (keepSingletonArray) return undefined;
  const [first, ...rest] = steps;
  if (first?.type !== 'variable' || first.value === '') return undefined;
  const plain = (step: Node) =>
    step.predicate === undefined && step.stages === undefined && step.keepArray === undefined;
  if (!plain(first) || !rest.every((step) => step.type === 'name' && plain(step))) return undefined;
  return [String(first.value), ...rest.map((step) => String(step.value))];
}

/**
 * The walk of a simple path down objects, which is what the general walk does when no value on
 * the way is an array: one object (or nothing) per step. At the first array, or anything that
 * looks like one of JSONata's functions, the general walk takes the whole path again.
 */
function compileSimplePath(names: readonly string[], general: Evaluator): Evaluator {
  const [variable, ...keys] = names as [string, ...string[]];
  const last = keys.length - 1;
  return (input, env) => {
    let value = env.lookup(variable);
    if (value === undefined) return undefined;
    if (Array.isArray(value)) return general(input, env);
    for (let i = 0; i <= last; i += 1) {
      if (typeof value !== 'object' || value === null) return undefined;
      if (isFunction(value)) return general(input, env);
      const object = value as Record<string, unknown>;
      const key = keys[i] as string;
      value = Object.prototype.hasOwnProperty.call(object, key) ? object[key] : undefined;
      if (value === undefined) return undefined;
      if (Array.isArray(value)) return i === last && !isSequence(value) ? value : general(input, env);
    }
    return value;
  };
}

function evaluateStep(step: Step, input: unknown, env: Environment, lastStep: boolean): unknown {
  const result = createSequence();
  const items = input as ArrayLike<unknown>;
  for (let i = 0; i < items.length; i += 1) {
    let res = step.evaluate(items[i], env);
    for (const stage of step.stages) res = stage(res, env);
    if (res !== undefined) result.push(res);
  }
  const only = result[0];
  if (lastStep && result.length === 1 && Array.isArray(only) && !isSequence(only)) return only;
  const flattened = createSequence();
  for (const res of result) {
    if (!Array.isArray(res) || flag(res, 'cons')) flattened.push(res);
    else for (const value of res) flattened.push(value);
  }
  return flattened;
}

function compileFilter(predicate: Node, depth: number): Filter {
  // A number is an index, whatever else the node carries (the evaluator reads only its value).
  if (predicate.type === 'number') {
    const index = Math.floor(predicate.value as number);
    return (input) => {
      let results: unknown = createSequence();
      if (flag(input, 'tupleStream')) (results as Sequence).tupleStream = true;
      const items = (Array.isArray(input) ? input : createSequence(input)) as unknown[];
      const at = index < 0 ? items.length + index : index;
      const item = items[at];
      if (item !== undefined) {
        if (Array.isArray(item)) results = item;
        else (results as unknown[]).push(item);
      }
      return results;
    };
  }
  const test = compileNode(predicate, depth);
  return (input, env) => {
    const results = createSequence();
    if (flag(input, 'tupleStream')) results.tupleStream = true;
    const items = (Array.isArray(input) ? input : createSequence(input)) as Sequence;
    for (let index = 0; index < items.length; index += 1) {
      const item = items[index];
      if (items.tupleStream) leaveToLibrary();
      let res = test(item, env);
      if (isNumeric(res)) res = [res];
      if (isArrayOfNumbers(res)) {
        for (const position of res as number[]) {
          let at = Math.floor(position);
          if (at < 0) at = items.length + at;
          if (at === index) results.push(item);
        }
      } else if (toBoolean(res)) results.push(item);
    }
    return results;
  };
}

// ---- operators ---------------------------------------------------------------------------

function numeric(lhs: unknown, rhs: unknown, op: string): unknown {
  if (lhs !== undefined && !isNumeric(lhs)) throw { code: 'T2001', value: lhs } satisfies JsonataError;
  if (rhs !== undefined && !isNumeric(rhs)) throw { code: 'T2002', value: rhs } satisfies JsonataError;
  if (lhs === undefined || rhs === undefined) return undefined;
  const a = lhs as number;
  const b = rhs as number;
  switch (op) {
    case '+':
      return a + b;
    case '-':
      return a - b;
    case '*':
      return a * b;
    case '/':
      return a / b;
    default:
      return a % b;
  }
}

const comparable = (type: string): boolean => type === 'undefined' || type === 'string' || type === 'number';

function comparison(lhs: unknown, rhs: unknown, op: string): unknown {
  const ltype = typeof lhs;
  const rtype = typeof rhs;
  if (!comparable(ltype) || !comparable(rtype))
    throw {
      code: 'T2010',
      value: !(ltype === 'string' || ltype === 'number') ? lhs : rhs,
    } satisfies JsonataError;
  if (ltype === 'undefined' || rtype === 'undefined') return undefined;
  if (ltype !== rtype) throw { code: 'T2009', value: lhs, value2: rhs } satisfies JsonataError;
  const a = lhs as string | number;
  const b = rhs as string | number;
  switch (op) {
    case '<':
      return a < b;
    case '<=':
      return a <= b;
    case '>':
      return a > b;
    default:
      return a >= b;
  }
}

function includes(lhs: unknown, rhs: unknown): boolean {
  if (lhs === undefined || rhs === undefined) return false;
  const within = Array.isArray(rhs) ? rhs : [rhs];
  for (const item of within) if (item === lhs) return true;
  return false;
}

function concatenate(lhs: unknown, rhs: unknown): string {
  const left = lhs === undefined ? '' : toStringValue(lhs);
  const right = rhs === undefined ? '' : toStringValue(rhs);
  return left.concat(right);
}

const boolize = (value: unknown): boolean => {
  const booled = toBoolean(value);
  return booled === undefined ? false : (booled as boolean);
};

const OPERATORS: Readonly<Record<string, (lhs: unknown, rhs: unknown, op: string) => unknown>> = {
  '+': numeric,
  '-': numeric,
  '*': numeric,
  '/': numeric,
  '%': numeric,
  '=': (lhs, rhs) => lhs !== undefined && rhs !== undefined && isDeepEqual(lhs, rhs),
  '!=': (lhs, rhs) => lhs !== undefined && rhs !== undefined && !isDeepEqual(lhs, rhs),
  '<': comparison,
  '<=': comparison,
  '>': comparison,
  '>=': comparison,
  '&': concatenate,
  in: includes,
};

function compileBinary(node: Node, depth: number): Evaluator {
  const op = String(node.value);
  const lhs = compileNode(asNode(node['lhs']), depth);
  const rhs = compileNode(asNode(node['rhs']), depth);
  const position = node['position'];
  if (op === 'and' || op === 'or') {
    const and = op === 'and';
    return (input, env) => {
      const left = lhs(input, env);
      // As the evaluator: the right side is evaluated inside the operator's own error handling.
      try {
        const lBool = boolize(left);
        return and ? lBool && boolize(rhs(input, env)) : lBool || boolize(rhs(input, env));
      } catch (error) {
        annotate(error, position, op, true);
        throw error;
      }
    };
  }
  const operator = OPERATORS[op] ?? unsupported(`operator ${op}`);
  return (input, env) => {
    const left = lhs(input, env);
    const right = rhs(input, env);
    try {
      return operator(left, right, op);
    } catch (error) {
      annotate(error, position, op, true);
      throw error;
    }
  };
}

function compileCondition(node: Node, depth: number): Evaluator {
  const condition = compileNode(asNode(node['condition']), depth);
  const then = compileNode(asNode(node['then']), depth);
  const otherwise = node['else'] === undefined ? undefined : compileNode(asNode(node['else']), depth);
  return (input, env) => {
    if (toBoolean(condition(input, env))) return then(input, env);
    return otherwise === undefined ? undefined : otherwise(input, env);
  };
}

// ---- constructors ------------------------------------------------------------------------

function compileUnary(node: Node, depth: number): Evaluator {
  switch (node.value) {
    case '-': {
      const expression = compileNode(asNode(node['expression']), depth);
      const position = node['position'];
      return (input, env) => {
        const result = expression(input, env);
        if (result === undefined) return undefined;
        if (isNumeric(result)) return -result;
        throw {
          code: 'D1002',
          position: position as number,
          token: '-',
          value: result,
        } satisfies JsonataError;
      };
    }
    case '[':
      return compileArray(node, depth);
    case '{':
      return compileObject(node, depth);
    default:
      return unsupported(`unary ${String(node.value)}`);
  }
}

function compileArray(node: Node, depth: number): Evaluator {
  const items = asNodes(node['expressions']).map((item) => ({
    evaluate: compileNode(item, depth),
    // An item that is itself an array constructor is kept whole; anything else is appended.
    nested: item.value === '[',
  }));
  const cons = node['consarray'] === true;
  return (input, env) => {
    // Every item first, then the array (the library evaluates the items all at once).
    const values: unknown[] = [];
    for (const item of items) values.push(item.evaluate(input, env));
    let result: unknown = [];
    for (let i = 0; i < values.length; i += 1) {
      const value = values[i];
      if (value === undefined) continue;
      if ((items[i] as { nested: boolean }).nested) (result as unknown[]).push(value);
      else result = append(result, value);
    }
    if (cons) Object.defineProperty(result, 'cons', { enumerable: false, configurable: false, value: true });
    return result;
  };
}

function compileObject(node: Node, depth: number): Evaluator {
  const lhs = node['lhs'];
  const pairs = (Array.isArray(lhs) ? (lhs as unknown[]) : unsupported('object pairs')).map((pair) => {
    if (!Array.isArray(pair) || pair.length !== 2) unsupported('object pair');
    const [key, value] = pair as [unknown, unknown];
    return [compileNode(asNode(key), depth), compileNode(asNode(value), depth)] as const;
  });
  const position = node['position'] as number;
  return (input, env) => {
    if (flag(input, 'tupleStream')) leaveToLibrary();
    const items = (Array.isArray(input) ? input : createSequence(input)) as unknown[];
    if (items.length === 0) items.push(undefined);
    const groups: Record<string, { data: unknown; exprIndex: number }> = Object.create(null) as Record<
      string,
      { data: unknown; exprIndex: number }
    >;
    for (const item of items) {
      for (const [exprIndex, [keyOf]] of pairs.entries()) {
        const key = keyOf(item, env);
        if (typeof key !== 'string' && key !== undefined)
          throw { code: 'T1003', position, value: key } satisfies JsonataError;
        if (key === undefined) continue;
        if (key === '_jsonata_lambda' || key === '_jsonata_function')
          throw { code: 'D1013', position, value: key } satisfies JsonataError;
        const group = groups[key];
        if (group === undefined) groups[key] = { data: item, exprIndex };
        else if (group.exprIndex !== exprIndex)
          throw { code: 'D1009', position, value: key } satisfies JsonataError;
        else group.data = append(group.data, item);
      }
    }
    const result: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const keys = Object.keys(groups);
    // Every value first, then the object (the library evaluates the values all at once).
    const values: unknown[] = [];
    for (const key of keys) {
      const group = groups[key] as { data: unknown; exprIndex: number };
      values.push((pairs[group.exprIndex] as readonly [Evaluator, Evaluator])[1](group.data, env));
    }
    for (let i = 0; i < keys.length; i += 1)
      if (values[i] !== undefined) result[keys[i] as string] = values[i];
    return result;
  };
}

// ---- functions ---------------------------------------------------------------------------

function compileFunction(node: Node, depth: number): Evaluator {
  const procedure = asNode(node['procedure']);
  const plain = Object.entries(procedure).every(
    ([field, value]) => value === undefined || ['type', 'value', 'position'].includes(field),
  );
  if (procedure.type !== 'variable' || !plain) unsupported('procedure');
  const name = String(procedure.value);
  const args = asNodes(node['arguments']).map((arg) => compileNode(arg, depth));
  const call = compileCall(name);
  const position = node['position'];
  return (input, env) => {
    // A variable of the same name is what `$name` calls (and fails to): the library's to say.
    if (env.hides(name)) leaveToLibrary();
    const values: unknown[] = [];
    for (const arg of args) {
      const value = arg(input, env);
      // A function passed as an argument (data marked as one, here) is the library's too.
      if (isFunction(value)) leaveToLibrary();
      values.push(value);
    }
    try {
      return call(values, input, env);
    } catch (error) {
      annotate(error, position, name, false);
      throw error;
    }
  };
}

type Call = (args: unknown[], input: unknown, env: Environment) => unknown;

function focusOf(input: unknown, env: Environment): Focus {
  return { environment: env, input, options: {}, createSequence };
}

function compileCall(name: string): Call {
  if (name === 'now' || name === 'millis') {
    const signature = (timestampFunction(name) ?? unsupported(`$${name}`)).signature;
    return (args, input, env) => {
      const [picture, timezone] = signature === undefined ? args : signature.validate(args, input);
      const millis = env.timestamp.getTime();
      return name === 'millis'
        ? millis
        : helpers().fromMillis.call(focusOf(input, env), millis, picture, timezone);
    };
  }
  const fn = libraryFunction(name);
  return (args, input, env) => {
    const validated = fn.signature === undefined ? args : fn.signature.validate(args, input);
    return fn.implementation.apply(focusOf(input, env), validated);
  };
}
