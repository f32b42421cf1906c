import { ExecutionNotRedrivable } from '../../packages/sfn-engine/src/api/errors';
import type { JsonObject } from '../../packages/asl/src/json';
import { engineWith, fail, fn, statesEntered } from './harness';

/** Prepare (assigns a variable) → Charge (fails until `healthy`) → Done. */
const checkout: JsonObject = {
  QueryLanguage: 'JSONata',
  StartAt: 'Prepare',
  States: {
    Prepare: {
      Type: 'Task',
      Resource: fn('prepare'),
      Assign: { orderId: '{% $states.input.orderId %}' },
      Output: '{% {"amount": 12} %}',
      Next: 'Charge',
    },
    Charge: {
      Type: 'Task',
      Resource: fn('charge'),
      Arguments: { amount: '{% $states.input.amount %}', orderId: '{% $orderId %}' },
      Output: '{% $states.result %}',
      End: true,
    },
  },
};

function checkoutEngine() {
  const calls = { prepare: 0, charge: 0 };
  let healthy = false;
  const engine = engineWith({
    [fn('prepare')]: () => {
      calls.prepare += 1;
      return {};
    },
    [fn('charge')]: (parameters) => {
      calls.charge += 1;
      if (!healthy) throw fail('PaymentProviderDown', 'try later');
      return { charged: parameters };
    },
  });
  const { stateMachineArn } = engine.createStateMachine({ name: 'checkout', definition: checkout });
  return { engine, stateMachineArn, calls, heal: () => (healthy = true) };
}

describe('RedriveExecution', () => {
  test('a failed execution goes on from the state that failed, with its input and the variables as they were', async () => {
    const { engine, stateMachineArn, calls, heal } = checkoutEngine();
    const failed = await engine.startSyncExecution({ stateMachineArn, input: { orderId: 'o-7' } });
    expect(failed).toMatchObject({
      status: 'FAILED',
      error: 'PaymentProviderDown',
      redriveStatus: 'REDRIVABLE',
    });
    heal();
    engine.redriveExecution(failed.executionArn);
    const redriven = await engine.waitForExecution(failed.executionArn);
    expect(redriven).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect(JSON.parse(redriven.output as string)).toEqual({ charged: { amount: 12, orderId: 'o-7' } });
    expect(calls).toEqual({ prepare: 1, charge: 2 });
    expect(redriven.redriveDate).toBeInstanceOf(Date);
  });

  test('the history keeps the failed attempt, then ExecutionRedriven, then the states run again', async () => {
    const { engine, stateMachineArn, heal } = checkoutEngine();
    const failed = await engine.startSyncExecution({ stateMachineArn, input: { orderId: 'o-8' } });
    heal();
    engine.redriveExecution(failed.executionArn);
    await engine.waitForExecution(failed.executionArn);
    const history = engine.getExecutionHistory(failed.executionArn);
    const types = history.map((event) => event.type);
    expect(types.slice(types.indexOf('ExecutionFailed'))).toEqual([
      'ExecutionFailed',
      'ExecutionRedriven',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    const redrivenEvent = history.find((event) => event.type === 'ExecutionRedriven');
    expect(redrivenEvent?.['executionRedrivenEventDetails']).toEqual({ redriveCount: 1 });
    expect(statesEntered(engine, failed.executionArn)).toEqual(['Prepare', 'Charge', 'Charge']);
  });

  test('the context object counts the redrives', async () => {
    const engine = engineWith({});
    const { stateMachineArn } = engine.createStateMachine({
      name: 'counts',
      definition: {
        StartAt: 'Check',
        States: {
          Check: {
            Type: 'Choice',
            Choices: [{ Variable: '$$.Execution.RedriveCount', NumericEquals: 0, Next: 'Boom' }],
            Default: 'Done',
          },
          Boom: { Type: 'Fail', Error: 'FirstAttempt' },
          Done: { Type: 'Pass', Parameters: { 'redrives.$': '$$.Execution.RedriveCount' }, End: true },
        },
      },
    });
    const failed = await engine.startSyncExecution({ stateMachineArn });
    expect(failed.error).toBe('FirstAttempt');
    engine.redriveExecution(failed.executionArn);
    const redriven = await engine.waitForExecution(failed.executionArn);
    // The Fail state itself is where it failed, so the redrive runs it again: still failing.
    expect(redriven).toMatchObject({ status: 'FAILED', redriveCount: 1 });
  });

  test('a stopped execution can be redriven; a running or succeeded one cannot', async () => {
    const engine = engineWith({ [fn('slow')]: () => new Promise(() => undefined) });
    const { stateMachineArn } = engine.createStateMachine({
      name: 'slow',
      definition: { StartAt: 'Slow', States: { Slow: { Type: 'Task', Resource: fn('slow'), End: true } } },
    });
    const { executionArn } = engine.startExecution({ stateMachineArn });
    expect(() => engine.redriveExecution(executionArn)).toThrow(ExecutionNotRedrivable);
    expect(engine.describeExecution(executionArn)).toMatchObject({
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is RUNNING and cannot be redriven',
    });
    engine.stopExecution(executionArn, { error: 'Operator' });
    await engine.waitForExecution(executionArn);
    expect(engine.describeExecution(executionArn).redriveStatus).toBe('REDRIVABLE');
    engine.redriveExecution(executionArn);
    expect(engine.describeExecution(executionArn).status).toBe('RUNNING');

    const ok = engineWith({});
    const pass = ok.createStateMachine({
      name: 'pass',
      definition: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
    });
    const done = await ok.startSyncExecution({ stateMachineArn: pass.stateMachineArn });
    expect(() => ok.redriveExecution(done.executionArn)).toThrow(
      'Execution is not redrivable: Execution is SUCCEEDED and cannot be redriven',
    );
  });

  test('a stopped execution, redriven, records again after its ExecutionAborted', async () => {
    let calls = 0;
    const engine = engineWith({
      // Hangs on the first call, answers at once after.
      [fn('once-slow')]: () => (++calls === 1 ? new Promise<JsonObject>(() => undefined) : {}),
    });
    const { stateMachineArn } = engine.createStateMachine({
      name: 'once-slow',
      definition: {
        StartAt: 'Slow',
        States: { Slow: { Type: 'Task', Resource: fn('once-slow'), End: true } },
      },
    });
    const { executionArn } = engine.startExecution({ stateMachineArn });
    for (let turns = 0; calls === 0 && turns < 1_000; turns += 1)
      await new Promise((resolve) => setImmediate(resolve));
    engine.stopExecution(executionArn);
    await engine.waitForExecution(executionArn);
    engine.redriveExecution(executionArn);
    expect(await engine.waitForExecution(executionArn)).toMatchObject({ status: 'SUCCEEDED' });
    expect(engine.getExecutionHistory(executionArn).map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'ExecutionAborted',
      'ExecutionRedriven',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
  });

  test('an execution of an EXPRESS state machine cannot be redriven', async () => {
    const engine = engineWith({});
    const { stateMachineArn } = engine.createStateMachine({
      name: 'quick',
      type: 'EXPRESS',
      definition: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'No' } } },
    });
    const failed = await engine.startSyncExecution({ stateMachineArn });
    expect(failed.redriveStatus).toBe('NOT_REDRIVABLE');
    expect(() => engine.redriveExecution(failed.executionArn)).toThrow(ExecutionNotRedrivable);
  });

  test('a redrive runs the definition the execution started with, not an update made since', async () => {
    const { engine, stateMachineArn, heal } = checkoutEngine();
    const failed = await engine.startSyncExecution({ stateMachineArn, input: { orderId: 'o-9' } });
    engine.updateStateMachine({
      stateMachineArn,
      definition: { StartAt: 'Other', States: { Other: { Type: 'Succeed' } } },
    });
    heal();
    engine.redriveExecution(failed.executionArn);
    await engine.waitForExecution(failed.executionArn);
    expect(statesEntered(engine, failed.executionArn)).toEqual(['Prepare', 'Charge', 'Charge']);
  });
});
