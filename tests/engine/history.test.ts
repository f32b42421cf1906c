import type { JsonObject } from '../../packages/asl/src/json';
import { fn, runDefinition } from './harness';

const echo = fn('echo');
const integration = 'arn:aws:states:::lambda:invoke';

describe('Execution history', () => {
  test('a Pass machine records the service event sequence and chain', async () => {
    const { engine, execution } = await runDefinition(
      { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', End: true } } },
      { x: 1 },
    );
    const events = engine.getExecutionHistory(execution.executionArn);
    expect(events.map((e) => [e.id, e.previousEventId, e.type])).toEqual([
      [1, 0, 'ExecutionStarted'],
      [2, 0, 'PassStateEntered'],
      [3, 2, 'PassStateExited'],
      [4, 3, 'PassStateEntered'],
      [5, 4, 'PassStateExited'],
      [6, 5, 'ExecutionSucceeded'],
    ]);
  });

  test('events carry the service detail fields with JSON text', async () => {
    const { engine, execution } = await runDefinition(
      { StartAt: 'A', States: { A: { Type: 'Pass', Result: { r: 1 }, End: true } } },
      { x: 1 },
    );
    const [started, entered, exited, succeeded] = engine.getExecutionHistory(execution.executionArn);
    expect(started?.['executionStartedEventDetails']).toEqual({
      input: '{"x":1}',
      inputDetails: { truncated: false },
      roleArn: expect.stringContaining(':role/') as unknown,
    });
    expect(entered?.['stateEnteredEventDetails']).toEqual({
      name: 'A',
      input: '{"x":1}',
      inputDetails: { truncated: false },
    });
    expect(exited?.['stateExitedEventDetails']).toEqual({
      name: 'A',
      output: '{"r":1}',
      outputDetails: { truncated: false },
    });
    expect(succeeded?.['executionSucceededEventDetails']).toEqual({
      output: '{"r":1}',
      outputDetails: { truncated: false },
    });
  });

  test('includeExecutionData false leaves inputs and outputs out', async () => {
    const { engine, execution } = await runDefinition(
      { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
      { secret: 1 },
    );
    const events = engine.getExecutionHistory(execution.executionArn, { includeExecutionData: false });
    expect(JSON.stringify(events)).not.toContain('secret');
    expect(events[1]?.['stateEnteredEventDetails']).toEqual({
      name: 'A',
      inputDetails: { truncated: false },
    });
  });

  test('reverseOrder returns the newest event first', async () => {
    const { engine, execution } = await runDefinition({
      StartAt: 'A',
      States: { A: { Type: 'Pass', End: true } },
    });
    expect(engine.getExecutionHistory(execution.executionArn, { reverseOrder: true })[0]?.type).toBe(
      'ExecutionSucceeded',
    );
  });

  test('a Lambda function ARN records LambdaFunction events', async () => {
    const { engine, execution } = await runDefinition(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: echo, End: true } } },
      { a: 1 },
      { [echo]: (p) => p },
    );
    const events = engine.getExecutionHistory(execution.executionArn);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'LambdaFunctionScheduled',
      'LambdaFunctionStarted',
      'LambdaFunctionSucceeded',
      'TaskStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[2]?.['lambdaFunctionScheduledEventDetails']).toEqual({
      resource: echo,
      input: '{"a":1}',
      inputDetails: { truncated: false },
    });
    expect(events[4]?.['lambdaFunctionSucceededEventDetails']).toEqual({
      output: '{"a":1}',
      outputDetails: { truncated: false },
    });
  });

  test('an optimized integration records Task events with resourceType and resource', async () => {
    const { engine, execution } = await runDefinition(
      {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: integration,
            Parameters: { FunctionName: 'f' },
            TimeoutSeconds: 30,
            End: true,
          },
        },
      },
      {},
      { [integration]: () => ({ Payload: 1 }) },
    );
    const events = engine.getExecutionHistory(execution.executionArn);
    expect(events.map((e) => e.type).slice(2, 5)).toEqual(['TaskScheduled', 'TaskStarted', 'TaskSucceeded']);
    expect(events[2]?.['taskScheduledEventDetails']).toEqual({
      resourceType: 'lambda',
      resource: 'invoke',
      region: 'us-east-1',
      parameters: '{"FunctionName":"f"}',
      timeoutInSeconds: 30,
    });
    expect(events[3]?.['taskStartedEventDetails']).toEqual({ resourceType: 'lambda', resource: 'invoke' });
  });

  test('a failed task records TaskFailed and ExecutionFailed with error and cause', async () => {
    const { engine, execution } = await runDefinition(
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: integration, End: true } } },
      {},
      {
        [integration]: () => {
          throw Object.assign(new (class extends Error {})('nope'), {});
        },
      },
    );
    const events = engine.getExecutionHistory(execution.executionArn);
    expect(events.map((e) => e.type).slice(-2)).toEqual(['TaskFailed', 'ExecutionFailed']);
    expect(events.at(-1)?.['executionFailedEventDetails']).toEqual({
      error: 'States.TaskFailed',
      cause: 'nope',
    });
  });

  test('assigned variables appear in StateExited', async () => {
    const { engine, execution } = await runDefinition({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Assign: { n: 1, s: 'x' }, End: true } },
    });
    const exited = engine.getExecutionHistory(execution.executionArn)[2];
    expect(exited?.['stateExitedEventDetails']).toMatchObject({
      assignedVariables: { n: '1', s: '"x"' },
      assignedVariablesDetails: { truncated: false },
    });
  });

  test('a JSONata expression that fails is recorded as EvaluationFailed, naming the state and the field', async () => {
    const { engine, execution } = await runDefinition(
      {
        QueryLanguage: 'JSONata',
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: fn('t'),
            Arguments: '{% $states.input.missing %}',
            Catch: [{ ErrorEquals: ['States.QueryEvaluationError'], Next: 'Handled' }],
            End: true,
          },
          Handled: { Type: 'Succeed' },
        },
      },
      {},
      { [fn('t')]: () => 'never called' },
    );
    const events = engine.getExecutionHistory(execution.executionArn);
    expect(events.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'TaskStateEntered',
      'EvaluationFailed',
      'TaskStateExited',
      'SucceedStateEntered',
      'SucceedStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[2]?.['evaluationFailedEventDetails']).toEqual({
      error: 'States.QueryEvaluationError',
      cause: expect.stringContaining("the field 'Arguments'") as unknown,
      location: 'Arguments',
      state: 'T',
    });
  });

  test('an evaluation failure in a Map item is recorded once, in the item, before the execution fails', async () => {
    const { engine, execution } = await runDefinition({
      QueryLanguage: 'JSONata',
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          Items: '{% [1] %}',
          ItemProcessor: {
            StartAt: 'P',
            States: { P: { Type: 'Pass', Output: '{% $states.input.q %}', End: true } },
          },
          End: true,
        },
      },
    });
    const types = engine.getExecutionHistory(execution.executionArn).map((e) => e.type);
    expect(types.filter((t) => t === 'EvaluationFailed')).toHaveLength(1);
    expect(types.slice(types.indexOf('PassStateEntered'))).toEqual([
      'PassStateEntered',
      'EvaluationFailed',
      'MapIterationFailed',
      'MapStateFailed',
      'ExecutionFailed',
    ]);
  });

  test('a variable named __proto__ appears in StateExited like any other', async () => {
    const { engine, execution } = await runDefinition({
      StartAt: 'A',
      States: {
        A: { Type: 'Pass', Assign: JSON.parse('{"__proto__": 1, "n": 2}') as JsonObject, End: true },
      },
    });
    const exited = engine.getExecutionHistory(execution.executionArn)[2];
    const assigned = (exited?.['stateExitedEventDetails'] as { assignedVariables: object }).assignedVariables;
    expect(JSON.stringify(assigned)).toBe('{"__proto__":"1","n":"2"}');
  });

  test('Parallel and Map record their own events, branches chained to the start event', async () => {
    const { engine, execution } = await runDefinition({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [{ StartAt: 'B', States: { B: { Type: 'Pass', End: true } } }],
          Next: 'M',
        },
        M: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    });
    const events = engine.getExecutionHistory(execution.executionArn);
    const types = events.map((e) => e.type);
    expect(types).toEqual([
      'ExecutionStarted',
      'ParallelStateEntered',
      'ParallelStateStarted',
      'PassStateEntered',
      'PassStateExited',
      'ParallelStateSucceeded',
      'ParallelStateExited',
      'MapStateEntered',
      'MapStateStarted',
      'MapIterationStarted',
      'PassStateEntered',
      'PassStateExited',
      'MapIterationSucceeded',
      'MapStateSucceeded',
      'MapStateExited',
      'ExecutionSucceeded',
    ]);
    expect(events[3]?.previousEventId).toBe(events[2]?.id);
    expect(events[8]?.['mapStateStartedEventDetails']).toEqual({ length: 1 });
    expect(events[9]?.['mapIterationStartedEventDetails']).toEqual({ name: 'M', index: 0 });
    expect(events[10]?.previousEventId).toBe(events[9]?.id);
  });

  test('a Fail state records FailStateEntered then ExecutionFailed', async () => {
    const { engine, execution } = await runDefinition({
      StartAt: 'F',
      States: { F: { Type: 'Fail', Error: 'E', Cause: 'C' } },
    });
    expect(engine.getExecutionHistory(execution.executionArn).map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'FailStateEntered',
      'ExecutionFailed',
    ]);
  });
});
