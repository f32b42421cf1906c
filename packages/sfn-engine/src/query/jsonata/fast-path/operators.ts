/**
 * The binary operators and the condition, as the library's evaluator applies them: both sides
 * evaluated first (but `and`/`or`), type errors thrown with the operator's position and token.
 */
import { annotate, toBoolean, toStringValue } from './helpers';
import { type CompileNode, type Evaluator, type Node, asNode, unsupported } from './nodes';
import { type JsonataError, isDeepEqual, isNumeric } from './values';

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

export function compileBinary(node: Node, depth: number, compile: CompileNode): Evaluator {
  const op = String(node.value);
  const lhs = compile(asNode(node['lhs']), depth);
  const rhs = compile(asNode(node['rhs']), depth);
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

export function compileCondition(node: Node, depth: number, compile: CompileNode): Evaluator {
  const condition = compile(asNode(node['condition']), depth);
  const then = compile(asNode(node['then']), depth);
  const otherwise = node['else'] === undefined ? undefined : compile(asNode(node['else']), depth);
  return (input, env) => {
    if (toBoolean(condition(input, env))) return then(input, env);
    return otherwise === undefined ? undefined : otherwise(input, env);
  };
}
