/**
 * What each state type adds to the common field rules: a Choice's rules, a Wait's one duration,
 * a Parallel's branches, a Map's processor configuration and label.
 */
import { type JsonObject, isObject } from '@myblog/asl';
import { isJsonataExpression } from '../query/jsonata/template';
import { compileChoiceRule } from '../query/jsonpath/choice-rules';
import type { StateMachineType } from '../service/types';
import type { QueryLanguage } from '../states/data-flow';
import { DISTRIBUTED_MAP_ONLY } from './field-rules';
import { itemAt, type Problems, say } from './problems';

const MAX_LABEL = 40;
/** RFC 3339 as the service reads a Timestamp: uppercase T, and Z or a numeric offset. */
const TIMESTAMP = /^\d{4}-\d{2}-\d{2}T\d{2}:\d{2}:\d{2}(\.\d+)?(Z|[+-]\d{2}:\d{2})$/;
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

export function checkChoice(
  def: JsonObject,
  language: QueryLanguage,
  path: string,
  problems: Problems,
): void {
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

export function checkWait(def: JsonObject, language: QueryLanguage, path: string, problems: Problems): void {
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

export function checkParallel(def: JsonObject, path: string, problems: Problems): void {
  const branches = def['Branches'];
  if (branches !== undefined && !Array.isArray(branches)) problems.add(`${path}/Branches`, say.array);
  else if (Array.isArray(branches) && branches.length === 0) problems.add(`${path}/Branches`, say.empty);
}

export function checkMap(def: JsonObject, path: string, type: StateMachineType, problems: Problems): void {
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
