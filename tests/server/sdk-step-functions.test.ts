import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type SFNClient,
  StartExecutionCommand,
} from '@aws-sdk/client-sfn';
import { RealClock } from '../../packages/sfn-engine/src/clock';
import type { LocalStepFunctions } from '../../packages/stepfunctions-local/src/server';
import { ROLE, startServer } from './local-server';

let server: LocalStepFunctions;
let sfn: SFNClient;
beforeAll(async () => {
  // No STEP_FUNCTIONS_ENDPOINT and no default endpoint: Step Functions is this server. Real time,
  // so the day's Wait is still waiting when it is stopped (a virtual clock would skip it).
  ({ server, sfn } = await startServer({ clock: new RealClock(1) }));
});
afterAll(async () => {
  sfn.destroy();
  await server.close();
});

async function create(name: string, definition: object): Promise<string> {
  const created = await sfn.send(
    new CreateStateMachineCommand({ name, definition: JSON.stringify(definition), roleArn: ROLE }),
  );
  return created.stateMachineArn as string;
}

async function finished(executionArn: string) {
  for (;;) {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING') return described;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

test('an aws-sdk:sfn:stopExecution Task stops an execution of this same Step Functions', async () => {
  const waiting = await create('waits-a-day', {
    StartAt: 'Wait a day',
    States: { 'Wait a day': { Type: 'Wait', Seconds: 86_400, End: true } },
  });
  const stopper = await create('stops-another', {
    QueryLanguage: 'JSONata',
    StartAt: 'Stop it',
    States: {
      'Stop it': {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:sfn:stopExecution',
        Arguments: { ExecutionArn: '{% $states.input.arn %}', Error: 'Replaced', Cause: 'A newer one waits' },
        End: true,
      },
    },
  });
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: waiting }));

  const stop = await sfn.send(
    new StartExecutionCommand({ stateMachineArn: stopper, input: JSON.stringify({ arn: executionArn }) }),
  );

  expect((await finished(stop.executionArn as string)).status).toBe('SUCCEEDED');
  expect(await finished(executionArn as string)).toMatchObject({
    status: 'ABORTED',
    error: 'Replaced',
    cause: 'A newer one waits',
  });
});

test('stopping an execution that does not exist is Sfn.ExecutionDoesNotExistException, which a Catch can match', async () => {
  const stopper = await create('stops-nothing', {
    QueryLanguage: 'JSONata',
    StartAt: 'Stop it',
    States: {
      'Stop it': {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:sfn:stopExecution',
        Arguments: {
          ExecutionArn: 'arn:aws:states:us-east-1:123456789012:execution:waits-a-day:no-such-execution',
        },
        Catch: [
          {
            ErrorEquals: ['Sfn.ExecutionDoesNotExistException'],
            Output: '{% $states.errorOutput %}',
            Next: 'Gone',
          },
        ],
        End: true,
      },
      Gone: { Type: 'Succeed' },
    },
  });

  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: stopper }));

  const described = await finished(executionArn as string);
  expect(described.status).toBe('SUCCEEDED');
  expect(JSON.parse(described.output ?? '{}')).toMatchObject({ Error: 'Sfn.ExecutionDoesNotExistException' });
});
