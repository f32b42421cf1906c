/**
 * The canonical text of a workflow file is the text Workflow Studio writes for the same definition,
 * so that saving a Workflow Studio export over a file changes only what was edited.
 *
 * Workflow Studio is a JavaScript application: it parses the definition, keeps every object's keys
 * in the order it found them (a field added in its form goes last), and writes the definition back
 * as `JSON.stringify(definition, null, 2)`. Its templates write keys in different orders (a Lambda
 * Invoke has OutputPath before Parameters, an SDK task Parameters before Resource, newer templates
 * put QueryLanguage first and older ones last), so no fixed key order can agree with every export:
 * the canonical form keeps the order as written and normalises exactly what that serialisation
 * normalises: two-space indentation and line breaks, numbers as JavaScript prints them (2.0 -> 2,
 * 1e3 -> 1000), strings with only the escapes JSON requires (non-ASCII text stays as it is), and
 * the order JavaScript objects give keys that are array indexes ("0", "1") — first, ascending.
 *
 * The final line break is kept as written: Workflow Studio's export ends at the closing brace, and
 * editors usually add a line break on save; either is canonical, so neither fights the other.
 */

/** Parses workflow text and returns it in canonical form. Throws SyntaxError on invalid JSON. */
export function canonicalWorkflowText(text: string): string {
  const parsed: unknown = JSON.parse(text);
  if (typeof parsed !== 'object' || parsed === null || Array.isArray(parsed))
    throw new SyntaxError('A workflow file must hold one JSON object');
  const finalLineBreak = text.slice(text.trimEnd().length).includes('\n') ? '\n' : '';
  return `${JSON.stringify(parsed, null, 2)}${finalLineBreak}`;
}
