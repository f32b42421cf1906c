import { describeJson } from '../../../error-causes';
import { StatesIntrinsicFailure, StatesRuntime } from '../../../errors';
import type { Json } from '@myblog/asl';
import { jsonPath, type PathScope } from '../json-path';
import { InvalidIntrinsicArguments } from './arguments';
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

/** A path argument selected nothing; compileCall names the call it was given to. */
class MissingPathArgument extends Error {
  constructor(
    readonly path: string,
    readonly searched: Json,
  ) {
    super(
      `The JsonPath argument for the field '${path}' could not be found in the input '${describeJson(searched)}'`,
    );
  }
}

function compileArgument(arg: IntrinsicArgument, rawStrings: boolean): CompiledIntrinsic {
  if (arg.kind === 'literal') {
    const value = typeof arg.value === 'string' && !rawStrings ? unescapeBraces(arg.value) : arg.value;
    return () => value;
  }
  if (arg.kind === 'call') return compileCall(arg);
  const path = jsonPath(arg.text);
  const inContext = arg.text.startsWith('$$');
  return (scope) => {
    const value = path.evaluate(scope);
    if (value === undefined) throw new MissingPathArgument(arg.text, inContext ? scope.context : scope.input);
    return value;
  };
}

/**
 * A failing call is a States.Runtime error (what the service reports, and what States.ALL does
 * not catch) naming the innermost call that failed, as written, then what went wrong with it.
 */
function failedCall(call: IntrinsicCall, problem: string): StatesRuntime {
  return new StatesRuntime(
    `There was an error while evaluating the intrinsic function: ${call.source}. ${problem}`,
  );
}

function compileCall(call: IntrinsicCall): CompiledIntrinsic {
  const fn = INTRINSICS[call.name];
  if (fn === undefined) throw new StatesIntrinsicFailure(`Unknown intrinsic function ${call.name}`);
  // States.Format's template keeps escaped braces apart from placeholders until it has filled them.
  const args = call.args.map((arg, i) => compileArgument(arg, call.name === 'States.Format' && i === 0));
  return (scope) => {
    try {
      return fn(args.map((arg) => arg(scope)));
    } catch (error) {
      if (error instanceof InvalidIntrinsicArguments || error instanceof MissingPathArgument)
        throw failedCall(call, error.message);
      throw error;
    }
  };
}

/** Parses and compiles an intrinsic call; throws IntrinsicSyntaxError or StatesIntrinsicFailure for bad ones. */
export function compileIntrinsic(source: string): CompiledIntrinsic {
  return compileCall(parseIntrinsic(source));
}
