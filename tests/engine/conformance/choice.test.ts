import type { Json, JsonObject } from '../../../packages/asl/src/json';
import { type ConformanceCase, conformance } from '../harness';

/** A Choice with one rule: output "yes" when it matches, "no" (Default) otherwise. */
function rule(name: string, choiceRule: JsonObject, input: Json, matches: boolean): ConformanceCase {
  return {
    name: `${name} → ${matches ? 'matches' : 'does not match'}`,
    definition: {
      StartAt: 'C',
      States: {
        C: { Type: 'Choice', Choices: [{ ...choiceRule, Next: 'Yes' }], Default: 'No' },
        Yes: { Type: 'Pass', Result: 'yes', End: true },
        No: { Type: 'Pass', Result: 'no', End: true },
      },
    },
    input,
    expect: { output: matches ? 'yes' : 'no' },
  };
}

const v = (operator: string, operand: Json): JsonObject => ({ Variable: '$.x', [operator]: operand });

describe('Choice comparison operators', () => {
  conformance([
    rule('StringEquals', v('StringEquals', 'a'), { x: 'a' }, true),
    rule('StringEquals is case sensitive', v('StringEquals', 'a'), { x: 'A' }, false),
    rule('StringEquals on a number', v('StringEquals', '1'), { x: 1 }, false),
    rule('StringLessThan', v('StringLessThan', 'b'), { x: 'a' }, true),
    rule('StringLessThan equal strings', v('StringLessThan', 'a'), { x: 'a' }, false),
    rule('StringGreaterThan', v('StringGreaterThan', 'a'), { x: 'b' }, true),
    rule('StringLessThanEquals equal', v('StringLessThanEquals', 'a'), { x: 'a' }, true),
    rule('StringGreaterThanEquals smaller', v('StringGreaterThanEquals', 'b'), { x: 'a' }, false),
    rule('NumericEquals', v('NumericEquals', 10), { x: 10 }, true),
    rule('NumericEquals integer and decimal', v('NumericEquals', 10), { x: 10.0 }, true),
    rule('NumericEquals on a string', v('NumericEquals', 10), { x: '10' }, false),
    rule('NumericLessThan', v('NumericLessThan', 10), { x: 9.5 }, true),
    rule('NumericLessThan equal', v('NumericLessThan', 10), { x: 10 }, false),
    rule('NumericGreaterThan', v('NumericGreaterThan', 10), { x: 11 }, true),
    rule('NumericLessThanEquals', v('NumericLessThanEquals', 10), { x: 10 }, true),
    rule('NumericGreaterThanEquals', v('NumericGreaterThanEquals', 10), { x: 9 }, false),
    rule('BooleanEquals true', v('BooleanEquals', true), { x: true }, true),
    rule('BooleanEquals on the string "true"', v('BooleanEquals', true), { x: 'true' }, false),
    rule(
      'TimestampEquals',
      v('TimestampEquals', '2016-08-18T17:33:00Z'),
      { x: '2016-08-18T17:33:00Z' },
      true,
    ),
    rule(
      'TimestampEquals across offsets',
      v('TimestampEquals', '2016-08-18T17:33:00Z'),
      { x: '2016-08-18T19:33:00+02:00' },
      true,
    ),
    rule(
      'TimestampLessThan',
      v('TimestampLessThan', '2016-08-18T17:33:00Z'),
      { x: '2016-08-18T17:32:59Z' },
      true,
    ),
    rule(
      'TimestampGreaterThan',
      v('TimestampGreaterThan', '2016-08-18T17:33:00Z'),
      { x: '2017-01-01T00:00:00Z' },
      true,
    ),
    rule(
      'TimestampLessThanEquals',
      v('TimestampLessThanEquals', '2016-08-18T17:33:00Z'),
      { x: '2016-08-18T17:33:00Z' },
      true,
    ),
    rule(
      'TimestampGreaterThanEquals',
      v('TimestampGreaterThanEquals', '2016-08-18T17:33:00Z'),
      { x: '2015-01-01T00:00:00Z' },
      false,
    ),
    rule(
      'TimestampEquals on text that is not a timestamp',
      v('TimestampEquals', '2016-08-18T17:33:00Z'),
      { x: 'yesterday' },
      false,
    ),
  ]);
});

describe('Choice Path variants, StringMatches and type tests', () => {
  conformance([
    rule('StringEqualsPath', { Variable: '$.x', StringEqualsPath: '$.y' }, { x: 'a', y: 'a' }, true),
    rule('NumericGreaterThanPath', { Variable: '$.x', NumericGreaterThanPath: '$.y' }, { x: 2, y: 1 }, true),
    rule(
      'NumericLessThanEqualsPath',
      { Variable: '$.x', NumericLessThanEqualsPath: '$.y' },
      { x: 2, y: 1 },
      false,
    ),
    rule('BooleanEqualsPath', { Variable: '$.x', BooleanEqualsPath: '$.y' }, { x: false, y: false }, true),
    rule(
      'TimestampLessThanPath',
      { Variable: '$.x', TimestampLessThanPath: '$.y' },
      { x: '2020-01-01T00:00:00Z', y: '2021-01-01T00:00:00Z' },
      true,
    ),
    rule(
      'StringGreaterThanEqualsPath',
      { Variable: '$.x', StringGreaterThanEqualsPath: '$.y' },
      { x: 'b', y: 'a' },
      true,
    ),
    rule('Variable in the context object', { Variable: '$$.State.Name', StringEquals: 'C' }, {}, true),
    rule(
      'StringMatches with a wildcard (docs example)',
      v('StringMatches', 'log-*.txt'),
      { x: 'log-2024.txt' },
      true,
    ),
    rule(
      'StringMatches needs the whole string',
      v('StringMatches', 'log-*.txt'),
      { x: 'mylog-1.txt' },
      false,
    ),
    rule('StringMatches with an escaped star', v('StringMatches', 'a\\*b'), { x: 'a*b' }, true),
    rule('StringMatches escaped star is literal', v('StringMatches', 'a\\*b'), { x: 'axb' }, false),
    rule('StringMatches several wildcards', v('StringMatches', '*.*.*'), { x: 'a.b.c' }, true),
    rule('IsPresent true for a present field', v('IsPresent', true), { x: null }, true),
    rule('IsPresent true for a missing field', v('IsPresent', true), {}, false),
    rule('IsPresent false for a missing field', v('IsPresent', false), {}, true),
    rule('IsNull', v('IsNull', true), { x: null }, true),
    rule('IsNull on a value', v('IsNull', true), { x: 0 }, false),
    rule('IsNumeric', v('IsNumeric', true), { x: 1.5 }, true),
    rule('IsNumeric on numeric text', v('IsNumeric', true), { x: '1' }, false),
    rule('IsString', v('IsString', true), { x: '' }, true),
    rule('IsBoolean', v('IsBoolean', true), { x: false }, true),
    rule('IsBoolean false on a string', v('IsBoolean', false), { x: 'false' }, true),
    rule('IsTimestamp', v('IsTimestamp', true), { x: '2016-08-18T17:33:00Z' }, true),
    rule('IsTimestamp on a date only', v('IsTimestamp', true), { x: '2016-08-18' }, false),
  ]);
});

describe('Choice Boolean logic and control flow', () => {
  conformance([
    rule(
      'And of two matching rules',
      { And: [v('NumericGreaterThan', 1), v('NumericLessThan', 5)] },
      { x: 3 },
      true,
    ),
    rule(
      'And with one failing rule',
      { And: [v('NumericGreaterThan', 1), v('NumericLessThan', 5)] },
      { x: 7 },
      false,
    ),
    rule(
      'Or with one matching rule',
      { Or: [v('StringEquals', 'a'), v('StringEquals', 'b')] },
      { x: 'b' },
      true,
    ),
    rule(
      'Or with none matching',
      { Or: [v('StringEquals', 'a'), v('StringEquals', 'b')] },
      { x: 'c' },
      false,
    ),
    rule('Not inverts a rule', { Not: v('StringEquals', 'a') }, { x: 'b' }, true),
    rule(
      'nested And inside Or inside Not',
      { Not: { Or: [{ And: [v('IsPresent', true), v('IsString', true)] }, v('IsNull', true)] } },
      { x: 5 },
      true,
    ),
    rule(
      'IsPresent guards a comparison in And',
      { And: [v('IsPresent', true), v('NumericEquals', 1)] },
      {},
      false,
    ),
    {
      name: 'the first matching rule wins',
      definition: {
        StartAt: 'C',
        States: {
          C: {
            Type: 'Choice',
            Choices: [
              { Variable: '$.x', NumericGreaterThan: 0, Next: 'First' },
              { Variable: '$.x', NumericGreaterThan: 1, Next: 'Second' },
            ],
          },
          First: { Type: 'Pass', Result: 'first', End: true },
          Second: { Type: 'Pass', Result: 'second', End: true },
        },
      },
      input: { x: 5 },
      expect: { output: 'first' },
      path: ['C', 'First'],
    },
    {
      name: 'no match and no Default is States.NoChoiceMatched',
      definition: {
        StartAt: 'C',
        States: {
          C: { Type: 'Choice', Choices: [{ Variable: '$.x', StringEquals: 'a', Next: 'A' }] },
          A: { Type: 'Succeed' },
        },
      },
      input: { x: 'b' },
      expect: { error: 'States.NoChoiceMatched' },
    },
    {
      name: 'a comparison on a missing Variable is States.Runtime',
      definition: {
        StartAt: 'C',
        States: {
          C: {
            Type: 'Choice',
            Choices: [{ Variable: '$.missing', StringEquals: 'a', Next: 'A' }],
            Default: 'A',
          },
          A: { Type: 'Succeed' },
        },
      },
      input: {},
      expect: { error: 'States.Runtime', cause: /\$\.missing/ },
    },
    {
      name: 'Choice passes its input through to the next state',
      definition: {
        StartAt: 'C',
        States: {
          C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'A' }] },
          A: { Type: 'Succeed' },
        },
      },
      input: { x: 1, y: 2 },
      expect: { output: { x: 1, y: 2 } },
    },
    {
      name: 'Choice applies InputPath and OutputPath',
      definition: {
        StartAt: 'C',
        States: {
          C: {
            Type: 'Choice',
            InputPath: '$.inner',
            OutputPath: '$.value',
            Choices: [{ Variable: '$.value', NumericEquals: 1, Next: 'A' }],
          },
          A: { Type: 'Succeed' },
        },
      },
      input: { inner: { value: 1 } },
      expect: { output: 1 },
    },
    {
      name: 'a Choice loop counts to three (docs style)',
      definition: {
        StartAt: 'Init',
        States: {
          Init: { Type: 'Pass', Result: { count: 0 }, Next: 'Check' },
          Check: {
            Type: 'Choice',
            Choices: [{ Variable: '$.count', NumericLessThan: 3, Next: 'Increment' }],
            Default: 'Done',
          },
          Increment: { Type: 'Pass', Parameters: { 'count.$': 'States.MathAdd($.count, 1)' }, Next: 'Check' },
          Done: { Type: 'Succeed' },
        },
      },
      expect: { output: { count: 3 } },
      path: ['Init', 'Check', 'Increment', 'Check', 'Increment', 'Check', 'Increment', 'Check', 'Done'],
    },
    {
      name: 'a rule without an operator is refused',
      definition: {
        StartAt: 'C',
        States: { C: { Type: 'Choice', Choices: [{ Variable: '$.x', Next: 'A' }] }, A: { Type: 'Succeed' } },
      },
      expect: { invalid: /Choices\[0\]/ },
    },
  ]);
});
