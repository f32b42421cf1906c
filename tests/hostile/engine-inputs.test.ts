import type { JsonObject } from '../../packages/asl/src/json';
import { MAX_DEFINITION_LENGTH, MAX_JSON_DEPTH } from '../../packages/sfn-engine/src/json-limits';
import { engineWith } from '../engine/harness';

// The engine used in-process (jest tests, scripts) applies the same quotas as the server's wire:
// a caller's definition or input is checked before anything parses or walks it.

const passing: JsonObject = { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } };

/** An object nested `depth` levels deep, built without recursion. */
function nested(depth: number): JsonObject {
  let value: JsonObject = {};
  for (let level = 1; level < depth; level++) value = { a: value };
  return value;
}

test('a definition longer than the service allows (1,048,576 characters) is refused with ValidationException', () => {
  const definition = { ...passing, Comment: 'x'.repeat(MAX_DEFINITION_LENGTH) };
  expect(() => engineWith().createStateMachine({ name: 'huge', definition })).toThrow(
    expect.objectContaining({
      name: 'ValidationException',
      message: expect.stringContaining('less than or equal to 1048576') as string,
    }) as Error,
  );
});

test('a definition nested deeper than the engine walks is refused with InvalidDefinition, not a stack overflow', () => {
  for (const depth of [MAX_JSON_DEPTH + 5, 100_000]) {
    const definition = { ...passing, Comment: nested(depth) } as unknown as JsonObject;
    expect(() => engineWith().createStateMachine({ name: `deep-${depth}`, definition })).toThrow(
      expect.objectContaining({
        name: 'InvalidDefinition',
        message: expect.stringContaining(`deeper than ${MAX_JSON_DEPTH} levels`) as string,
      }) as Error,
    );
  }
});

test('an input nested deeper than the engine walks is refused with InvalidExecutionInput', () => {
  const engine = engineWith();
  const { stateMachineArn } = engine.createStateMachine({ name: 'shallow', definition: passing });
  expect(() => engine.startExecution({ stateMachineArn, input: nested(MAX_JSON_DEPTH + 5) })).toThrow(
    expect.objectContaining({ name: 'InvalidExecutionInput' }) as Error,
  );
});
