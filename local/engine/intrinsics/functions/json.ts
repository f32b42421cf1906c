import { booleanArg, expectCount, fail, objectArg, stringArg } from '../arguments';
import type { Json } from '../../json';

export function statesStringToJson(args: Json[]): Json {
  const name = 'States.StringToJson';
  expectCount(name, args, 1);
  const text = stringArg(name, args, 0);
  try {
    return JSON.parse(text) as Json;
  } catch {
    return fail(name, `the string is not valid JSON: ${text.slice(0, 100)}`);
  }
}

export function statesJsonToString(args: Json[]): Json {
  expectCount('States.JsonToString', args, 1);
  return JSON.stringify(args[0]);
}

export function statesJsonMerge(args: Json[]): Json {
  const name = 'States.JsonMerge';
  expectCount(name, args, 3);
  const left = objectArg(name, args, 0);
  const right = objectArg(name, args, 1);
  if (booleanArg(name, args, 2))
    fail(name, 'only shallow merging is supported: the third argument must be false');
  return { ...left, ...right };
}
