/**
 * What an execution is and how it ends, as plain data: the words the service layer (store,
 * journal, map runs) and the interpreter share. Nothing here imports the interpreter, so either
 * side can name these without reaching the other.
 */
import type { Json } from '@myblog/asl';

export type ExecutionStatus =
  'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

export type ExecutionResult =
  | { readonly status: 'SUCCEEDED'; readonly output: Json }
  | { readonly status: 'FAILED' | 'TIMED_OUT' | 'ABORTED'; readonly error: string; readonly cause: string };

/** Where an execution goes on from: a top-level state, its input and the variables then. */
export interface ResumePoint {
  readonly state: string;
  readonly input: Json;
  readonly variables: Readonly<Record<string, Json>>;
}

/** Who an execution is, as the context object's Execution and StateMachine parts describe it. */
export interface ExecutionIdentity {
  readonly executionArn: string;
  readonly executionName: string;
  readonly stateMachineArn: string;
  readonly stateMachineName: string;
  readonly roleArn: string;
  readonly startTime: string;
  readonly input: Json;
  readonly redriveCount: number;
  /** For a distributed Map's child execution: the execution that started the map run. */
  readonly parentExecutionArn?: string;
  /** Started with a version's ARN, or an alias's (then the version it picked). */
  readonly stateMachineVersionArn?: string;
  /** Started with an alias's ARN. */
  readonly stateMachineAliasArn?: string;
}
