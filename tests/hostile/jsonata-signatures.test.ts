import type { JsonObject } from '../../packages/asl/src/json';
import {
  MAX_ARRAY_CONSTRUCTOR_ITEMS,
  MAX_SIGNATURE_QUANTIFIERS,
} from '../../packages/sfn-engine/src/query/jsonata/expression-limits';
import { engineWith, runDefinition } from '../engine/harness';

// JSONata matches a call's arguments against a regular expression built from the function's
// signature, natively, where no budget reaches. Optional parameters make a mismatch backtrack
// exponentially (30 of them: over a minute), so such signatures are refused at create time.

const calling = (optional: number): JsonObject => {
  const signature = `<${'s?'.repeat(optional)}n>`;
  const args = Array.from({ length: optional }, () => '"a"').join(', ');
  return {
    QueryLanguage: 'JSONata',
    StartAt: 'P',
    States: {
      P: { Type: 'Pass', Output: `{% ($f := function($a)${signature} { 1 }; $f(${args})) %}`, End: true },
    },
  };
};

test('a signature with more optional parameters than the limit is refused, naming the field and the limit', () => {
  let thrown: unknown;
  try {
    engineWith().createStateMachine({ name: 'sig', definition: calling(30) });
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toMatchObject({ name: 'InvalidDefinition' });
  expect((thrown as Error).message).toContain('Output');
  expect((thrown as Error).message).toContain(`at most ${MAX_SIGNATURE_QUANTIFIERS}`);
});

test('a signature within the limit runs, and a call that does not match it fails as JSONata says', async () => {
  const { execution } = await runDefinition(calling(MAX_SIGNATURE_QUANTIFIERS - 1));
  expect(execution).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
  expect(execution.cause).toMatch(/does not match function signature/);
});

// The library builds an array constructor's value by copying it once per item: n²/2 copies, in
// steps the budget does not time (200,000 items held the server for minutes). Such constructors
// are refused at create time; data that large belongs in the input.

const counting = (items: number): JsonObject => ({
  QueryLanguage: 'JSONata',
  StartAt: 'P',
  States: {
    P: { Type: 'Pass', Output: `{% $count([${Array(items).fill('1').join(', ')}]) %}`, End: true },
  },
});

test('an array constructor of more items than the limit is refused, naming the field and the limit', () => {
  let thrown: unknown;
  try {
    engineWith().createStateMachine({ name: 'array', definition: counting(MAX_ARRAY_CONSTRUCTOR_ITEMS + 1) });
  } catch (error) {
    thrown = error;
  }
  expect(thrown).toMatchObject({ name: 'InvalidDefinition' });
  expect((thrown as Error).message).toContain('Output');
  expect((thrown as Error).message).toContain(`at most ${MAX_ARRAY_CONSTRUCTOR_ITEMS} are allowed`);
});

test('an array constructor at the limit runs', async () => {
  const { execution } = await runDefinition(counting(MAX_ARRAY_CONSTRUCTOR_ITEMS));
  expect(execution).toMatchObject({ status: 'SUCCEEDED', output: String(MAX_ARRAY_CONSTRUCTOR_ITEMS) });
});
