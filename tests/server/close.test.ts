import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { setTimeout as sleep } from 'node:timers/promises';
import { RealClock } from '../../packages/sfn-engine/src/clock';
import type { LambdaHandler } from '../../packages/stepfunctions-local/src/integrations/lambda';
import { ROLE, startServer } from './local-server';

test('a server closed in-process leaves no execution working behind it: a task due later never runs', async () => {
  const calls: unknown[] = [];
  const record: LambdaHandler = async (event) => {
    calls.push(event);
    return {};
  };
  const { server, sfn } = await startServer({
    clock: new RealClock(),
    functions: new Map([['record', record]]),
  });
  let closed = false;
  try {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'later',
        roleArn: ROLE,
        definition: JSON.stringify({
          StartAt: 'Wait',
          States: {
            Wait: { Type: 'Wait', Seconds: 1, Next: 'Call' },
            Call: {
              Type: 'Task',
              Resource: 'arn:aws:states:::lambda:invoke',
              Parameters: { FunctionName: 'record' },
              End: true,
            },
          },
        }),
      }),
    );
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
    expect((await sfn.send(new DescribeExecutionCommand({ executionArn }))).status).toBe('RUNNING');
    await server.close();
    closed = true;
    // Well past the Wait: had the execution gone on, the task would have run by now.
    await sleep(2500);
    expect(calls).toEqual([]);
  } finally {
    sfn.destroy();
    if (!closed) await server.close();
  }
});
