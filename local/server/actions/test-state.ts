import type { StepFunctionsEngine } from '../../engine/engine';
import { InvalidDefinition, InvalidExecutionInput, ValidationException } from '../../engine/api/errors';
import { withinDepth } from '../json-limits';
import type { InspectionLevel } from '../../engine/test-state';
import { type Action, optionalString, requiredString } from '../wire';

const LEVELS: readonly InspectionLevel[] = ['INFO', 'DEBUG', 'TRACE'];

/** TestState with its inspection levels (INFO: output and status; DEBUG/TRACE: each data-flow step). */
export function testStateAction(engine: StepFunctionsEngine): Action {
  return (body) => {
    const level = optionalString(body, 'inspectionLevel') ?? 'INFO';
    if (!LEVELS.includes(level as InspectionLevel)) {
      throw new ValidationException(
        `1 validation error detected: Value '${level}' at 'inspectionLevel' failed to satisfy constraint: Member must satisfy enum value set: [INFO, DEBUG, TRACE]`,
      );
    }
    const input = withinDepth(
      optionalString(body, 'input'),
      'The input',
      (message) => new InvalidExecutionInput(`Invalid State Machine Execution Input: '${message}'`),
    );
    const roleArn = optionalString(body, 'roleArn');
    const variables = withinDepth(
      optionalString(body, 'variables'),
      'The variables',
      (message) => new ValidationException(message),
    );
    const definition = withinDepth(
      requiredString(body, 'definition'),
      'The definition',
      (message) =>
        new InvalidDefinition(`Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${message}'`),
    );
    return engine.testState({
      definition,
      inspectionLevel: level as InspectionLevel,
      ...(input === undefined ? {} : { input }),
      ...(roleArn === undefined ? {} : { roleArn }),
      ...(variables === undefined ? {} : { variables }),
    });
  };
}
