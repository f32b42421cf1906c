import { jsonPath, jsonPathCacheSize } from '../../packages/sfn-engine/src/query/jsonpath/json-path';

// Path texts come from whoever sends a definition or a TestState: what is kept of them is bounded.
describe('the cache of compiled JSONPath paths', () => {
  test('keeps at most 10,000 paths, however many distinct ones are compiled', () => {
    for (let i = 0; i < 25_000; i += 1) jsonPath(`$.items[${i}].name`);
    expect(jsonPathCacheSize().paths).toBeLessThanOrEqual(10_000);
  });

  test('keeps at most a mebibyte of path text, however long the paths', () => {
    for (let i = 0; i < 20; i += 1) jsonPath(`$.${'a'.repeat(256 * 1024)}${i}`);
    expect(jsonPathCacheSize().characters).toBeLessThanOrEqual(1024 * 1024);
  });

  test('a path compiled again while kept is the same compiled path', () => {
    expect(jsonPath('$.order.total')).toBe(jsonPath('$.order.total'));
  });
});
