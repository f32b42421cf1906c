import { compileChoiceRule } from '../choice/jsonpath-rules';
import type { DefinitionProblem } from '../errors';
import { compileIntrinsic } from '../intrinsics';
import { looksLikeIntrinsic } from '../intrinsics/parser';
import { type Json, type JsonObject, isObject } from '../json';
import { compileExpression, isJsonataExpression } from '../jsonata/template';
import { compileJsonPathTemplate } from '../payload/jsonpath-template';
import { compilePath } from '../paths/reference-path';
import type { QueryLanguage } from '../states/data-flow';
import { allowedFields, EXCLUSIVE_FIELDS, JSONATA_ONLY, JSONPATH_ONLY, STATE_TYPES } from './field-rules';
import { buildScopes, graphProblems, type JsonObject as GraphObject, type StateNode } from './graph';
import { freeVariables, isFunctionName } from './jsonata-variables';
import { schemaProblems } from './schema';

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;
const MAX_STATE_NAME = 80;

/** Collects problems with their paths; every check adds to one list. */
class Problems {
  readonly list: DefinitionProblem[] = [];
  add(path: string, message: string): void {
    this.list.push({ path, message });
  }
  /** Runs a compile step and reports what it throws at `path`. */
  attempt(path: string, step: () => unknown): void {
    try {
      step();
    } catch (error) {
      this.add(path, (error as Error).message);
    }
  }
}

function languageOf(definition: JsonObject, inherited: QueryLanguage): QueryLanguage {
  const own = definition['QueryLanguage'];
  return own === 'JSONata' || own === 'JSONPath' ? own : inherited;
}

/** Every `{% %}` string inside a value, with its path. */
function* jsonataStrings(value: Json | undefined, path: string): Iterable<{ text: string; path: string }> {
  if (isJsonataExpression(value)) yield { text: value, path };
  else if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* jsonataStrings(item, `${path}/${i}`);
  else if (isObject(value))
    for (const [key, item] of Object.entries(value)) yield* jsonataStrings(item, `${path}/${key}`);
}

/** Every `.$` value and path field of a JSONPath state that names a variable, with its path. */
function* jsonPathReferences(
  value: Json | undefined,
  path: string,
): Iterable<{ text: string; path: string }> {
  if (Array.isArray(value))
    for (const [i, item] of value.entries()) yield* jsonPathReferences(item, `${path}/${i}`);
  else if (isObject(value)) {
    for (const [key, item] of Object.entries(value)) {
      if ((key.endsWith('.$') || key.endsWith('Path') || key === 'Variable') && typeof item === 'string')
        yield { text: item, path: `${path}/${key}` };
      else yield* jsonPathReferences(item, `${path}/${key}`);
    }
  }
}

function checkRetryAndCatch(def: JsonObject, path: string, problems: Problems): void {
  for (const field of ['Retry', 'Catch']) {
    const list = def[field];
    if (list === undefined) continue;
    if (!Array.isArray(list)) {
      problems.add(`${path}/${field}`, `${field} must be an array`);
      continue;
    }
    list.forEach((entry, i) => {
      const at = `${path}/${field}/${i}`;
      if (!isObject(entry)) return problems.add(at, `Each ${field} entry must be an object`);
      const errors = entry['ErrorEquals'];
      if (!Array.isArray(errors) || errors.length === 0)
        problems.add(`${at}/ErrorEquals`, 'ErrorEquals must be a non-empty array of error names');
      else if (errors.includes('States.ALL') && errors.length > 1)
        problems.add(`${at}/ErrorEquals`, 'States.ALL must appear alone in ErrorEquals');
      else if (errors.includes('States.ALL') && i !== list.length - 1)
        problems.add(`${at}/ErrorEquals`, `States.ALL must be in the last ${field} entry`);
      if (field === 'Catch' && typeof entry['Next'] !== 'string')
        problems.add(`${at}/Next`, 'A catcher needs a Next state');
      if (field === 'Retry') {
        const integer = (name: string, min: number) => {
          const value = entry[name];
          if (value !== undefined && (typeof value !== 'number' || !Number.isInteger(value) || value < min)) {
            problems.add(`${at}/${name}`, `${name} must be an integer of at least ${min}`);
          }
        };
        integer('IntervalSeconds', 1);
        integer('MaxAttempts', 0);
        integer('MaxDelaySeconds', 1);
        const backoff = entry['BackoffRate'];
        if (backoff !== undefined && (typeof backoff !== 'number' || backoff < 1))
          problems.add(`${at}/BackoffRate`, 'BackoffRate must be a number of at least 1.0');
        const jitter = entry['JitterStrategy'];
        if (jitter !== undefined && jitter !== 'FULL' && jitter !== 'NONE')
          problems.add(`${at}/JitterStrategy`, 'JitterStrategy must be FULL or NONE');
      }
    });
  }
}

function checkTypeSpecific(
  node: StateNode,
  def: JsonObject,
  language: QueryLanguage,
  problems: Problems,
): void {
  const path = node.path;
  const type = def['Type'];
  const terminal = type === 'Choice' || type === 'Succeed' || type === 'Fail';
  if (!terminal && def['Next'] === undefined && def['End'] !== true)
    problems.add(path, `State "${node.name}" needs either Next or "End": true`);
  if (type === 'Task' && typeof def['Resource'] !== 'string')
    problems.add(`${path}/Resource`, 'A Task state needs a Resource');
  if (
    type === 'Task' &&
    typeof def['TimeoutSeconds'] === 'number' &&
    typeof def['HeartbeatSeconds'] === 'number' &&
    def['HeartbeatSeconds'] >= def['TimeoutSeconds']
  ) {
    problems.add(`${path}/HeartbeatSeconds`, 'HeartbeatSeconds must be smaller than TimeoutSeconds');
  }
  if (type === 'Choice') {
    const choices = def['Choices'];
    if (!Array.isArray(choices) || choices.length === 0)
      problems.add(`${path}/Choices`, 'A Choice state needs a non-empty Choices array');
    else
      choices.forEach((rule, i) => {
        const at = `${path}/Choices/${i}`;
        if (!isObject(rule)) return problems.add(at, 'A Choice rule must be an object');
        if (typeof rule['Next'] !== 'string') problems.add(`${at}/Next`, 'A Choice rule needs a Next state');
        if (language === 'JSONata') {
          if (rule['Condition'] === undefined)
            problems.add(`${at}/Condition`, 'A JSONata Choice rule needs a Condition');
        } else problems.attempt(at, () => compileChoiceRule(rule));
      });
  }
  if (type === 'Wait') {
    const fields =
      language === 'JSONata'
        ? ['Seconds', 'Timestamp']
        : ['Seconds', 'SecondsPath', 'Timestamp', 'TimestampPath'];
    const present = fields.filter((field) => def[field] !== undefined);
    if (present.length !== 1) problems.add(path, `A Wait state needs exactly one of ${fields.join(', ')}`);
  }
  if (type === 'Parallel') {
    const branches = def['Branches'];
    if (!Array.isArray(branches) || branches.length === 0)
      problems.add(`${path}/Branches`, 'A Parallel state needs a non-empty Branches array');
  }
  if (type === 'Map') {
    const processor = def['ItemProcessor'] ?? def['Iterator'];
    if (!isObject(processor)) problems.add(`${path}/ItemProcessor`, 'A Map state needs an ItemProcessor');
    const config =
      isObject(processor) && isObject(processor['ProcessorConfig']) ? processor['ProcessorConfig'] : {};
    const distributed = config['Mode'] === 'DISTRIBUTED';
    if (!distributed) {
      for (const field of [
        'ItemReader',
        'ItemBatcher',
        'ResultWriter',
        'ToleratedFailureCount',
        'ToleratedFailurePercentage',
        'ToleratedFailureCountPath',
        'ToleratedFailurePercentagePath',
        'Label',
      ]) {
        if (def[field] !== undefined)
          problems.add(
            `${path}/${field}`,
            `The field "${field}" is only allowed in a Map state whose ProcessorConfig Mode is DISTRIBUTED`,
          );
      }
    }
  }
}

function checkPayloads(node: StateNode, def: JsonObject, language: QueryLanguage, problems: Problems): void {
  const path = node.path;
  if (language === 'JSONPath') {
    for (const field of ['Parameters', 'ResultSelector', 'ItemSelector', 'Assign']) {
      if (def[field] !== undefined)
        problems.attempt(`${path}/${field}`, () => compileJsonPathTemplate(def[field] as Json));
    }
    for (const field of [
      'InputPath',
      'OutputPath',
      'ItemsPath',
      'SecondsPath',
      'TimestampPath',
      'ResultPath',
    ]) {
      const value = def[field];
      if (typeof value === 'string') problems.attempt(`${path}/${field}`, () => compilePath(value));
    }
    for (const field of ['ErrorPath', 'CausePath']) {
      const value = def[field];
      if (typeof value === 'string')
        problems.attempt(`${path}/${field}`, () =>
          looksLikeIntrinsic(value) ? compileIntrinsic(value) : compilePath(value),
        );
    }
  }
  for (const { text, path: at } of jsonataStrings(def as Json, path)) {
    if (language !== 'JSONata') continue;
    problems.attempt(at, () => compileExpression(text, at));
  }
  const assign = def['Assign'];
  if (isObject(assign)) {
    for (const name of Object.keys(assign)) {
      const bare = name.endsWith('.$') ? name.slice(0, -2) : name;
      if (!VARIABLE_NAME.test(bare) || bare === 'states')
        problems.add(`${path}/Assign/${name}`, `"${bare}" is not a valid variable name`);
    }
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

function checkVariableReferences(
  node: StateNode,
  def: JsonObject,
  language: QueryLanguage,
  assigned: Set<string>,
  problems: Problems,
): void {
  const withoutChildren: JsonObject = { ...def };
  delete withoutChildren['Branches'];
  delete withoutChildren['ItemProcessor'];
  delete withoutChildren['Iterator'];
  if (language === 'JSONata') {
    for (const { text, path } of jsonataStrings(withoutChildren, node.path)) {
      let free: Set<string>;
      try {
        free = freeVariables(text.slice(2, -2));
      } catch {
        continue;
      }
      for (const name of free) {
        if (!assigned.has(name) && !isFunctionName(name))
          problems.add(path, `The variable "$${name}" is referenced but never assigned`);
      }
    }
    return;
  }
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

function checkState(
  node: StateNode,
  language: QueryLanguage,
  topLanguage: QueryLanguage,
  assigned: Set<string>,
  problems: Problems,
): void {
  const def = node.definition as JsonObject;
  const path = node.path;
  if (node.name.length > MAX_STATE_NAME)
    problems.add(path, `State names must be at most ${MAX_STATE_NAME} characters`);
  const type = def['Type'];
  if (typeof type !== 'string' || !STATE_TYPES.includes(type)) {
    problems.add(`${path}/Type`, `"${String(type)}" is not a state type (${STATE_TYPES.join(', ')})`);
    return;
  }
  const own = def['QueryLanguage'];
  if (own !== undefined && own !== 'JSONPath' && own !== 'JSONata')
    problems.add(`${path}/QueryLanguage`, 'QueryLanguage must be JSONPath or JSONata');
  if (topLanguage === 'JSONata' && own === 'JSONPath') {
    problems.add(`${path}/QueryLanguage`, 'A state cannot use JSONPath when the state machine uses JSONata');
  }
  const allowed = allowedFields(type, language) ?? [];
  for (const field of Object.keys(def)) {
    if (allowed.includes(field)) continue;
    if (language === 'JSONata' && JSONPATH_ONLY.includes(field))
      problems.add(`${path}/${field}`, `The field "${field}" is not supported when QueryLanguage is JSONata`);
    else if (language === 'JSONPath' && JSONATA_ONLY.includes(field))
      problems.add(
        `${path}/${field}`,
        `The field "${field}" is only supported when QueryLanguage is JSONata`,
      );
    else problems.add(`${path}/${field}`, `The field "${field}" is not supported by ${type} states`);
  }
  for (const [a, b] of EXCLUSIVE_FIELDS) {
    if (def[a] !== undefined && def[b] !== undefined)
      problems.add(`${path}/${b}`, `A state cannot have both "${a}" and "${b}"`);
  }
  checkTypeSpecific(node, def, language, problems);
  checkRetryAndCatch(def, path, problems);
  checkPayloads(node, def, language, problems);
  checkVariableReferences(node, def, language, assigned, problems);
}

/**
 * Fields whose content the checks above compile exactly. asl-validator's schema is stricter than
 * the service there (it refuses a literal string as a JSONata Output, which the service
 * accepts), and a oneOf miss inside them also shows up as a bogus "Type" error on the state.
 */
const COMPILED_FIELDS =
  /\/(Output|Arguments|Assign|Items|ItemSelector|Condition|Parameters|ResultSelector|Seconds|Timestamp|Error|Cause|TimeoutSeconds|HeartbeatSeconds|MaxConcurrency|ToleratedFailureCount|ToleratedFailurePercentage)(\/|$)/;

function relevantSchemaProblems(definition: JsonObject): DefinitionProblem[] {
  return schemaProblems(definition).filter(
    (problem) => !COMPILED_FIELDS.test(problem.path) && !problem.path.endsWith('/Type'),
  );
}

/**
 * Everything the service would refuse in a definition, each with the path of the problem. An
 * empty list means the definition can be compiled and run.
 */
export function validateDefinition(
  definition: unknown,
  options: { knownVariables?: Iterable<string> } = {},
): DefinitionProblem[] {
  const problems = new Problems();
  if (!isObject(definition)) {
    problems.add('', 'The definition must be a JSON object');
    return problems.list;
  }
  const topLanguage: QueryLanguage = definition['QueryLanguage'] === 'JSONata' ? 'JSONata' : 'JSONPath';
  const top = definition['QueryLanguage'];
  if (top !== undefined && top !== 'JSONata' && top !== 'JSONPath')
    problems.add('/QueryLanguage', 'QueryLanguage must be JSONPath or JSONata');
  if (!isObject(definition['States']) || Object.keys(definition['States']).length === 0)
    problems.add('/States', 'States must be a non-empty object');
  const timeout = definition['TimeoutSeconds'];
  if (timeout !== undefined && (typeof timeout !== 'number' || !Number.isInteger(timeout) || timeout < 1)) {
    problems.add('/TimeoutSeconds', 'TimeoutSeconds must be a positive integer');
  }
  for (const problem of graphProblems(definition as GraphObject)) problems.add(problem.path, problem.message);
  const assigned = assignedNames(definition);
  for (const name of options.knownVariables ?? []) assigned.add(name);
  const visitScopes = (machine: JsonObject, path: string, language: QueryLanguage): void => {
    for (const scope of buildScopes(machine as GraphObject, path)) {
      if (scope.path !== path) continue;
      for (const node of scope.states.values()) {
        const def = node.definition as JsonObject;
        const stateLanguage = languageOf(def, language);
        checkState(node, stateLanguage, topLanguage, assigned, problems);
        for (const [i, branch] of (Array.isArray(def['Branches']) ? def['Branches'] : []).entries()) {
          if (isObject(branch)) visitScopes(branch, `${node.path}/Branches/${i}`, stateLanguage);
        }
        for (const key of ['ItemProcessor', 'Iterator']) {
          const processor = def[key];
          if (isObject(processor)) visitScopes(processor, `${node.path}/${key}`, stateLanguage);
        }
      }
    }
  };
  visitScopes(definition, '', topLanguage);
  if (problems.list.length === 0)
    for (const problem of relevantSchemaProblems(definition)) problems.add(problem.path, problem.message);
  return problems.list;
}
