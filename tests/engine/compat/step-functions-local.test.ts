/**
 * The `stepfunctions-local` compatibility mode: each difference from AWS that AWS Step Functions
 * Local shows, and that the default mode still answers as AWS does. Expected values are those
 * recorded on Step Functions Local (kenfdev/step-functions-testing,
 * test/helpers/stepfunctions/execution-history-data.ts) and on AWS (LocalStack's
 * test_aws_sdk_task_service snapshot).
 */
import { parseCompatibility, UnknownCompatibility } from '../../../packages/sfn-engine/src/compat';
import { javaJsonText, javaNumberText } from '../../../packages/sfn-engine/src/compat/java-json';
import type { EngineOptions } from '../../../packages/sfn-engine/src/engine';
import type { HistoryEvent } from '../../../packages/sfn-engine/src/execution/history';
import type { JsonObject } from '../../../packages/asl/src/json';
import { engineWith, fail, runDefinition, type TaskBehaviour } from '../harness';

const COMPREHEND = 'arn:aws:states:::aws-sdk:comprehend:detectSentiment';
const SFN_LOCAL: EngineOptions = { compatibility: 'stepfunctions-local' };

async function historyOf(
  definition: JsonObject,
  tasks: Record<string, TaskBehaviour>,
  options: EngineOptions = {},
  input: JsonObject = {},
): Promise<{ events: HistoryEvent[]; output: string | undefined }> {
  const { engine, execution } = await runDefinition(definition, input, tasks, engineWith(tasks, options));
  return { events: engine.getExecutionHistory(execution.executionArn), output: execution.output };
}

const ofType = (events: HistoryEvent[], type: string): HistoryEvent[] =>
  events.filter((e) => e.type === type);

const sentiment: JsonObject = {
  StartAt: 'DetectSentiment',
  States: {
    DetectSentiment: {
      Type: 'Task',
      Resource: COMPREHEND,
      Parameters: { LanguageCode: 'en', 'Text.$': '$.comments' },
      ResultSelector: { 'sentimentAnalysis.$': '$' },
      ResultPath: '$.results',
      End: true,
    },
  },
};
const positive = { Sentiment: 'POSITIVE', SentimentScore: { Mixed: 0.00012647535, Positive: 0.9946478 } };
const detect = { [COMPREHEND]: () => positive };

describe('aws-sdk tasks in the history', () => {
  test('Step Functions Local names the service in resource: aws-sdk / comprehend:detectSentiment', async () => {
    const { events } = await historyOf(sentiment, detect, SFN_LOCAL, { comments: 'glad' });
    const details = ['TaskScheduled', 'TaskStarted', 'TaskSucceeded'].map(
      (type) => ofType(events, type)[0]?.[`task${type.slice(4)}EventDetails`] as Record<string, unknown>,
    );
    for (const detail of details)
      expect(detail).toMatchObject({ resourceType: 'aws-sdk', resource: 'comprehend:detectSentiment' });
  });

  test('AWS names it in resourceType: aws-sdk:comprehend / detectSentiment', async () => {
    const { events } = await historyOf(sentiment, detect, {}, { comments: 'glad' });
    expect(ofType(events, 'TaskScheduled')[0]?.['taskScheduledEventDetails']).toMatchObject({
      resourceType: 'aws-sdk:comprehend',
      resource: 'detectSentiment',
    });
  });

  test('a failed aws-sdk task is named the same way in TaskFailed', async () => {
    const failing = { [COMPREHEND]: () => Promise.reject(fail('InternalServerException', 'busy')) };
    const { events } = await historyOf(sentiment, failing, SFN_LOCAL, { comments: 'glad' });
    expect(ofType(events, 'TaskFailed')[0]?.['taskFailedEventDetails']).toEqual({
      resourceType: 'aws-sdk',
      resource: 'comprehend:detectSentiment',
      error: 'InternalServerException',
      cause: 'busy',
    });
  });
});

describe("TaskSucceeded's output", () => {
  test("Step Functions Local shows the state's output, after ResultSelector and ResultPath", async () => {
    const { events } = await historyOf(sentiment, detect, SFN_LOCAL, { comments: 'glad' });
    const succeeded = ofType(events, 'TaskSucceeded')[0]?.['taskSucceededEventDetails'] as { output: string };
    const exited = ofType(events, 'TaskStateExited')[0]?.['stateExitedEventDetails'] as { output: string };
    expect(succeeded.output).toBe(exited.output);
    expect(JSON.parse(succeeded.output)).toEqual({
      comments: 'glad',
      results: { sentimentAnalysis: positive },
    });
  });

  test("AWS shows the task's own result", async () => {
    const { events } = await historyOf(sentiment, detect, {}, { comments: 'glad' });
    const succeeded = ofType(events, 'TaskSucceeded')[0]?.['taskSucceededEventDetails'] as { output: string };
    expect(JSON.parse(succeeded.output)).toEqual(positive);
  });

  test('a task whose ResultSelector then fails keeps its result in TaskSucceeded', async () => {
    const broken: JsonObject = {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: COMPREHEND, ResultSelector: { 'x.$': '$.missing' }, End: true },
      },
    };
    const { events } = await historyOf(broken, detect, SFN_LOCAL);
    const succeeded = ofType(events, 'TaskSucceeded')[0]?.['taskSucceededEventDetails'] as { output: string };
    expect(succeeded.output).toBe(javaJsonText(positive));
  });
});

describe('a Parallel state that fails and is caught', () => {
  const validation: JsonObject = {
    StartAt: 'Validation',
    States: {
      Validation: {
        Type: 'Parallel',
        Branches: [
          {
            StartAt: 'Check Identity',
            States: { 'Check Identity': { Type: 'Task', Resource: COMPREHEND, End: true } },
          },
        ],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Failed' }],
        End: true,
      },
      Failed: { Type: 'Pass', End: true },
    },
  };
  const failing = {
    [COMPREHEND]: () => Promise.reject(fail('CustomValidationError', 'Check Identity Validation Failed')),
  };

  test('Step Functions Local records TaskStateExited, linked to ParallelStateEntered', async () => {
    const { events } = await historyOf(validation, failing, SFN_LOCAL);
    const entered = ofType(events, 'ParallelStateEntered')[0];
    const failed = ofType(events, 'ParallelStateFailed')[0];
    const exit = events.find((e) => e.id === (failed?.id ?? 0) + 1);
    expect(exit).toMatchObject({ type: 'TaskStateExited', previousEventId: entered?.id });
    expect(exit?.['stateExitedEventDetails']).toEqual({
      name: 'Validation',
      output: '{"Error":"CustomValidationError","Cause":"Check Identity Validation Failed"}',
      outputDetails: { truncated: false },
    });
    expect(ofType(events, 'ParallelStateExited')).toEqual([]);
  });

  test('AWS records ParallelStateExited after ParallelStateFailed', async () => {
    const { events } = await historyOf(validation, failing);
    const failed = ofType(events, 'ParallelStateFailed')[0];
    expect(events.find((e) => e.id === (failed?.id ?? 0) + 1)).toMatchObject({
      type: 'ParallelStateExited',
      previousEventId: failed?.id,
    });
  });

  test('Step Functions Local links the exit of a Parallel that succeeds to its ParallelStateSucceeded', async () => {
    const { events } = await historyOf(validation, detect, SFN_LOCAL);
    const succeeded = ofType(events, 'ParallelStateSucceeded')[0];
    expect(ofType(events, 'ParallelStateExited')[0]?.previousEventId).toBe(succeeded?.id);
  });

  test('a caught Parallel nested in a branch of another links to its own ParallelStateEntered', async () => {
    const outer: JsonObject = {
      StartAt: 'Outer',
      States: {
        Outer: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'First',
              States: {
                First: { Type: 'Pass', Next: 'Validation' },
                ...(validation['States'] as JsonObject),
              },
            },
          ],
          End: true,
        },
      },
    };
    const { events } = await historyOf(outer, failing, SFN_LOCAL);
    const inner = ofType(events, 'ParallelStateEntered').find(
      (e) => (e['stateEnteredEventDetails'] as { name: string }).name === 'Validation',
    );
    expect(ofType(events, 'TaskStateExited')).toEqual([
      expect.objectContaining({ previousEventId: inner?.id }) as unknown,
    ]);
    expect(ofType(events, 'ParallelStateExited')).toHaveLength(1);
  });
});

describe('a Retry with IntervalSeconds 0', () => {
  const retryAtOnce: JsonObject = {
    StartAt: 'T',
    States: {
      T: {
        Type: 'Task',
        Resource: COMPREHEND,
        Retry: [{ ErrorEquals: ['States.ALL'], IntervalSeconds: 0, MaxAttempts: 2, BackoffRate: 2 }],
        End: true,
      },
    },
  };
  const failsTwice = (): TaskBehaviour => {
    let calls = 0;
    return () => {
      calls += 1;
      return calls <= 2 ? Promise.reject(fail('Busy', 'try again')) : positive;
    };
  };

  test('Step Functions Local accepts it and retries at once', async () => {
    const { events, output } = await historyOf(retryAtOnce, { [COMPREHEND]: failsTwice() }, SFN_LOCAL);
    expect(output).toBe(javaJsonText(positive));
    const scheduled = ofType(events, 'TaskScheduled').map((event) => event.timestamp.getTime());
    expect(scheduled).toHaveLength(3);
    expect(new Set(scheduled).size).toBe(1);
  });

  test('AWS refuses the definition when the state machine is created', () => {
    const engine = engineWith(detect);
    expect(() => engine.createStateMachine({ name: 'retry-at-once', definition: retryAtOnce })).toThrow(
      /IntervalSeconds/,
    );
    expect(engine.validate(retryAtOnce)).toEqual([
      expect.objectContaining({ path: '/States/T/Retry[0]/IntervalSeconds' }),
    ]);
  });

  test('Step Functions Local still refuses a negative interval', () => {
    const engine = engineWith(detect, SFN_LOCAL);
    const negative = JSON.parse(
      JSON.stringify(retryAtOnce).replace('"IntervalSeconds":0', '"IntervalSeconds":-1'),
    ) as JsonObject;
    expect(engine.validate(negative)).toEqual([
      expect.objectContaining({ path: '/States/T/Retry[0]/IntervalSeconds' }),
    ]);
    expect(engine.validate(retryAtOnce)).toEqual([]);
  });
});

describe('numbers in JSON text', () => {
  test('Step Functions Local writes decimals as Java writes doubles, in events and the output', async () => {
    const { events, output } = await historyOf(sentiment, detect, SFN_LOCAL, { comments: 'glad' });
    const exited = ofType(events, 'TaskStateExited')[0]?.['stateExitedEventDetails'] as { output: string };
    expect(exited.output).toContain('"Mixed":1.2647535E-4,"Positive":0.9946478');
    expect(output).toContain('"Mixed":1.2647535E-4');
  });

  test('AWS mode writes them as JSON.stringify does', async () => {
    const { output } = await historyOf(sentiment, detect, {}, { comments: 'glad' });
    expect(output).toContain('"Mixed":0.00012647535');
  });

  test.each([
    [200, '200'],
    [0, '0'],
    [-3, '-3'],
    [0.0051454515, '0.0051454515'],
    [0.00012647535, '1.2647535E-4'],
    [8.031699e-5, '8.031699E-5'],
    [1e-7, '1.0E-7'],
    [-2.5e-4, '-2.5E-4'],
    [1234567.5, '1234567.5'],
    [12345678.9, '1.23456789E7'],
    [1e21, '1.0E21'],
    [0.001, '0.001'],
  ])('%p is written %s', (value, text) => {
    expect(javaNumberText(value)).toBe(text);
  });

  test('strings, nesting and key order are JSON.stringify’s', () => {
    const value = { b: ['x"y', null, true, { a: 1.5e-5 }], a: 'é' };
    expect(javaJsonText(value)).toBe(JSON.stringify(value).replace('0.000015', '1.5E-5'));
  });
});

describe('choosing the mode', () => {
  test('the mode names are aws and stepfunctions-local', () => {
    expect(parseCompatibility('aws')).toBe('aws');
    expect(parseCompatibility('stepfunctions-local')).toBe('stepfunctions-local');
  });

  test('any other name is refused, naming the ones there are', () => {
    expect(() => parseCompatibility('sfn')).toThrow(UnknownCompatibility);
    expect(() => parseCompatibility('sfn')).toThrow(
      "unknown compatibility mode 'sfn': use aws or stepfunctions-local",
    );
  });
});
