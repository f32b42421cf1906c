/**
 * The service's answers about state machines and executions, as plain data: what the facade
 * returns and what the stores (versions, the journal) and the definition rules name, without
 * importing the facade.
 */
import type { ExecutionStatus } from '../execution/contracts';
import type { RedriveStatus } from '../execution/redrive-status';

export type StateMachineType = 'STANDARD' | 'EXPRESS';

export interface StateMachineDescription {
  readonly stateMachineArn: string;
  readonly name: string;
  readonly definition: string;
  readonly roleArn: string;
  readonly type: StateMachineType;
  readonly creationDate: Date;
  readonly status: 'ACTIVE';
  /** Absent until the state machine is first updated; a version keeps its revision's. */
  readonly revisionId?: string;
  /** A version's description, when it was published with one. */
  readonly description?: string;
}

export interface ExecutionDescription {
  readonly executionArn: string;
  readonly stateMachineArn: string;
  readonly name: string;
  readonly status: ExecutionStatus;
  readonly startDate: Date;
  readonly stopDate?: Date;
  readonly input: string;
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly mapRunArn?: string;
  readonly redriveCount: number;
  readonly redriveDate?: Date;
  readonly redriveStatus: RedriveStatus;
  readonly redriveStatusReason?: string;
  /** Started with a version ARN, or an alias ARN (then the version the alias picked). */
  readonly stateMachineVersionArn?: string;
  /** Started with an alias ARN. */
  readonly stateMachineAliasArn?: string;
}
