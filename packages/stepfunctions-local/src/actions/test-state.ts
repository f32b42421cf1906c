import type { StepFunctionsEngine } from '@myblog/sfn-engine';
import { InvalidDefinition, InvalidExecutionInput, ValidationException } from '@myblog/sfn-engine';
import type { InspectionLevel } from '@myblog/sfn-engine';
import { SdkOutputShapes } from '../integrations/output-shapes';
import { withinDepth } from '../json-limits';
import { type Action, optionalBoolean, optionalEnum, optionalString, requiredString } from '../wire';
import { mockOf, stateConfigurationOf, stateNameOf } from './test-state-request';

const LEVELS: readonly InspectionLevel[] = ['INFO', 'DEBUG', 'TRACE'];

/**
 * TestState as the API reference describes it: one state, or one state of a whole machine
 * (`stateName`), with its inspection levels, variables, a mock for a Task, Map or Parallel checked
 * against the SDK's output shapes, the context object and the state's configuration.
 */
export function testStateAction(engine: StepFunctionsEngine): Action {
  const shapes = new SdkOutputShapes();
  return (body) => {
    const level = optionalEnum(body, 'inspectionLevel', LEVELS) ?? 'INFO';
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
    const context = withinDepth(
      optionalString(body, 'context'),
      'The context',
      (message) => new ValidationException(`Invalid Context object provided: ${message}`),
    );
    const stateName = stateNameOf(body);
    const revealSecrets = optionalBoolean(body, 'revealSecrets');
    const mock = mockOf(body);
    const stateConfiguration = stateConfigurationOf(body);
    // The state is validated and compiled as testState starts, synchronously: its expressions
    // are parsed a slice at a time before, as CreateStateMachine's are.
    return engine.withDefinitionParsed(definition, () =>
      engine.testState(
        {
          definition,
          inspectionLevel: level,
          ...(input === undefined ? {} : { input }),
          ...(roleArn === undefined ? {} : { roleArn }),
          ...(variables === undefined ? {} : { variables }),
          ...(stateName === undefined ? {} : { stateName }),
          ...(revealSecrets === undefined ? {} : { revealSecrets }),
          ...(mock === undefined ? {} : { mock }),
          ...(context === undefined ? {} : { context }),
          ...(stateConfiguration === undefined ? {} : { stateConfiguration }),
        },
        shapes,
      ),
    );
  };
}
