import { jsonataBody, jsonataTypeCause } from '../error-causes';
import { StatesError, StatesRuntime } from '../errors';
import type { StateVisit } from '../execution/frame';
import { compileIntrinsic } from '../query/jsonpath/intrinsics';
import { looksLikeIntrinsic } from '../query/jsonpath/intrinsics/parser';
import { type Json, jsonTypeName } from '@myblog/asl';
import { compileJsonataTemplate, type CompiledJsonata } from '../query/jsonata/template';
import { jsonPath, type PathScope } from '../query/jsonpath/json-path';
import type { StateCompileContext, StateExecutor } from './state';

type TextSource = (input: Json, visit: StateVisit) => string | Promise<string>;

function jsonPathText(literal: Json | undefined, path: Json | undefined, field: string): TextSource {
  if (typeof path === 'string') {
    const read: (scope: PathScope) => Json | undefined = looksLikeIntrinsic(path)
      ? compileIntrinsic(path)
      : (scope) => jsonPath(path).evaluate(scope);
    return (input, visit) => {
      const value = read(visit.pathScope(input));
      if (typeof value !== 'string') {
        throw new StatesRuntime(
          `The ${field}Path '${path}' must select a string, but it selected ${value === undefined ? 'nothing' : jsonTypeName(value)}`,
        );
      }
      return value;
    };
  }
  const text = typeof literal === 'string' ? literal : '';
  return () => text;
}

function jsonataText(template: Json | undefined, field: string): TextSource {
  if (template === undefined) return () => '';
  const compiled: CompiledJsonata = compileJsonataTemplate(template, field);
  const expression = jsonataBody(typeof template === 'string' ? template : JSON.stringify(template));
  return async (input, visit) => {
    const value = await compiled(visit.jsonataScope({ input }));
    if (typeof value !== 'string')
      throw new StatesRuntime(jsonataTypeCause(expression, field, 'string', value));
    return value;
  };
}

/** Fail: ends the execution (or the branch) with an error name and a cause. */
class FailState implements StateExecutor {
  readonly type = 'Fail';

  constructor(
    readonly name: string,
    private readonly error: TextSource,
    private readonly cause: TextSource,
  ) {}

  async run(input: Json, visit: StateVisit): Promise<never> {
    const error = await this.error(input, visit);
    const cause = await this.cause(input, visit);
    throw new StatesError(error, cause);
  }
}

export function compileFail(context: StateCompileContext): StateExecutor {
  const def = context.definition;
  if (context.language === 'JSONata') {
    return new FailState(
      context.name,
      jsonataText(def['Error'], 'Error'),
      jsonataText(def['Cause'], 'Cause'),
    );
  }
  return new FailState(
    context.name,
    jsonPathText(def['Error'], def['ErrorPath'], 'Error'),
    jsonPathText(def['Cause'], def['CausePath'], 'Cause'),
  );
}
