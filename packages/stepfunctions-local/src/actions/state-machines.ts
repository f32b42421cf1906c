import type { StepFunctionsEngine, StateMachineType } from '@myblog/sfn-engine';
import { InvalidDefinition, MissingRequiredParameter } from '@myblog/sfn-engine';
import { withinDepth } from '../json-limits';
import { page } from '../paging';
import { type Action, optionalEnum, optionalString, requiredString, type RequestBody } from '../wire';
import type { TagStore } from './tags';
import { validateStateMachineDefinition } from './validate-definition';
import { publishOptions } from './versions';

const MACHINE_TYPES: readonly StateMachineType[] = ['STANDARD', 'EXPRESS'];

function machineType(body: RequestBody): StateMachineType {
  return optionalEnum(body, 'type', MACHINE_TYPES) ?? 'STANDARD';
}

/** A definition the engine may walk: one nested too deep is an InvalidDefinition, as bad JSON is. */
const definitionText = <T extends string | undefined>(text: T): T =>
  withinDepth(
    text,
    'The definition',
    (message) =>
      new InvalidDefinition(`Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${message}'`),
  );

const LOGGING_OFF = { level: 'OFF', includeExecutionData: false };
const TRACING_OFF = { enabled: false };

/** CreateStateMachine, DescribeStateMachine, ListStateMachines, UpdateStateMachine, DeleteStateMachine, ValidateStateMachineDefinition. */
export function stateMachineActions(engine: StepFunctionsEngine, tags: TagStore): Record<string, Action> {
  return {
    // A definition's expressions are parsed first, a slice at a time (withDefinitionParsed): a
    // large one no longer holds every other request for seconds.
    CreateStateMachine: (body) => {
      const request = {
        name: requiredString(body, 'name'),
        definition: definitionText(requiredString(body, 'definition')),
        roleArn: requiredString(body, 'roleArn'),
        type: machineType(body),
        ...publishOptions(body),
      };
      return engine.withDefinitionParsed(request.definition, () => {
        const created = engine.createStateMachine(request);
        tags.tag(created.stateMachineArn, body['tags']);
        return created;
      });
    },
    DescribeStateMachine: (body) => {
      const machine = engine.describeStateMachine(requiredString(body, 'stateMachineArn'));
      return { ...machine, loggingConfiguration: LOGGING_OFF, tracingConfiguration: TRACING_OFF };
    },
    ListStateMachines: (body) => {
      const all = engine.listStateMachines().map((m) => ({
        stateMachineArn: m.stateMachineArn,
        name: m.name,
        type: m.type,
        creationDate: m.creationDate,
      }));
      const { items, nextToken } = page(all, body, 'machines');
      return { stateMachines: items, nextToken };
    },
    UpdateStateMachine: (body) => {
      const definition = definitionText(optionalString(body, 'definition'));
      const roleArn = optionalString(body, 'roleArn');
      const updates = ['definition', 'roleArn', 'loggingConfiguration', 'tracingConfiguration'];
      if (updates.every((member) => body[member] === undefined || body[member] === null))
        throw new MissingRequiredParameter(
          'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified',
        );
      const request = {
        stateMachineArn: requiredString(body, 'stateMachineArn'),
        ...(definition === undefined ? {} : { definition }),
        ...(roleArn === undefined ? {} : { roleArn }),
        ...publishOptions(body),
      };
      return definition === undefined
        ? engine.updateStateMachine(request)
        : engine.withDefinitionParsed(definition, () => engine.updateStateMachine(request));
    },
    DeleteStateMachine: (body) => {
      const arn = requiredString(body, 'stateMachineArn');
      engine.deleteStateMachine(arn);
      tags.forget(arn);
      return {};
    },
    ValidateStateMachineDefinition: (body) => validateStateMachineDefinition(engine, body),
  };
}
