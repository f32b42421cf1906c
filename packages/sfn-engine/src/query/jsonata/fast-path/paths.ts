/**
 * Paths and filters, as the library's evaluator walks them: steps over sequences, flattening,
 * `[]` kept singletons, index and predicate filters, `*`; and a shortcut for `$name.a.b`.
 */
import { type Environment, leaveToLibrary } from './environment';
import { append, flag, toBoolean } from './helpers';
import {
  type CompileNode,
  type Evaluator,
  type Filter,
  type Node,
  asNode,
  asNodes,
  unsupported,
} from './nodes';
import { type Sequence, createSequence, isArrayOfNumbers, isFunction, isNumeric, isSequence } from './values';

/** The filters on a node (`predicate`) or a step (`stages`), compiled. */
export function filtersOf(value: unknown, depth: number, compile: CompileNode): Filter[] {
  if (value === undefined) return [];
  return asNodes(value).map((stage) => {
    if (stage.type !== 'filter') unsupported(`stage ${stage.type}`);
    for (const [field, value] of Object.entries(stage))
      if (value !== undefined && !['type', 'expr', 'position'].includes(field))
        unsupported(`filter field ${field}`);
    return compileFilter(asNode(stage['expr']), depth, compile);
  });
}

function flatten(value: unknown, into: unknown[] = []): unknown[] {
  if (Array.isArray(value)) for (const item of value) flatten(item, into);
  else into.push(value);
  return into;
}

/** `*`: the values of the context object, arrays among them flattened. */
export function evaluateWildcard(input: unknown): unknown {
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

interface Step {
  readonly evaluate: Evaluator;
  readonly stages: readonly Filter[];
  readonly consarray: boolean;
}

export function compilePath(node: Node, depth: number, compile: CompileNode): Evaluator {
  const stepNodes = asNodes(node['steps']);
  if (stepNodes.length === 0) unsupported('empty path');
  const steps: Step[] = stepNodes.map((step) => ({
    evaluate: compile(step, depth),
    stages: filtersOf(step['stages'], depth, compile),
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

function compileFilter(predicate: Node, depth: number, compile: CompileNode): Filter {
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
  const test = compile(predicate, depth);
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
