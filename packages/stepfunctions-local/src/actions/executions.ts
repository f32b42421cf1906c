import type { ExecutionDescription, StepFunctionsEngine } from '@myblog/sfn-engine';
import {
  invalidArn,
  InvalidExecutionInput,
  StateMachineTypeNotSupported,
  ValidationException,
} from '@myblog/sfn-engine';
import { withinDepth } from '../json-limits';
import type { ExecutionRedriveFilter, ExecutionStatus } from '@myblog/sfn-engine';
import { page, pageBounds, pageOf } from '../paging';
import {
  type Action,
  optionalBoolean,
  optionalEnum,
  optionalString,
  requiredString,
  type RequestBody,
} from '../wire';

// In the order the service lists them in its validation message.
const STATUSES: readonly ExecutionStatus[] = [
  'SUCCEEDED',
  'TIMED_OUT',
  'PENDING_REDRIVE',
  'ABORTED',
  'FAILED',
  'RUNNING',
];
const REDRIVE_FILTERS: readonly ExecutionRedriveFilter[] = ['REDRIVEN', 'NOT_REDRIVEN'];
const INCLUDED = { included: true };
const BILLING = { billedMemoryUsedInMB: 64, billedDurationInMilliseconds: 100 };

/** DescribeExecution's shape: the description plus the *Details fields the service adds. */
function described(execution: ExecutionDescription): object {
  const answer: Record<string, unknown> = { ...execution, inputDetails: INCLUDED };
  if (execution.output !== undefined) answer['outputDetails'] = INCLUDED;
  return answer;
}

/**
 * StartSyncExecution's answer: the fields its output has, no more (none of DescribeExecution's
 * redrive, version or alias fields), built field by field: a spread of the description, one
 * object of many shapes, cost more per call than the rest of the answer.
 */
function syncAnswer(execution: ExecutionDescription): object {
  const answer: Record<string, unknown> = {
    executionArn: execution.executionArn,
    stateMachineArn: execution.stateMachineArn,
    name: execution.name,
    startDate: execution.startDate,
    stopDate: execution.stopDate,
    status: execution.status,
    input: execution.input,
    inputDetails: INCLUDED,
  };
  if (execution.output !== undefined) {
    answer['output'] = execution.output;
    answer['outputDetails'] = INCLUDED;
  }
  if (execution.error !== undefined) answer['error'] = execution.error;
  if (execution.cause !== undefined) answer['cause'] = execution.cause;
  answer['billingDetails'] = BILLING;
  return answer;
}

/**
 * The service keeps no Express execution to read back (an Express workflow's history goes to
 * CloudWatch Logs): DescribeExecution, StopExecution, GetExecutionHistory and
 * DescribeStateMachineForExecution refuse its ARN as a resource type they do not take
 * (LocalStack's test_sfn_api_express, recorded on AWS). A distributed Map's child executions,
 * which the service does describe, have execution ARNs, not express ones. The engine, used
 * in-process, still describes them.
 */
function notExpress(executionArn: string): string {
  if (executionArn.split(':')[5] === 'express') throw invalidArn(executionArn, ['execution']);
  return executionArn;
}

const NOT_FOR_THIS_TYPE = 'This operation is not supported by this type of state machine';

function startRequest(body: RequestBody): { stateMachineArn: string; name?: string; input?: string } {
  const name = optionalString(body, 'name');
  const input = withinDepth(
    optionalString(body, 'input'),
    'The input',
    (message) => new InvalidExecutionInput(`Invalid State Machine Execution Input: '${message}'`),
  );
  return {
    stateMachineArn: requiredString(body, 'stateMachineArn'),
    ...(name === undefined ? {} : { name }),
    ...(input === undefined ? {} : { input }),
  };
}

/** StartExecution, StartSyncExecution, DescribeExecution, ListExecutions, StopExecution, RedriveExecution, GetExecutionHistory, DescribeStateMachineForExecution. */
export function executionActions(engine: StepFunctionsEngine): Record<string, Action> {
  return {
    StartExecution: (body) => engine.startExecution(startRequest(body)),
    StartSyncExecution: async (body) => {
      const request = startRequest(body);
      if (engine.typeOf(request.stateMachineArn) !== 'EXPRESS') {
        throw new StateMachineTypeNotSupported(
          'This operation is not supported by this type of state machine',
        );
      }
      return syncAnswer(await engine.startSyncExecution(request));
    },
    DescribeExecution: (body) =>
      described(engine.describeExecution(notExpress(requiredString(body, 'executionArn')))),
    ListExecutions: (body) => {
      const statusFilter = optionalEnum(body, 'statusFilter', STATUSES);
      const redriveFilter = optionalEnum(body, 'redriveFilter', REDRIVE_FILTERS);
      const stateMachineArn = optionalString(body, 'stateMachineArn');
      const mapRunArn = optionalString(body, 'mapRunArn');
      if (stateMachineArn === undefined && mapRunArn === undefined) {
        throw new ValidationException('Must provide a StateMachine ARN or MapRun ARN');
      }
      // Only as many as this page needs (and one more, to know whether another follows).
      const limit = pageBounds(body, 'executions').end + 1;
      if (stateMachineArn !== undefined && engine.typeOf(stateMachineArn) === 'EXPRESS')
        throw new StateMachineTypeNotSupported(NOT_FOR_THIS_TYPE);
      // Only a map run's child executions wait for a redrive (the API reference's statusFilter).
      if (statusFilter === 'PENDING_REDRIVE' && mapRunArn === undefined) {
        throw new ValidationException(
          'A PENDING_REDRIVE statusFilter needs a mapRunArn, not a stateMachineArn',
        );
      }
      const all = engine
        .listExecutions({
          limit,
          ...(stateMachineArn === undefined ? {} : { stateMachineArn }),
          ...(mapRunArn === undefined ? {} : { mapRunArn }),
          ...(statusFilter === undefined ? {} : { statusFilter }),
          ...(redriveFilter === undefined ? {} : { redriveFilter }),
        })
        .map((e) => ({
          executionArn: e.executionArn,
          stateMachineArn: e.stateMachineArn,
          name: e.name,
          status: e.status,
          startDate: e.startDate,
          stopDate: e.stopDate,
          redriveCount: e.redriveCount,
          ...(e.stateMachineVersionArn === undefined
            ? {}
            : { stateMachineVersionArn: e.stateMachineVersionArn }),
          ...(e.stateMachineAliasArn === undefined ? {} : { stateMachineAliasArn: e.stateMachineAliasArn }),
          ...(e.redriveDate === undefined ? {} : { redriveDate: e.redriveDate }),
          ...(e.mapRunArn === undefined ? {} : { mapRunArn: e.mapRunArn }),
        }));
      const { items, nextToken } = page(all, body, 'executions');
      return { executions: items, nextToken };
    },
    StopExecution: (body) => {
      const error = optionalString(body, 'error');
      const cause = optionalString(body, 'cause');
      return engine.stopExecution(notExpress(requiredString(body, 'executionArn')), {
        ...(error === undefined ? {} : { error }),
        ...(cause === undefined ? {} : { cause }),
      });
    },
    RedriveExecution: (body) => engine.redriveExecution(requiredString(body, 'executionArn')),
    GetExecutionHistory: (body) => {
      // Only the page asked for is converted: a history can hold millions of events.
      const { start, end } = pageBounds(body, 'events');
      const { events, total } = engine.getExecutionHistoryPage(
        notExpress(requiredString(body, 'executionArn')),
        {
          start,
          end,
          includeExecutionData: optionalBoolean(body, 'includeExecutionData') ?? true,
          reverseOrder: optionalBoolean(body, 'reverseOrder') ?? false,
        },
      );
      const { items, nextToken } = pageOf(events, end, total, 'events');
      return { events: items, nextToken };
    },
    DescribeStateMachineForExecution: (body) => {
      const machine = engine.definitionForExecution(notExpress(requiredString(body, 'executionArn')));
      return {
        stateMachineArn: machine.stateMachineArn,
        name: machine.name,
        definition: machine.definition,
        roleArn: machine.roleArn,
        updateDate: machine.creationDate,
        ...(machine.revisionId === undefined ? {} : { revisionId: machine.revisionId }),
        ...(machine.mapRunArn === undefined ? {} : { mapRunArn: machine.mapRunArn, label: machine.label }),
      };
    },
  };
}
