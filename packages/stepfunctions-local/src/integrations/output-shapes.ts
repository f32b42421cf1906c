import { NormalizedSchema } from '@smithy/core/schema';
import type { Json } from '@myblog/asl';
import { isObject } from '@myblog/asl';
import { parseTaskResource } from '@myblog/asl';
import type { MockResultChecker } from '@myblog/sfn-engine';
import { sdkModuleOf } from './sdk-clients';

/**
 * The API whose output an optimized integration returns (for `.sync`, the API the service polls
 * until the job ends). Integrations not listed here, and aws-sdk services whose SDK is not
 * installed, have no known shape: their mocks are only checked to be JSON.
 */
const OPTIMIZED: Readonly<Record<string, { readonly service: string; readonly action: string }>> = {
  'lambda:invoke': { service: 'lambda', action: 'Invoke' },
  'sqs:sendMessage': { service: 'sqs', action: 'SendMessage' },
  'sns:publish': { service: 'sns', action: 'Publish' },
  'dynamodb:getItem': { service: 'dynamodb', action: 'GetItem' },
  'dynamodb:putItem': { service: 'dynamodb', action: 'PutItem' },
  'dynamodb:updateItem': { service: 'dynamodb', action: 'UpdateItem' },
  'dynamodb:deleteItem': { service: 'dynamodb', action: 'DeleteItem' },
  'events:putEvents': { service: 'eventbridge', action: 'PutEvents' },
  'states:startExecution': { service: 'sfn', action: 'StartExecution' },
  'states:startExecution.sync': { service: 'sfn', action: 'DescribeExecution' },
  'states:startExecution.sync:2': { service: 'sfn', action: 'DescribeExecution' },
};

const PREFIX = 'Mock result schema validation error: ';

/**
 * Step Functions names every field of a service's request and response in PascalCase, whatever
 * case the service's own API uses (Step Functions' `executionArn` is `ExecutionArn` in a task's
 * result); a mock is written in those names.
 */
const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

/** The members a structure requires: the SDK's schema lists them first and counts them. */
function requiredMembers(schema: NormalizedSchema): string[] {
  const raw = schema.getSchema();
  if (!Array.isArray(raw)) return [];
  const names: unknown = raw[4];
  const count: unknown = raw[6];
  return Array.isArray(names) && typeof count === 'number' ? names.slice(0, count).map(String) : [];
}

/** The first way `value` does not fit `schema`, in AWS's words, or undefined. */
function mismatch(value: Json, schema: NormalizedSchema, field: string, strict: boolean): string | undefined {
  const wrong = (kind: string) => `${PREFIX}Field '${field}' must be ${kind}`;
  if (schema.isDocumentSchema()) return undefined;
  if (schema.isStructSchema() || schema.isUnionSchema()) {
    if (!isObject(value)) return wrong('an object');
    return structMismatch(value, schema, strict);
  }
  if (schema.isListSchema()) {
    if (!Array.isArray(value)) return wrong('an array');
    const item = schema.getValueSchema();
    for (const element of value) {
      const problem = mismatch(element, item, field, strict);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  if (schema.isMapSchema()) {
    if (!isObject(value)) return wrong('an object');
    const entry = schema.getValueSchema();
    for (const element of Object.values(value)) {
      const problem = mismatch(element, entry, field, strict);
      if (problem !== undefined) return problem;
    }
    return undefined;
  }
  // Blobs travel as base64 text and timestamps as ISO text in a task's result.
  if (schema.isStringSchema() || schema.isBlobSchema() || schema.isTimestampSchema())
    return typeof value === 'string' ? undefined : wrong('a string');
  if (schema.isNumericSchema() || schema.isBigIntegerSchema() || schema.isBigDecimalSchema())
    return typeof value === 'number' ? undefined : wrong('a number');
  if (schema.isBooleanSchema()) return typeof value === 'boolean' ? undefined : wrong('a boolean');
  return undefined;
}

/** STRICT: every required member present; then every present member that the API has, checked. */
function structMismatch(
  value: { readonly [key: string]: Json },
  schema: NormalizedSchema,
  strict: boolean,
): string | undefined {
  if (strict)
    for (const name of requiredMembers(schema))
      if (!Object.hasOwn(value, pascal(name))) return `${PREFIX}Required field '${pascal(name)}' is missing`;
  const members = new Map<string, NormalizedSchema>();
  for (const [name, member] of schema.structIterator()) members.set(pascal(name), member);
  for (const [key, inner] of Object.entries(value)) {
    // A field the API does not have is left alone (the service adds its own, e.g. SdkHttpMetadata).
    const member = members.get(key);
    if (member === undefined) continue;
    const problem = mismatch(inner, member, key, strict);
    if (problem !== undefined) return problem;
  }
  return undefined;
}

/**
 * Holds a mocked Task result to the output shape of the API its resource calls, from the schemas
 * the installed @aws-sdk clients carry: member names, types (string, number, boolean, timestamp,
 * blob, list, map, structure) and which members are required. Those schemas carry no enum
 * values, lengths or ranges, so those are not checked; nor is a number's integrality.
 */
export class SdkOutputShapes implements MockResultChecker {
  async check(resource: string, result: Json, mode: 'STRICT' | 'PRESENT'): Promise<string | undefined> {
    const target = this.apiOf(resource);
    if (target === undefined) return undefined;
    const module = await sdkModuleOf(target.service);
    const operation = module?.[`${target.action}$`];
    // An operation schema: [9, namespace, name, traits, input, output].
    if (!Array.isArray(operation) || operation[0] !== 9) return undefined;
    const output = NormalizedSchema.of(operation[5] as Parameters<typeof NormalizedSchema.of>[0]);
    if (!output.isStructSchema()) return undefined;
    if (!isObject(result)) return `${PREFIX}The mocked result must be a JSON object`;
    return structMismatch(result, output, mode === 'STRICT');
  }

  private apiOf(resource: string): { service: string; action: string } | undefined {
    const parsed = parseTaskResource(resource);
    if (parsed.kind !== 'integration') return undefined;
    if (parsed.resourceType.startsWith('aws-sdk:'))
      return { service: parsed.resourceType.slice('aws-sdk:'.length), action: pascal(parsed.action) };
    return OPTIMIZED[`${parsed.resourceType}:${parsed.resource}`];
  }
}
