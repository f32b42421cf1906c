import type { VariableScope } from '../execution/variables';
import type { Json, JsonObject } from '@myblog/asl';
import type { InspectionData } from './request';
import type { StateUnderTest } from './state-under-test';

/** Inspection fields the service gives as numbers, not as JSON text. */
const NUMBERS = new Set(['maxConcurrency', 'toleratedFailureCount', 'toleratedFailurePercentage']);

/** JSONPath's steps, which a JSONata state does not have. */
const JSONPATH_ONLY = [
  'afterInputPath',
  'afterParameters',
  'afterResultSelector',
  'afterResultPath',
  'afterItemsPath',
];

/** The states that take Parameters (JSONPath): the others show no afterParameters. */
const WITH_PARAMETERS = new Set(['Task', 'Pass', 'Parallel']);

/**
 * The steps the service shows for this state: a JSONata state shows afterArguments only when it
 * has Arguments and none of JSONPath's steps; afterParameters only where Parameters exists (a
 * Map's Parameters is its ItemSelector); a Pass shows a result only when it has a Result (and
 * then, not using its input, no afterInputPath nor afterParameters); a Map no raw result.
 */
function shown(state: StateUnderTest): (key: string) => boolean {
  const hidden = new Set<string>();
  const definition = state.definition;
  if (state.language === 'JSONata') {
    for (const key of JSONPATH_ONLY) hidden.add(key);
    if (definition['Arguments'] === undefined) hidden.add('afterArguments');
  }
  if (!WITH_PARAMETERS.has(state.type)) hidden.add('afterParameters');
  if (state.type === 'Pass') {
    if (definition['Result'] === undefined) hidden.add('result');
    else for (const key of ['afterInputPath', 'afterParameters']) hidden.add(key);
  }
  if (state.type === 'Map') hidden.add('result');
  return (key) => !hidden.has(key);
}

/**
 * DEBUG/TRACE inspection: each data-flow step's value as JSON text, Map's limits as numbers,
 * errorDetails as an object, and the variables after the state when there are any.
 */
export function inspectionData(
  steps: ReadonlyMap<string, Json>,
  state: StateUnderTest,
  variables: VariableScope,
): InspectionData {
  const data: Record<string, Json> = {};
  const show = shown(state);
  for (const [key, value] of steps) {
    if (!show(key)) continue;
    data[key] = key === 'errorDetails' || NUMBERS.has(key) ? value : JSON.stringify(value);
  }
  // A JSONPath Fail state has no InputPath, yet the service shows its input as afterInputPath.
  const input = steps.get('input');
  if (state.type === 'Fail' && state.language === 'JSONPath' && input !== undefined)
    data['afterInputPath'] ??= JSON.stringify(input);
  const names = [...variables.names()];
  if (names.length > 0) {
    const values: JsonObject = {};
    for (const name of names) values[name] = variables.get(name) ?? null;
    data['variables'] = JSON.stringify(values);
  }
  return data as InspectionData;
}
