/**
 * The rules every state's fields follow whatever its type: which fields its type and query
 * language allow, which exclude each other or are required, the ranges of its literal numbers.
 */
import { type JsonObject } from '@myblog/asl';
import { isJsonataExpression } from '../query/jsonata/template';
import type { QueryLanguage } from '../states/data-flow';
import { allowedFields, EXCLUSIVE_FIELDS, JSONATA_ONLY, JSONPATH_ONLY, NUMBER_FIELDS } from './field-rules';
import { checkNumber, type Problems, say } from './problems';

const LANGUAGES = ['JSONPath', 'JSONata'] as const;

/**
 * The language a state or machine uses: its own QueryLanguage, else the one it inherits. The
 * service reads any value but exactly "JSONPath" as JSONata (and reports the value besides).
 */
export function languageOf(own: unknown, inherited: QueryLanguage): QueryLanguage {
  if (own === undefined) return inherited;
  return own === 'JSONPath' ? 'JSONPath' : 'JSONata';
}

export function checkQueryLanguageValue(value: unknown, path: string, problems: Problems): void {
  if (value === undefined) return;
  if (typeof value !== 'string') problems.add(`${path}/QueryLanguage`, say.string);
  else if (!(LANGUAGES as readonly string[]).includes(value))
    problems.add(`${path}/QueryLanguage`, say.oneOf(LANGUAGES));
}

/** A state's own fields, without the machines it holds. */
export function ownFields(def: JsonObject): JsonObject {
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
export function checkFieldNames(
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
export function checkFieldPresence(def: JsonObject, type: string, path: string, problems: Problems): void {
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
export function checkNumbers(
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
