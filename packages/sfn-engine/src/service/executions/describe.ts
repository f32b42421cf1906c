/** DescribeExecution's answer for an execution the store keeps, and ListExecutions' filter. */
import type { Json } from '@myblog/asl';
import type { ExecutionIdentity } from '../../execution/contracts';
import { redriveStatus } from '../../execution/redrive-status';
import type { ExecutionFilter } from '../versions/versioning';
import type { ExecutionDescription } from '../types';
import type { ExecutionEntry } from './entry';

/** `now` decides whether it is still redrivable; `jsonText` writes its output (see compat). */
export function describeEntry(
  entry: ExecutionEntry,
  now: number,
  jsonText: (value: Json) => string,
): ExecutionDescription {
  const id = entry.run.identity;
  const result = entry.result;
  const redrive = redriveStatus({
    status: result?.status ?? 'RUNNING',
    type: entry.type,
    ...(entry.mapRunArn === undefined ? {} : { mapRunArn: entry.mapRunArn }),
    historyLength: entry.run.history.length,
    ...(entry.stopDate === undefined ? {} : { stopDate: entry.stopDate }),
    now,
  });
  const base = {
    executionArn: id.executionArn,
    stateMachineArn: entry.stateMachineArn,
    name: id.executionName,
    status: result?.status ?? ('RUNNING' as const),
    startDate: entry.startDate,
    input: entry.inputText,
    redriveCount: id.redriveCount,
    ...(entry.redriveDate === undefined ? {} : { redriveDate: entry.redriveDate }),
    redriveStatus: redrive.status,
    ...(redrive.reason === undefined ? {} : { redriveStatusReason: redrive.reason }),
    ...(entry.mapRunArn === undefined ? {} : { mapRunArn: entry.mapRunArn }),
    ...(entry.stopDate === undefined ? {} : { stopDate: entry.stopDate }),
    ...(id.stateMachineVersionArn === undefined ? {} : { stateMachineVersionArn: id.stateMachineVersionArn }),
    ...(id.stateMachineAliasArn === undefined ? {} : { stateMachineAliasArn: id.stateMachineAliasArn }),
  };
  if (result === undefined) return base;
  if (result.status === 'SUCCEEDED') return { ...base, output: jsonText(result.output) };
  return {
    ...base,
    ...(result.error === '' ? {} : { error: result.error }),
    ...(result.cause === '' ? {} : { cause: result.cause }),
  };
}

/** Whether an execution is one ListExecutions lists for this (possibly qualified) ARN. */
export function listedFor(identity: ExecutionIdentity, machineArn: string, wanted: ExecutionFilter): boolean {
  if (machineArn !== wanted.machineArn) return false;
  if (wanted.versionArn !== undefined) return identity.stateMachineVersionArn === wanted.versionArn;
  if (wanted.aliasArn !== undefined) return identity.stateMachineAliasArn === wanted.aliasArn;
  return true;
}
