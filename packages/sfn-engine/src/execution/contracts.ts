/**
 * What an execution is and how it ends, as plain data: the words the service layer (store,
 * journal, map runs) and the interpreter share. Nothing here imports the interpreter, so either
 * side can name these without reaching the other.
 */
import type { Json } from '@myblog/asl';

export type ExecutionStatus =
  'RUNNING' | 'SUCCEEDED' | 'FAILED' | 'TIMED_OUT' | 'ABORTED' | 'PENDING_REDRIVE';

/** ListExecutions' redriveFilter: executions redriven at least once, or never. */
export type ExecutionRedriveFilter = 'REDRIVEN' | 'NOT_REDRIVEN';

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

/** What an identity is made of: its optional ARNs given as undefined when absent. */
export type ExecutionIdentityFields = Omit<
  ExecutionIdentity,
  'parentExecutionArn' | 'stateMachineVersionArn' | 'stateMachineAliasArn'
> & {
  readonly parentExecutionArn?: string | undefined;
  readonly stateMachineVersionArn?: string | undefined;
  readonly stateMachineAliasArn?: string | undefined;
};

/**
 * An identity with its optional ARNs present only when set. Built by assignment, in one order,
 * rather than by spreading conditional objects: every execution makes one, and the spreads cost
 * more than the rest of the object.
 */
export function executionIdentity(fields: ExecutionIdentityFields): ExecutionIdentity {
  const identity: { -readonly [K in keyof ExecutionIdentity]: ExecutionIdentity[K] } = {
    executionArn: fields.executionArn,
    executionName: fields.executionName,
    stateMachineArn: fields.stateMachineArn,
    stateMachineName: fields.stateMachineName,
    roleArn: fields.roleArn,
    startTime: fields.startTime,
    input: fields.input,
    redriveCount: fields.redriveCount,
  };
  if (fields.parentExecutionArn !== undefined) identity.parentExecutionArn = fields.parentExecutionArn;
  if (fields.stateMachineVersionArn !== undefined)
    identity.stateMachineVersionArn = fields.stateMachineVersionArn;
  if (fields.stateMachineAliasArn !== undefined) identity.stateMachineAliasArn = fields.stateMachineAliasArn;
  return identity;
}
