/**
 * @myblog/sfn-engine: Amazon States Language run in this process. `StepFunctionsEngine` is the
 * service (state machines, versions and aliases, executions, activities, map runs, callbacks,
 * TestState) as the AWS API describes it; give it a `VirtualClock` and Waits, back-off and timeouts
 * cost no real time. It makes no AWS calls itself: Task states reach the world through the
 * `TaskResolver` its host passes in (the stepfunctions-local server wires Lambda, the SDK
 * integrations and mock configs there).
 */
export { StepFunctionsEngine, EngineHalted } from './engine';
export type {
  EngineOptions,
  ExecutionDescription,
  StateMachineDescription,
  StateMachineType,
} from './engine';
export { RealClock, VirtualClock } from './clock';
export type { Clock } from './clock';
export * from './api/errors';
export * from './errors';
export { COMPATIBILITIES, UnknownCompatibility, parseCompatibility } from './compat';
export type { Compatibility } from './compat';
export { invalidArn } from './api/arns';
export { definitionWarnings } from './definition/warnings';
export type { ExecutionRedriveFilter, ExecutionStatus } from './execution/contracts';
export type { TaskInvocation, TaskResolver } from './execution/services';
export type { Activities } from './service/activities/activities';
export type { JournalFileSystem, WriteFailure } from './service/journal/file-system';
export { DataDirUnusable, JournalFile } from './service/journal/journal-file';
export type { ActivityEncryption } from './service/journal/records';
export { MAX_JSON_DEPTH, nestsTooDeep, tooDeepMessage } from './json-limits';
export type { ObjectStore } from './states/map/object-store';
export type {
  FieldValidationMode,
  InspectionLevel,
  MockInput,
  MockResultChecker,
  StateConfiguration,
} from './test-state';
export { parseQualifiedStateMachineArn } from './service/versions/qualified-arn';
export type { RoutingEntry } from './service/versions/routing';
