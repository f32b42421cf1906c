import { invalidPathCause, resultPathCause } from '../error-causes';
import { StatesResultPathMatchFailure, StatesRuntime } from '../errors';
import type { StateVisit } from '../execution/frame';
import { type Json, type JsonObject, isObject } from '@myblog/asl';
import { compileJsonataTemplate, type CompiledJsonata, type JsonataScope } from '../query/jsonata/template';
import { compileJsonPathTemplate, type CompiledTemplate } from '../query/jsonpath/payload-template';
import { jsonPath, type JsonPathExpression } from '../query/jsonpath/json-path';
import { compilePath, placeAt } from '../query/jsonpath/reference-path';

export type QueryLanguage = 'JSONPath' | 'JSONata';

/** Variables assigned by a state, and the details its StateExited event shows for them. */
export interface Assignment {
  readonly values: Map<string, Json>;
}

/** A state's output and the variables it assigns. */
export interface FlowOutcome {
  output: Json;
  assignment?: Assignment;
}

const DISCARD = null;

function selectPath(path: JsonPathExpression, value: Json, visit: StateVisit): Json {
  const selected = path.evaluate(visit.pathScope(value));
  if (selected === undefined) throw new StatesRuntime(invalidPathCause(path.text, path.path.segments));
  return selected;
}

/** JSONPath data flow of one state, compiled from its definition. */
export class JsonPathFlow {
  private readonly inputPath: JsonPathExpression | null | undefined;
  private readonly parameters: CompiledTemplate | undefined;
  private readonly resultSelector: CompiledTemplate | undefined;
  private readonly resultSegments: readonly (string | number)[] | null | undefined;
  private readonly resultPathText: string | undefined;
  private readonly outputPath: JsonPathExpression | null | undefined;
  private readonly assign: CompiledTemplate | undefined;

  constructor(definition: JsonObject, parametersField: 'Parameters' | 'ItemSelector' | null = 'Parameters') {
    const optionalPath = (field: string): JsonPathExpression | null | undefined => {
      const value = definition[field];
      if (value === undefined) return undefined;
      if (value === null) return DISCARD;
      return String(value) === '$' ? undefined : jsonPath(String(value));
    };
    this.inputPath = optionalPath('InputPath');
    this.outputPath = optionalPath('OutputPath');
    const parameters = parametersField === null ? undefined : definition[parametersField];
    this.parameters = parameters === undefined ? undefined : compileJsonPathTemplate(parameters);
    this.resultSelector =
      definition['ResultSelector'] === undefined
        ? undefined
        : compileJsonPathTemplate(definition['ResultSelector']);
    const resultPath = definition['ResultPath'];
    if (resultPath === null) {
      this.resultSegments = null;
    } else if (resultPath !== undefined && resultPath !== '$') {
      this.resultPathText = String(resultPath);
      this.resultSegments = compilePath(this.resultPathText).segments;
    }
    this.assign =
      definition['Assign'] === undefined ? undefined : compileJsonPathTemplate(definition['Assign']);
  }

  /** InputPath, then Parameters (or ItemSelector): what the state works on. */
  effectiveInput(raw: Json, visit: StateVisit): Json {
    let input = raw;
    if (this.inputPath === DISCARD) input = {};
    else if (this.inputPath !== undefined) input = selectPath(this.inputPath, raw, visit);
    const effective = this.parameters === undefined ? input : this.parameters(visit.pathScope(input));
    visit.inspection?.set('afterInputPath', input);
    visit.inspection?.set('afterParameters', effective);
    return effective;
  }

  get hasParameters(): boolean {
    return this.parameters !== undefined;
  }

  /** Assign, evaluated against the raw result (before ResultSelector), as the service does. */
  assignments(result: Json, visit: StateVisit): Assignment | undefined {
    if (this.assign === undefined) return undefined;
    const values = this.assign(visit.pathScope(result)) as JsonObject;
    return { values: new Map(Object.entries(values)) };
  }

  /** ResultSelector, ResultPath and OutputPath: the state's output from its raw input and result. */
  output(raw: Json, result: Json, visit: StateVisit): Json {
    const selected =
      this.resultSelector === undefined ? result : this.resultSelector(visit.pathScope(result));
    const placed = this.placeResult(raw, selected);
    visit.inspection?.set('result', result);
    visit.inspection?.set('afterResultSelector', selected);
    visit.inspection?.set('afterResultPath', placed);
    return this.outputOf(placed, visit);
  }

  /** ResultPath alone (a catcher uses it to place the error output). */
  placeResult(raw: Json, result: Json): Json {
    if (this.resultSegments === null) return raw;
    if (this.resultSegments === undefined) {
      if (this.resultPathText !== undefined) {
        throw new StatesResultPathMatchFailure(resultPathCause(this.resultPathText, raw));
      }
      return result;
    }
    const placed = placeAt(raw, this.resultSegments, result);
    if (placed === undefined) {
      throw new StatesResultPathMatchFailure(resultPathCause(this.resultPathText as string, raw));
    }
    return placed;
  }

  outputOf(value: Json, visit: StateVisit): Json {
    if (this.outputPath === DISCARD) return {};
    if (this.outputPath === undefined) return value;
    return selectPath(this.outputPath, value, visit);
  }
}

/** JSONata data flow of one state: Arguments in, Output and Assign out. */
export class JsonataFlow {
  private readonly arguments: CompiledJsonata | undefined;
  private readonly outputTemplate: CompiledJsonata | undefined;
  private readonly assign: [string, CompiledJsonata][];

  /**
   * `at` names where the fields sit when they are not the state's own: a Choice rule's Output
   * is the field `Choices[1]/Output` in an error's cause and location.
   */
  constructor(
    definition: JsonObject,
    argumentsField: 'Arguments' | 'ItemSelector' | null = 'Arguments',
    at = '',
  ) {
    const args = argumentsField === null ? undefined : definition[argumentsField];
    this.arguments = args === undefined ? undefined : compileJsonataTemplate(args, argumentsField as string);
    this.outputTemplate =
      definition['Output'] === undefined
        ? undefined
        : compileJsonataTemplate(definition['Output'], `${at}Output`);
    const assign = definition['Assign'];
    this.assign = isObject(assign)
      ? Object.entries(assign).map(([name, value]) => [
          name,
          compileJsonataTemplate(value, `${at}Assign/${name}`),
        ])
      : [];
  }

  get hasArguments(): boolean {
    return this.arguments !== undefined;
  }

  /**
   * Every expression of Output and Assign is in the JSONata fast path's subset: finish gives a
   * promise only when an evaluation fails or is left to the library.
   */
  get finishesSynchronously(): boolean {
    return (
      (this.outputTemplate?.synchronous ?? true) && this.assign.every(([, compiled]) => compiled.synchronous)
    );
  }

  async effectiveInput(raw: Json, visit: StateVisit): Promise<Json> {
    const effective =
      this.arguments === undefined ? raw : await this.arguments(visit.jsonataScope({ input: raw }));
    visit.inspection?.set('afterArguments', effective);
    return effective;
  }

  /**
   * Output and Assign, evaluated on the same `$states` and the variables as they were before this
   * state: a variable assigned here is not visible in this state's Output. A value at once when
   * every expression took the JSONata fast path (so a Pass or Choice costs no promise).
   */
  finish(
    raw: Json,
    result: Json | undefined,
    defaultOutput: Json,
    visit: StateVisit,
  ): FlowOutcome | Promise<FlowOutcome> {
    // Nothing to evaluate (a Choice's or a Pass's own fields, often): no scope to make.
    if (this.outputTemplate === undefined && this.assign.length === 0) return { output: defaultOutput };
    const scope = visit.jsonataScope(result === undefined ? { input: raw } : { input: raw, result });
    const output = this.outputTemplate === undefined ? defaultOutput : this.outputTemplate(scope);
    return output instanceof Promise
      ? output.then((value) => this.assigned(value, scope))
      : this.assigned(output, scope);
  }

  /** Assign's values one after the other; from the first that is a promise on, each is awaited. */
  private assigned(output: Json, scope: JsonataScope): FlowOutcome | Promise<FlowOutcome> {
    if (this.assign.length === 0) return { output };
    const values = new Map<string, Json>();
    for (const [i, [name, compiled]] of this.assign.entries()) {
      const value = compiled(scope);
      if (value instanceof Promise) return this.assignedLater(output, scope, values, i, value);
      values.set(name, value);
    }
    return { output, assignment: { values } };
  }

  private async assignedLater(
    output: Json,
    scope: JsonataScope,
    values: Map<string, Json>,
    from: number,
    first: Promise<Json>,
  ): Promise<FlowOutcome> {
    for (const [i, [name, compiled]] of this.assign.entries()) {
      if (i < from) continue;
      values.set(name, i === from ? await first : await compiled(scope));
    }
    return { output, assignment: { values } };
  }
}
