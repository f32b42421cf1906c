import { choicePathCause } from '../../error-causes';
import { StatesRuntime } from '../../errors';
import { type Json, isObject } from '@myblog/asl';
import { jsonPath, type PathScope } from './json-path';

/** A compiled JSONPath Choice rule: does it match this input? */
export type Predicate = (scope: PathScope) => boolean;

const RFC3339 = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export function isTimestamp(value: unknown): value is string {
  return typeof value === 'string' && RFC3339.test(value) && !Number.isNaN(Date.parse(value));
}

/**
 * StringMatches: `*` matches any run of characters; `\*` and `\\` are a literal star and backslash.
 * Matched without a regex, in linear time: the pattern is its literal pieces between stars, the
 * first a prefix, the last a suffix, each one between found leftmost after the one before (the
 * leftmost place is always the best for what follows). A regex with `[\s\S]*` for each star backtracks
 * exponentially on a definition's `*a*a*a…b` against a long text, and cannot be interrupted.
 */
export function wildcardMatcher(pattern: string): (text: string) => boolean {
  const pieces: string[] = [''];
  for (let i = 0; i < pattern.length; i += 1) {
    const char = pattern[i] as string;
    if (char === '\\' && (pattern[i + 1] === '*' || pattern[i + 1] === '\\')) {
      pieces[pieces.length - 1] += pattern[i + 1] as string;
      i += 1;
    } else if (char === '*') pieces.push('');
    else pieces[pieces.length - 1] += char;
  }
  const first = pieces[0] as string;
  const last = pieces[pieces.length - 1] as string;
  const middle = pieces.slice(1, -1);
  return (text) => {
    if (pieces.length === 1) return text === first;
    const end = text.length - last.length;
    if (end < first.length || !text.startsWith(first) || !text.endsWith(last)) return false;
    let at = first.length;
    for (const piece of middle) {
      const found = text.indexOf(piece, at);
      if (found === -1 || found + piece.length > end) return false;
      at = found + piece.length;
    }
    return true;
  };
}

type Compare = (value: Json, operand: Json) => boolean;

const asString =
  (f: (a: string, b: string) => boolean): Compare =>
  (v, o) =>
    typeof v === 'string' && typeof o === 'string' && f(v, o);
const asNumber =
  (f: (a: number, b: number) => boolean): Compare =>
  (v, o) =>
    typeof v === 'number' && typeof o === 'number' && f(v, o);
const asTimestamp =
  (f: (a: number, b: number) => boolean): Compare =>
  (v, o) =>
    isTimestamp(v) && isTimestamp(o) && f(Date.parse(v), Date.parse(o));

const COMPARISONS: Record<string, Compare> = {
  StringEquals: asString((a, b) => a === b),
  StringLessThan: asString((a, b) => a < b),
  StringGreaterThan: asString((a, b) => a > b),
  StringLessThanEquals: asString((a, b) => a <= b),
  StringGreaterThanEquals: asString((a, b) => a >= b),
  NumericEquals: asNumber((a, b) => a === b),
  NumericLessThan: asNumber((a, b) => a < b),
  NumericGreaterThan: asNumber((a, b) => a > b),
  NumericLessThanEquals: asNumber((a, b) => a <= b),
  NumericGreaterThanEquals: asNumber((a, b) => a >= b),
  BooleanEquals: (v, o) => typeof v === 'boolean' && v === o,
  TimestampEquals: asTimestamp((a, b) => a === b),
  TimestampLessThan: asTimestamp((a, b) => a < b),
  TimestampGreaterThan: asTimestamp((a, b) => a > b),
  TimestampLessThanEquals: asTimestamp((a, b) => a <= b),
  TimestampGreaterThanEquals: asTimestamp((a, b) => a >= b),
};

const TYPE_TESTS: Record<string, (value: Json | undefined) => boolean> = {
  IsNull: (v) => v === null,
  IsNumeric: (v) => typeof v === 'number',
  IsString: (v) => typeof v === 'string',
  IsBoolean: (v) => typeof v === 'boolean',
  IsTimestamp: (v) => isTimestamp(v),
};

/** Every comparison operator name, with and without the Path suffix, plus the type tests. */
export const CHOICE_OPERATORS: readonly string[] = [
  ...Object.keys(COMPARISONS).flatMap((op) => [op, `${op}Path`]),
  'StringMatches',
  'IsPresent',
  ...Object.keys(TYPE_TESTS),
];

function compileComparison(rule: { [key: string]: Json }): Predicate {
  const variableText = rule['Variable'];
  if (typeof variableText !== 'string') throw new SyntaxError('A Choice rule needs a Variable');
  const variable = jsonPath(variableText);
  const read = (scope: PathScope): Json => {
    const value = variable.evaluate(scope);
    if (value === undefined) {
      throw new StatesRuntime(choicePathCause(variableText));
    }
    return value;
  };
  const operator = Object.keys(rule).find((key) => CHOICE_OPERATORS.includes(key));
  if (operator === undefined)
    throw new SyntaxError(`The Choice rule on ${variableText} has no comparison operator`);
  const operand = rule[operator] as Json;

  if (operator === 'IsPresent') return (scope) => (variable.evaluate(scope) !== undefined) === operand;
  const typeTest = TYPE_TESTS[operator];
  if (typeTest !== undefined) return (scope) => typeTest(read(scope)) === operand;
  if (operator === 'StringMatches') {
    const matches = wildcardMatcher(String(operand));
    return (scope) => {
      const value = read(scope);
      return typeof value === 'string' && matches(value);
    };
  }
  if (operator.endsWith('Path')) {
    const compare = COMPARISONS[operator.slice(0, -4)] as Compare;
    const operandPath = jsonPath(String(operand));
    return (scope) => {
      const other = operandPath.evaluate(scope);
      if (other === undefined) {
        throw new StatesRuntime(choicePathCause(String(operand)));
      }
      return compare(read(scope), other);
    };
  }
  const compare = COMPARISONS[operator] as Compare;
  return (scope) => compare(read(scope), operand);
}

export function compileChoiceRule(rule: Json): Predicate {
  if (!isObject(rule)) throw new SyntaxError('A Choice rule must be an object');
  const and = rule['And'];
  if (Array.isArray(and)) {
    const rules = and.map(compileChoiceRule);
    return (scope) => rules.every((r) => r(scope));
  }
  const or = rule['Or'];
  if (Array.isArray(or)) {
    const rules = or.map(compileChoiceRule);
    return (scope) => rules.some((r) => r(scope));
  }
  if (rule['Not'] !== undefined) {
    const inner = compileChoiceRule(rule['Not']);
    return (scope) => !inner(scope);
  }
  return compileComparison(rule);
}
