import { BoundedTextCache } from '../../packages/sfn-engine/src/query/bounded-cache';

describe('BoundedTextCache', () => {
  test('works a text out once while it is kept', () => {
    const cache = new BoundedTextCache<number>(10, 1_000);
    let made = 0;
    const length = (text: string) => {
      made += 1;
      return text.length;
    };
    expect([cache.get('abc', length), cache.get('abc', length)]).toEqual([3, 3]);
    expect(made).toBe(1);
  });

  test('keeps a value that is undefined as a value', () => {
    const cache = new BoundedTextCache<string | undefined>(10, 1_000);
    let made = 0;
    const nothing = () => {
      made += 1;
      return undefined;
    };
    cache.get('x', nothing);
    cache.get('x', nothing);
    expect(made).toBe(1);
  });

  test('drops the oldest past its number of entries or its characters in all', () => {
    const byCount = new BoundedTextCache<number>(3, 1_000);
    for (const text of ['a', 'b', 'c', 'd']) byCount.get(text, () => 0);
    expect(byCount.size).toEqual({ entries: 3, characters: 3 });
    let remade = false;
    byCount.get('a', () => ((remade = true), 0));
    expect(remade).toBe(true);

    const byCharacters = new BoundedTextCache<number>(100, 10);
    for (const text of ['aaaa', 'bbbb', 'cccc']) byCharacters.get(text, () => 0);
    expect(byCharacters.size).toEqual({ entries: 2, characters: 8 });
  });
});
