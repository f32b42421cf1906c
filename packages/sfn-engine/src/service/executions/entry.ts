/**
 * What the service keeps of one execution: the run (identity, history, services), what it runs,
 * its dates and result, and where it would go on from (a redrive, a restart from the journal).
 */
import type { Json } from '@myblog/asl';
import type { ExecutionResult, ResumePoint } from '../../execution/contracts';
import type { ExecutionRun } from '../../execution/services';
import type { VariableScope } from '../../execution/variables';
import type { CompiledMachine } from '../../states/state';
import type { ExecutionStartedRecord } from '../journal/records';
import type { StateMachineType } from '../types';

export interface ExecutionEntry {
  run: ExecutionRun;
  readonly stateMachineArn: string;
  readonly definition: string;
  /** What it runs: kept so a redrive runs the same definition even if the machine changed. */
  readonly compiled: CompiledMachine | undefined;
  readonly type: StateMachineType;
  readonly startDate: Date;
  readonly inputText: string;
  readonly mapRunArn?: string;
  result?: ExecutionResult;
  stopDate?: Date;
  redriveDate?: Date;
  done: Promise<ExecutionResult>;
  /**
   * The top-level state it is in (or failed in), with the live variables: see checkpointOf. One
   * object per execution, updated in place, so keeping it costs no allocation per state.
   */
  checkpoint?: { state: string; input: Json; variables: VariableScope };
  /** The checkpoint the journal holds: read back from it, or the last one written to it. */
  journaledCheckpoint?: ResumePoint;
}

/** What is known of an execution when its entry is made, besides its run; the rest starts unset. */
export type ExecutionEntryFacts = Pick<
  ExecutionEntry,
  'stateMachineArn' | 'definition' | 'compiled' | 'type' | 'startDate' | 'inputText'
> & { readonly mapRunArn?: string };

/**
 * Every entry made with all its fields, in one order, those set later included: one shape for
 * them all, so the stores of a running server (result, stopDate, checkpoint) stay cheap.
 */
export function executionEntry(
  run: ExecutionRun,
  done: Promise<ExecutionResult>,
  facts: ExecutionEntryFacts,
): ExecutionEntry {
  return {
    run,
    stateMachineArn: facts.stateMachineArn,
    definition: facts.definition,
    compiled: facts.compiled,
    type: facts.type,
    startDate: facts.startDate,
    inputText: facts.inputText,
    mapRunArn: facts.mapRunArn,
    result: undefined,
    stopDate: undefined,
    redriveDate: undefined,
    done,
    checkpoint: undefined,
    journaledCheckpoint: undefined,
  };
}

/** An entry's `done` until it is launched (what a halt finds of one that never ran). */
export const NOT_LAUNCHED: Promise<ExecutionResult> = Promise.resolve(
  Object.freeze({ status: 'ABORTED', error: '', cause: '' } as const),
);

/** Where an execution goes on from on a redrive: its last top-level state, or its start. */
export function checkpointOf(entry: ExecutionEntry, startAt: string): ResumePoint {
  const live = entry.checkpoint;
  if (live !== undefined)
    return { state: live.state, input: live.input, variables: live.variables.snapshot() };
  return entry.journaledCheckpoint ?? { state: startAt, input: entry.run.identity.input, variables: {} };
}

/** What the journal records of an execution when it starts (and keeps in its snapshot). */
export function startedFields(entry: ExecutionEntry): Omit<ExecutionStartedRecord, 'kind'> {
  const { identity, testCase } = entry.run;
  return {
    arn: identity.executionArn,
    stateMachineArn: entry.stateMachineArn,
    stateMachineName: identity.stateMachineName,
    name: identity.executionName,
    roleArn: identity.roleArn,
    definition: entry.definition,
    input: entry.inputText,
    startDate: entry.startDate.getTime(),
    ...(testCase === undefined ? {} : { testCase }),
    ...(identity.stateMachineVersionArn === undefined
      ? {}
      : { stateMachineVersionArn: identity.stateMachineVersionArn }),
    ...(identity.stateMachineAliasArn === undefined
      ? {}
      : { stateMachineAliasArn: identity.stateMachineAliasArn }),
  };
}
