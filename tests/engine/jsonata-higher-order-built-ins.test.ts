import { JSONATA_TIME_BUDGET_MS } from '../../packages/sfn-engine/src/budgets/limits';
import { both, expectSameOutcomes } from './jsonata-differential';

/**
 * $map, $filter, $single, $reduce, $each and $sift are ours (higher-order-built-ins.ts): the
 * library's, with their function argument counted, so that a built-in given as the function
 * (which the evaluation budget never sees) cannot hold the event loop past the time budget. On
 * ordinary calls they must give what the library gives, value for value and error for error.
 */

const timeNamed = new RegExp(`evaluation time budget of ${JSONATA_TIME_BUDGET_MS} ms`);

const NUMBERS: readonly unknown[] = [[1, -2, 3], [-4], [], 5, undefined, [0, 0, 7, -7]];
const OBJECTS: readonly unknown[] = [{ a: 1, b: -2, c: 0 }, {}, { one: 'x' }, undefined];

describe('ours against the library', () => {
  test.each([
    '$map($, $abs)',
    '$map($, $string)',
    '$map($, function($v) { $v * 2 })',
    '$map($, function($v, $i) { $i })',
    '$map($, function($v, $i, $a) { $count($a) })',
    '$filter($, $boolean)',
    '$filter($, function($v, $i) { $i % 2 = 0 })',
    '$single($, function($v) { $v = -4 })',
    '$single($, $boolean)',
    '$single($)',
    '$reduce($, $append)',
    '$reduce($, function($a, $b) { $a + $b }, 10)',
    '$reduce($, function($a, $b, $i, $all) { $a + $b * $i + $count($all) })',
    '$reduce($, $abs)',
  ])('%s gives what the library gives', async (text) => {
    await expectSameOutcomes(text, NUMBERS);
  });

  test.each([
    '$each($, $string)',
    '$each($, function($v, $k) { $k & $v })',
    '$each($, function($v, $k, $o) { $count($keys($o)) })',
    '$sift($, $boolean)',
    '$sift($, function($v, $k) { $k = "a" })',
    '$sift($)',
  ])('%s gives what the library gives', async (text) => {
    await expectSameOutcomes(text, OBJECTS);
  });

  // A partial application reads a built-in's parameter names from its source text.
  test.each([
    '$map($, ?)($abs)',
    '$map(?, function($v) { $v * 2 })($)',
    '$map(?, $abs)($)',
    '$reduce(?, function($a, $b) { $a + $b })($)',
    '$filter($, ?)(function($v, $i) { $i > 0 })',
  ])('partly applied, %s gives what the library gives', async (text) => {
    await expectSameOutcomes(text, NUMBERS);
  });
});

describe('a built-in given as the function cannot hold the event loop past the time budget', () => {
  // The library's $map called $abs ten million times in one turn: 6.5 s, and then it succeeded.
  test('$map over ten million items with $abs fails naming the time budget', async () => {
    const { ours } = both('$count($map([1..10000000], $abs))');
    await expect(ours.evaluate(null)).rejects.toThrow(timeNamed);
  });

  describe('on a clock on which each look is two time budgets later (a turn that has run too long)', () => {
    beforeEach(() => {
      const realNow = performance.now.bind(performance);
      let looks = 0;
      jest.spyOn(performance, 'now').mockImplementation(() => {
        looks += 1;
        return realNow() + looks * 2 * JSONATA_TIME_BUDGET_MS;
      });
    });
    afterEach(() => jest.restoreAllMocks());

    const OBJECT = '$merge([1..2048].{$string($): $})';
    test.each([
      ['$map', '$map([1..2048], $abs)'],
      ['$filter', '$filter([1..2048], $boolean)'],
      ['$single', '$single([1..2048], $not)'],
      ['$reduce', '$reduce([1..2048], $append)'],
      ['$each', `$each(${OBJECT}, $string)`],
      ['$sift', `$sift(${OBJECT}, $boolean)`],
    ])('%s given a built-in fails naming the time budget within 1,024 calls', async (_, text) => {
      const { ours } = both(text);
      await expect(ours.evaluate(null)).rejects.toThrow(timeNamed);
    });
  });
});
