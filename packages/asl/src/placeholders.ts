/**
 * The reverse of definition substitutions: a definition exported from a deployed state machine
 * holds the values CloudFormation put in place of `${Name}` (function ARNs, table names, topic
 * ARNs...). Given those values, this puts the placeholders back, so the export can be saved over
 * the workflow file and deployed again.
 *
 * CloudFormation substitutes as plain text, so the values are found as text too: the value as it
 * appears inside a JSON string, not followed or preceded by a character that would make it part of
 * a longer name (a table `photos` is not found in `photos-archive`), the longest value first where
 * two start at the same place (a topic ARN before the topic name it ends with). Placeholders that
 * survived the round trip are left as they are.
 */

import { PLACEHOLDER_PATTERN } from './substitutions';

/** Two placeholders with the same value: which one a match stands for cannot be told. */
export class AmbiguousSubstitutionError extends Error {
  override readonly name = 'AmbiguousSubstitutionError';
  constructor(
    readonly value: string,
    readonly names: readonly string[],
  ) {
    super(
      `The substitutions ${names.map((n) => `\${${n}}`).join(' and ')} have the same value (${value}): ` +
        'which one the export means cannot be told, so none is restored',
    );
  }
}

export interface RestoredPlaceholders {
  readonly text: string;
  /** How many times each placeholder was put back, for the names whose value was found. */
  readonly restored: Readonly<Record<string, number>>;
}

/** Characters that continue a resource name or ARN: a match must not have one on either side. */
const NAME_CHARACTER = '[A-Za-z0-9_-]';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');

/** `values` maps each placeholder name to the value CloudFormation put in its place. */
export function restorePlaceholders(
  text: string,
  values: Readonly<Record<string, string>>,
): RestoredPlaceholders {
  const nameOf = new Map<string, string>();
  for (const [name, value] of Object.entries(values)) {
    if (value === '') continue;
    const inJson = JSON.stringify(value).slice(1, -1);
    const other = nameOf.get(inJson);
    if (other !== undefined) throw new AmbiguousSubstitutionError(value, [other, name]);
    nameOf.set(inJson, name);
  }
  if (nameOf.size === 0) return { text, restored: {} };
  const alternatives = [...nameOf.keys()].sort((a, b) => b.length - a.length).map(escapeRegExp);
  // A placeholder already in the text is matched first and kept, so no value is found inside one.
  const pattern = new RegExp(
    `(${PLACEHOLDER_PATTERN})|(?<!${NAME_CHARACTER})(?:${alternatives.join('|')})(?!${NAME_CHARACTER})`,
    'g',
  );
  const restored: Record<string, number> = {};
  const result = text.replace(pattern, (match: string, placeholder: string | undefined) => {
    if (placeholder !== undefined) return match;
    const name = nameOf.get(match) as string;
    restored[name] = (restored[name] ?? 0) + 1;
    return `\${${name}}`;
  });
  return { text: result, restored };
}
