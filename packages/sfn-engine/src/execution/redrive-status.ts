import type { ExecutionStatus } from './contracts';

export type RedriveStatus = 'REDRIVABLE' | 'NOT_REDRIVABLE' | 'REDRIVABLE_BY_MAP_RUN';

/** The service's quotas for RedriveExecution. */
const REDRIVABLE_DAYS = 14;
const MAX_HISTORY_EVENTS = 24_999;

export interface RedriveFacts {
  readonly status: ExecutionStatus;
  readonly type: 'STANDARD' | 'EXPRESS';
  /** Set for a distributed Map's child execution. */
  readonly mapRunArn?: string | undefined;
  readonly historyLength: number;
  readonly stopDate?: Date | undefined;
  readonly now: number;
}

/**
 * Whether RedriveExecution may go on with an execution, and if not why, in the words
 * DescribeExecution's redriveStatusReason uses.
 */
export function redriveStatus(facts: RedriveFacts): { status: RedriveStatus; reason?: string } {
  const not = (reason: string) => ({ status: 'NOT_REDRIVABLE' as const, reason });
  if (facts.status === 'RUNNING') return not('Execution is RUNNING and cannot be redriven');
  if (facts.status === 'SUCCEEDED') return not('Execution is SUCCEEDED and cannot be redriven');
  if (facts.mapRunArn !== undefined)
    return not('A Map Run child execution is redriven by redriving its parent execution');
  if (facts.type === 'EXPRESS') return not('Executions of EXPRESS state machines cannot be redriven');
  if (facts.historyLength >= MAX_HISTORY_EVENTS) return not('Execution history event limit exceeded');
  if (facts.stopDate !== undefined && facts.now - facts.stopDate.getTime() > REDRIVABLE_DAYS * 86_400_000)
    return not('Execution redrivable period exceeded');
  return { status: 'REDRIVABLE' };
}
