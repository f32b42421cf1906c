import type { StepFunctionsEngine } from '../../engine/engine';
import { ValidationException } from '../../engine/api/errors';
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
    const input = optionalString(body, 'input');
    const roleArn = optionalString(body, 'roleArn');
    const variables = optionalString(body, 'variables');
    return engine.testState({
      definition: requiredString(body, 'definition'),
      inspectionLevel: level as InspectionLevel,
      ...(input === undefined ? {} : { input }),
      ...(roleArn === undefined ? {} : { roleArn }),
      ...(variables === undefined ? {} : { variables }),
    });
  };
}
