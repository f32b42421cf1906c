import jsonata from 'jsonata';
import {
  MAX_ARRAY_CONSTRUCTOR_ITEMS,
  MAX_SIGNATURE_QUANTIFIERS,
  checkExpressionLimits,
} from '../../packages/sfn-engine/src/query/jsonata/expression-limits';
import { both, expectSameOutcomes } from './jsonata-differential';

/**
 * $eval is ours (checked-eval.ts): the library's, once the signatures in its text are checked as
 * a definition's are (expression-limits.ts), since the text is parsed only when $eval runs and can
 * come from the input. Every text within the limit gives what the library gives.
 */

/** A function with `optional` optional parameters in its signature, called with one too few. */
const mismatchedCall = (optional: number): string =>
  `($f := function($a)<${'s?'.repeat(optional)}n>{ 1 }; $f(${Array(optional).fill('"a"').join(', ')}))`;

describe('ours against the library', () => {
  test('texts that parse give what the library gives', async () => {
    await expectSameOutcomes('$eval($)', [
      '1 + 1',
      '$sum([1, 2, 3])',
      'function($a)<n:n>{ $a * 2 }(21)',
      '$',
      '$undefined',
      '$nothing()',
      mismatchedCall(MAX_SIGNATURE_QUANTIFIERS - 1),
      undefined,
    ]);
  });

  test('a focus given to the text is its input, as the library has it', async () => {
    await expectSameOutcomes('$eval(text, focus)', [
      { text: '$ + 1', focus: 2 },
      { text: '$count($)', focus: [1, 2, 3] },
      { text: 'a', focus: { a: [7] } },
      { text: '$', focus: undefined },
    ]);
  });

  test('a text that does not parse fails with the library error (D3120)', async () => {
    await expectSameOutcomes('$eval($)', ['[1, 2', '', '1 +', '"unterminated', '$f := ']);
  });
});

describe('signatures in the text are checked as a definition is', () => {
  test('a signature with more optional parameters than the limit is refused, naming the limit', async () => {
    const { ours } = both('$eval($)');
    await expect(ours.evaluate(mismatchedCall(MAX_SIGNATURE_QUANTIFIERS + 1))).rejects.toMatchObject({
      code: 'D3137',
      message: expect.stringContaining(`at most ${MAX_SIGNATURE_QUANTIFIERS} are allowed`) as string,
    });
  });

  test('so is one in a text that the text gives to $eval again', async () => {
    const { ours } = both('$eval("$eval($)", $)');
    await expect(ours.evaluate(mismatchedCall(MAX_SIGNATURE_QUANTIFIERS + 1))).rejects.toMatchObject({
      message: expect.stringContaining(`at most ${MAX_SIGNATURE_QUANTIFIERS} are allowed`) as string,
    });
  });

  test('a block of 200,000 expressions is checked without overflowing the stack', () => {
    // The checker pushed an array's items all at once (`push(...items)`), past the stack's limit.
    const ast = jsonata(`(${'1; '.repeat(199_999)}function($a)<n:n>{ $a })`).ast();
    expect(() => checkExpressionLimits(ast)).not.toThrow();
  });

  test('an array constructor past the limit in an $eval text is refused naming the limit', async () => {
    const { ours } = both('$eval($)');
    await expect(
      ours.evaluate(`$count([${'1, '.repeat(MAX_ARRAY_CONSTRUCTOR_ITEMS)}1])`),
    ).rejects.toMatchObject({
      message: expect.stringContaining(`at most ${MAX_ARRAY_CONSTRUCTOR_ITEMS} are allowed`) as string,
    });
  });
});
