/**
 * Path fields of JSONPath states as the service checks them: a JSONPath, and a Reference Path
 * (one node: no wildcard, filter, slice or deep scan) for the fields that address or write one
 * node (ResultPath, ItemsPath and the numbers read from the input).
 */
import { compilePath, isReferencePath } from '../query/jsonpath/reference-path';
import { type Problems, say } from './problems';

/** A path field's text: a JSONPath, or for the fields that address one node, a Reference Path. */
export function checkPathField(field: string, text: string, path: string, problems: Problems): void {
  const reference =
    field === 'ResultPath' ||
    field === 'ItemsPath' ||
    (field.endsWith('SecondsPath') && field !== 'SecondsPath') ||
    field.startsWith('MaxConcurrency') ||
    field.startsWith('ToleratedFailure');
  let compiled;
  try {
    compiled = compilePath(text);
  } catch {
    if (!reference) return problems.add(path, 'Value must be a valid JSONPath.');
    return problems.add(
      path,
      text.startsWith('$')
        ? 'Value is not a Reference Path'
        : "Value is not a Reference Path: Reference path didn't start with '$'",
    );
  }
  if (reference && !isReferencePath(compiled)) problems.add(path, 'Value is not a Reference Path');
}

export const PATH_FIELDS = [
  'InputPath',
  'OutputPath',
  'ItemsPath',
  'SecondsPath',
  'TimestampPath',
  'ResultPath',
  'TimeoutSecondsPath',
  'HeartbeatSecondsPath',
  'MaxConcurrencyPath',
  'ToleratedFailureCountPath',
  'ToleratedFailurePercentagePath',
];

/** Checks each path field of a JSONPath state (or of a catcher) at `path`. */
export function checkPathFields(
  def: Record<string, unknown>,
  fields: readonly string[],
  path: string,
  problems: Problems,
): void {
  for (const field of fields) {
    const value = def[field];
    if (typeof value === 'string') checkPathField(field, value, `${path}/${field}`, problems);
    else if (value !== undefined && value !== null) problems.add(`${path}/${field}`, say.string);
  }
}
