import type { VariableScope } from '../execution/variables';
import type { Json, JsonObject } from '../json';
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

/**
 * The steps the service shows for this state: a JSONata state shows afterArguments only when it
 * has Arguments and none of JSONPath's steps; a Map (whose Parameters is ItemSelector) shows
 * neither afterParameters nor its raw result.
 */
function shown(state: StateUnderTest): (key: string) => boolean {
  const hidden = new Set<string>();
  if (state.language === 'JSONata') {
    for (const key of JSONPATH_ONLY) hidden.add(key);
    if (state.definition['Arguments'] === undefined) hidden.add('afterArguments');
  }
  if (state.type === 'Map') {
    hidden.add('afterParameters');
    hidden.add('result');
  }
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
  const names = [...variables.names()];
  if (names.length > 0) {
    const values: JsonObject = {};
    for (const name of names) values[name] = variables.get(name) ?? null;
    data['variables'] = JSON.stringify(values);
  }
  return data as InspectionData;
}
