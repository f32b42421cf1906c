import { randomUUID } from 'node:crypto';
import { expectCount, fail, stringArg } from '../arguments';
import { ESCAPED_CLOSE, ESCAPED_OPEN } from '../parser';
import { type Json, isObject } from '../../json';

/** How States.Format writes an argument into the template. */
function formatValue(value: Json): string {
  if (typeof value === 'string') return value;
  if (isObject(value) || Array.isArray(value)) return JSON.stringify(value);
  return String(value);
}

export function statesFormat(args: Json[]): Json {
  const name = 'States.Format';
  if (args.length === 0) fail(name, 'expected a template string');
  const template = stringArg(name, args, 0);
  const parts = template.split('{}');
  const values = args.slice(1);
  if (parts.length - 1 !== values.length) {
    fail(
      name,
      `the template has ${parts.length - 1} placeholder(s) but ${values.length} value(s) were given`,
    );
  }
  let result = parts[0] as string;
  values.forEach((value, i) => {
    result += formatValue(value) + (parts[i + 1] as string);
  });
  return result.replaceAll(ESCAPED_OPEN, '{').replaceAll(ESCAPED_CLOSE, '}');
}

export function statesStringSplit(args: Json[]): Json {
  const name = 'States.StringSplit';
  expectCount(name, args, 2);
  const text = stringArg(name, args, 0);
  const delimiters = stringArg(name, args, 1);
  if (delimiters === '') return [text];
  const escaped = [...delimiters].map((c) => c.replace(/[\\^\]-]/g, '\\$&')).join('');
  return text.split(new RegExp(`[${escaped}]`)).filter((part) => part !== '');
}

export function statesUuid(args: Json[]): Json {
  expectCount('States.UUID', args, 0);
  return randomUUID();
}
