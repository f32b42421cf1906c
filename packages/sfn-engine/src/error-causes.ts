import type { Json } from '@myblog/asl';

/**
 * The causes of the errors the interpreter raises while running a state, in AWS's words. One
 * builder per kind, so the execution loop and TestState word them alike.
 *
 * | kind                                                   | error                        | AWS's cause (after the prefix)                                                                                          | source |
 * | ------------------------------------------------------ | ---------------------------- | ----------------------------------------------------------------------------------------------------------------------- | ------ |
 * | runtime error inside a state (prefix of all below)     | —                            | `An error occurred while executing the state 'S' (entered at the event id #N). ` + cause                               | R      |
 * | `.$` path of Parameters/ItemSelector/ResultSelector/Assign selects nothing | States.Runtime | `The JSONPath '$.a' specified for the field 'b.$' could not be found in the input '{"x":1}'`                   | R      |
 * | InputPath / OutputPath / ItemsPath selects nothing     | States.Runtime               | `Invalid path '$.a.b' : No results for path: $['a']['b']`                                                               | R      |
 * | Choice Variable (or a …Path operand) selects nothing   | States.Runtime               | `Invalid path '$.a': The choice state's condition path references an invalid value.`                                   | R      |
 * | ResultPath cannot be applied to the input              | States.ResultPathMatchFailure | `Unable to apply ReferencePath $.a to input "text"`                                                                    | R      |
 * | Wait TimestampPath not an ISO-8601 timestamp           | States.Runtime               | `The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.t == value` | L      |
 * | Wait SecondsPath selects nothing / not whole / < 0     | States.Runtime               | `The SecondsPath parameter does not reference an input value: $.s` / `… cannot be parsed as a long value: $.s == v` / `… references a negative value: $.s == -1` | C |
 * | MaxConcurrencyPath (and the other …Path numbers) not a valid integer / < 0 | States.Runtime | `The MaxConcurrencyPath field refers to value "v" which is not a valid integer: $.m` / `Expected non-negative integer for MaxConcurrency, got '-1' instead.` | C |
 * | JSONata expression returns nothing                     | States.QueryEvaluationError  | `The JSONata expression '$states.input.x' specified for the field 'Output/v' returned nothing (undefined).`            | R      |
 * | JSONata expression throws                              | States.QueryEvaluationError  | `The JSONata expression 'e' specified for the field 'Output' threw an error during evaluation. T0410: <JSONata's message>` | S  |
 * | JSONata value of the wrong type (Items, Seconds, …)    | States.QueryEvaluationError  | `The JSONata expression 'e' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'string' for value: "x"` | C |
 * | output past the payload quota (no prefix)              | States.DataLimitExceeded     | `The state/task 'S' returned a result with a size exceeding the maximum number of bytes service limit.`                | L      |
 * | Fail state, task/Lambda error, States.Timeout          | as reported                  | as reported, no prefix                                                                                                  | L      |
 *
 * Sources: R = causes AWS returned to users, quoted in public write-ups and bug reports;
 * L = LocalStack's snapshots recorded against AWS; S = a public comparison of many JSONata
 * failures on AWS; C = LocalStack's implementation, written against AWS but with no snapshot
 * found for it (see the report of issue 21 for what remains unconfirmed).
 */

/** AWS's prefix: the state and the id of the event that entered it. */
export function stateErrorCause(stateName: string, enteredEventId: number, cause: string): string {
  return `An error occurred while executing the state '${stateName}' (entered at the event id #${enteredEventId}). ${cause}`;
}

const DESCRIBED_LENGTH = 1000;

/** A value as compact JSON, as AWS quotes it in a cause (cut short past 1000 characters). */
export function describeJson(value: Json | undefined): string {
  const text = JSON.stringify(value) ?? 'null';
  return text.length > DESCRIBED_LENGTH ? `${text.slice(0, DESCRIBED_LENGTH)}...` : text;
}

/** A value as AWS writes it after `path ==`: strings bare, anything else as JSON. */
function describeValue(value: Json | undefined): string {
  return typeof value === 'string' ? value : describeJson(value);
}

/**
 * A reference path in the bracket notation AWS's JSONPath library reports (`$['a']['b'][0]`);
 * `segments` is undefined for a query path, which is reported as written.
 */
export function bracketPath(text: string, segments: readonly (string | number)[] | undefined): string {
  if (segments === undefined) return text;
  const root = text.startsWith('$$') ? '$$' : '$';
  return root + segments.map((s) => (typeof s === 'number' ? `[${s}]` : `['${s}']`)).join('');
}

/** A `.$` field whose path selects nothing. */
export function fieldPathCause(path: string, field: string, input: Json): string {
  return `The JSONPath '${path}' specified for the field '${field}' could not be found in the input '${describeJson(input)}'`;
}

/** InputPath, OutputPath, ItemsPath (and other whole-value paths) that select nothing. */
export function invalidPathCause(path: string, segments: readonly (string | number)[] | undefined): string {
  return `Invalid path '${path}' : No results for path: ${bracketPath(path, segments)}`;
}

/** A Choice rule whose Variable (or …Path operand) selects nothing. */
export function choicePathCause(path: string): string {
  return `Invalid path '${path}': The choice state's condition path references an invalid value.`;
}

/** ResultPath that cannot be placed in the state's input. */
export function resultPathCause(path: string, input: Json): string {
  return `Unable to apply ReferencePath ${path} to input ${describeJson(input)}`;
}

export function secondsPathMissingCause(path: string): string {
  return `The SecondsPath parameter does not reference an input value: ${path}`;
}

export function secondsPathNotLongCause(path: string, value: Json | undefined): string {
  return `The SecondsPath parameter cannot be parsed as a long value: ${path} == ${describeValue(value)}`;
}

export function secondsPathNegativeCause(path: string, value: number): string {
  return `The SecondsPath parameter references a negative value: ${path} == ${value}`;
}

export function timestampPathMissingCause(path: string): string {
  return `The TimestampPath parameter does not reference an input value: ${path}`;
}

/** A Timestamp (its expression) or TimestampPath whose value is not an ISO-8601 date-time. */
export function timestampCause(
  field: 'Timestamp' | 'TimestampPath',
  written: string,
  value: Json | undefined,
): string {
  return `The ${field} parameter does not reference a valid ISO-8601 extended offset date-time format string: ${written} == ${describeValue(value)}`;
}

/** A `<Field>Path` number (MaxConcurrencyPath, TimeoutSecondsPath…) that is not one. */
export function numberPathCause(
  field: string,
  path: string,
  value: Json | undefined,
  integer: boolean,
): string {
  return `The ${field}Path field refers to value "${describeValue(value)}" which is not a valid ${integer ? 'integer' : 'number'}: ${path}`;
}

/** An ItemsPath whose value is not an array (worded as AWS words the other `…Path` values). */
export function itemsPathCause(path: string, value: Json): string {
  return `The ItemsPath field refers to value "${describeValue(value)}" which is not a valid array: ${path}`;
}

/** A number field (from a path or an expression) out of its range. */
export function numberRangeCause(field: string, value: number, min: number, max?: number): string {
  if (max === undefined && min === 0) {
    return `Expected non-negative integer for ${field}, got '${value}' instead.`;
  }
  const range = max === undefined ? `at least ${min}` : `between ${min} and ${max}`;
  return `Expected a value ${range} for ${field}, got '${value}' instead.`;
}

/** The `{% %}` body of a JSONata field, as AWS quotes it. */
export function jsonataBody(source: string): string {
  const match = /^\{%([\s\S]*)%\}$/.exec(source);
  return (match?.[1] ?? source).trim();
}

export function jsonataUndefinedCause(expression: string, field: string): string {
  return `The JSONata expression '${expression}' specified for the field '${field}' returned nothing (undefined).`;
}

/**
 * An expression that threw: AWS appends JSONata's code and message as a sentence of its own
 * (`. T0410: …`), and a message without a code after a colon.
 */
export function jsonataThrewCause(expression: string, field: string, message: string, code?: string): string {
  const tail = code === undefined ? `: ${message}` : `. ${code}: ${message}`;
  return `The JSONata expression '${expression}' specified for the field '${field}' threw an error during evaluation${tail}`;
}

/** JSONata's name for a value's type. */
export function jsonataTypeName(value: Json): string {
  if (value === null) return 'null';
  if (Array.isArray(value)) return 'array';
  return typeof value;
}

/** An expression whose value is not of the type its field takes. */
export function jsonataTypeCause(expression: string, field: string, expected: string, value: Json): string {
  return `The JSONata expression '${expression}' specified for the field '${field}' returned an unexpected result type. Expected '${expected}', but was '${jsonataTypeName(value)}' for value: ${describeJson(value)}`;
}
