import { StatesIntrinsicFailure, StatesRuntime } from '../errors';
import type { Json } from '../json';
import { jsonPath, type PathScope } from '../paths/json-path';
import * as array from './functions/array';
import * as encoding from './functions/encoding';
import * as json from './functions/json';
import * as math from './functions/math';
import * as text from './functions/text';
import { type IntrinsicArgument, type IntrinsicCall, parseIntrinsic, unescapeBraces } from './parser';

type IntrinsicFunction = (args: Json[]) => Json;

/** Every intrinsic function the service offers, by name. */
export const INTRINSICS: Readonly<Record<string, IntrinsicFunction>> = {
  'States.Format': text.statesFormat,
  'States.StringSplit': text.statesStringSplit,
  'States.UUID': text.statesUuid,
  'States.StringToJson': json.statesStringToJson,
  'States.JsonToString': json.statesJsonToString,
  'States.JsonMerge': json.statesJsonMerge,
  'States.Array': array.statesArray,
  'States.ArrayPartition': array.statesArrayPartition,
  'States.ArrayContains': array.statesArrayContains,
  'States.ArrayRange': array.statesArrayRange,
  'States.ArrayGetItem': array.statesArrayGetItem,
  'States.ArrayLength': array.statesArrayLength,
  'States.ArrayUnique': array.statesArrayUnique,
  'States.Base64Encode': encoding.statesBase64Encode,
  'States.Base64Decode': encoding.statesBase64Decode,
  'States.Hash': encoding.statesHash,
  'States.MathRandom': math.statesMathRandom,
  'States.MathAdd': math.statesMathAdd,
};

export type CompiledIntrinsic = (scope: PathScope) => Json;

function compileArgument(arg: IntrinsicArgument, rawStrings: boolean): CompiledIntrinsic {
  if (arg.kind === 'literal') {
    const value = typeof arg.value === 'string' && !rawStrings ? unescapeBraces(arg.value) : arg.value;
    return () => value;
  }
  if (arg.kind === 'call') return compileCall(arg);
  const path = jsonPath(arg.text);
  return (scope) => {
    const value = path.evaluate(scope);
    if (value === undefined) {
      throw new StatesRuntime(
        `The JsonPath argument for the field '${arg.text}' could not be found in the input`,
      );
    }
    return value;
  };
}

function compileCall(call: IntrinsicCall): CompiledIntrinsic {
  const fn = INTRINSICS[call.name];
  if (fn === undefined) throw new StatesIntrinsicFailure(`Unknown intrinsic function ${call.name}`);
  // States.Format's template keeps escaped braces apart from placeholders until it has filled them.
  const args = call.args.map((arg, i) => compileArgument(arg, call.name === 'States.Format' && i === 0));
  return (scope) => fn(args.map((arg) => arg(scope)));
}

/** Parses and compiles an intrinsic call; throws IntrinsicSyntaxError or StatesIntrinsicFailure for bad ones. */
export function compileIntrinsic(source: string): CompiledIntrinsic {
  return compileCall(parseIntrinsic(source));
}
