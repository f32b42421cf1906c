import { jsonataBody, jsonataTypeCause } from '../error-causes';
import { StatesNoChoiceMatched, StatesQueryEvaluationError } from '../errors';
import type { StateVisit } from '../execution/frame';
import { compileChoiceRule, type Predicate } from '../query/jsonpath/choice-rules';
import { type Json, type JsonObject, isObject } from '@myblog/asl';
import { compileJsonataTemplate, type CompiledJsonata, type JsonataScope } from '../query/jsonata/template';
import { type Assignment, type FlowOutcome, JsonataFlow, JsonPathFlow } from './data-flow';
import type { StateCompileContext, StateExecutor, StateOutcome } from './state';

const noMatch = (name: string) => new StatesNoChoiceMatched(`No Matches! in state '${name}'`);

function mergeAssignments(
  outer: Assignment | undefined,
  inner: Assignment | undefined,
): Assignment | undefined {
  if (outer === undefined) return inner;
  if (inner === undefined) return outer;
  return { values: new Map([...outer.values, ...inner.values]) };
}

interface JsonPathChoice {
  readonly test: Predicate;
  readonly next: string;
  /** Assign of this rule, evaluated on the state's input (after InputPath). */
  readonly assign: JsonPathFlow | undefined;
}

/** Choice in JSONPath: the first rule that matches decides; Default otherwise. */
class JsonPathChoiceState implements StateExecutor {
  readonly type = 'Choice';
  readonly synchronous = true;
  private readonly flow: JsonPathFlow;
  private readonly choices: JsonPathChoice[];
  private readonly defaultNext: string | undefined;
  private readonly stateAssign: JsonPathFlow | undefined;

  constructor(
    readonly name: string,
    definition: JsonObject,
  ) {
    this.flow = new JsonPathFlow(definition, null);
    const rules = Array.isArray(definition['Choices']) ? definition['Choices'] : [];
    this.choices = rules.filter(isObject).map((rule) => ({
      test: compileChoiceRule(rule),
      next: String(rule['Next']),
      assign: rule['Assign'] === undefined ? undefined : new JsonPathFlow({ Assign: rule['Assign'] }, null),
    }));
    this.defaultNext = typeof definition['Default'] === 'string' ? definition['Default'] : undefined;
    this.stateAssign =
      definition['Assign'] === undefined
        ? undefined
        : new JsonPathFlow({ Assign: definition['Assign'] }, null);
  }

  run(raw: Json, visit: StateVisit): StateOutcome {
    const input = this.flow.effectiveInput(raw, visit);
    const scope = visit.pathScope(input);
    let matched: JsonPathChoice | undefined;
    for (const choice of this.choices) {
      if (choice.test(scope)) {
        matched = choice;
        break;
      }
    }
    const next = matched?.next ?? this.defaultNext;
    if (next === undefined) throw noMatch(this.name);
    // The state-level Assign applies whichever way the Choice goes; a matched rule's own Assign adds to it.
    const assignment = mergeAssignments(
      this.stateAssign?.assignments(input, visit),
      matched?.assign?.assignments(input, visit),
    );
    return { output: this.flow.outputOf(input, visit), next, assignment };
  }
}

interface JsonataChoice {
  readonly condition: CompiledJsonata;
  /** The Condition as its cause quotes it. */
  readonly conditionText: string;
  readonly next: string;
  readonly flow: JsonataFlow;
  readonly hasOutput: boolean;
}

/** Choice in JSONata: each rule's Condition; the matching rule's own Output and Assign. */
class JsonataChoiceState implements StateExecutor {
  readonly type = 'Choice';
  readonly synchronous: boolean;
  private readonly choices: JsonataChoice[];
  private readonly defaultNext: string | undefined;
  private readonly stateFlow: JsonataFlow;

  constructor(
    readonly name: string,
    definition: JsonObject,
  ) {
    const rules = Array.isArray(definition['Choices']) ? definition['Choices'] : [];
    this.choices = rules.filter(isObject).map((rule, i) => ({
      condition: compileJsonataTemplate(rule['Condition'] ?? null, `Choices[${i}]/Condition`),
      conditionText: jsonataBody(String(rule['Condition'] ?? null)),
      next: String(rule['Next']),
      flow: new JsonataFlow(rule, null, `Choices[${i}]/`),
      hasOutput: rule['Output'] !== undefined,
    }));
    this.defaultNext = typeof definition['Default'] === 'string' ? definition['Default'] : undefined;
    this.stateFlow = new JsonataFlow(definition, null);
    this.synchronous =
      this.stateFlow.finishesSynchronously &&
      this.choices.every((choice) => choice.condition.synchronous && choice.flow.finishesSynchronously);
  }

  /** Without a promise when its expressions took the JSONata fast path. */
  run(input: Json, visit: StateVisit): StateOutcome | Promise<StateOutcome> {
    const scope = visit.jsonataScope({ input });
    for (const [i, choice] of this.choices.entries()) {
      const verdict = choice.condition(scope);
      if (verdict instanceof Promise) return this.decideLater(i, verdict, scope, input, visit);
      if (this.matches(i, choice, verdict)) return this.finish(choice, choice.next, input, visit);
    }
    return this.otherwise(input, visit);
  }

  /** The rules from the one whose Condition is a promise on, each awaited. */
  private async decideLater(
    from: number,
    first: Promise<Json>,
    scope: JsonataScope,
    input: Json,
    visit: StateVisit,
  ): Promise<StateOutcome> {
    for (const [i, choice] of this.choices.entries()) {
      if (i < from) continue;
      const verdict = i === from ? await first : await choice.condition(scope);
      if (this.matches(i, choice, verdict)) return this.finish(choice, choice.next, input, visit);
    }
    return this.otherwise(input, visit);
  }

  private matches(i: number, choice: JsonataChoice, verdict: Json): boolean {
    if (typeof verdict !== 'boolean') {
      const field = `Choices[${i}]/Condition`;
      throw new StatesQueryEvaluationError(
        jsonataTypeCause(choice.conditionText, field, 'boolean', verdict),
        field,
      );
    }
    return verdict;
  }

  private otherwise(input: Json, visit: StateVisit): StateOutcome | Promise<StateOutcome> {
    if (this.defaultNext === undefined) throw noMatch(this.name);
    return this.finish(undefined, this.defaultNext, input, visit);
  }

  /** State-level Output and Assign, then the matched rule's own (which win on the same name). */
  private finish(
    choice: JsonataChoice | undefined,
    next: string,
    input: Json,
    visit: StateVisit,
  ): StateOutcome | Promise<StateOutcome> {
    const state = this.stateFlow.finish(input, undefined, input, visit);
    return state instanceof Promise
      ? state.then((settled) => this.finishRule(choice, next, input, visit, settled))
      : this.finishRule(choice, next, input, visit, state);
  }

  private finishRule(
    choice: JsonataChoice | undefined,
    next: string,
    input: Json,
    visit: StateVisit,
    state: FlowOutcome,
  ): StateOutcome | Promise<StateOutcome> {
    if (choice === undefined) return { output: state.output, next, assignment: state.assignment };
    const rule = choice.flow.finish(input, undefined, state.output, visit);
    return rule instanceof Promise
      ? rule.then((settled) => combined(choice, next, state, settled))
      : combined(choice, next, state, rule);
  }
}

/** The matched rule's Output (if it has one) and its Assign over the state's. */
function combined(choice: JsonataChoice, next: string, state: FlowOutcome, rule: FlowOutcome): StateOutcome {
  return {
    output: choice.hasOutput ? rule.output : state.output,
    next,
    assignment: mergeAssignments(state.assignment, rule.assignment),
  };
}

export function compileChoice(context: StateCompileContext): StateExecutor {
  return context.language === 'JSONata'
    ? new JsonataChoiceState(context.name, context.definition)
    : new JsonPathChoiceState(context.name, context.definition);
}
