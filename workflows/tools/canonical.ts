/**
 * The canonical text of a workflow file: ASL's own keys in one fixed order, payload objects
 * (Parameters, Arguments, Result, ...) left in the author's order, 2-space JSON, final newline.
 * Workflow Studio exports the same JSON in its own key order; `npm run workflows:format` brings
 * an export back to this form so diffs show only what changed.
 */

type Json = null | boolean | number | string | Json[] | { [key: string]: Json };
type JsonObject = { [key: string]: Json };

const TOP_LEVEL = ['Comment', 'QueryLanguage', 'StartAt', 'States', 'TimeoutSeconds', 'Version'];

const STATE = [
  'Type',
  'Comment',
  'QueryLanguage',
  'Choices',
  'Default',
  'Resource',
  'InputPath',
  'Parameters',
  'Arguments',
  'ItemsPath',
  'Items',
  'ItemReader',
  'ItemSelector',
  'ItemBatcher',
  'ItemProcessor',
  'Iterator',
  'Branches',
  'MaxConcurrency',
  'MaxConcurrencyPath',
  'ToleratedFailurePercentage',
  'ToleratedFailurePercentagePath',
  'ToleratedFailureCount',
  'ToleratedFailureCountPath',
  'Label',
  'ResultWriter',
  'Result',
  'ResultSelector',
  'ResultPath',
  'OutputPath',
  'Output',
  'Assign',
  'Seconds',
  'SecondsPath',
  'Timestamp',
  'TimestampPath',
  'TimeoutSeconds',
  'TimeoutSecondsPath',
  'HeartbeatSeconds',
  'HeartbeatSecondsPath',
  'Credentials',
  'Error',
  'ErrorPath',
  'Cause',
  'CausePath',
  'Retry',
  'Catch',
  'Next',
  'End',
];

const RETRIER = [
  'Comment',
  'ErrorEquals',
  'IntervalSeconds',
  'MaxAttempts',
  'BackoffRate',
  'MaxDelaySeconds',
  'JitterStrategy',
];
const CATCHER = ['Comment', 'ErrorEquals', 'ResultPath', 'Output', 'Assign', 'Next'];
const CHOICE_RULE = ['Comment', 'Condition', 'Variable', 'And', 'Or', 'Not'];
const CHOICE_RULE_TAIL = ['Assign', 'Output', 'Next'];
const PROCESSOR = ['Comment', 'ProcessorConfig', 'QueryLanguage', 'StartAt', 'States', 'TimeoutSeconds'];
const PROCESSOR_CONFIG = ['Mode', 'ExecutionType'];

function isObject(value: Json | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Known keys first in the given order, then unknown keys as the author wrote them. */
function ordered(object: JsonObject, order: readonly string[], tail: readonly string[] = []): JsonObject {
  const result: JsonObject = {};
  const place = (key: string): void => {
    const value = object[key];
    if (value !== undefined) result[key] = value;
  };
  order.forEach(place);
  Object.keys(object)
    .filter((key) => !order.includes(key) && !tail.includes(key))
    .forEach(place);
  tail.forEach(place);
  return result;
}

function canonicalChoiceRule(rule: JsonObject): JsonObject {
  const result = ordered(rule, CHOICE_RULE, CHOICE_RULE_TAIL);
  for (const key of ['And', 'Or'] as const) {
    const nested = result[key];
    if (Array.isArray(nested)) result[key] = nested.map((r) => (isObject(r) ? canonicalChoiceRule(r) : r));
  }
  const not = result['Not'];
  if (isObject(not)) result['Not'] = canonicalChoiceRule(not);
  return result;
}

function canonicalStates(states: JsonObject): JsonObject {
  const result: JsonObject = {};
  for (const [name, state] of Object.entries(states)) {
    result[name] = isObject(state) ? canonicalState(state) : state;
  }
  return result;
}

function canonicalMachine(machine: JsonObject, order: readonly string[]): JsonObject {
  const result = ordered(machine, order);
  const states = result['States'];
  if (isObject(states)) result['States'] = canonicalStates(states);
  const config = result['ProcessorConfig'];
  if (isObject(config)) result['ProcessorConfig'] = ordered(config, PROCESSOR_CONFIG);
  return result;
}

function canonicalState(state: JsonObject): JsonObject {
  const result = ordered(state, STATE);
  const mapList = (key: string, order: readonly string[]): void => {
    const list = result[key];
    if (Array.isArray(list)) result[key] = list.map((item) => (isObject(item) ? ordered(item, order) : item));
  };
  mapList('Retry', RETRIER);
  mapList('Catch', CATCHER);
  const choices = result['Choices'];
  if (Array.isArray(choices)) {
    result['Choices'] = choices.map((rule) => (isObject(rule) ? canonicalChoiceRule(rule) : rule));
  }
  const branches = result['Branches'];
  if (Array.isArray(branches)) {
    result['Branches'] = branches.map((b) => (isObject(b) ? canonicalMachine(b, PROCESSOR) : b));
  }
  for (const key of ['ItemProcessor', 'Iterator'] as const) {
    const processor = result[key];
    if (isObject(processor)) result[key] = canonicalMachine(processor, PROCESSOR);
  }
  return result;
}

/** Parses workflow text and returns it in canonical form. Throws SyntaxError on invalid JSON. */
export function canonicalWorkflowText(text: string): string {
  const parsed = JSON.parse(text) as Json;
  if (!isObject(parsed)) throw new SyntaxError('A workflow file must hold one JSON object');
  return `${JSON.stringify(canonicalMachine(parsed, TOP_LEVEL), null, 2)}\n`;
}
