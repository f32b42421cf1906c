import type { JsonObject } from '../../packages/asl/src/json';
import { engineWith, runDefinition } from '../engine/harness';

// A JSONPath filter is input from whoever creates the state machine. The service's filters
// compare values; anything more (a method call, a regular expression) could hold the event loop
// (`@.s.match(/(a+)+$/)` backtracked for 85 s), so it is refused before it can run.

const selecting = (path: string): JsonObject => ({
  StartAt: 'P',
  States: { P: { Type: 'Pass', Parameters: { 'v.$': path }, End: true } },
});

function refusal(path: string): string {
  try {
    engineWith().createStateMachine({ name: 'filter', definition: selecting(path) });
  } catch (error) {
    expect(error).toMatchObject({ name: 'InvalidDefinition' });
    return (error as Error).message;
  }
  throw new Error(`${path} was accepted`);
}

describe('a filter that is more than a comparison is refused at create time', () => {
  test.each([
    ['a method call', '$.a[?(@.s.repeat(1e9))]'],
    ['a regular expression', '$.a[?(@.s.match(/(a+)+$/))]'],
    ["Jayway's regex operator", '$.a[?(@.s =~ /(a+)+$/)]'],
    ['arithmetic', '$.a[?(@.n * 2 > 3)]'],
    ['a script expression', '$.a[(@.length - 1)]'],
    ['a bare identifier', '$.a[?(globalThis)]'],
    ['an unclosed filter', '$.a[?(@.n > 1]'],
  ])('%s: %s', (_kind, path) => {
    expect(refusal(path)).toContain('is not a valid JSONPath');
  });

  test('the refusal names the path and what in the filter is not a comparison', () => {
    const message = refusal('$.a[?(@.s.repeat(9))]');
    expect(message).toContain('$.a[?(@.s.repeat(9))]');
    expect(message).toContain('calls a function');
  });
});

describe('filters that compare still select', () => {
  const items: JsonObject[] = [
    { n: 1, s: 'a', tag: 'x' },
    { n: 5, s: 'b' },
    { n: 9, s: 'a b', tag: 'y' },
  ];
  test.each([
    ['$.items[?(@.n > 1)].n', [5, 9]],
    ['$.items[?(@.n >= 5 && @.s == "b")].n', [5]],
    ["$.items[?(@.s == 'a b' || @.n < 2)].n", [1, 9]],
    ['$.items[?(!(@.n == 5))].n', [1, 9]],
    ['$.items[?(@.tag)].n', [1, 9]],
    ["$.items[?(@['s'] != 'a')].n", [5, 9]],
    ['$.items[?(@.n > -1)].n', [1, 5, 9]],
  ])('%s', async (path, expected) => {
    const { execution } = await runDefinition(selecting(path), { items });
    expect(execution.status).toBe('SUCCEEDED');
    expect(JSON.parse(execution.output as string)).toEqual({ v: expected });
  });
});
