import type { Json } from '../../packages/asl/src/json';
import { JSONATA_TIME_BUDGET_MS } from '../../packages/sfn-engine/src/budgets/limits';
import { KEYS, Random, randomJson } from './jsonata-corpus';
import { both, expectSameOutcomes } from './jsonata-differential';

/**
 * $distinct, $sort (without a function) and $spread are ours, in linear and n log n time, where
 * the library's take time quadratic in the array (linear-built-ins.ts). They must give what the
 * library gives, value for value and error for error, sequence or array.
 */

/** The same value with its objects' keys in reverse order: deep-equal to JSONata. */
function reordered(value: Json): Json {
  if (Array.isArray(value)) return value.map(reordered);
  if (typeof value !== 'object' || value === null) return value;
  return Object.fromEntries(
    Object.entries(value)
      .reverse()
      .map(([key, item]) => [key, reordered(item)]),
  );
}

/** Arrays with repeats: items drawn from a small pool, some written again with keys reordered. */
function arraysWithRepeats(seed: number, count: number): Json[][] {
  const random = new Random(seed);
  return Array.from({ length: count }, () => {
    const pool = Array.from({ length: 1 + random.below(6) }, () => randomJson(random, KEYS, 3));
    return Array.from({ length: random.below(12) }, () => {
      const item = random.pick(pool);
      return random.chance(0.3) ? reordered(item) : item;
    });
  });
}

describe('$distinct, ours against the library', () => {
  test('gives the same items in the same order for 3,000 random arrays with repeats', async () => {
    await expectSameOutcomes('$distinct($)', arraysWithRepeats(11, 3_000));
  });

  test('keeps a sequence a sequence, and an array an array', async () => {
    const input = { items: [{ v: 1 }, { v: 2 }, { v: 1 }, { v: [3, 3] }, { v: [3, 3] }] };
    await expectSameOutcomes('$distinct(items.v)', [input]);
    await expectSameOutcomes('$distinct([items.v])', [input]);
  });

  test('treats 0 and -0 as one, a number and its text as two, null and a missing value apart', async () => {
    await expectSameOutcomes('$distinct([0, -0, "0", null, false, 0.0, 1e0, 1])', [null]);
  });

  test('a value it cannot key (a function) goes to the library, with the same result', async () => {
    await expectSameOutcomes('$distinct([$sum, $sum, 1, 1, {"f": $count}])', [null]);
  });

  test('functions compare by identity, as the library compares them', async () => {
    await expectSameOutcomes(
      '$distinct([$sum, $sum, $count, {"f": $count}, {"f": $count}, {"length": 1}, {"length": 1}])',
      [null],
    );
  });

  test('a value repeated inside itself thirty levels deep is refused, not keyed for ever', async () => {
    const { ours } = both(
      '$distinct(($x := $reduce([1..30], function($a, $i) {{"l": $a, "r": $a}}, 1); [$x, $x]))',
    );
    await expect(ours.evaluate(null)).rejects.toMatchObject({
      message: expect.stringContaining('"distinct" may build at most') as string,
    });
  });

  test('more than 2,000 values it cannot key are refused rather than compared one by one', async () => {
    const { ours } = both('$distinct([1..2001].(function($v) { $v }))');
    await expect(ours.evaluate(null)).rejects.toMatchObject({
      message: expect.stringContaining('compares at most 2000 items') as string,
    });
  });

  test('an object with a length member compared with an array goes to the library', async () => {
    await expectSameOutcomes('$distinct([[7], {"0": 7, "length": 1}, [7]])', [null]);
  });

  test('undefined, one item, and a single value are given back as the library gives them', async () => {
    await expectSameOutcomes('$distinct($)', [undefined, [1], 5, 'text', { a: 1 }]);
  });
});

describe('$sort, ours against the library', () => {
  test('sorts numbers and strings as the library does, 2,000 random arrays', async () => {
    const random = new Random(5);
    const inputs = Array.from({ length: 2_000 }, () =>
      Array.from({ length: random.below(15) }, () =>
        random.chance(0.5)
          ? random.below(20) - 10 + random.pick([0, 0.5, -0])
          : random.pick(['b', 'a', 'B', '', 'é', 'a']),
      ),
    );
    const numbers = inputs.map((items) => items.filter((item) => typeof item === 'number'));
    const strings = inputs.map((items) => items.filter((item) => typeof item === 'string'));
    await expectSameOutcomes('$sort($)', [...numbers, ...strings]);
  });

  test('refuses a mixed array, or objects, with the library error (D3070)', async () => {
    await expectSameOutcomes('$sort($)', [
      [1, 'a'],
      [{ a: 1 }, { a: 2 }],
      [true, false],
    ]);
  });

  test('with a function, compares as the library does and gives its order, 1,000 random arrays', async () => {
    const random = new Random(9);
    const inputs = Array.from({ length: 1_000 }, () =>
      Array.from({ length: random.below(20) }, (_, index) => ({ n: random.below(5), index })),
    );
    await expectSameOutcomes('$sort($, function($l, $r) { $l.n > $r.n })', inputs);
    await expectSameOutcomes('$sort($, function($l, $r) { $l.n < $r.n or $l.index > $r.index })', inputs);
  });

  test('with a built-in as the function, as the library does', async () => {
    await expectSameOutcomes('$sort($, $append)', [[[2], [1], [3]], [[1]], []]);
  });

  test('with a function, sorts as the library does', async () => {
    await expectSameOutcomes('$sort($, function($l, $r) { $l.n < $r.n })', [
      [{ n: 1 }, { n: 3 }, { n: 2 }, { n: 3, second: true }],
    ]);
  });
});

describe('$spread, ours against the library', () => {
  test('gives the same items for 3,000 random values, most of them arrays', async () => {
    const random = new Random(13);
    const inputs = Array.from({ length: 3_000 }, () =>
      random.chance(0.8)
        ? Array.from({ length: random.below(6) }, () => randomJson(random, KEYS, 3))
        : randomJson(random, KEYS, 3),
    );
    await expectSameOutcomes('$spread($)', inputs);
  });

  test.each([
    ['an empty array: nothing', '$spread([])'],
    ['an empty array in an array: an empty array', '$spread([[]])'],
    ['an empty object in an array: an empty array', '$spread([{}])'],
    ['an object: its one member, unwrapped', '$spread({"a": 1})'],
    ['an object in an array: an array of its one member', '$spread([{"a": 1}])'],
    ['an empty object: nothing', '$spread({})'],
    ['nested arrays: flattened', '$spread([[1, [2, {"b": 3, "c": 4}]], [], 5])'],
    [
      'null, scalars and built-ins: kept, the built-ins spread as objects',
      '$spread([null, 1, "s", true, $sum])',
    ],
    ['a lambda: kept', '$spread([function($x) { $x }, [1]]).$type($)'],
  ])('%s, as the library gives it', async (_, text) => {
    await expectSameOutcomes(text, [null]);
  });

  test('spreads a sequence as the library does', async () => {
    const input = { items: [{ v: { a: 1, b: 2 } }, { v: [{ c: 3 }] }, { v: 4 }] };
    await expectSameOutcomes('$spread(items.v)', [input, { items: [{ v: { a: 1 } }] }, { items: [] }]);
  });
});

describe('on large arrays they take linear or n log n time, not quadratic', () => {
  // The library's $distinct of these is 1.5e10 comparisons, its $sort 2e10 copied items: minutes.
  test('$distinct of 200,000 items', async () => {
    const { ours } = both('$distinct($append([1..100000], [1..100000]))');
    const distinct = (await ours.evaluate(null)) as number[];
    expect([distinct.length, distinct[0], distinct[99_999]]).toEqual([100_000, 1, 100_000]);
  });

  test('$sort of 200,000 numbers', async () => {
    const { ours } = both('$sort($reverse([1..200000]))');
    const sorted = (await ours.evaluate(null)) as number[];
    expect([sorted.length, sorted[0], sorted[199_999]]).toEqual([200_000, 1, 200_000]);
  });

  // The library's copies everything gathered so far for each item: 2e10 items copied, 3 minutes
  // in one synchronous call, which no test timeout interrupts, so the time is part of the spec.
  test('$spread of 200,000 items, within the time budget of an evaluation', async () => {
    const { ours } = both('$spread([1..200000])');
    const startedAt = performance.now();
    const spread = (await ours.evaluate(null)) as number[];
    expect(performance.now() - startedAt).toBeLessThan(JSONATA_TIME_BUDGET_MS);
    expect([spread.length, spread[0], spread[199_999]]).toEqual([200_000, 1, 200_000]);
  });
});
