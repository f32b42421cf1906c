/** DescribeExecution's answer for an execution the store keeps, and ListExecutions' filter. */
import type { Json } from '@myblog/asl';
import type { ExecutionIdentity } from '../../execution/contracts';
import { redriveStatus } from '../../execution/redrive-status';
import type { ExecutionFilter } from '../versions/versioning';
import type { ExecutionDescription } from '../types';
import type { ExecutionEntry } from './entry';

/** An ExecutionDescription being filled in, its optional fields set only when they have values. */
type Describing = { -readonly [K in keyof ExecutionDescription]: ExecutionDescription[K] };

/**
 * `now` decides whether it is still redrivable; `jsonText` writes its output (see compat). Built
 * by assignment in one order, not by spreading conditional objects: every DescribeExecution and
 * StartSyncExecution answer is one, and the spreads cost more than the execution of a short
 * workflow.
 */
export function describeEntry(
  entry: ExecutionEntry,
  now: number,
  jsonText: (value: Json) => string,
): ExecutionDescription {
  const id = entry.run.identity;
  const result = entry.result;
  const status = result?.status ?? 'RUNNING';
  const redrive = redriveStatus({
    status,
    type: entry.type,
    mapRunArn: entry.mapRunArn,
    historyLength: entry.run.history.length,
    stopDate: entry.stopDate,
    now,
  });
  const described: Describing = {
    executionArn: id.executionArn,
    stateMachineArn: entry.stateMachineArn,
    name: id.executionName,
    status,
    startDate: entry.startDate,
    input: entry.inputText,
    redriveCount: id.redriveCount,
    redriveStatus: redrive.status,
  };
  if (entry.redriveDate !== undefined) described.redriveDate = entry.redriveDate;
  if (redrive.reason !== undefined) described.redriveStatusReason = redrive.reason;
  if (entry.mapRunArn !== undefined) described.mapRunArn = entry.mapRunArn;
  if (entry.stopDate !== undefined) described.stopDate = entry.stopDate;
  if (id.stateMachineVersionArn !== undefined) described.stateMachineVersionArn = id.stateMachineVersionArn;
  if (id.stateMachineAliasArn !== undefined) described.stateMachineAliasArn = id.stateMachineAliasArn;
  if (result === undefined) return described;
  if (result.status === 'SUCCEEDED') described.output = jsonText(result.output);
  else {
    if (result.error !== '') described.error = result.error;
    if (result.cause !== '') described.cause = result.cause;
  }
  return described;
}

/** Whether an execution is one ListExecutions lists for this (possibly qualified) ARN. */
/** Whether ListExecutions' redriveFilter counts it as redriven: redriven at least once. */
export function redriven(entry: ExecutionEntry): boolean {
  return entry.run.identity.redriveCount > 0;
}

export function listedFor(identity: ExecutionIdentity, machineArn: string, wanted: ExecutionFilter): boolean {
  if (machineArn !== wanted.machineArn) return false;
  if (wanted.versionArn !== undefined) return identity.stateMachineVersionArn === wanted.versionArn;
  if (wanted.aliasArn !== undefined) return identity.stateMachineAliasArn === wanted.aliasArn;
  return true;
}
