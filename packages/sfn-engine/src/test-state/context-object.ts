import { ValidationException } from '../api/errors';
import { type Json, type JsonObject, isObject } from '@myblog/asl';

type FieldType = 'string' | 'integer' | 'any';

/** The parts of the context object a request may supply, and the type of each field. */
const ALLOWED: Readonly<Record<string, Readonly<Record<string, FieldType>>>> = {
  Execution: {
    Id: 'string',
    Input: 'any',
    Name: 'string',
    RoleArn: 'string',
    StartTime: 'string',
    RedriveCount: 'integer',
    RedriveTime: 'string',
  },
  State: { EnteredTime: 'string', Name: 'string', RetryCount: 'integer' },
  StateMachine: { Id: 'string', Name: 'string' },
  Task: { Token: 'string' },
};

const invalid = (reason: string): ValidationException =>
  new ValidationException(`Invalid Context object provided: ${reason}`);

function fits(value: Json, type: FieldType): boolean {
  if (type === 'string') return typeof value === 'string';
  if (type === 'integer') return typeof value === 'number' && Number.isInteger(value);
  return true;
}

/**
 * The context object a TestState request supplies (`$$` for the state under test, taken as
 * given). Only the documented parts and fields are allowed; `Map` is filled in by the service
 * for a state inside a Map, never supplied.
 */
export function suppliedContext(text: string): JsonObject {
  let context: Json;
  try {
    context = JSON.parse(text) as Json;
  } catch (error) {
    throw invalid((error as Error).message);
  }
  if (!isObject(context)) throw invalid('the context object must be a JSON object');
  for (const [part, fields] of Object.entries(context)) {
    if (part === 'Map') throw invalid("'Map' field is not supported when mocking a Context object");
    const allowed = Object.hasOwn(ALLOWED, part) ? ALLOWED[part] : undefined;
    if (allowed === undefined) throw invalid(`Field '${part}' is not allowed`);
    if (!isObject(fields)) throw invalid(`${part} must be an object`);
    for (const [field, value] of Object.entries(fields)) {
      const type = Object.hasOwn(allowed, field) ? allowed[field] : undefined;
      if (type === undefined) throw invalid(`Field '${field}' is not allowed`);
      if (!fits(value, type))
        throw invalid(`${part}.${field} must be ${type === 'integer' ? 'an integer' : 'a string'}`);
    }
  }
  return context;
}
