/**
 * `${Name}` definition substitutions, as CloudFormation's DefinitionSubstitutions and CDK's
 * `definitionSubstitutions` apply them: plain text replacement inside the workflow file.
 */

/** A `${Name}` placeholder as pattern text, without a capture group, to compose patterns from. */
export const PLACEHOLDER_PATTERN = String.raw`\$\{[A-Za-z][A-Za-z0-9_]*\}`;
const PLACEHOLDER = /\$\{([A-Za-z][A-Za-z0-9_]*)\}/g;

/** The names of every `${Name}` placeholder in a workflow's text. */
export function placeholdersIn(text: string): Set<string> {
  return new Set([...text.matchAll(PLACEHOLDER)].map((match) => match[1] as string));
}

export class MissingSubstitutionError extends Error {
  override readonly name = 'MissingSubstitutionError';
  constructor(readonly missing: readonly string[]) {
    super(`No value for definition substitution(s): ${missing.join(', ')}`);
  }
}

/**
 * Replaces every placeholder with its value, escaped for the JSON string it sits in. Throws when a
 * placeholder has no value, so an unresolved `${Name}` never reaches a state machine.
 */
export function applySubstitutions(text: string, values: Readonly<Record<string, string>>): string {
  const missing = [...placeholdersIn(text)].filter((name) => !(name in values));
  if (missing.length > 0) throw new MissingSubstitutionError(missing);
  return text.replace(PLACEHOLDER, (_match, name: string) => JSON.stringify(values[name]).slice(1, -1));
}
