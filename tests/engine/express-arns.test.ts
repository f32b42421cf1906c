import type { JsonObject } from '../../packages/asl/src/json';
import { engineWith } from './harness';

// AWS names an Express execution `arn:aws:states:REGION:ACCOUNT:express:MACHINE:NAME:ID`: one part
// more than a Standard execution, so definitions that split $$.Execution.Id read the ID.

const echoingId: JsonObject = {
  StartAt: 'P',
  States: {
    P: {
      Type: 'Pass',
      Parameters: {
        'id.$': '$$.Execution.Id',
        'last.$': "States.ArrayGetItem(States.StringSplit($$.Execution.Id, ':'), 8)",
      },
      End: true,
    },
  },
};
const EXPRESS_ARN = /^arn:aws:states:us-east-1:123456789012:express:fast:run:[0-9a-f-]{36}$/;

function expressMachine() {
  const engine = engineWith();
  const { stateMachineArn } = engine.createStateMachine({
    name: 'fast',
    definition: echoingId,
    type: 'EXPRESS',
  });
  return { engine, stateMachineArn };
}

test('StartSyncExecution names an Express execution with the ID after its name, as the context object does', async () => {
  const { engine, stateMachineArn } = expressMachine();
  const done = await engine.startSyncExecution({ stateMachineArn, name: 'run' });
  expect(done.executionArn).toMatch(EXPRESS_ARN);
  const output = JSON.parse(done.output as string) as { id: string; last: string };
  expect(output.id).toBe(done.executionArn);
  expect(output.last).toBe(done.executionArn.split(':')[8]);
});

test('two Express executions of the same name get different ARNs, each described by its own', async () => {
  const { engine, stateMachineArn } = expressMachine();
  const first = engine.startExecution({ stateMachineArn, name: 'run' }).executionArn;
  const second = engine.startExecution({ stateMachineArn, name: 'run' }).executionArn;
  expect(first).toMatch(EXPRESS_ARN);
  expect(second).not.toBe(first);
  await engine.waitForExecution(second);
  expect(engine.describeExecution(first)).toMatchObject({ executionArn: first, name: 'run' });
});

test('a Standard execution ARN still ends with the name', () => {
  const engine = engineWith();
  const { stateMachineArn } = engine.createStateMachine({ name: 'slow', definition: echoingId });
  expect(engine.startExecution({ stateMachineArn, name: 'run' }).executionArn).toBe(
    'arn:aws:states:us-east-1:123456789012:execution:slow:run',
  );
});
