import { StatesError, StatesTaskFailed } from '../errors';
import type { Json } from '@myblog/asl';
import { isObject } from '@myblog/asl';
import type { ExecutionDescription } from '../service/types';
import type { TaskInvocation, TaskResolver } from './services';

const START_EXECUTION =
  /^arn:aws[a-z-]*:states:::states:startExecution(?:\.(sync:2|sync|waitForTaskToken))?$/;

/** DescribeExecution's answer as `.sync` returns it; `.sync:2` keeps Input and Output as JSON. */
function syncOutput(description: ExecutionDescription, parsed: boolean): Json {
  const output: { [key: string]: Json } = {
    ExecutionArn: description.executionArn,
    Input: parsed ? (JSON.parse(description.input) as Json) : description.input,
    InputDetails: { Included: true },
    Name: description.name,
    RedriveCount: description.redriveCount,
    StartDate: description.startDate.getTime(),
    StateMachineArn: description.stateMachineArn,
    Status: description.status,
  };
  if (description.output !== undefined) {
    output['Output'] = parsed ? (JSON.parse(description.output) as Json) : description.output;
    output['OutputDetails'] = { Included: true };
  }
  if (description.error !== undefined) output['Error'] = description.error;
  if (description.cause !== undefined) output['Cause'] = description.cause;
  if (description.stopDate !== undefined) output['StopDate'] = description.stopDate.getTime();
  return output;
}

/** What a nested execution needs of the service it runs on: start one, wait for it, stop it. */
export interface NestedExecutions {
  startExecution(request: { stateMachineArn: string; name?: string; input?: string }): {
    executionArn: string;
    startDate: Date;
  };
  waitForExecution(arn: string): Promise<ExecutionDescription>;
  stopExecution(arn: string, details: { error?: string; cause?: string }): unknown;
}

/**
 * `arn:aws:states:::states:startExecution[.sync|.sync:2|.waitForTaskToken]` runs on this engine
 * (nested executions); every other resource goes to the configured resolver.
 */
export function nestedExecutionResolver(service: NestedExecutions, next: TaskResolver): TaskResolver {
  return {
    async invoke(invocation: TaskInvocation): Promise<Json> {
      const match = START_EXECUTION.exec(invocation.resource);
      if (match === null) return next.invoke(invocation);
      const pattern = match[1];
      const parameters = isObject(invocation.parameters) ? invocation.parameters : {};
      const stateMachineArn = parameters['StateMachineArn'];
      if (typeof stateMachineArn !== 'string')
        throw new StatesTaskFailed('StartExecution needs a StateMachineArn');
      const input = parameters['Input'];
      let started: { executionArn: string; startDate: Date };
      try {
        started = service.startExecution({
          stateMachineArn,
          ...(typeof parameters['Name'] === 'string' ? { name: parameters['Name'] } : {}),
          ...(input === undefined
            ? {}
            : { input: typeof input === 'string' ? input : JSON.stringify(input) }),
        });
      } catch (error) {
        const name = (error as Error).name;
        throw new StatesError(`StepFunctions.${name}Exception`, (error as Error).message);
      }
      const startOutput: Json = {
        ExecutionArn: started.executionArn,
        StartDate: started.startDate.getTime(),
      };
      if (pattern !== 'sync' && pattern !== 'sync:2') return startOutput;
      invocation.submitted?.(startOutput);
      const onAbort = () =>
        service.stopExecution(started.executionArn, {
          error: 'States.Aborted',
          cause: 'The parent execution stopped',
        });
      invocation.signal.addEventListener('abort', onAbort, { once: true });
      try {
        const description = await service.waitForExecution(started.executionArn);
        const output = syncOutput(description, pattern === 'sync:2');
        if (description.status !== 'SUCCEEDED') throw new StatesTaskFailed(JSON.stringify(output));
        return output;
      } finally {
        invocation.signal.removeEventListener('abort', onAbort);
      }
    },
  };
}
