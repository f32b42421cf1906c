import type { HistoryEvent } from '../../../packages/sfn-engine/src/execution/history';
import type { Json, JsonObject } from '../../../packages/asl/src/json';
import { engineWith, fail, fn, runDefinition, single, type TaskBehaviour } from '../harness';

/**
 * The cause of each kind of runtime error, exactly as AWS writes it: the prefix naming the state
 * and the id of the event that entered it, then AWS's message for the failure (the table is in
 * packages/sfn-engine/src/error-causes.ts).
 */

const prefix = (state: string, id: number) =>
  `An error occurred while executing the state '${state}' (entered at the event id #${id}). `;

const echo = fn('Echo');
const tasks: Record<string, TaskBehaviour> = {
  [echo]: (parameters) => parameters,
  [fn('Boom')]: () => {
    throw fail('Boom', 'it broke');
  },
};

async function failure(definition: JsonObject, input: Json = {}) {
  const { engine, execution } = await runDefinition(definition, input, tasks);
  return {
    outcome: { status: execution.status, error: execution.error, cause: execution.cause },
    history: engine.getExecutionHistory(execution.executionArn),
    output: execution.output === undefined ? undefined : (JSON.parse(execution.output) as Json),
  };
}

const failed = (error: string, cause: string) => ({ status: 'FAILED', error, cause });
const jsonata = { QueryLanguage: 'JSONata' };
const ofType = (history: readonly HistoryEvent[], type: string) => history.filter((e) => e.type === type);

describe('JSONPath paths that select nothing', () => {
  test('a Parameters path names the field and quotes the input', async () => {
    const { outcome } = await failure(
      single({ Type: 'Pass', Parameters: { 'address.$': '$.application.address' } }),
      {
        flagged: false,
      },
    );
    expect(outcome).toEqual(
      failed(
        'States.Runtime',
        `${prefix('S', 2)}The JSONPath '$.application.address' specified for the field 'address.$' could not be found in the input '{"flagged":false}'`,
      ),
    );
  });

  test('a ResultSelector path quotes the result it looked in', async () => {
    const definition = single({
      Type: 'Task',
      Resource: echo,
      Parameters: { a: 1 },
      ResultSelector: { 'b.$': '$.b' },
    });
    const { outcome } = await failure(definition);
    expect(outcome).toEqual(
      failed(
        'States.Runtime',
        `${prefix('S', 2)}The JSONPath '$.b' specified for the field 'b.$' could not be found in the input '{"a":1}'`,
      ),
    );
  });

  test('InputPath is reported in the bracket notation of AWS JSONPath library', async () => {
    const { outcome } = await failure(single({ Type: 'Pass', InputPath: '$.a.b[0]' }), { a: {} });
    expect(outcome).toEqual(
      failed(
        'States.Runtime',
        `${prefix('S', 2)}Invalid path '$.a.b[0]' : No results for path: $['a']['b'][0]`,
      ),
    );
  });

  test('OutputPath cites the Task state entered before its task events', async () => {
    const { outcome, history } = await failure(
      single({ Type: 'Task', Resource: echo, Parameters: { x: 1 }, OutputPath: '$.Payload' }),
    );
    expect(outcome).toEqual(
      failed(
        'States.Runtime',
        `${prefix('S', 2)}Invalid path '$.Payload' : No results for path: $['Payload']`,
      ),
    );
    expect(history[1]).toMatchObject({ id: 2, type: 'TaskStateEntered' });
    expect(history.length).toBeGreaterThan(4);
  });

  test('a Choice Variable, in a state entered after others', async () => {
    const definition = {
      StartAt: 'First',
      States: {
        First: { Type: 'Pass', Next: 'Decide' },
        Decide: {
          Type: 'Choice',
          Choices: [{ Variable: '$.done', BooleanEquals: true, Next: 'End' }],
          Default: 'End',
        },
        End: { Type: 'Succeed' },
      },
    };
    const { outcome } = await failure(definition);
    expect(outcome).toEqual(
      failed(
        'States.Runtime',
        `${prefix('Decide', 4)}Invalid path '$.done': The choice state's condition path references an invalid value.`,
      ),
    );
  });

  test('a Map ItemsPath that selects nothing, and one that is not an array', async () => {
    const map = (itemsPath: string) =>
      single({
        Type: 'Map',
        ItemsPath: itemsPath,
        ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
      });
    expect((await failure(map('$.items'))).outcome).toEqual(
      failed('States.Runtime', `${prefix('S', 2)}Invalid path '$.items' : No results for path: $['items']`),
    );
    expect((await failure(map('$.items'), { items: 'abc' })).outcome).toEqual(
      failed(
        'States.Runtime',
        `${prefix('S', 2)}The ItemsPath field refers to value "abc" which is not a valid array: $.items`,
      ),
    );
  });
});

describe('ResultPath', () => {
  const placing = (fields: JsonObject) => ({
    StartAt: 'Place',
    States: {
      Place: { Type: 'Pass', Result: 1, ResultPath: '$.text.into', ...fields },
      Handled: { Type: 'Pass', End: true },
    },
  });

  test('a ResultPath that cannot be placed quotes the input', async () => {
    const definition = { StartAt: 'Place', States: { Place: { ...placing({}).States.Place, End: true } } };
    const { outcome } = await failure(definition, { text: 'hello' });
    expect(outcome).toEqual(
      failed(
        'States.ResultPathMatchFailure',
        `${prefix('Place', 2)}Unable to apply ReferencePath $.text.into to input {"text":"hello"}`,
      ),
    );
  });

  test('a Catch on it places the same prefixed cause', async () => {
    const definition = placing({
      Catch: [{ ErrorEquals: ['States.ResultPathMatchFailure'], ResultPath: '$.caught', Next: 'Handled' }],
      Next: 'Handled',
    });
    // A Pass has no Catch: the same placement in a Task, whose result is the echo of its input.
    const task = {
      ...definition,
      States: {
        ...definition.States,
        Place: { ...definition.States.Place, Type: 'Task', Resource: echo, Result: undefined },
      },
    };
    const { output } = await failure(JSON.parse(JSON.stringify(task)) as JsonObject, { text: 'hello' });
    expect(output).toEqual({
      text: 'hello',
      caught: {
        Error: 'States.ResultPathMatchFailure',
        Cause: `${prefix('Place', 2)}Unable to apply ReferencePath $.text.into to input {"text":"hello"}`,
      },
    });
  });
});

describe('Wait', () => {
  const wait = (fields: JsonObject) => single({ Type: 'Wait', ...fields });

  test('a TimestampPath value that is not an ISO-8601 date-time with a zone', async () => {
    const { outcome } = await failure(wait({ TimestampPath: '$.start_at' }), {
      start_at: '2030-01-01T00:00:00',
    });
    expect(outcome).toEqual(
      failed(
        'States.Runtime',
        `${prefix('S', 2)}The TimestampPath parameter does not reference a valid ISO-8601 extended offset date-time format string: $.start_at == 2030-01-01T00:00:00`,
      ),
    );
  });

  test('a SecondsPath that selects nothing, is not a whole number, or is negative', async () => {
    const secondsPath = wait({ SecondsPath: '$.s' });
    expect((await failure(secondsPath)).outcome).toEqual(
      failed(
        'States.Runtime',
        `${prefix('S', 2)}The SecondsPath parameter does not reference an input value: $.s`,
      ),
    );
    expect((await failure(secondsPath, { s: 'ten' })).outcome).toEqual(
      failed(
        'States.Runtime',
        `${prefix('S', 2)}The SecondsPath parameter cannot be parsed as a long value: $.s == ten`,
      ),
    );
    expect((await failure(secondsPath, { s: -1 })).outcome).toEqual(
      failed(
        'States.Runtime',
        `${prefix('S', 2)}The SecondsPath parameter references a negative value: $.s == -1`,
      ),
    );
  });
});

describe('Map numbers from paths', () => {
  const map = single({
    Type: 'Map',
    MaxConcurrencyPath: '$.max',
    ItemsPath: '$.items',
    ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
  });

  test('a MaxConcurrencyPath value that is not an integer', async () => {
    expect((await failure(map, { items: [], max: 'lots' })).outcome).toEqual(
      failed(
        'States.Runtime',
        `${prefix('S', 2)}The MaxConcurrencyPath field refers to value "lots" which is not a valid integer: $.max`,
      ),
    );
  });

  test('a negative MaxConcurrencyPath value', async () => {
    expect((await failure(map, { items: [], max: -2 })).outcome).toEqual(
      failed(
        'States.Runtime',
        `${prefix('S', 2)}Expected non-negative integer for MaxConcurrency, got '-2' instead.`,
      ),
    );
  });
});

describe('JSONata', () => {
  test('an expression that returns nothing names the expression and the field', async () => {
    const { outcome, history } = await failure(
      single({ Type: 'Pass', Output: { v: '{% $states.input.missing %}' } }, jsonata),
    );
    const cause = `${prefix('S', 2)}The JSONata expression '$states.input.missing' specified for the field 'Output/v' returned nothing (undefined).`;
    expect(outcome).toEqual(failed('States.QueryEvaluationError', cause));
    expect(ofType(history, 'EvaluationFailed').map((e) => e['evaluationFailedEventDetails'])).toEqual([
      { error: 'States.QueryEvaluationError', cause, location: 'Output/v', state: 'S' },
    ]);
  });

  test('an Assign expression names its variable as the field', async () => {
    const { outcome } = await failure(
      single({ Type: 'Pass', Assign: { total: '{% $states.input.n %}' } }, jsonata),
    );
    expect(outcome).toEqual(
      failed(
        'States.QueryEvaluationError',
        `${prefix('S', 2)}The JSONata expression '$states.input.n' specified for the field 'Assign/total' returned nothing (undefined).`,
      ),
    );
  });

  test('a Fail Cause that is not a string', async () => {
    const { outcome } = await failure(
      single({ Type: 'Fail', Error: 'Bad', Cause: '{% $states.input.n %}' }, jsonata),
      {
        n: 7,
      },
    );
    expect(outcome).toEqual(
      failed(
        'States.Runtime',
        `${prefix('S', 2)}The JSONata expression '$states.input.n' specified for the field 'Cause' returned an unexpected result type. Expected 'string', but was 'number' for value: 7`,
      ),
    );
  });

  test('an expression that throws keeps JSONata code and message', async () => {
    const { outcome } = await failure(single({ Type: 'Pass', Output: '{% $sum("a") %}' }, jsonata));
    expect(outcome).toEqual(
      failed(
        'States.QueryEvaluationError',
        `${prefix('S', 2)}The JSONata expression '$sum("a")' specified for the field 'Output' threw an error during evaluation. T0412: Argument 1 of function "sum" must be an array of "numbers"`,
      ),
    );
  });

  test('Items that are not an array', async () => {
    const definition = single(
      {
        Type: 'Map',
        Items: '{% $states.input.items %}',
        ItemProcessor: { StartAt: 'I', States: { I: { Type: 'Pass', End: true } } },
      },
      jsonata,
    );
    expect((await failure(definition, { items: 'abc' })).outcome).toEqual(
      failed(
        'States.QueryEvaluationError',
        `${prefix('S', 2)}The JSONata expression '$states.input.items' specified for the field 'Items' returned an unexpected result type. Expected 'array', but was 'string' for value: "abc"`,
      ),
    );
  });

  test('a Choice Condition that is not a boolean', async () => {
    const definition = {
      ...jsonata,
      StartAt: 'S',
      States: {
        S: {
          Type: 'Choice',
          Choices: [{ Condition: '{% $states.input.n %}', Next: 'Done' }],
          Default: 'Done',
        },
        Done: { Type: 'Succeed' },
      },
    };
    expect((await failure(definition, { n: 3 })).outcome).toEqual(
      failed(
        'States.QueryEvaluationError',
        `${prefix('S', 2)}The JSONata expression '$states.input.n' specified for the field 'Choices[0]/Condition' returned an unexpected result type. Expected 'boolean', but was 'number' for value: 3`,
      ),
    );
  });

  test("a matched Choice rule's Output is named under its rule", async () => {
    const definition: JsonObject = {
      ...jsonata,
      StartAt: 'S',
      States: {
        S: {
          Type: 'Choice',
          Choices: [
            { Condition: '{% false %}', Next: 'Done' },
            { Condition: '{% true %}', Output: { v: '{% $states.input.gone %}' }, Next: 'Done' },
          ],
        },
        Done: { Type: 'Succeed' },
      },
    };
    expect((await failure(definition)).outcome).toEqual(
      failed(
        'States.QueryEvaluationError',
        `${prefix('S', 2)}The JSONata expression '$states.input.gone' specified for the field 'Choices[1]/Output/v' returned nothing (undefined).`,
      ),
    );
  });

  test("a catcher's Output is named under its place in Catch, and cites the state it catches for", async () => {
    const definition: JsonObject = {
      ...jsonata,
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: fn('Boom'),
          Catch: [
            { ErrorEquals: ['Other'], Next: 'Done' },
            { ErrorEquals: ['States.ALL'], Output: '{% $states.errorOutput.Nothing %}', Next: 'Done' },
          ],
          End: true,
        },
        Done: { Type: 'Succeed' },
      },
    };
    expect((await failure(definition)).outcome).toEqual(
      failed(
        'States.QueryEvaluationError',
        `${prefix('Call', 2)}The JSONata expression '$states.errorOutput.Nothing' specified for the field 'Catch[1]/Output' returned nothing (undefined).`,
      ),
    );
  });

  test('a Catch output carries the prefixed cause', async () => {
    const definition = {
      ...jsonata,
      StartAt: 'Call',
      States: {
        Call: {
          Type: 'Task',
          Resource: echo,
          Arguments: { where: '{% $states.input.pushLocation %}' },
          Catch: [
            {
              ErrorEquals: ['States.QueryEvaluationError'],
              Output: '{% $states.errorOutput %}',
              Next: 'Done',
            },
          ],
          End: true,
        },
        Done: { Type: 'Succeed' },
      },
    };
    const { output } = await failure(definition);
    expect(output).toEqual({
      Error: 'States.QueryEvaluationError',
      Cause: `${prefix('Call', 2)}The JSONata expression '$states.input.pushLocation' specified for the field 'Arguments/where' returned nothing (undefined).`,
    });
  });
});

describe('Which event the prefix cites', () => {
  test('inside a Map iteration, the state in the iteration and its own entered event', async () => {
    const definition = single({
      Type: 'Map',
      ItemProcessor: {
        StartAt: 'Inner',
        States: { Inner: { Type: 'Pass', InputPath: '$.nope', End: true } },
      },
    });
    const { outcome, history } = await failure(definition, [1]);
    const entered = history.find(
      (e) =>
        e.type === 'PassStateEntered' && (e['stateEnteredEventDetails'] as JsonObject)['name'] === 'Inner',
    );
    expect(entered?.id).toBe(5);
    expect(outcome).toEqual(
      failed('States.Runtime', `${prefix('Inner', 5)}Invalid path '$.nope' : No results for path: $['nope']`),
    );
  });

  test('inside a Parallel branch, the branch state, once (not the Parallel state too)', async () => {
    const definition = single({
      Type: 'Parallel',
      Branches: [{ StartAt: 'Inner', States: { Inner: { Type: 'Pass', OutputPath: '$.nope', End: true } } }],
    });
    const { outcome, history } = await failure(definition);
    const entered = history.find(
      (e) =>
        e.type === 'PassStateEntered' && (e['stateEnteredEventDetails'] as JsonObject)['name'] === 'Inner',
    );
    expect(outcome).toEqual(
      failed(
        'States.Runtime',
        `${prefix('Inner', entered?.id as number)}Invalid path '$.nope' : No results for path: $['nope']`,
      ),
    );
  });

  test('a retried state cites the one event that entered it, on every attempt', async () => {
    const definition = single(
      {
        Type: 'Task',
        Resource: echo,
        Arguments: '{% $states.input.missing %}',
        Retry: [{ ErrorEquals: ['States.ALL'], MaxAttempts: 2, IntervalSeconds: 1 }],
      },
      jsonata,
    );
    const { outcome, history } = await failure(definition);
    const cause = `${prefix('S', 2)}The JSONata expression '$states.input.missing' specified for the field 'Arguments' returned nothing (undefined).`;
    expect(outcome).toEqual(failed('States.QueryEvaluationError', cause));
    expect(ofType(history, 'TaskStateEntered')).toHaveLength(1);
    expect(
      ofType(history, 'EvaluationFailed').map(
        (e) => (e['evaluationFailedEventDetails'] as JsonObject)['cause'],
      ),
    ).toEqual([cause, cause, cause]);
  });
});

describe('Causes that keep no prefix', () => {
  test('a Fail state cause is its own', async () => {
    const { outcome } = await failure(single({ Type: 'Fail', Error: 'States.Runtime', Cause: 'said so' }));
    expect(outcome).toEqual(failed('States.Runtime', 'said so'));
  });

  test('a task error cause is the one the task reported', async () => {
    const { outcome } = await failure(single({ Type: 'Task', Resource: fn('Boom') }));
    expect(outcome).toEqual(failed('Boom', 'it broke'));
  });

  test('an output past the payload quota names the state, with no prefix', async () => {
    const engine = engineWith(tasks, { payloadLimitBytes: 100 });
    const { execution } = await runDefinition(
      single({ Type: 'Pass', Result: 'x'.repeat(200) }),
      {},
      tasks,
      engine,
    );
    expect({ status: execution.status, error: execution.error, cause: execution.cause }).toEqual(
      failed(
        'States.DataLimitExceeded',
        "The state/task 'S' returned a result with a size exceeding the maximum number of bytes service limit.",
      ),
    );
  });
});
