import { type ServiceError, ValidationException } from '../engine/api/errors';

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
    // fromEntries keeps a key named __proto__ (in an execution's data) as data.
    return Object.fromEntries(
      Object.entries(value)
        .filter(([, inner]) => inner !== undefined)
        .map(([key, inner]) => [key, toWire(inner)]),
    );
  }
  return value;
}

/** The service's error body; the SDK reads the error name after the `#`. */
export function errorBody(error: ServiceError): { __type: string; message: string } {
  return { __type: `com.amazonaws.swf.service.model.v20120125#${error.type}`, message: error.message };
}

const constraint = (field: string, rule: string) =>
  new ValidationException(
    `1 validation error detected: Value at '${field}' failed to satisfy constraint: ${rule}`,
  );

export function requiredString(body: RequestBody, field: string): string {
  const value = body[field];
  if (typeof value !== 'string' || value === '') throw constraint(field, 'Member must not be null');
  return value;
}

export function optionalString(body: RequestBody, field: string): string | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'string') throw constraint(field, 'Member must be a string');
  return value;
}

export function optionalBoolean(body: RequestBody, field: string): boolean | undefined {
  const value = body[field];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'boolean') throw constraint(field, 'Member must be a boolean');
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
  if (typeof value !== 'number' || !Number.isInteger(value) || value < min || value > max) {
    throw constraint(field, `Member must have value between ${min} and ${max}`);
  }
  return value;
}
