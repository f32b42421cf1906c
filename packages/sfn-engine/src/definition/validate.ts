import { compileChoiceRule } from '../query/jsonpath/choice-rules';
import type { StateMachineType } from '../engine';
import type { DefinitionProblem } from '../errors';
import { compileIntrinsic } from '../query/jsonpath/intrinsics';
import { looksLikeIntrinsic } from '../query/jsonpath/intrinsics/parser';
import { type Json, type JsonObject, isObject } from '@myblog/asl';
import { compileExpression, isJsonataExpression } from '../query/jsonata/template';
import { compileJsonPathTemplate } from '../query/jsonpath/payload-template';
import { compilePath } from '../query/jsonpath/reference-path';
import type { QueryLanguage } from '../states/data-flow';
import {
  allowedFields,
  ASL_VERSIONS,
  BRANCH_FIELDS,
  DISTRIBUTED_MAP_ONLY,
  EXCLUSIVE_FIELDS,
  JSONATA_ONLY,
  JSONPATH_ONLY,
  MACHINE_FIELDS,
  NUMBER_FIELDS,
  PROCESSOR_FIELDS,
  STATE_TYPES,
} from './field-rules';
import {
  buildScopes,
  duplicateStateNames,
  graphProblems,
  type JsonObject as GraphObject,
  type StateNode,
} from '@myblog/asl';
import { checkNumber, itemAt, type NumberRule, Problems, say } from './problems';
import { checkMapResources, checkTaskResource } from './resource-rules';
import { checkPathFields, PATH_FIELDS } from './path-rules';
import { checkRetryAndCatch, RETRIER_LIMITS } from './retry-rules';
import { schemaProblems } from './schema';

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_STATE_NAME = 80;
const MAX_LABEL = 40;
const LANGUAGES = ['JSONPath', 'JSONata'] as const;
/** RFC 3339 as the service reads a Timestamp: uppercase T, and Z or a numeric offset. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;

export interface ValidationOptions {
  /** Variables already in scope (TestState's `variables`). */
  readonly knownVariables?: Iterable<string>;
  /** The state machine's type: an Express machine takes no callbacks, jobs, activities nor distributed Maps. */
  readonly type?: StateMachineType;
  /** The bounds of a retrier's numbers, when they are not the service's (a compatibility mode). */
  readonly retrierLimits?: Readonly<Record<string, NumberRule>>;
}

/**
 * The language a state or machine uses: its own QueryLanguage, else the one it inherits. The
 * service reads any value but exactly "JSONPath" as JSONata (and reports the value besides).
 */
function languageOf(own: unknown, inherited: QueryLanguage): QueryLanguage {
  if (own === undefined) return inherited;
  return own === 'JSONPath' ? 'JSONPath' : 'JSONata';
}

function checkQueryLanguageValue(value: unknown, path: string, problems: Problems): void {
  if (value === undefined) return;
  if (typeof value !== 'string') problems.add(`${path}/QueryLanguage`, say.string);
  else if (!(LANGUAGES as readonly string[]).includes(value))
    problems.add(`${path}/QueryLanguage`, say.oneOf(LANGUAGES));
}

/** Every `{% %}` string inside a value, with its path. */
function* jsonataStrings(value: Json | undefined, path: string): Iterable<{ text: string; path: string }> {
  if (isJsonataExpression(value)) yield { text: value, path };
  else if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* jsonataStrings(item, `${path}[${i}]`);
  else if (isObject(value))
    for (const [key, item] of Object.entries(value)) yield* jsonataStrings(item, `${path}/${key}`);
}

/** Strings that open a JSONata expression and do not close it, with their paths. */
function* unclosedExpressions(value: Json | undefined, path: string): Iterable<string> {
  if (typeof value === 'string' && value.startsWith('{%') && !isJsonataExpression(value)) yield path;
  else if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* unclosedExpressions(item, `${path}[${i}]`);
  else if (isObject(value))
    for (const [key, item] of Object.entries(value)) yield* unclosedExpressions(item, `${path}/${key}`);
}

/** Every `.$` value and path field of a JSONPath state that names a variable, with its path. */
function* jsonPathReferences(
  value: Json | undefined,
  path: string,
): Iterable<{ text: string; path: string }> {
  if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* jsonPathReferences(item, `${path}[${i}]`);
  else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if ((key.endsWith('.$') || key.endsWith('Path') || key === 'Variable') && typeof item === 'string')
        yield { text: item, path: `${path}/${key}` };
      else yield* jsonPathReferences(item, `${path}/${key}`);
    }
  }
}

/** A state's own fields, without the machines it holds. */
function ownFields(def: JsonObject): JsonObject {
  const own: JsonObject = { ...def };
  delete own['Branches'];
  delete own['ItemProcessor'];
  delete own['Iterator'];
  return own;
}

/**
 * The fields the state's type does not have, or has only in the other query language: reported
 * at the state, in the order the definition lists them. A state that downgrades a JSONata
 * machine to JSONPath is reported for that alone, as the service does.
 */
function checkFieldNames(
  def: JsonObject,
  type: string,
  language: QueryLanguage,
  path: string,
  downgraded: boolean,
  problems: Problems,
): void {
  const allowed = allowedFields(type, language) ?? [];
  for (const field of Object.keys(def)) {
    if (allowed.includes(field)) continue;
    const otherLanguage =
      (language === 'JSONata' && JSONPATH_ONLY.includes(field)) ||
      (language === 'JSONPath' && JSONATA_ONLY.includes(field));
    if (otherLanguage) {
      if (!downgraded) problems.add(path, say.otherLanguage(language, field));
    } else problems.add(path, say.notSupported(field));
  }
}

/** Fields that may not appear together, and the fields each type needs. */
function checkFieldPresence(def: JsonObject, type: string, path: string, problems: Problems): void {
  for (const [a, b] of EXCLUSIVE_FIELDS) {
    if (def[a] !== undefined && def[b] !== undefined)
      problems.add(a === 'Next' ? path : `${path}/${a}`, say.onlyOne([a, b]));
  }
  const required = (
    type === 'Task' ? ['Resource'] : type === 'Choice' ? ['Choices'] : type === 'Parallel' ? ['Branches'] : []
  ).filter((field) => def[field] === undefined);
  if (required.length > 0) problems.add(path, say.required(required));
  const transitions = type !== 'Choice' && type !== 'Succeed' && type !== 'Fail';
  if (transitions && def['Next'] === undefined && def['End'] !== true)
    problems.add(path, say.exactlyOne(['Next', 'End']));
  if (transitions && def['Next'] !== undefined && typeof def['Next'] !== 'string')
    problems.add(`${path}/Next`, say.string);
  if (def['End'] !== undefined && typeof def['End'] !== 'boolean') problems.add(`${path}/End`, say.boolean);
  if (type === 'Map' && def['ItemProcessor'] === undefined && def['Iterator'] === undefined)
    problems.add(path, say.exactlyOne(['ItemProcessor', 'Iterator']));
}

/** Literal numbers and their ranges; in a JSONata state a `{% %}` expression may stand instead. */
function checkNumbers(
  def: JsonObject,
  type: string,
  language: QueryLanguage,
  path: string,
  problems: Problems,
): void {
  for (const [field, rule] of Object.entries(NUMBER_FIELDS[type] ?? {})) {
    const value = def[field];
    if (value === undefined || (language === 'JSONata' && isJsonataExpression(value))) continue;
    checkNumber(problems, `${path}/${field}`, value, rule);
  }
  const timeout = def['TimeoutSeconds'];
  const heartbeat = def['HeartbeatSeconds'];
  if (type === 'Task' && typeof timeout === 'number' && typeof heartbeat === 'number' && heartbeat >= timeout)
    problems.add(
      `${path}/HeartbeatSeconds`,
      "The value of 'HeartbeatSeconds' must be less than 'TimeoutSeconds'",
    );
}

const RULE_KINDS = ['And', 'Or', 'Not', 'Variable', 'Condition'];
const NOT_REFERENCE_PATH = "Value is not a Reference Path: Reference path didn't start with '$'";

/**
 * The shape of a JSONPath Choice rule and of the rules nested in it: one of And, Or, Not and
 * Variable each, Next only at the top, Variable a path. True when the rule can be compiled.
 */
function checkJsonPathRule(rule: JsonObject, at: string, top: boolean, problems: Problems): boolean {
  const before = problems.list.length;
  if (RULE_KINDS.filter((kind) => rule[kind] !== undefined).length !== 1)
    problems.add(at, `The object must have only one of the following fields, [${RULE_KINDS.join(', ')}]`);
  if (!top && rule['Next'] !== undefined) problems.add(at, say.notSupported('Next'));
  const variable = rule['Variable'];
  if (variable !== undefined && (typeof variable !== 'string' || !variable.startsWith('$')))
    problems.add(`${at}/Variable`, NOT_REFERENCE_PATH);
  for (const kind of ['And', 'Or']) {
    const nested = rule[kind];
    if (nested === undefined) continue;
    if (!Array.isArray(nested)) problems.add(`${at}/${kind}`, say.array);
    else if (nested.length === 0) problems.add(`${at}/${kind}`, say.empty);
    else
      nested.forEach((inner, i) => {
        if (isObject(inner)) checkJsonPathRule(inner, itemAt(at, kind, i), false, problems);
        else problems.add(itemAt(at, kind, i), say.object);
      });
  }
  const not = rule['Not'];
  if (not !== undefined) {
    if (isObject(not)) checkJsonPathRule(not, `${at}/Not`, false, problems);
    else problems.add(`${at}/Not`, say.object);
  }
  return problems.list.length === before;
}

function checkChoice(def: JsonObject, language: QueryLanguage, path: string, problems: Problems): void {
  const choices = def['Choices'];
  if (choices === undefined) return;
  if (!Array.isArray(choices)) return problems.add(`${path}/Choices`, say.array);
  if (choices.length === 0) return problems.add(`${path}/Choices`, say.empty);
  choices.forEach((rule, i) => {
    const at = itemAt(path, 'Choices', i);
    if (!isObject(rule)) return problems.add(at, say.object);
    const required = ['Next', ...(language === 'JSONata' ? ['Condition'] : [])].filter(
      (field) => rule[field] === undefined,
    );
    if (required.length > 0) problems.add(at, say.required(required));
    if (language === 'JSONata') {
      if (rule['Variable'] !== undefined) problems.add(at, say.otherLanguage(language, 'Variable'));
      return;
    }
    if (rule['Condition'] !== undefined) return problems.add(at, say.otherLanguage(language, 'Condition'));
    if (checkJsonPathRule(rule, at, true, problems)) problems.attempt(at, () => compileChoiceRule(rule));
  });
  if (def['Default'] !== undefined && typeof def['Default'] !== 'string')
    problems.add(`${path}/Default`, say.string);
}

function checkWait(def: JsonObject, language: QueryLanguage, path: string, problems: Problems): void {
  const fields =
    language === 'JSONata'
      ? ['Seconds', 'Timestamp']
      : ['SecondsPath', 'Seconds', 'TimestampPath', 'Timestamp'];
  const present = fields.filter((field) => def[field] !== undefined);
  if (present.length > 1) problems.add(path, say.onlyOne(fields));
  if (present.length === 0) problems.add(path, say.exactlyOne(fields));
  const timestamp = def['Timestamp'];
  if (timestamp === undefined || (language === 'JSONata' && isJsonataExpression(timestamp))) return;
  if (typeof timestamp !== 'string') problems.add(`${path}/Timestamp`, say.string);
  else if (!TIMESTAMP.test(timestamp) || Number.isNaN(Date.parse(timestamp)))
    problems.add(`${path}/Timestamp`, 'String does not match RFC3339 timestamp');
}

function checkMap(def: JsonObject, path: string, type: StateMachineType, problems: Problems): void {
  const key = def['ItemProcessor'] !== undefined ? 'ItemProcessor' : 'Iterator';
  const processor = def[key];
  if (processor === undefined) return;
  if (!isObject(processor)) return problems.add(`${path}/${key}`, say.object);
  const config = processor['ProcessorConfig'];
  const configPath = `${path}/${key}/ProcessorConfig`;
  if (config !== undefined && !isObject(config)) return problems.add(configPath, say.object);
  const mode = isObject(config) ? config['Mode'] : undefined;
  if (mode !== undefined && mode !== 'INLINE' && mode !== 'DISTRIBUTED')
    problems.add(`${configPath}/Mode`, say.oneOf(['INLINE', 'DISTRIBUTED']));
  const executionType = isObject(config) ? config['ExecutionType'] : undefined;
  if (mode === 'DISTRIBUTED') {
    if (executionType === undefined) problems.add(configPath, say.required(['ExecutionType']));
    else if (executionType !== 'STANDARD' && executionType !== 'EXPRESS')
      problems.add(`${configPath}/ExecutionType`, say.oneOf(['STANDARD', 'EXPRESS']));
    if (type === 'EXPRESS')
      problems.add(
        `${configPath}/Mode`,
        "The field 'Mode' with value 'DISTRIBUTED' is not supported inside 'EXPRESS' state machines",
      );
  } else {
    if (executionType !== undefined) problems.add(configPath, say.notSupported('ExecutionType'));
    for (const field of DISTRIBUTED_MAP_ONLY)
      if (def[field] !== undefined) problems.add(path, say.notSupported(field));
  }
  const label = def['Label'];
  if (typeof label === 'string' && label.length > MAX_LABEL)
    problems.add(
      `${path}/Label`,
      `Label '${label}' exceeds the ${MAX_LABEL}-character limit allowed by the service`,
      'INVALID_LABEL_NAME',
    );
}

/** Fields of a JSONata state that are never evaluated, whatever their text. */
const NOT_EVALUATED = [
  'Type',
  'Comment',
  'QueryLanguage',
  'Next',
  'End',
  'Default',
  'Resource',
  'Label',
  'Retry',
];

function checkPayloads(def: JsonObject, language: QueryLanguage, path: string, problems: Problems): void {
  if (language === 'JSONPath') {
    for (const field of ['Parameters', 'ResultSelector', 'ItemSelector', 'Assign']) {
      if (def[field] !== undefined)
        problems.attempt(`${path}/${field}`, () => compileJsonPathTemplate(def[field] as Json));
    }
    checkPathFields(def, PATH_FIELDS, path, problems);
    for (const field of ['ErrorPath', 'CausePath']) {
      const value = def[field];
      if (typeof value === 'string')
        problems.attempt(`${path}/${field}`, () =>
          looksLikeIntrinsic(value) ? compileIntrinsic(value) : compilePath(value),
        );
    }
    return;
  }
  for (const [field, value] of Object.entries(ownFields(def))) {
    if (NOT_EVALUATED.includes(field)) continue;
    for (const at of unclosedExpressions(value, `${path}/${field}`))
      problems.add(at, 'JSONata string must start with {% and end with %}');
    // The service names the field that holds the expression, however deep in it the string is.
    for (const { text } of jsonataStrings(value, `${path}/${field}`)) {
      try {
        compileExpression(text, field);
      } catch (error) {
        // The service's message is the JSONata parser's own (jsonata throws plain objects).
        const cause = (error as Error).cause as { message?: unknown } | undefined;
        problems.add(
          `${path}/${field}`,
          typeof cause?.message === 'string' ? cause.message : (error as Error).message,
          'INVALID_JSONATA_EXPRESSION',
        );
      }
    }
  }
}

function checkAssignNames(def: JsonObject, path: string, problems: Problems): void {
  const assign = def['Assign'];
  if (!isObject(assign)) return;
  for (const name of Object.keys(assign)) {
    const bare = name.endsWith('.$') ? name.slice(0, -2) : name;
    if (bare === 'states')
      problems.add(
        `${path}/Assign/${name}`,
        "Cannot assign to reserved variable '$states'.",
        'RESERVED_VARIABLE_NAME',
      );
    else if (!VARIABLE_NAME.test(bare))
      problems.add(
        `${path}/Assign/${name}`,
        `Invalid variable name '${bare}': the variable name contains invalid characters.`,
        'INVALID_VARIABLE_NAME',
      );
  }
}

/** Names assigned anywhere in the machine (any Assign field, at any depth). */
function assignedNames(value: Json, names = new Set<string>()): Set<string> {
  if (Array.isArray(value)) value.forEach((item) => assignedNames(item, names));
  else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if (key === 'Assign' && isObject(item))
        for (const name of Object.keys(item)) names.add(name.endsWith('.$') ? name.slice(0, -2) : name);
      assignedNames(item, names);
    }
  }
  return names;
}

/**
 * A JSONPath state's `$name` references to variables no Assign in the machine sets. A JSONata
 * state is not checked: the service accepts `{% $doesNotExist %}` and fails the execution when
 * the expression returns nothing (LocalStack's test_assign_reference_variables snapshot,
 * test_undefined_reference, recorded on AWS).
 */
function checkVariableReferences(
  node: StateNode,
  def: JsonObject,
  language: QueryLanguage,
  assigned: Set<string>,
  problems: Problems,
): void {
  if (language === 'JSONata') return;
  const withoutChildren = ownFields(def);
  for (const { text, path } of jsonPathReferences(withoutChildren, node.path)) {
    if (
      !text.startsWith('$') ||
      text.startsWith('$$') ||
      text.startsWith('$.') ||
      text.startsWith('$[') ||
      text === '$'
    )
      continue;
    if (looksLikeIntrinsic(text)) continue;
    const name = /^\$([A-Za-z_][A-Za-z0-9_]*)/.exec(text)?.[1];
    if (name !== undefined && !assigned.has(name))
      problems.add(path, `The variable "$${name}" is referenced but never assigned`);
  }
}

interface Context {
  readonly topLanguage: QueryLanguage;
  readonly type: StateMachineType;
  readonly retrierLimits: Readonly<Record<string, NumberRule>>;
  readonly assigned: Set<string>;
  readonly problems: Problems;
}

function checkState(node: StateNode, inherited: QueryLanguage, context: Context): QueryLanguage {
  const { problems } = context;
  const def = node.definition as JsonObject;
  const path = node.path;
  if (node.name.length > MAX_STATE_NAME)
    problems.add(
      path,
      `State name '${node.name}' exceeds the ${MAX_STATE_NAME}-character limit allowed by the service`,
      'INVALID_STATE_NAME',
    );
  const type = def['Type'];
  if (type === undefined) {
    problems.add(path, say.required(['Type']));
    return inherited;
  }
  if (typeof type !== 'string' || !STATE_TYPES.includes(type)) {
    problems.add(`${path}/Type`, say.oneOf(STATE_TYPES));
    return inherited;
  }
  const own = def['QueryLanguage'];
  const language = languageOf(own, inherited);
  const downgraded = context.topLanguage === 'JSONata' && own === 'JSONPath';
  if (downgraded)
    problems.add(path, "'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine");
  checkFieldNames(def, type, language, path, downgraded, problems);
  checkQueryLanguageValue(own, path, problems);
  checkFieldPresence(def, type, path, problems);
  checkNumbers(def, type, language, path, problems);
  if (type === 'Task' && typeof def['Resource'] === 'string')
    checkTaskResource(def['Resource'], path, context.type, problems);
  else if (type === 'Task' && def['Resource'] !== undefined) problems.add(`${path}/Resource`, say.string);
  if (type === 'Choice') checkChoice(def, language, path, problems);
  if (type === 'Wait') checkWait(def, language, path, problems);
  if (type === 'Parallel') {
    const branches = def['Branches'];
    if (branches !== undefined && !Array.isArray(branches)) problems.add(`${path}/Branches`, say.array);
    else if (Array.isArray(branches) && branches.length === 0) problems.add(`${path}/Branches`, say.empty);
  }
  if (type === 'Map') {
    checkMap(def, path, context.type, problems);
    checkMapResources(def, path, problems);
  }
  checkRetryAndCatch(def, path, language, problems, context.retrierLimits);
  checkPayloads(def, language, path, problems);
  checkAssignNames(def, path, problems);
  checkVariableReferences(node, def, language, context.assigned, problems);
  return language;
}

/** The fields of a machine object (the state machine, a branch, a processor) and the two it needs. */
function checkMachineObject(
  machine: JsonObject,
  path: string,
  fields: readonly string[],
  problems: Problems,
): void {
  const location = path === '' ? '/' : path;
  for (const field of Object.keys(machine))
    if (!fields.includes(field)) problems.add(location, say.notSupported(field));
  const required = ['States', 'StartAt'].filter((field) => machine[field] === undefined);
  if (required.length > 0) problems.add(location, say.required(required));
  if (machine['StartAt'] !== undefined && typeof machine['StartAt'] !== 'string')
    problems.add(`${path}/StartAt`, say.string);
  const states = machine['States'];
  if (states !== undefined && !isObject(states)) problems.add(`${path}/States`, say.object);
  else if (isObject(states) && Object.keys(states).length === 0) problems.add(`${path}/States`, say.empty);
}

function visitMachine(machine: JsonObject, path: string, language: QueryLanguage, context: Context): void {
  const [scope] = buildScopes(machine as GraphObject, path);
  for (const node of scope?.states.values() ?? []) {
    const def = node.definition as JsonObject;
    const stateLanguage = checkState(node, language, context);
    const branches = def['Branches'];
    for (const [i, branch] of (Array.isArray(branches) ? branches : []).entries()) {
      const at = itemAt(node.path, 'Branches', i);
      if (!isObject(branch)) {
        context.problems.add(at, say.object);
        continue;
      }
      checkMachineObject(branch, at, BRANCH_FIELDS, context.problems);
      visitMachine(branch, at, stateLanguage, context);
    }
    for (const key of ['ItemProcessor', 'Iterator']) {
      const processor = def[key];
      if (!isObject(processor)) continue;
      checkMachineObject(processor, `${node.path}/${key}`, PROCESSOR_FIELDS, context.problems);
      visitMachine(processor, `${node.path}/${key}`, stateLanguage, context);
    }
  }
  for (const [name, state] of Object.entries(isObject(machine['States']) ? machine['States'] : {}))
    if (!isObject(state)) context.problems.add(`${path}/States/${name}`, say.object);
}

/** Labels of distributed Maps are the machine's, like state names: each may be used once. */
function checkLabels(definition: JsonObject, problems: Problems): void {
  const seen = new Set<string>();
  for (const scope of buildScopes(definition as GraphObject)) {
    for (const node of scope.states.values()) {
      const label = node.definition['Label'];
      if (typeof label !== 'string') continue;
      if (seen.has(label))
        problems.add(`${node.path}/Label`, `Duplicate Label name: ${label}`, 'DUPLICATE_LABEL_NAME');
      seen.add(label);
    }
  }
}

/**
 * Fields whose content the checks above judge themselves. asl-validator's schema is stricter than
 * the service there (it refuses a literal string as a JSONata Output, which the service
 * accepts), and a oneOf miss inside them also shows up as a bogus "Type" error on the state.
 */
const COMPILED_FIELDS =
  /\/(Output|Arguments|Assign|Items|ItemSelector|Condition|Parameters|ResultSelector|Seconds|Timestamp|Error|Cause|TimeoutSeconds|HeartbeatSeconds|MaxConcurrency|ToleratedFailureCount|ToleratedFailurePercentage)(\/|\[|$)/;

function relevantSchemaProblems(definition: JsonObject): DefinitionProblem[] {
  return schemaProblems(definition).filter(
    (problem) =>
      problem.path === undefined || (!COMPILED_FIELDS.test(problem.path) && !problem.path.endsWith('/Type')),
  );
}

/**
 * Everything the service would refuse in a definition, in the order it reports them: the state
 * machine's own fields, then each state (nested machines where they appear), then the graph
 * (missing targets, no terminal state, unreachable states), then names used twice. An empty list
 * means the definition can be compiled and run.
 */
export function validateDefinition(
  definition: unknown,
  options: ValidationOptions = {},
): DefinitionProblem[] {
  const problems = new Problems();
  if (!isObject(definition)) {
    problems.add(undefined, 'Definition must be a valid JSON object');
    return problems.list;
  }
  checkMachineObject(definition, '', MACHINE_FIELDS, problems);
  const version = definition['Version'];
  if (version !== undefined && !ASL_VERSIONS.includes(version as string))
    problems.add('/Version', say.oneOf(ASL_VERSIONS));
  checkQueryLanguageValue(definition['QueryLanguage'], '', problems);
  const timeout = definition['TimeoutSeconds'];
  if (timeout !== undefined) checkNumber(problems, '/TimeoutSeconds', timeout, { min: 1, max: 99999999 });
  const topLanguage = languageOf(definition['QueryLanguage'], 'JSONPath');
  const assigned = assignedNames(definition);
  for (const name of options.knownVariables ?? []) assigned.add(name);
  const context: Context = {
    topLanguage,
    type: options.type ?? 'STANDARD',
    retrierLimits: options.retrierLimits ?? RETRIER_LIMITS,
    assigned,
    problems,
  };
  visitMachine(definition, '', topLanguage, context);
  for (const problem of graphProblems(definition as GraphObject))
    problems.add(problem.path, problem.message, problem.code);
  for (const problem of duplicateStateNames(definition as GraphObject))
    problems.add(problem.path, problem.message, problem.code);
  checkLabels(definition, problems);
  if (problems.empty) for (const problem of relevantSchemaProblems(definition)) problems.list.push(problem);
  return problems.list;
}

/**
 * The problems of a definition given as text, as ValidateStateMachineDefinition reports them:
 * text that is blank or not a JSON object, or JSON that does not parse (INVALID_JSON_DESCRIPTION,
 * in the parser's words), before anything else.
 */
export function validateDefinitionText(text: string, options: ValidationOptions = {}): DefinitionProblem[] {
  if (text.trim() === '')
    return [{ code: 'SCHEMA_VALIDATION_FAILED', message: 'Definition must be a valid JSON object' }];
  let parsed: unknown;
  try {
    parsed = JSON.parse(text);
  } catch (error) {
    return [{ code: 'INVALID_JSON_DESCRIPTION', message: (error as Error).message }];
  }
  return validateDefinition(parsed, options);
}
