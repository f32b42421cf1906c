import { SerializationException, ValidationException } from '@myblog/sfn-engine';
import type { StepFunctionsEngine } from '@myblog/sfn-engine';
import type { RoutingEntry } from '@myblog/sfn-engine';
import { isObject } from '@myblog/asl';
import { page } from '../paging';
import { type Action, optionalBoolean, optionalString, requiredString, type RequestBody } from '../wire';

/** `publish` and `versionDescription`, as CreateStateMachine and UpdateStateMachine take them. */
export function publishOptions(body: RequestBody): { publish?: boolean; versionDescription?: string } {
  const publish = optionalBoolean(body, 'publish');
  const versionDescription = optionalString(body, 'versionDescription');
  return {
    ...(publish === undefined ? {} : { publish }),
    ...(versionDescription === undefined ? {} : { versionDescription }),
  };
}

const mustNotBeNull = (member: string) =>
  new ValidationException(
    `1 validation error detected: Value null at '${member}' failed to satisfy constraint: Member must not be null`,
  );

/**
 * routingConfiguration as the JSON protocol reads it: a list of objects with a string
 * stateMachineVersionArn and an integer weight. The service's own checks (1 or 2 items, weights
 * 0-100 summing to 100, versions of one machine) are the engine's.
 */
function routingConfiguration(body: RequestBody): RoutingEntry[] | undefined {
  const value = body['routingConfiguration'];
  if (value === undefined || value === null) return undefined;
  if (!Array.isArray(value)) throw new SerializationException('Expected a list for routingConfiguration');
  return value.map((item: unknown, index) => {
    const member = `routingConfiguration.${index + 1}.member`;
    if (!isObject(item)) throw new SerializationException(`Expected a structure for ${member}`);
    const arn = item['stateMachineVersionArn'];
    const weight = item['weight'];
    if (arn === undefined || arn === null) throw mustNotBeNull(`${member}.stateMachineVersionArn`);
    if (typeof arn !== 'string')
      throw new SerializationException(`${member}.stateMachineVersionArn must be a string`);
    if (weight === undefined || weight === null) throw mustNotBeNull(`${member}.weight`);
    if (typeof weight !== 'number' || !Number.isInteger(weight))
      throw new SerializationException(`${member}.weight must be an integer`);
    return { stateMachineVersionArn: arn, weight };
  });
}

/** Versions: PublishStateMachineVersion, ListStateMachineVersions, DeleteStateMachineVersion. */
export function versionActions(engine: StepFunctionsEngine): Record<string, Action> {
  const versioning = engine.versioning;
  return {
    PublishStateMachineVersion: (body) => {
      const revisionId = optionalString(body, 'revisionId');
      const description = optionalString(body, 'description');
      return versioning.publishStateMachineVersion({
        stateMachineArn: requiredString(body, 'stateMachineArn'),
        ...(revisionId === undefined ? {} : { revisionId }),
        ...(description === undefined ? {} : { description }),
      });
    },
    ListStateMachineVersions: (body) => {
      const versions = versioning.listStateMachineVersions(requiredString(body, 'stateMachineArn'));
      const { items, nextToken } = page(versions, body, 'versions');
      return { stateMachineVersions: items, nextToken };
    },
    DeleteStateMachineVersion: (body) => {
      versioning.deleteStateMachineVersion(requiredString(body, 'stateMachineVersionArn'));
      return {};
    },
  };
}

/** Aliases: Create, Describe, Update, Delete and ListStateMachineAliases. */
export function aliasActions(engine: StepFunctionsEngine): Record<string, Action> {
  const versioning = engine.versioning;
  return {
    CreateStateMachineAlias: (body) => {
      const description = optionalString(body, 'description');
      const routing = routingConfiguration(body);
      if (routing === undefined) throw mustNotBeNull('routingConfiguration');
      return versioning.createStateMachineAlias({
        name: requiredString(body, 'name'),
        ...(description === undefined ? {} : { description }),
        routingConfiguration: routing,
      });
    },
    DescribeStateMachineAlias: (body) => {
      const alias = versioning.describeStateMachineAlias(requiredString(body, 'stateMachineAliasArn'));
      return {
        stateMachineAliasArn: alias.arn,
        name: alias.name,
        description: alias.description,
        routingConfiguration: alias.routing,
        creationDate: alias.creationDate,
        updateDate: alias.updateDate,
      };
    },
    UpdateStateMachineAlias: (body) => {
      const description = optionalString(body, 'description');
      const routing = routingConfiguration(body);
      return versioning.updateStateMachineAlias({
        stateMachineAliasArn: requiredString(body, 'stateMachineAliasArn'),
        ...(description === undefined ? {} : { description }),
        ...(routing === undefined ? {} : { routingConfiguration: routing }),
      });
    },
    DeleteStateMachineAlias: (body) => {
      versioning.deleteStateMachineAlias(requiredString(body, 'stateMachineAliasArn'));
      return {};
    },
    ListStateMachineAliases: (body) => {
      const aliases = versioning.listStateMachineAliases(requiredString(body, 'stateMachineArn'));
      const { items, nextToken } = page(aliases, body, 'aliases');
      return { stateMachineAliases: items, nextToken };
    },
  };
}
