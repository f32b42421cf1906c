import type { JsonObject } from '../../../packages/asl/src/json';
import { type ConformanceCase, type TaskBehaviour, conformance, fail, fn } from '../harness';

const flaky = fn('flaky');

/** A task that throws the given errors on its first calls, then returns "ok". */
function failing(...errors: [string, string?][]): Record<string, TaskBehaviour> {
  let calls = 0;
  return {
    [flaky]: () => {
      const next = errors[calls];
      calls += 1;
      if (next !== undefined) throw fail(next[0], next[1] ?? '');
      return 'ok';
    },
  };
}

const task = (fields: JsonObject): JsonObject => ({
  StartAt: 'T',
  States: {
    T: { Type: 'Task', Resource: flaky, End: true, ...fields },
    ...(fields['Catch'] === undefined ? {} : { Caught: { Type: 'Pass', End: true } }),
  },
});
const catchTo = (errors: string[], extra: JsonObject = {}): JsonObject => ({
  ErrorEquals: errors,
  Next: 'Caught',
  ...extra,
});

describe('Retry', () => {
  conformance([
    {
      name: 'a task error without Retry or Catch fails the execution',
      definition: task({}),
      tasks: failing(['Boom', 'it broke']),
      expect: { error: 'Boom', cause: /^it broke$/ },
    },
    {
      name: 'a retried error then success succeeds',
      definition: task({ Retry: [{ ErrorEquals: ['Boom'] }] }),
      tasks: failing(['Boom']),
      expect: { output: 'ok' },
    },
    {
      name: 'MaxAttempts 3 allows three retries',
      definition: task({ Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 3 }] }),
      tasks: failing(['Boom'], ['Boom'], ['Boom']),
      expect: { output: 'ok' },
    },
    {
      name: 'MaxAttempts exhausted fails with the last error',
      definition: task({ Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 2 }] }),
      tasks: failing(['Boom'], ['Boom'], ['Boom', 'third']),
      expect: { error: 'Boom', cause: /third/ },
    },
    {
      name: 'MaxAttempts 0 never retries',
      definition: task({ Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 0 }] }),
      tasks: failing(['Boom']),
      expect: { error: 'Boom' },
    },
    {
      name: 'the default MaxAttempts is 3',
      definition: task({ Retry: [{ ErrorEquals: ['Boom'] }] }),
      tasks: failing(['Boom'], ['Boom'], ['Boom'], ['Boom', 'fourth']),
      expect: { error: 'Boom', cause: /fourth/ },
    },
    {
      name: 'an error not in ErrorEquals is not retried',
      definition: task({ Retry: [{ ErrorEquals: ['Other'] }] }),
      tasks: failing(['Boom']),
      expect: { error: 'Boom' },
    },
    {
      name: 'States.ALL retries any error',
      definition: task({ Retry: [{ ErrorEquals: ['States.ALL'] }] }),
      tasks: failing(['Anything']),
      expect: { output: 'ok' },
    },
    {
      name: 'States.TaskFailed retries a task error',
      definition: task({ Retry: [{ ErrorEquals: ['States.TaskFailed'] }] }),
      tasks: failing(['Lambda.Unknown']),
      expect: { output: 'ok' },
    },
    {
      name: 'each retrier counts its own attempts',
      definition: task({
        Retry: [
          { ErrorEquals: ['A'], MaxAttempts: 1 },
          { ErrorEquals: ['B'], MaxAttempts: 1 },
        ],
      }),
      tasks: failing(['A'], ['B']),
      expect: { output: 'ok' },
    },
    {
      name: 'the first matching retrier is used',
      definition: task({
        Retry: [
          { ErrorEquals: ['A'], MaxAttempts: 0 },
          { ErrorEquals: ['States.ALL'], MaxAttempts: 5 },
        ],
      }),
      tasks: failing(['A']),
      expect: { error: 'A' },
    },
    {
      name: 'RetryCount in the context counts retries',
      definition: task({
        Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 2 }],
        Parameters: { 'retry.$': '$$.State.RetryCount' },
      }),
      tasks: (() => {
        const seen: unknown[] = [];
        return {
          [flaky]: (p: unknown) => {
            seen.push((p as JsonObject)['retry']);
            if (seen.length < 3) throw fail('Boom');
            return seen as never;
          },
        };
      })(),
      expect: { output: [0, 1, 2] },
    },
  ]);
});

describe('Catch', () => {
  conformance([
    {
      name: 'a caught error goes to the catcher Next with the error output',
      definition: task({ Catch: [catchTo(['Boom'])] }),
      tasks: failing(['Boom', 'details']),
      expect: { output: { Error: 'Boom', Cause: 'details' } },
      path: ['T', 'Caught'],
    },
    {
      name: 'catcher ResultPath keeps the input beside the error',
      definition: task({ Catch: [catchTo(['States.ALL'], { ResultPath: '$.error' })] }),
      input: { order: 1 },
      tasks: failing(['Boom', 'c']),
      expect: { output: { order: 1, error: { Error: 'Boom', Cause: 'c' } } },
    },
    {
      name: 'catcher ResultPath null discards the error',
      definition: task({ Catch: [catchTo(['States.ALL'], { ResultPath: null })] }),
      input: { order: 1 },
      tasks: failing(['Boom']),
      expect: { output: { order: 1 } },
    },
    {
      name: 'the first matching catcher wins',
      definition: {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: flaky,
            Catch: [
              { ErrorEquals: ['Boom'], Next: 'First' },
              { ErrorEquals: ['States.ALL'], Next: 'Second' },
            ],
            End: true,
          },
          First: { Type: 'Pass', Result: 'first', End: true },
          Second: { Type: 'Pass', Result: 'second', End: true },
        },
      },
      tasks: failing(['Boom']),
      expect: { output: 'first' },
    },
    {
      name: 'Retry runs before Catch',
      definition: task({ Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 1 }], Catch: [catchTo(['Boom'])] }),
      tasks: failing(['Boom'], ['Boom', 'second']),
      expect: { output: { Error: 'Boom', Cause: 'second' } },
    },
    {
      name: 'States.ALL does not catch States.Runtime',
      definition: task({ Parameters: { 'x.$': '$.missing' }, Catch: [catchTo(['States.ALL'])] }),
      tasks: failing(),
      expect: { error: 'States.Runtime' },
    },
    {
      name: 'States.TaskFailed does not catch States.Timeout',
      definition: task({ TimeoutSeconds: 1, Catch: [catchTo(['States.TaskFailed'])] }),
      tasks: {
        [flaky]: (_p, invocation) =>
          new Promise((_r, reject) =>
            invocation.signal.addEventListener('abort', () => reject(new Error('aborted'))),
          ),
      },
      expect: { error: 'States.Timeout' },
    },
    {
      name: 'States.Timeout can be caught by name',
      definition: task({ TimeoutSeconds: 1, Catch: [catchTo(['States.Timeout'])] }),
      tasks: { [flaky]: () => new Promise(() => undefined) },
      expect: { output: { Error: 'States.Timeout', Cause: '' } },
    },
    {
      name: 'a task result over 256 KiB is States.DataLimitExceeded',
      definition: task({}),
      tasks: { [flaky]: () => ({ big: 'x'.repeat(300 * 1024) }) },
      expect: { error: 'States.DataLimitExceeded' },
    },
    {
      name: 'States.DataLimitExceeded is caught by States.ALL',
      definition: task({ Catch: [catchTo(['States.ALL'], { ResultPath: '$.error' })] }),
      tasks: { [flaky]: () => ({ big: 'x'.repeat(300 * 1024) }) },
      expect: {
        output: {
          error: {
            Error: 'States.DataLimitExceeded',
            Cause: expect.stringContaining('T') as unknown as string,
          },
        },
      },
    },
    {
      name: 'a Pass output over 256 KiB fails the execution',
      definition: {
        StartAt: 'P',
        States: { P: { Type: 'Pass', Parameters: { 'a.$': '$.s', 'b.$': '$.s', 'c.$': '$.s' }, End: true } },
      },
      input: { s: 'y'.repeat(90 * 1024) },
      expect: { error: 'States.DataLimitExceeded' },
    },
    {
      name: 'a task error that is not a States error becomes States.TaskFailed',
      definition: task({}),
      tasks: {
        [flaky]: () => {
          throw new Error('plain error');
        },
      },
      expect: { error: 'States.TaskFailed', cause: /plain error/ },
    },
    {
      name: 'States.ALL must be alone',
      definition: task({ Catch: [catchTo(['States.ALL', 'Boom'])] }),
      expect: { invalid: /States\.ALL/ },
    },
    {
      name: 'States.ALL must be the last retrier',
      definition: task({ Retry: [{ ErrorEquals: ['States.ALL'] }, { ErrorEquals: ['Boom'] }] }),
      expect: { invalid: /Retry\[0\]/ },
    },
    {
      name: 'a BackoffRate below 1 is refused',
      definition: task({ Retry: [{ ErrorEquals: ['Boom'], BackoffRate: 0.5 }] }),
      expect: { invalid: /BackoffRate/ },
    },
    {
      name: 'an unknown JitterStrategy is refused',
      definition: task({ Retry: [{ ErrorEquals: ['Boom'], JitterStrategy: 'SOME' }] }),
      expect: { invalid: /JitterStrategy/ },
    },
  ] as ConformanceCase[]);
});

describe('Fail', () => {
  conformance([
    {
      name: 'Fail ends the execution with its Error and Cause',
      definition: { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Bad', Cause: 'why' } } },
      expect: { error: 'Bad', cause: /^why$/ },
    },
    {
      name: 'Fail ErrorPath and CausePath read the input',
      definition: { StartAt: 'F', States: { F: { Type: 'Fail', ErrorPath: '$.e', CausePath: '$.c' } } },
      input: { e: 'E1', c: 'C1' },
      expect: { error: 'E1', cause: /^C1$/ },
    },
    {
      name: 'Fail CausePath may use an intrinsic function',
      definition: {
        StartAt: 'F',
        States: { F: { Type: 'Fail', Error: 'E', CausePath: "States.Format('order {} failed', $.id)" } },
      },
      input: { id: 7 },
      expect: { error: 'E', cause: /^order 7 failed$/ },
    },
    {
      name: 'a Fail inside a Parallel branch fails the Parallel with that error',
      definition: {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'Ok', States: { Ok: { Type: 'Pass', End: true } } },
              {
                StartAt: 'F',
                States: { F: { Type: 'Fail', Error: 'Branch.Error', Cause: 'second branch' } },
              },
            ],
            End: true,
          },
        },
      },
      expect: { error: 'Branch.Error', cause: /second branch/ },
    },
    {
      name: 'a Parallel catches its failed branch',
      definition: {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            Branches: [{ StartAt: 'F', States: { F: { Type: 'Fail', Error: 'Branch.Error' } } }],
            Catch: [{ ErrorEquals: ['Branch.Error'], Next: 'Recovered' }],
            End: true,
          },
          Recovered: { Type: 'Pass', Result: 'recovered', End: true },
        },
      },
      expect: { output: 'recovered' },
    },
    {
      name: 'a Map fails when one iteration fails',
      definition: {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemProcessor: {
              StartAt: 'C',
              States: {
                C: {
                  Type: 'Choice',
                  Choices: [{ Variable: '$', NumericEquals: 2, Next: 'F' }],
                  Default: 'Ok',
                },
                F: { Type: 'Fail', Error: 'Two' },
                Ok: { Type: 'Succeed' },
              },
            },
            End: true,
          },
        },
      },
      input: [1, 2, 3],
      expect: { error: 'Two' },
    },
    {
      name: 'a Map retries a failed run as a whole',
      definition: {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemProcessor: { StartAt: 'T', States: { T: { Type: 'Task', Resource: flaky, End: true } } },
            Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 1 }],
            End: true,
          },
        },
      },
      input: [1],
      tasks: failing(['Boom']),
      expect: { output: ['ok'] },
    },
  ]);
});
