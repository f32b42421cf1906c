import type { Json } from '@myblog/asl';
import { StatesError } from '@myblog/sfn-engine';
import { errorPrefixOf } from './sdk-clients';

/** Blob members that Step Functions takes as text: the SDK needs bytes there. */
const BLOB_FIELDS: Readonly<Record<string, readonly string[]>> = {
  'kinesis:putRecord': ['Data'],
  'lambda:invoke': ['Payload'],
};

export function toSdkInput(service: string, action: string, parameters: Json): unknown {
  const fields = BLOB_FIELDS[`${service}:${action}`];
  if (
    fields === undefined ||
    typeof parameters !== 'object' ||
    parameters === null ||
    Array.isArray(parameters)
  )
    return parameters;
  const input: Record<string, unknown> = { ...parameters };
  for (const field of fields) {
    const value = input[field];
    if (typeof value === 'string') input[field] = Buffer.from(value, 'utf8');
    else if (value !== undefined && typeof value === 'object')
      input[field] = Buffer.from(JSON.stringify(value), 'utf8');
  }
  return input;
}

function isStream(value: unknown): value is { transformToString(): Promise<string> } {
  return (
    typeof value === 'object' &&
    value !== null &&
    typeof (value as { transformToString?: unknown }).transformToString === 'function'
  );
}

/**
 * An SDK result as a task result: without `$metadata`, dates as ISO text, bytes as base64 and a
 * streamed body read as text, which is what the service hands to the next state.
 */
export async function fromSdkOutput(value: unknown): Promise<Json> {
  if (value === undefined || value === null) return null;
  if (value instanceof Date) return value.toISOString();
  if (value instanceof Uint8Array) return Buffer.from(value).toString('base64');
  if (isStream(value)) return value.transformToString();
  if (Array.isArray(value)) return Promise.all(value.map(fromSdkOutput));
  if (typeof value === 'object') {
    const entries: [string, Json][] = [];
    for (const [key, inner] of Object.entries(value))
      if (key !== '$metadata' && inner !== undefined) entries.push([key, await fromSdkOutput(inner)]);
    // fromEntries keeps a key named __proto__ (a DynamoDB attribute, say) as data.
    return Object.fromEntries(entries);
  }
  return value as Json;
}

/** An SDK error as the task error Step Functions reports: `<Service>.<Name>Exception`. */
export function sdkTaskError(service: string, error: unknown, prefix = errorPrefixOf(service)): StatesError {
  if (error instanceof StatesError) return error;
  const named = error as { name?: string; message?: string };
  const name = named.name && named.name !== 'Error' ? named.name : 'Unknown';
  const suffixed = name.endsWith('Exception') ? name : `${name}Exception`;
  return new StatesError(`${prefix}.${suffixed}`, named.message ?? String(error));
}
