import type { TaskInvocation } from '../../packages/sfn-engine/src/execution/services';
import type { JsonObject } from '../../packages/asl/src/json';
import { engineWith, runDefinition } from './harness';

const SEND = 'arn:aws:states:::sqs:sendMessage.waitForTaskToken';

/** An engine whose sendMessage integration hands the token to `onToken`. */
function engineHandingTokens(onToken: (token: string, invocation: TaskInvocation) => void) {
  return engineWith({
    [SEND]: (_p, invocation) => {
      onToken(invocation.taskToken as string, invocation);
      return { MessageId: 'm-1' };
    },
  });
}

const waitingTask = (fields: JsonObject = {}): JsonObject => ({
  StartAt: 'Ask',
  States: {
    Ask: { Type: 'Task', Resource: SEND, Parameters: { 'token.$': '$$.Task.Token' }, End: true, ...fields },
  },
});

describe('.waitForTaskToken', () => {
  test('the token reaches the task and SendTaskSuccess completes it with the given output', async () => {
    const engine = engineHandingTokens((token, invocation) => {
      expect((invocation.parameters as JsonObject)['token']).toBe(token);
      setImmediate(() => engine.sendTaskSuccess(token, '{"approved":true}'));
    });
    const { execution } = await runDefinition(waitingTask(), {}, {}, engine);
    expect(execution).toMatchObject({ status: 'SUCCEEDED', output: '{"approved":true}' });
    const types = engine.getExecutionHistory(execution.executionArn).map((e) => e.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'TaskScheduled',
      'TaskStarted',
      'TaskSubmitted',
      'TaskSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  test('SendTaskFailure fails the task with its error and cause', async () => {
    const engine = engineHandingTokens((token) =>
      setImmediate(() => engine.sendTaskFailure(token, 'Rejected', 'by a human')),
    );
    const { execution } = await runDefinition(waitingTask(), {}, {}, engine);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'Rejected', cause: 'by a human' });
  });

  test('a missing heartbeat is States.HeartbeatTimeout', async () => {
    const engine = engineHandingTokens(() => undefined);
    const { execution } = await runDefinition(waitingTask({ HeartbeatSeconds: 5 }), {}, {}, engine);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.HeartbeatTimeout' });
    expect(engine.getExecutionHistory(execution.executionArn).map((e) => e.type)).toContain('TaskTimedOut');
  });

  test('heartbeats keep the task alive past HeartbeatSeconds', async () => {
    // A heartbeat every 60 s of virtual time, 180 s in all, against HeartbeatSeconds 100.
    const engine = engineHandingTokens((token) => {
      const beat = (left: number): Promise<void> =>
        engine.clock.sleep(60_000).then(() => {
          if (left === 0) return engine.sendTaskSuccess(token, '"done"');
          engine.sendTaskHeartbeat(token);
          return beat(left - 1);
        });
      void beat(3);
    });
    const { execution } = await runDefinition(waitingTask({ HeartbeatSeconds: 100 }), {}, {}, engine);
    expect(execution).toMatchObject({ status: 'SUCCEEDED', output: '"done"' });
  });

  test('TimeoutSeconds bounds the wait for the callback', async () => {
    const engine = engineHandingTokens(() => undefined);
    const { execution } = await runDefinition(waitingTask({ TimeoutSeconds: 60 }), {}, {}, engine);
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.Timeout' });
  });

  test('a callback after the task timed out is TaskTimedOut', async () => {
    let token = '';
    const engine = engineHandingTokens((given) => {
      token = given;
    });
    await runDefinition(waitingTask({ TimeoutSeconds: 60 }), {}, {}, engine);
    expect(() => engine.sendTaskSuccess(token, '{}')).toThrow(
      expect.objectContaining({ name: 'TaskTimedOut' }),
    );
  });

  test('a token that is done or unknown is TaskDoesNotExist', async () => {
    let used = '';
    const engine = engineHandingTokens((token) => {
      used = token;
      setImmediate(() => engine.sendTaskSuccess(token, '{}'));
    });
    await runDefinition(waitingTask(), {}, {}, engine);
    expect(() => engine.sendTaskSuccess(used, '{}')).toThrow(
      expect.objectContaining({ name: 'TaskDoesNotExist' }),
    );
    expect(() => engine.sendTaskHeartbeat('made-up')).toThrow(
      expect.objectContaining({ name: 'TaskDoesNotExist' }),
    );
  });

  test('SendTaskSuccess with output that is not JSON is InvalidOutput', async () => {
    const engine = engineHandingTokens((token) => {
      expect(() => engine.sendTaskSuccess(token, '{nope')).toThrow(
        expect.objectContaining({ name: 'InvalidOutput' }),
      );
      setImmediate(() => engine.sendTaskSuccess(token, '1'));
    });
    const { execution } = await runDefinition(waitingTask(), {}, {}, engine);
    expect(execution.status).toBe('SUCCEEDED');
  });
});

describe('Nested executions (states:startExecution)', () => {
  const child: JsonObject = {
    StartAt: 'Double',
    States: { Double: { Type: 'Pass', Parameters: { 'n.$': 'States.MathAdd($.n, $.n)' }, End: true } },
  };
  const parent = (resource: string): JsonObject => ({
    StartAt: 'Run',
    States: {
      Run: {
        Type: 'Task',
        Resource: resource,
        Parameters: { StateMachineArn: 'CHILD', Input: { n: 21 } },
        End: true,
      },
    },
  });

  async function runParent(suffix: string, childDefinition: JsonObject = child) {
    const engine = engineWith();
    const { stateMachineArn } = engine.createStateMachine({
      name: `child${suffix.replace(/[.:]/g, '-')}`,
      definition: childDefinition,
    });
    const definition = JSON.parse(
      JSON.stringify(parent(`arn:aws:states:::states:startExecution${suffix}`)).replace(
        'CHILD',
        stateMachineArn,
      ),
    ) as JsonObject;
    return runDefinition(definition, {}, {}, engine);
  }

  test('.sync waits for the child and returns its description with Output as text', async () => {
    const { execution } = await runParent('.sync');
    const output = JSON.parse(execution.output as string) as JsonObject;
    expect(output).toMatchObject({ Status: 'SUCCEEDED', Output: '{"n":42}', Input: '{"n":21}' });
  });

  test('.sync:2 returns Output and Input as JSON', async () => {
    const { execution } = await runParent('.sync:2');
    expect(JSON.parse(execution.output as string)).toMatchObject({
      Status: 'SUCCEEDED',
      Output: { n: 42 },
      Input: { n: 21 },
    });
  });

  test('without .sync the task returns as soon as the child starts', async () => {
    const { execution } = await runParent('');
    expect(Object.keys(JSON.parse(execution.output as string) as JsonObject).sort()).toEqual([
      'ExecutionArn',
      'StartDate',
    ]);
  });

  test('a failed child fails the .sync task with States.TaskFailed', async () => {
    const { execution } = await runParent('.sync', {
      StartAt: 'F',
      States: { F: { Type: 'Fail', Error: 'ChildError' } },
    });
    expect(execution).toMatchObject({ status: 'FAILED', error: 'States.TaskFailed' });
    expect(execution.cause).toContain('ChildError');
  });

  test('a child with Waits completes in virtual time', async () => {
    const { execution } = await runParent('.sync', {
      StartAt: 'W',
      States: { W: { Type: 'Wait', Seconds: 3600, End: true } },
    });
    expect(execution.status).toBe('SUCCEEDED');
  });
});
