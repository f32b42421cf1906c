import { wildcardMatcher } from '../../packages/sfn-engine/src/query/jsonpath/choice-rules';

describe('StringMatches wildcards', () => {
  test.each([
    ['log-*.txt', 'log-2026.txt', true],
    ['log-*.txt', 'log-.txt', true],
    ['log-*.txt', 'log-2026.txt.gz', false],
    ['*', '', true],
    ['a*b*c', 'abc', true],
    ['a*b*c', 'aXbYbZc', true],
    ['a*b*c', 'acb', false],
    ['*ab*ab', 'abab', true],
    ['*aa', 'a', false],
    ['literal \\* star', 'literal * star', true],
    ['literal \\* star', 'literal x star', false],
    ['back\\\\slash*', 'back\\slash and more', true],
    ['no stars', 'no stars', true],
    ['no stars', 'no stars!', false],
  ])('%s against %s is %s', (pattern, text, expected) => {
    expect(wildcardMatcher(pattern)(text)).toBe(expected);
  });

  test('a pattern of many stars against a long text answers at once, with no backtracking', () => {
    // With a regex per star this takes longer than the age of the universe; it must simply answer.
    const pattern = `${'*a'.repeat(12)}*b`;
    expect(wildcardMatcher(pattern)('a'.repeat(100_000))).toBe(false);
    expect(wildcardMatcher(pattern)(`${'a'.repeat(100_000)}b`)).toBe(true);
  });
});
