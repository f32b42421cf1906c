/**
 * @myblog/asl: the Amazon States Language as data, shared by the engine, the server, the CDK app and
 * the workflow tools. JSON types, the state graph (scopes, transitions, problems), the Task
 * `Resource` ARN grammar, `${Name}` definition substitutions and the canonical file format that
 * Workflow Studio round trips keep. Pure: no I/O, no dependencies.
 */
export { isObject, jsonByteLength, jsonEquals, jsonTypeName } from './json';
export type { Json, JsonObject } from './json';
export {
  allStates,
  buildScopes,
  childMachines,
  duplicateStateNames,
  graphProblems,
  isJsonObject,
  transitionsOf,
} from './graph';
export type { DefinitionPath, GraphProblem, Scope, StateNode } from './graph';
export { parseTaskResource } from './task-resource';
export type { TaskResource } from './task-resource';
export {
  applySubstitutions,
  MissingSubstitutionError,
  PLACEHOLDER_PATTERN,
  placeholdersIn,
} from './substitutions';
export { AmbiguousSubstitutionError, restorePlaceholders } from './placeholders';
export type { RestoredPlaceholders } from './placeholders';
export { canonicalWorkflowText } from './canonical';
