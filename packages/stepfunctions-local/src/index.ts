/**
 * @myblog/stepfunctions-local: a drop-in for AWS Step Functions Local. `startLocalStepFunctions`
 * serves the AWS JSON 1.0 API (so `@aws-sdk/client-sfn` and the AWS CLI work unchanged) from this
 * process or as the `stepfunctions-local` CLI; the engine it serves is re-exported for tests that
 * drive executions in-process.
 */
export { startLocalStepFunctions } from './server';
export type { LocalStepFunctions, LocalStepFunctionsOptions } from './server';
export { holdIdleConnections } from './http';
export type { FunctionRegistry, LambdaContext, LambdaHandler } from './integrations/lambda';
export * from '@myblog/sfn-engine';
export type { Json, JsonObject } from '@myblog/asl';
export { startConsole } from './console/server';
export type { ConsoleExtension, ConsoleOptions, StepFunctionsConsole } from './console/server';
export { watchedEndpoint } from './console/client';
export type { WatchedEndpoint } from './console/client';
export { buildConsoleAssets } from './console/assets';
