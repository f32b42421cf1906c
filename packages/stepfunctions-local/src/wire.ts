import { SerializationException, type ServiceError, ValidationException } from '@myblog/sfn-engine';
import { ProtocolError } from './protocol-errors';

/** A request body as the JSON 1.0 protocol delivers it. */
export type RequestBody = { readonly [key: string]: unknown };

/** What an action answers: any JSON-able object; Dates become epoch seconds on the wire. */
export type ActionResult = object;

export type Action = (body: RequestBody) => ActionResult | Promise<ActionResult>;

/** Dates as the JSON protocol sends them: epoch seconds with milliseconds as the fraction. */
export function toWire(value: unknown): unknown {
  if (value instanceof Date) return value.getTime() / 1000;
  if (Array.isArray(value)) return value.map(toWire);
  if (typeof value === 'object' && value !== null) {
    // Built by assignment (this runs on every answer); a key named __proto__ (in an execution's
    // data) is defined, which keeps it data, as fromEntries would.
    const wire: Record<string, unknown> = {};
    for (const key of Object.keys(value)) {
      const inner = (value as Record<string, unknown>)[key];
      if (inner === undefined) continue;
      if (key === '__proto__')
        Object.defineProperty(wire, key, {
          value: toWire(inner),
          enumerable: true,
          writable: true,
          configurable: true,
        });
      else wire[key] = toWire(inner);
    }
    return wire;
  }
  return value;
}

/**
 * The service's error body; the SDK reads the error name after the `#`. Errors of the front end
 * (ProtocolError) carry their own namespace, and some carry no message, as the service sends them.
 */
export function errorBody(error: ServiceError): { __type: string; message?: string } {
  const namespace =
    error instanceof ProtocolError ? error.namespace : 'com.amazonaws.swf.service.model.v20120125';
  const type = `${namespace}#${error.type}`;
  return error.message === '' ? { __type: type } : { __type: type, message: error.message };
}

const constraint = (field: string, rule: string) =>
  new ValidationException(
    `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${rule}`,
  );

/**
 * A member of the wrong JSON type: the service's JSON protocol refuses it before validating
 * anything, with the type it found and the one it wanted.
 */
function wrongType(value: unknown, wanted: 'a String' | 'an Integer' | 'a Boolean'): SerializationException {
  if (Array.isArray(value)) return new SerializationException('Start of list found where not expected');
  if (typeof value === 'object' && value !== null)
    return new SerializationException('Start of structure or map found where not expected.');
  const found =
    typeof value === 'string' ? 'STRING_VALUE' : typeof value === 'number' ? 'NUMBER_VALUE' : 'BOOLEAN_VALUE';
  return new SerializationException(`${found} can not be converted to ${wanted}`);
}

export function requiredString(body: RequestBody, field: string): string {
  const value = body[field];
  if (value === undefined || value === null) throw constraint(field, 'Member must not be null');
  if (typeof value !== 'string') throw wrongType(value, 'a String');
  if (value === '') throw constraint(field, 'Member must have length greater than or equal to 1');
  return value;
}

export function optionalString(body: RequestBody, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw wrongType(value, 'a String');
  return value;
}

/** An optional string member that must be one of `values`, refused in the service's words otherwise. */
export function optionalEnum<T extends string>(
  body: RequestBody,
  field: string,
  values: readonly T[],
): T | undefined {
  const value = optionalString(body, field);
  if (value === undefined || (values as readonly string[]).includes(value)) return value as T | undefined;
  throw new ValidationException(
    `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member must satisfy enum value set: [${values.join(', ')}]`,
  );
}

export function optionalBoolean(body: RequestBody, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw wrongType(value, 'a Boolean');
  return value;
}

export function optionalInteger(
  body: RequestBody,
  field: string,
  min: number,
  max: number,
): number | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'number') throw wrongType(value, 'an Integer');
  if (!Number.isInteger(value)) throw constraint(field, `Member must have value between ${min} and ${max}`);
  // The service's words for a number out of range name the value and the bound it crossed.
  if (value < min || value > max) {
    const rule = value > max ? `less than or equal to ${max}` : `greater than or equal to ${min}`;
    throw new ValidationException(
      `1 validation error detected: Value '${value}' at '${field}' failed to satisfy constraint: Member must have value ${rule}`,
    );
  }
  return value;
}
