import type { Json } from '@myblog/asl';

/** The TestState request and answer, as the API reference describes them. */

export type InspectionLevel = 'INFO' | 'DEBUG' | 'TRACE';

/** How strictly a mocked result is checked against the output shape of the API the state calls. */
export type FieldValidationMode = 'STRICT' | 'PRESENT' | 'NONE';

export interface MockInput {
  /** The mocked result, as JSON text. */
  readonly result?: string;
  readonly errorOutput?: { readonly error?: string; readonly cause?: string };
  /** Default STRICT. */
  readonly fieldValidationMode?: FieldValidationMode;
}

export interface StateConfiguration {
  /** Retries the matching retrier has already made. */
  readonly retrierRetryCount?: number;
  /** Map or Parallel: the nested state a mocked error comes from. */
  readonly errorCausedByState?: string;
  /** Map: how many iterations failed. */
  readonly mapIterationFailureCount?: number;
  /** Map: what its ItemReader would read, as the source holds it. */
  readonly mapItemReaderData?: string;
}

export interface TestStateRequest {
  /** One state's definition, or a whole state machine's when `stateName` is given, as JSON text. */
  readonly definition: string;
  /** The state of the machine in `definition` to test. */
  readonly stateName?: string;
  readonly input?: string;
  readonly roleArn?: string;
  readonly inspectionLevel?: InspectionLevel;
  readonly revealSecrets?: boolean;
  /** Variables in scope, as a JSON object text. */
  readonly variables?: string;
  readonly mock?: MockInput;
  /** The context object (`$$`) the state sees, as a JSON object text; only with a mock. */
  readonly context?: string;
  readonly stateConfiguration?: StateConfiguration;
}

export interface InspectionErrorDetails {
  readonly catchIndex?: number;
  readonly retryIndex?: number;
  readonly retryBackoffIntervalSeconds?: number;
}

/** Each data-flow step's value as JSON text; Map's limits as numbers. */
export interface InspectionData {
  readonly input?: string;
  readonly afterArguments?: string;
  readonly afterInputPath?: string;
  readonly afterParameters?: string;
  readonly result?: string;
  readonly afterResultSelector?: string;
  readonly afterResultPath?: string;
  readonly variables?: string;
  readonly errorDetails?: InspectionErrorDetails;
  readonly afterItemsPath?: string;
  readonly afterItemSelector?: string;
  readonly afterItemBatcher?: string;
  readonly toleratedFailureCount?: number;
  readonly toleratedFailurePercentage?: number;
  readonly maxConcurrency?: number;
}

export type TestExecutionStatus = 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';

export interface TestStateResult {
  readonly status: TestExecutionStatus;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly nextState?: string;
  readonly inspectionData?: InspectionData;
}

/**
 * Checks a mocked result against the output shape of the API a Task's resource calls (the
 * server knows the SDK models; the engine does not). Answers AWS's message for the first
 * mismatch, or undefined when the result fits or no shape is known for the resource.
 */
export interface MockResultChecker {
  check(resource: string, result: Json, mode: 'STRICT' | 'PRESENT'): Promise<string | undefined>;
}
