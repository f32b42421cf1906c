import { REGEX_TIME_BUDGET_MS } from '../../packages/sfn-engine/src/budgets/limits';
import { Random } from './jsonata-corpus';
import { both, expectSameOutcomes } from './jsonata-differential';

/**
 * $toMillis is ours (to-millis.ts): the library's, with the regular expression it builds from a
 * picture run on the regex sandbox, under the regex budget, instead of natively. Every timestamp
 * and picture must give what the library gives, millisecond for millisecond and error for error.
 */

const NativeRegExp = RegExp;
const regexNamed = new RegExp(`time budget of ${REGEX_TIME_BUDGET_MS} ms for regular expressions`);

const PICTURES = [
  '[Y]-[M]-[D]',
  '[Y0001]-[M01]-[D01]T[H01]:[m01]:[s01].[f001][Z01:01]',
  '[Y0001][M01][D01]',
  '[D1]/[M1]/[Y0001] [h]:[m01] [P]',
  '[FNn], [D1o] [MNn] [Y]',
  '[D01] [MN,*-3] [Y0001]',
  '[Y0001]-[d001]',
  '[YI]-[MI]-[DI]',
  '[Dw] [MNn] [Yw]',
  '[Y]-[M]-[D] [Z]',
  '[Y0001][M01][D01][H01][m01][s01][f]',
];

describe('ours against the library', () => {
  test('each picture reads back what $fromMillis wrote with it, 40 random instants each', async () => {
    const random = new Random(31);
    const inputs = PICTURES.flatMap((picture) =>
      Array.from({ length: 40 }, () => ({ picture, millis: Math.floor(random.next() * 4e12) - 1e12 })),
    );
    await expectSameOutcomes('$toMillis($fromMillis(millis, picture), picture)', inputs);
  });

  test('timestamps that do not match, and pictures that are not valid, as the library has them', async () => {
    await expectSameOutcomes('$toMillis(timestamp, picture)', [
      { timestamp: '2018-03-27x', picture: '[Y]-[M]-[D]' },
      { timestamp: '2018-03-27', picture: '[Y]-[M]-[D' },
      { timestamp: '2018', picture: '[Q]' },
      { timestamp: 'March', picture: '[Yn]' },
      { timestamp: '2018-27', picture: '[Y]-[D]' },
      { timestamp: '20180327140300123', picture: '[Y0001][M01][D01][H01][m01][s01][f][f]' },
      { timestamp: '20180327', picture: '[Y0001][M01][D1]' },
      { timestamp: '2018-03-27T14:03:00.123Z', picture: undefined },
      { timestamp: 'yesterday', picture: undefined },
      { timestamp: undefined, picture: '[Y]' },
    ]);
  });
});

describe('the regular expression a picture makes runs under the regex budget', () => {
  // Natively, four [f] against 300 digits and an `x` backtracked for seconds (400: 14 s).
  test('a search that backtracks past the budget fails naming it', async () => {
    const { ours } = both('$toMillis($join([1..300].("1")) & "x", "[f][f][f][f]")');
    await expect(ours.evaluate(null)).rejects.toThrow(regexNamed);
  });

  test('the global RegExp is the native one again after a result and after a failure', async () => {
    await both('$toMillis("2018-03-27", "[Y]-[M]-[D]")').ours.evaluate(null);
    expect(globalThis.RegExp).toBe(NativeRegExp);
    await expect(both('$toMillis("2018-27", "[Y]-[D]")').ours.evaluate(null)).rejects.toBeDefined();
    expect(globalThis.RegExp).toBe(NativeRegExp);
  });

  test('a picture of over 1,000 characters is refused, as $fromMillis refuses one', async () => {
    const { ours } = both('$toMillis("2018", "[Y]" & $pad("", 1000, "-"))');
    await expect(ours.evaluate(null)).rejects.toThrow(/"toMillis" takes a picture of at most 1000/);
  });
});
