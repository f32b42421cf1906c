/**
 * The validator's walk: the state machine's own fields, each machine object (a branch, a Map's
 * processor) and each state in it, then the graph, the names used twice and the schema. The
 * rules themselves live beside it, one module per job (state-fields, state-type-rules,
 * expression-rules, variable-rules, resource-rules, retry-rules, path-rules).
 */
import {
  buildScopes,
  duplicateStateNames,
  graphProblems,
  isObject,
  type JsonObject,
  type JsonObject as GraphObject,
  type StateNode,
} from '@myblog/asl';
import type { DefinitionProblem } from '../errors';
import type { StateMachineType } from '../service/types';
import type { QueryLanguage } from '../states/data-flow';
import { checkPayloads } from './expression-rules';
import { ASL_VERSIONS, BRANCH_FIELDS, MACHINE_FIELDS, PROCESSOR_FIELDS, STATE_TYPES } from './field-rules';
import { checkNumber, itemAt, type NumberRule, Problems, say } from './problems';
import { checkMapResources, checkTaskResource } from './resource-rules';
import { checkRetryAndCatch, RETRIER_LIMITS } from './retry-rules';
import { schemaProblems } from './schema';
import {
  checkFieldNames,
  checkFieldPresence,
  checkNumbers,
  checkQueryLanguageValue,
  languageOf,
} from './state-fields';
import { checkChoice, checkMap, checkParallel, checkWait } from './state-type-rules';
import { assignedNames, checkAssignNames, checkVariableReferences } from './variable-rules';

const MAX_STATE_NAME = 80;

export interface ValidationOptions {
  /** Variables already in scope (TestState's `variables`). */
  readonly knownVariables?: Iterable<string>;
  /** The state machine's type: an Express machine takes no callbacks, jobs, activities nor distributed Maps. */
  readonly type?: StateMachineType;
  /** The bounds of a retrier's numbers, when they are not the service's (a compatibility mode). */
  readonly retrierLimits?: Readonly<Record<string, NumberRule>>;
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
  if (type === 'Parallel') checkParallel(def, path, problems);
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
