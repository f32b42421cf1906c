import { randomUUID } from 'node:crypto';
import { expectCount, fail, stringArg } from '../arguments';
import { javaText } from '../java-text';
import { ESCAPED_CLOSE, ESCAPED_OPEN } from '../parser';
import type { Json } from '@myblog/asl';

/** Fills each `{}` with the next value, written as the service writes values (see javaText). */
export function statesFormat(args: Json[]): Json {
  const name = 'States.Format';
  if (args.length === 0) fail(name);
  const template = stringArg(name, args, 0);
  const parts = template.split('{}');
  const values = args.slice(1);
  if (parts.length - 1 !== values.length) fail(name);
  let result = parts[0] as string;
  values.forEach((value, i) => {
    result += javaText(value) + (parts[i + 1] as string);
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
