import { Random } from './jsonata-corpus';
import { both, expectSameOutcomes } from './jsonata-differential';

/**
 * $max and $min are ours for arrays over 10,000 numbers (extremes.ts), where the library's pass
 * the whole array as arguments and overflow the stack past about 120,000. Below that, up to where
 * the library's still work, they must give what the library gives, value for value and error for
 * error.
 */

const SPECIAL = [0, -0, Infinity, -Infinity, Number.NaN, Number.MAX_VALUE, -Number.MIN_VALUE];

/**
 * Numbers of both signs and many magnitudes, in random order; `special` of them (at random places)
 * drawn from both zeros, the infinities, NaN and the extremes of doubles.
 */
function randomNumbers(random: Random, length: number, special = 0): number[] {
  const numbers = Array.from({ length }, () => (random.next() - 0.5) * 10 ** random.below(12));
  for (let i = 0; i < special && length > 0; i += 1) numbers[random.below(length)] = random.pick(SPECIAL);
  return numbers;
}

describe('$max and $min, ours against the library', () => {
  test.each(['$max($)', '$min($)'])('%s of 500 random arrays of up to 20 numbers', async (text) => {
    const random = new Random(21);
    await expectSameOutcomes(
      text,
      Array.from({ length: 500 }, () => randomNumbers(random, random.below(20), random.below(3))),
    );
  });

  test.each(['$max($)', '$min($)'])(
    '%s of 10 random arrays of 10,001 to 100,000 numbers (ours fold them)',
    async (text) => {
      const random = new Random(22);
      await expectSameOutcomes(
        text,
        Array.from({ length: 10 }, () => randomNumbers(random, 10_001 + random.below(90_000))),
      );
    },
  );

  test.each(['$max($)', '$min($)'])(
    '%s of zeros of both signs picks the zero the library picks',
    async (text) => {
      const zeros = Array.from({ length: 20_000 }, (_, i) => (i % 3 === 0 ? 0 : -0));
      await expectSameOutcomes(text, [zeros, zeros.slice().reverse(), [-0, ...zeros.map(() => -0)]]);
    },
  );

  test.each(['$max($)', '$min($)'])(
    '%s with NaN among 20,000 numbers is NaN, as the library says',
    async (text) => {
      const numbers = Array.from({ length: 20_000 }, (_, i) => i);
      numbers[12_345] = Number.NaN;
      await expectSameOutcomes(text, [numbers]);
    },
  );

  test.each(['$max($)', '$min($)'])(
    '%s of nothing, an empty array, or a single number, as the library gives them',
    async (text) => {
      await expectSameOutcomes(text, [undefined, [], 7, [7]]);
    },
  );

  test.each(['$max($)', '$min($)'])(
    '%s refuses a string among the numbers with the library error',
    async (text) => {
      const numbers: unknown[] = Array.from({ length: 20_000 }, (_, i) => i);
      numbers[19_999] = '1';
      await expectSameOutcomes(text, [numbers, ['1'], [1, null]]);
    },
  );
});

describe('over 120,000 numbers, where the library overflows the stack', () => {
  test('$max of 200,000 numbers is the largest', async () => {
    const { ours } = both('$max($reverse([1..200000]))');
    expect(await ours.evaluate(null)).toBe(200_000);
  });

  test('$min of 200,000 numbers is the smallest', async () => {
    const { ours } = both('$min([1..200000])');
    expect(await ours.evaluate(null)).toBe(1);
  });
});
