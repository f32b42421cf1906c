import { booleanArg, expectCount, fail, objectArg, stringArg } from '../arguments';
import type { Json } from '@myblog/asl';

/**
 * Parses JSON text. An empty or blank string is null, not an error (LocalStack's
 * test_json_manipulation snapshot, test_string_to_json, recorded on AWS).
 */
export function statesStringToJson(args: Json[]): Json {
  const name = 'States.StringToJson';
  expectCount(name, args, 1);
  const text = stringArg(name, args, 0);
  if (text.trim() === '') return null;
  try {
    return JSON.parse(text) as Json;
  } catch {
    return fail(name);
  }
}

export function statesJsonToString(args: Json[]): Json {
  expectCount('States.JsonToString', args, 1);
  return JSON.stringify(args[0]);
}

/** A shallow merge; the service supports no deep merge, so a third argument of true is refused. */
export function statesJsonMerge(args: Json[]): Json {
  const name = 'States.JsonMerge';
  expectCount(name, args, 3);
  const left = objectArg(name, args, 0);
  const right = objectArg(name, args, 1);
  if (booleanArg(name, args, 2)) fail(name);
  return { ...left, ...right };
}
