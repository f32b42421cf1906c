import { NormalizedSchema } from '@smithy/core/schema';

/**
 * Step Functions names the fields of an `aws-sdk:*` request and result in PascalCase, whatever
 * case the service's own API uses: Step Functions' own `executionArn` is `ExecutionArn` in a
 * Task's Arguments and result. The SDK clients want the API's names. These two walks rename the
 * members of each structure by the operation's schema, leaving a map's keys (an Item's attribute
 * names, tags, environment variables) as they are. For APIs already in PascalCase (S3, DynamoDB,
 * SNS...) nothing changes.
 */

const pascal = (name: string): string => name.charAt(0).toUpperCase() + name.slice(1);

type Direction = 'toSdk' | 'toStepFunctions';

function isPlainObject(value: unknown): value is Record<string, unknown> {
  if (typeof value !== 'object' || value === null || Array.isArray(value)) return false;
  const prototype = Object.getPrototypeOf(value) as unknown;
  return prototype === Object.prototype || prototype === null;
}

function rename(value: unknown, schema: NormalizedSchema, direction: Direction): unknown {
  if (schema.isDocumentSchema()) return value;
  if ((schema.isStructSchema() || schema.isUnionSchema()) && isPlainObject(value)) {
    const members = new Map<string, [string, NormalizedSchema]>();
    for (const [name, member] of schema.structIterator()) {
      members.set(direction === 'toSdk' ? pascal(name) : name, [
        direction === 'toSdk' ? name : pascal(name),
        member,
      ]);
    }
    const renamed: Record<string, unknown> = {};
    for (const [key, inner] of Object.entries(value)) {
      const member = members.get(key);
      // A field the API does not have goes on as it is: the SDK (or the next state) sees it as given.
      if (member === undefined) renamed[key] = inner;
      else renamed[member[0]] = rename(inner, member[1], direction);
    }
    return renamed;
  }
  if (schema.isListSchema() && Array.isArray(value))
    return value.map((item) => rename(item, schema.getValueSchema(), direction));
  if (schema.isMapSchema() && isPlainObject(value)) {
    const entry = schema.getValueSchema();
    return Object.fromEntries(
      Object.entries(value).map(([key, inner]) => [key, rename(inner, entry, direction)]),
    );
  }
  return value;
}

/** The operation's input or output schema from the SDK module: `[9, namespace, name, traits, input, output]`. */
function operationSchema(
  module: Readonly<Record<string, unknown>>,
  action: string,
  side: 'input' | 'output',
): NormalizedSchema | undefined {
  const operation = module[`${pascal(action)}$`];
  if (!Array.isArray(operation) || operation[0] !== 9) return undefined;
  return NormalizedSchema.of(
    operation[side === 'input' ? 4 : 5] as Parameters<typeof NormalizedSchema.of>[0],
  );
}

/** A Task's Arguments (PascalCase) as the SDK's input for the action. */
export function toSdkMemberNames(
  module: Readonly<Record<string, unknown>>,
  action: string,
  input: unknown,
): unknown {
  const schema = operationSchema(module, action, 'input');
  return schema === undefined ? input : rename(input, schema, 'toSdk');
}

/** The SDK's output for the action with its members named as Step Functions names them (PascalCase). */
export function toStepFunctionsMemberNames<T>(
  module: Readonly<Record<string, unknown>>,
  action: string,
  output: T,
): T {
  const schema = operationSchema(module, action, 'output');
  if (schema === undefined || !isPlainObject(output)) return output;
  const { $metadata, ...members } = output as Record<string, unknown>;
  return { ...(rename(members, schema, 'toStepFunctions') as object), $metadata } as T;
}
