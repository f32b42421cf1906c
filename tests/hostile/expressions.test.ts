import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  type DescribeExecutionCommandOutput,
  DescribeStateMachineCommand,
  type SFNClient,
  StartExecutionCommand,
  StopExecutionCommand,
  TestStateCommand,
} from '@aws-sdk/client-sfn';
import {
  JSONATA_MAX_DEPTH,
  JSONATA_TIME_BUDGET_MS,
  REGEX_TIME_BUDGET_MS,
} from '../../packages/sfn-engine/src/budgets/limits';
import type { LocalStepFunctions } from '../../packages/stepfunctions-local/src/server';
import { ROLE, startServer } from '../server/local-server';
import { settled } from '../support/settled';
import { stopAll } from '../support/stop-all';

// Expressions a definition supplies, against the budgets they run under (docs/bad-and-hostile-input.md: Hostile input):
// JSONata that never ends and regular expressions that backtrack catastrophically fail with
// States.QueryEvaluationError naming the limit, and the server answers while they run. One
// server for the file; every test stops the executions it started, even when it fails.
let server: LocalStepFunctions;
let sfn: SFNClient;

beforeAll(async () => {
  ({ server, sfn } = await startServer());
});
afterAll(async () => {
  await stopAll(
    () => sfn.destroy(),
    () => server.close(),
  );
});

/** Recurses without end, not in tail position: the depth grows with every call. */
const DEEP = '($f := function($n) { 1 + $f($n + 1) }; $f(0))';
/** Recurses without end in tail position: JSONata runs it as a loop, so only time stops it. */
const ENDLESS = '($f := function($n) { $f($n + 1) }; $f(0))';
/** Exponential backtracking: (a+)+ tries every split of the a's before failing at the '!'. */
const BACKTRACKS = '/(a+)+$/';
const HOSTILE_TEXT = `${'a'.repeat(40)}!`;

const depthNamed = new RegExp(`maximum evaluation depth of ${JSONATA_MAX_DEPTH}`);
const timeNamed = new RegExp(`evaluation time budget of ${JSONATA_TIME_BUDGET_MS} ms`);
const regexNamed = new RegExp(`time budget of ${REGEX_TIME_BUDGET_MS} ms for regular expressions`);

let counter = 0;
async function createMachine(definition: object): Promise<string> {
  const created = await sfn.send(
    new CreateStateMachineCommand({
      name: `expressions-${(counter += 1)}`,
      definition: JSON.stringify(definition),
      roleArn: ROLE,
    }),
  );
  return created.stateMachineArn as string;
}

/** A JSONata machine whose one Pass state outputs `expression`. */
const passing = (expression: string): object => ({
  QueryLanguage: 'JSONata',
  StartAt: 'Evaluate',
  States: { Evaluate: { Type: 'Pass', Output: `{% ${expression} %}`, End: true } },
});

/**
 * A machine that evaluates `expression` again and again: a Parallel whose branch fails with the
 * expression's error, caught back into the same Parallel. It runs until stopped, so a test can
 * ask other things of the server while it is surely still running.
 */
const forever = (expression: string): object => ({
  QueryLanguage: 'JSONata',
  StartAt: 'Again',
  States: {
    Again: {
      Type: 'Parallel',
      Branches: [
        {
          StartAt: 'Evaluate',
          States: { Evaluate: { Type: 'Pass', Output: `{% ${expression} %}`, End: true } },
        },
      ],
      Catch: [{ ErrorEquals: ['States.QueryEvaluationError'], Next: 'Again' }],
      End: true,
    },
  },
});

const started: string[] = [];
async function start(stateMachineArn: string, input: object = {}): Promise<string> {
  const execution = await sfn.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
  );
  started.push(execution.executionArn as string);
  return execution.executionArn as string;
}
const describeExecution = (executionArn: string): Promise<DescribeExecutionCommandOutput> =>
  sfn.send(new DescribeExecutionCommand({ executionArn }));
const finished = (executionArn: string): Promise<DescribeExecutionCommandOutput> =>
  settled(
    () => describeExecution(executionArn),
    (described) => described.status !== 'RUNNING',
  );

// Whatever a test started is stopped, passed or failed (a stopped execution stays as it ended).
afterEach(async () => {
  const arns = started.splice(0);
  await stopAll(
    ...arns.map((executionArn) => async () => {
      if ((await describeExecution(executionArn)).status === 'RUNNING')
        await sfn.send(new StopExecutionCommand({ executionArn }));
    }),
  );
});

/**
 * Sends DescribeStateMachine and StartExecution of a passing machine while `runaway` runs, and
 * shows they were answered while it was still running: the runaway is still RUNNING after them
 * (it never ends by itself). Returns the DescribeStateMachine latencies in ms.
 */
async function answeredMeanwhile(runaway: string): Promise<number[]> {
  const other = await createMachine(passing('$states.input.n + 1'));
  const latencies: number[] = [];
  // Let the runaway get deep into its work before asking.
  await new Promise((resolve) => setTimeout(resolve, 100));
  for (let i = 0; i < 20; i += 1) {
    const sent = performance.now();
    await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: other }));
    latencies.push(performance.now() - sent);
  }
  const quick = await finished(await start(other, { n: 1 }));
  expect(quick).toMatchObject({ status: 'SUCCEEDED', output: '2' });
  const still = await describeExecution(runaway);
  expect([still.status, still.error, still.cause]).toEqual(['RUNNING', undefined, undefined]);
  // The numbers, for the README's table: REPORT_LATENCY=1 npx jest tests/hostile/expressions.test.ts
  if (process.env['REPORT_LATENCY'] !== undefined) {
    const sorted = [...latencies].sort((a, b) => a - b);
    console.log(
      `DescribeStateMachine while ${runaway}: median ${sorted[10]?.toFixed(1)} ms, max ${sorted[19]?.toFixed(1)} ms`,
    );
  }
  return latencies;
}

describe('JSONata expressions run under a depth and a time budget', () => {
  test('a function that calls itself without end fails with States.QueryEvaluationError naming the depth', async () => {
    const failed = await finished(await start(await createMachine(passing(DEEP))));
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    expect(failed.cause).toMatch(depthNamed);
    expect(failed.cause).toMatch(/specified for the field 'Output'/);
  });

  test('endless tail recursion fails with States.QueryEvaluationError naming the time budget', async () => {
    const failed = await finished(await start(await createMachine(passing(ENDLESS))));
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    expect(failed.cause).toMatch(timeNamed);
  });

  test('TestState of a state with such an expression ends in the error, with no state machine', async () => {
    const result = await sfn.send(
      new TestStateCommand({
        definition: JSON.stringify({
          QueryLanguage: 'JSONata',
          Type: 'Pass',
          Output: `{% ${ENDLESS} %}`,
          End: true,
        }),
        roleArn: ROLE,
      }),
    );
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    expect(result.cause).toMatch(timeNamed);
  });

  test('while endless expressions run, DescribeStateMachine and StartExecution of another machine answer', async () => {
    const runaway = await start(await createMachine(forever(ENDLESS)));
    const latencies = await answeredMeanwhile(runaway);
    expect(latencies).toHaveLength(20);
  });
});

describe('a built-in asked to build more than 1e7 items or characters is refused, and the server lives on', () => {
  // Each of these ended the whole process with a fatal V8 error (no try/catch reaches one).
  test.each([
    ['$range', '$count($range(0, 300000000, 1))', /"range" may build at most 10000000 items or characters/],
    ['$pad', '$pad("", 500000000, "a")', /"pad" may build at most 10000000/],
    ['$string', '$string([[1..10000000], [1..10000000]])', /"string" may build at most 10000000/],
    [
      '$pad with a long pad text',
      '$pad("", 10000000, "abcdefghijklmnopqrst")',
      /"pad" may build at most 10000000/,
    ],
    [
      '$length of a doubled string',
      '$length($pad("", 9000000) & $pad("", 9000000))',
      /"length" may build at most/,
    ],
    [
      '$fromMillis with a huge width',
      '$fromMillis(0, "[D,200000000]")',
      /"fromMillis" takes a width of at most 1000/,
    ],
    [
      '$formatNumber with a huge picture',
      '$formatNumber(1, $pad("", 2000, "#"))',
      /"formatNumber" takes a picture of at most 1000/,
    ],
  ])('%s fails with States.QueryEvaluationError naming the limit', async (_, expression, named) => {
    const failed = await finished(await start(await createMachine(passing(expression))));
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    expect(failed.cause).toMatch(named);
    const other = await createMachine(passing('$states.input.n + 1'));
    expect(await finished(await start(other, { n: 1 }))).toMatchObject({ status: 'SUCCEEDED', output: '2' });
  });

  test('within the limit they give what JSONata gives', async () => {
    const machine = await createMachine(
      passing(
        '{"range": $count($range(0, 999999, 1)), "pad": $length($pad("x", -1000, "ab")), "string": $string([1, "two", {"three": 3}])}',
      ),
    );
    expect(await finished(await start(machine))).toMatchObject({
      status: 'SUCCEEDED',
      output: JSON.stringify({ range: 1_000_000, pad: 1000, string: '[1,"two",{"three":3}]' }),
    });
  });
});

describe('built-ins the library runs in quadratic time answer in linear time', () => {
  // Each was one synchronous step (or awaits that never yield) no budget reached: minutes with
  // the server answering nothing.
  test.each([
    ['$distinct', '$count($distinct($append([1..100000], [1..100000])))', '100000'],
    ['$sort', '$sort($reverse([1..200000]))[-1]', '200000'],
    ['$spread', '$count($spread([1..200000]))', '200000'],
  ])('%s of many items succeeds', async (_, expression, output) => {
    const machine = await createMachine(passing(expression));
    expect(await finished(await start(machine))).toMatchObject({ status: 'SUCCEEDED', output });
  });

  test('a $sort by a built-in that holds the loop for the time budget (200,000 items) fails naming it', async () => {
    // The library's merge ran out of memory and ended the process at 80,000.
    const failed = await finished(
      await start(await createMachine(passing('$count($sort([1..200000], $append))'))),
    );
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    expect(failed.cause).toMatch(timeNamed);
  });

  test('a $distinct that alone takes the time budget (ten million items) fails naming it', async () => {
    const failed = await finished(
      await start(await createMachine(passing('$count($distinct([1..10000000]))'))),
    );
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    expect(failed.cause).toMatch(timeNamed);
  });
});

describe('built-ins that overflowed the stack or ran outside the budgets', () => {
  // Math.max.apply with every number as an argument: "Maximum call stack size exceeded".
  test.each([
    ['$max', '$max([1..200000])', '200000'],
    ['$min', '$min([1..200000])', '1'],
  ])('%s of 200,000 numbers succeeds', async (_, expression, output) => {
    const machine = await createMachine(passing(expression));
    expect(await finished(await start(machine))).toMatchObject({ status: 'SUCCEEDED', output });
  });

  test('a built-in given to $map that holds the loop for the time budget (ten million items) fails naming it', async () => {
    // The library called $abs ten million times in one event-loop turn: 6.5 s, then it succeeded.
    const failed = await finished(
      await start(await createMachine(passing('$count($map([1..10000000], $abs))'))),
    );
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    expect(failed.cause).toMatch(timeNamed);
  });

  test('$eval of a text with a signature of 30 optional parameters fails naming the limit', async () => {
    // Parsed at run time, past the definition's check: one mismatched call would take minutes.
    const text = `($f := function($a)<${'s?'.repeat(30)}n>{ 1 }; $f(${Array(30).fill('\\"a\\"').join(', ')}))`;
    const failed = await finished(await start(await createMachine(passing(`$eval("${text}")`))));
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    expect(failed.cause).toMatch(/has 30 optional or repeated parameters; at most 10 are allowed/);
  });

  test('$toMillis with a picture whose regex backtracks fails naming the regex budget', async () => {
    // The regex built from `[f][f][f][f]` ran natively: 14 s against 400 digits and an `x`.
    const failed = await finished(
      await start(await createMachine(passing('$toMillis($join([1..400].("1")) & "x", "[f][f][f][f]")'))),
    );
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    expect(failed.cause).toMatch(regexNamed);
  });
});

/** A JSONata machine of `count` Pass states in a row, each outputting 100 distinct expressions. */
function manyExpressions(count: number): object {
  const states: Record<string, object> = {};
  for (let s = 0; s < count; s += 1) {
    const output: Record<string, string> = {};
    for (let i = 0; i < 100; i += 1) output[`f${i}`] = `{% $count($states.input) + ${s * 100 + i} %}`;
    states[`S${s}`] = {
      Type: 'Pass',
      Output: output,
      ...(s + 1 < count ? { Next: `S${s + 1}` } : { End: true }),
    };
  }
  return { QueryLanguage: 'JSONata', StartAt: 'S0', States: states };
}

describe('a definition of 20,000 JSONata expressions (within the 1 MiB quota)', () => {
  // Parsing them is seconds of work: created at once, it held every other request that long.
  test('while it is created, DescribeStateMachine of another machine answers again and again', async () => {
    const other = await createMachine(passing('1'));
    let created = false;
    const creating = createMachine(manyExpressions(200)).finally(() => {
      created = true;
    });
    let answered = 0;
    while (!created) {
      await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: other }));
      if (!created) answered += 1;
    }
    const big = await creating;
    // Answered all along: held for the whole parse, it answered one or two before the body was in.
    expect(answered).toBeGreaterThanOrEqual(10);
    const run = await finished(await start(big, { n: 1 }));
    expect([run.status, run.error, run.cause]).toEqual(['SUCCEEDED', undefined, undefined]);
  });

  test('an invalid expression among them is still refused with its field named', async () => {
    const definition = manyExpressions(50) as { States: Record<string, { Output: Record<string, string> }> };
    (definition.States['S7'] as { Output: Record<string, string> }).Output['f3'] = '{% $states.input + %}';
    await expect(createMachine(definition)).rejects.toMatchObject({
      name: 'InvalidDefinition',
      message: expect.stringContaining(
        'INVALID_JSONATA_EXPRESSION: Unexpected end of expression at /States/S7/Output',
      ) as string,
    });
  });
});

describe('regular expressions a definition supplies run under a time budget', () => {
  test('a catastrophic regex in $match fails with States.QueryEvaluationError naming the time budget', async () => {
    const machine = await createMachine(passing(`$match($states.input.text, ${BACKTRACKS})`));
    const failed = await finished(await start(machine, { text: HOSTILE_TEXT }));
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    expect(failed.cause).toMatch(regexNamed);
    expect(failed.cause).toContain(BACKTRACKS);
  });

  test('a catastrophic regex in $contains fails the same way', async () => {
    const machine = await createMachine(passing(`$contains($states.input.text, /(a|aa)+$/)`));
    const failed = await finished(await start(machine, { text: HOSTILE_TEXT }));
    expect(failed).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    expect(failed.cause).toMatch(regexNamed);
  });

  test('TestState with a catastrophic regex ends in the error', async () => {
    const result = await sfn.send(
      new TestStateCommand({
        definition: JSON.stringify({
          QueryLanguage: 'JSONata',
          Type: 'Pass',
          Output: `{% $match($states.input.text, ${BACKTRACKS}) %}`,
          End: true,
        }),
        input: JSON.stringify({ text: HOSTILE_TEXT }),
        roleArn: ROLE,
      }),
    );
    expect(result).toMatchObject({ status: 'FAILED', error: 'States.QueryEvaluationError' });
    expect(result.cause).toMatch(regexNamed);
  });

  test('while catastrophic regexes run again and again, DescribeStateMachine and StartExecution answer', async () => {
    // A new string each time (a random suffix), so every search really runs out its budget and
    // ends its worker thread: none is failed at once as a known overrun.
    const fresh = `$pad("", 40, "a") & "!" & $string($random())`;
    const machine = await createMachine(forever(`$match(${fresh}, ${BACKTRACKS})`));
    const latencies = await answeredMeanwhile(await start(machine));
    expect(latencies).toHaveLength(20);
  });

  test('ordinary regexes give JSONata results: $match, $replace, $split, $contains', async () => {
    const expression =
      '{"match": $match("a1b22c333", /[0-9]+/).match, "replace": $replace("a1b22", /([0-9])+/, "<$1>"),' +
      ' "split": $split("x, y,z", /,\\s*/), "contains": $contains("Hello", /l+o$/), "none": $match("abc", /z/)}';
    const result = await sfn.send(
      new TestStateCommand({
        definition: JSON.stringify({
          QueryLanguage: 'JSONata',
          Type: 'Pass',
          Output: `{% ${expression} %}`,
          End: true,
        }),
        roleArn: ROLE,
      }),
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(JSON.parse(result.output as string)).toEqual({
      match: ['1', '22', '333'],
      replace: 'a<1>b<2>',
      split: ['x', 'y', 'z'],
      contains: true,
    });
  });
});
