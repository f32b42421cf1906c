/**
 * Workflow variables as the validator sees them: the names an Assign may set, and a JSONPath
 * state's references to variables that nothing in the machine assigns.
 */
import { type Json, type JsonObject, isObject, type StateNode } from '@myblog/asl';
import { looksLikeIntrinsic } from '../query/jsonpath/intrinsics/parser';
import type { QueryLanguage } from '../states/data-flow';
import type { Problems } from './problems';
import { ownFields } from './state-fields';

const VARIABLE_NAME = /^[A-Za-z_][A-Za-z0-9_]*$/;

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

export function checkAssignNames(def: JsonObject, path: string, problems: Problems): void {
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
export function assignedNames(value: Json, names = new Set<string>()): Set<string> {
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
export function checkVariableReferences(
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
