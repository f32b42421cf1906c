/**
 * The engine benchmark cases. Each has a definition, an input, how many state transitions one
 * run makes, and a check of the result: a fast wrong answer counts as a failure.
 */
import { isDeepStrictEqual } from 'node:util';
import type { Json, JsonObject } from '@myblog/asl';

export interface BenchCase {
  readonly id: string;
  readonly title: string;
  readonly definition: JsonObject;
  readonly input: Json;
  /** State transitions (states entered) in one run: the unit of the rate. */
  readonly transitions: number;
  readonly check: (output: unknown) => boolean;
  /**
   * The JSONPath case this one mirrors in JSONata, which the peer runs instead (it has no
   * JSONata) and which our own JSONata is measured against too.
   */
  readonly peerSubstitute?: string;
}

export function countingLoop(limit: number): BenchCase {
  return {
    id: 'a',
    title: `Choice/Pass loop counting to ${limit.toLocaleString('en')} with States.MathAdd`,
    definition: {
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Result: { n: 0 }, Next: 'Loop' },
        Loop: {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericLessThan: limit, Next: 'Add' }],
          Default: 'Done',
        },
        Add: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, 1)' }, Next: 'Loop' },
        Done: { Type: 'Succeed' },
      },
    },
    input: {},
    transitions: 2 * limit + 3,
    check: (output) => isDeepStrictEqual(output, { n: limit }),
  };
}

export function inlineMap(items: number): BenchCase {
  return {
    id: 'b',
    title: `inline Map over ${items.toLocaleString('en')} items, 3 Pass states each`,
    definition: {
      StartAt: 'Map',
      States: {
        Map: {
          Type: 'Map',
          ItemsPath: '$.items',
          ItemProcessor: {
            StartAt: 'Wrap',
            States: {
              Wrap: { Type: 'Pass', Parameters: { 'v.$': '$' }, Next: 'Increment' },
              Increment: { Type: 'Pass', Parameters: { 'v.$': 'States.MathAdd($.v, 1)' }, Next: 'Unwrap' },
              Unwrap: { Type: 'Pass', OutputPath: '$.v', End: true },
            },
          },
          End: true,
        },
      },
    },
    // Items start at 1: the peer fails on an item equal to 0 (see the correctness probes).
    input: { items: Array.from({ length: items }, (_, i) => i + 1) },
    transitions: 1 + 3 * items,
    check: (output) =>
      Array.isArray(output) && output.length === items && output.every((value, i) => value === i + 2),
  };
}

export function repeatedParallel(rounds: number): BenchCase {
  const branches = Array.from({ length: 10 }, (_, i) => ({
    StartAt: `B${i}`,
    States: { [`B${i}`]: { Type: 'Pass', Parameters: { 'n.$': `States.MathAdd($.n, ${i})` }, End: true } },
  }));
  return {
    id: 'c',
    title: `10-branch Parallel repeated ${rounds.toLocaleString('en')} times`,
    definition: {
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Result: { n: 0, sum: 0 }, Next: 'Loop' },
        Loop: {
          Type: 'Choice',
          Choices: [{ Variable: '$.n', NumericLessThan: rounds, Next: 'Fan' }],
          Default: 'Done',
        },
        Fan: { Type: 'Parallel', Branches: branches, ResultPath: '$.branches', Next: 'Collect' },
        // Each round checks that every branch ran: the last branch returns n + 9.
        Collect: {
          Type: 'Pass',
          Parameters: { 'n.$': 'States.MathAdd($.n, 1)', 'sum.$': 'States.MathAdd($.sum, $.branches[9].n)' },
          Next: 'Loop',
        },
        Done: { Type: 'Succeed' },
      },
    },
    input: {},
    transitions: 3 + rounds * 13,
    // sum of (n + 9) for n in 0..rounds-1
    check: (output) =>
      isDeepStrictEqual(output, { n: rounds, sum: (rounds * (rounds - 1)) / 2 + 9 * rounds }),
  };
}

export function countingLoopJsonata(limit: number): BenchCase {
  return {
    id: 'd',
    title: `the loop of (a) in JSONata, counting to ${limit.toLocaleString('en')}`,
    definition: {
      QueryLanguage: 'JSONata',
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Output: { n: 0 }, Next: 'Loop' },
        Loop: {
          Type: 'Choice',
          Choices: [{ Condition: `{% $states.input.n < ${limit} %}`, Next: 'Add' }],
          Default: 'Done',
        },
        Add: { Type: 'Pass', Output: { n: '{% $states.input.n + 1 %}' }, Next: 'Loop' },
        Done: { Type: 'Succeed' },
      },
    },
    input: {},
    transitions: 2 * limit + 3,
    check: (output) => isDeepStrictEqual(output, { n: limit }),
    peerSubstitute: 'a',
  };
}

export function inlineMapJsonata(items: number): BenchCase {
  const jsonPath = inlineMap(items);
  return {
    ...jsonPath,
    id: 'e',
    title: `the Map of (b) in JSONata, over ${items.toLocaleString('en')} items`,
    definition: {
      QueryLanguage: 'JSONata',
      StartAt: 'Map',
      States: {
        Map: {
          Type: 'Map',
          Items: '{% $states.input.items %}',
          ItemProcessor: {
            StartAt: 'Wrap',
            States: {
              Wrap: { Type: 'Pass', Output: { v: '{% $states.input %}' }, Next: 'Increment' },
              Increment: { Type: 'Pass', Output: { v: '{% $states.input.v + 1 %}' }, Next: 'Unwrap' },
              Unwrap: { Type: 'Pass', Output: '{% $states.input.v %}', End: true },
            },
          },
          End: true,
        },
      },
    },
    peerSubstitute: 'b',
  };
}

export function repeatedParallelJsonata(rounds: number): BenchCase {
  const jsonPath = repeatedParallel(rounds);
  const branches = Array.from({ length: 10 }, (_, i) => ({
    StartAt: `B${i}`,
    States: { [`B${i}`]: { Type: 'Pass', Output: { n: `{% $states.input.n + ${i} %}` }, End: true } },
  }));
  return {
    ...jsonPath,
    id: 'f',
    title: `the Parallel of (c) in JSONata, repeated ${rounds.toLocaleString('en')} times`,
    definition: {
      QueryLanguage: 'JSONata',
      StartAt: 'Init',
      States: {
        Init: { Type: 'Pass', Output: { n: 0, sum: 0 }, Next: 'Loop' },
        Loop: {
          Type: 'Choice',
          Choices: [{ Condition: `{% $states.input.n < ${rounds} %}`, Next: 'Fan' }],
          Default: 'Done',
        },
        // JSONata has no ResultPath: the Output keeps the counters beside the branches' results.
        Fan: {
          Type: 'Parallel',
          Branches: branches,
          Output: {
            n: '{% $states.input.n %}',
            sum: '{% $states.input.sum %}',
            branches: '{% $states.result %}',
          },
          Next: 'Collect',
        },
        Collect: {
          Type: 'Pass',
          Output: {
            n: '{% $states.input.n + 1 %}',
            sum: '{% $states.input.sum + $states.input.branches[9].n %}',
          },
          Next: 'Loop',
        },
        Done: { Type: 'Succeed' },
      },
    },
    peerSubstitute: 'c',
  };
}

export function engineCases(quick: boolean): BenchCase[] {
  return quick
    ? [
        countingLoop(2_000),
        inlineMap(2_000),
        repeatedParallel(100),
        countingLoopJsonata(1_000),
        inlineMapJsonata(2_000),
        repeatedParallelJsonata(100),
      ]
    : [
        countingLoop(10_000),
        inlineMap(10_000),
        repeatedParallel(500),
        countingLoopJsonata(10_000),
        inlineMapJsonata(10_000),
        repeatedParallelJsonata(500),
      ];
}
