/**
 * Built-ins we register over the `jsonata` library's (registered-functions.ts) against the
 * library's own: one expression text evaluated both ways must give the same value, error for
 * error, sequence or array.
 */
import { isDeepStrictEqual } from 'node:util';
import jsonata from 'jsonata';
import { REGISTERED_FUNCTIONS } from '../../packages/sfn-engine/src/query/jsonata/registered-functions';

export type Outcome = { value: unknown; sequence: boolean } | { error: string };

export async function outcome(expression: jsonata.Expression, input: unknown): Promise<Outcome> {
  try {
    const value: unknown = await expression.evaluate(input);
    return { value, sequence: (value as { sequence?: unknown } | undefined)?.sequence === true };
  } catch (error) {
    return { error: String((error as { code?: unknown }).code ?? error) };
  }
}

/** The library's own functions, and ours registered over them, on one expression text. */
export function both(text: string): { library: jsonata.Expression; ours: jsonata.Expression } {
  const ours = jsonata(text);
  for (const fn of REGISTERED_FUNCTIONS) ours.registerFunction(fn.name, fn.implementation, fn.signature);
  return { library: jsonata(text), ours };
}

export async function expectSameOutcomes(text: string, inputs: readonly unknown[]): Promise<void> {
  const { library, ours } = both(text);
  const differences: string[] = [];
  for (const input of inputs) {
    const expected = await outcome(library, input);
    const actual = await outcome(ours, input);
    if (!isDeepStrictEqual(actual, expected))
      differences.push(`${JSON.stringify(input)}: ${JSON.stringify(actual)} ≠ ${JSON.stringify(expected)}`);
  }
  expect(differences.slice(0, 5)).toEqual([]);
}
