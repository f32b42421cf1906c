import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { JsonObject } from '../../../packages/asl/src/json';
import { JournalFile } from '../../../packages/sfn-engine/src/service/journal/journal-file';
import { executionPath, readHistory } from '../../../packages/stepfunctions-local/src/console/execution-path';
import { END, graphOf, START } from '../../../packages/stepfunctions-local/src/console/graph-model';
import { takenEdges } from '../../../packages/stepfunctions-local/src/console/path-on-graph';
import { engineWith, fail, fn, type TaskBehaviour } from '../../engine/harness';

/** Runs a definition on the engine and reads its path back from the service-shaped history. */
async function pathOf(definition: JsonObject, tasks: Record<string, TaskBehaviour> = {}, input = '{}') {
  const engine = engineWith(tasks);
  const { stateMachineArn } = engine.createStateMachine({ name: 'm', definition });
  const { executionArn } = engine.startExecution({ stateMachineArn, input });
  await engine.waitForExecution(executionArn);
  return executionPath(engine.getExecutionHistory(executionArn));
}

/** A machine whose one Task `T` has the given Retry/Catch, followed by the given states. */
const taskThen = (task: JsonObject, more: JsonObject = {}): JsonObject => ({
  StartAt: 'T',
  States: { T: { Type: 'Task', Resource: fn('t'), End: true, ...task }, ...more },
});

const failingTimes = (times: number, error = 'Boom'): TaskBehaviour => {
  let calls = 0;
  return () => {
    calls += 1;
    if (calls <= times) throw fail(error, `attempt ${calls}`);
    return { ok: true };
  };
};

describe('An execution read from its history', () => {
  test('states that ran without trouble succeeded, with their input and output', async () => {
    const path = await pathOf({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Result: 1, Next: 'B' }, B: { Type: 'Succeed' } },
    });
    expect(path.states).toEqual({ A: 'succeeded', B: 'succeeded' });
    expect(path.visits[0]).toEqual(
      expect.objectContaining({ state: 'A', input: '{}', output: '1', status: 'succeeded' }),
    );
  });

  test('a task that failed and then succeeded on a retry is marked retried, with its attempts', async () => {
    const path = await pathOf(taskThen({ Retry: [{ ErrorEquals: ['Boom'], MaxAttempts: 3 }] }), {
      [fn('t')]: failingTimes(2),
    });
    expect(path.states).toEqual({ T: 'retried' });
    expect(path.visits[0]?.attempts).toBe(3);
  });

  test('a task whose error was caught is marked caught, and the Catch target runs', async () => {
    const path = await pathOf(
      taskThen(
        { Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handle' }] },
        { Handle: { Type: 'Pass', End: true } },
      ),
      { [fn('t')]: failingTimes(1, 'Broken') },
    );
    expect(path.states).toEqual({ T: 'caught', Handle: 'succeeded' });
    expect(path.visits[0]).toEqual(expect.objectContaining({ error: 'Broken', cause: 'attempt 1' }));
  });

  test('a task whose own JSONata failed and was caught is marked caught, with the error', async () => {
    const path = await pathOf(
      taskThen(
        {
          QueryLanguage: 'JSONata',
          Arguments: '{% $states.input.missing %}',
          Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handle' }],
        },
        { Handle: { Type: 'Pass', End: true } },
      ),
      { [fn('t')]: () => ({ ok: true }) },
    );
    expect(path.states).toEqual({ T: 'caught', Handle: 'succeeded' });
    expect(path.visits[0]?.error).toBe('States.QueryEvaluationError');
  });

  test('the state where the execution failed is marked failed with the error', async () => {
    const path = await pathOf({
      StartAt: 'A',
      States: { A: { Type: 'Pass', Next: 'Stop' }, Stop: { Type: 'Fail', Error: 'Nope', Cause: 'because' } },
    });
    expect(path.states).toEqual({ A: 'succeeded', Stop: 'failed' });
    expect(path.visits[1]).toEqual(expect.objectContaining({ error: 'Nope', cause: 'because' }));
  });

  test('a task that failed without a Catch is failed, not caught', async () => {
    const path = await pathOf(taskThen({}), { [fn('t')]: failingTimes(5, 'Broken') });
    expect(path.states).toEqual({ T: 'failed' });
  });

  test('a Map whose item failed and whose failure was caught: the item state failed, the Map caught', async () => {
    const path = await pathOf(
      {
        StartAt: 'Each',
        States: {
          Each: {
            Type: 'Map',
            ItemProcessor: {
              StartAt: 'Work',
              States: { Work: { Type: 'Task', Resource: fn('w'), End: true } },
            },
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'After' }],
            End: true,
          },
          After: { Type: 'Pass', End: true },
        },
      },
      { [fn('w')]: (item) => (item === 2 ? Promise.reject(fail('BadItem')) : item) },
      '[1, 2, 3]',
    );
    expect(path.states['Work']).toBe('failed');
    expect(path.states['Each']).toBe('caught');
    expect(path.states['After']).toBe('succeeded');
  });

  test('a state still waiting is running', async () => {
    const engine = engineWith();
    const { stateMachineArn } = engine.createStateMachine({
      name: 'm',
      definition: { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 60, End: true } } },
    });
    const { executionArn } = engine.startExecution({ stateMachineArn });
    await new Promise((resolve) => setImmediate(resolve));
    expect(executionPath(engine.getExecutionHistory(executionArn)).states).toEqual({ W: 'running' });
  });
});

describe('An execution that went on from a state', () => {
  test('after a redrive, the state that failed shows retried, and the run that went on is read as it ended', async () => {
    let healthy = false;
    const engine = engineWith({
      [fn('t')]: () => {
        if (!healthy) throw fail('Down', 'not yet');
        return { ok: true };
      },
    });
    const { stateMachineArn } = engine.createStateMachine({
      name: 'm',
      definition: {
        StartAt: 'T',
        States: { T: { Type: 'Task', Resource: fn('t'), Next: 'After' }, After: { Type: 'Pass', End: true } },
      },
    });
    const { executionArn } = await engine.startSyncExecution({ stateMachineArn });
    expect(executionPath(engine.getExecutionHistory(executionArn)).states).toEqual({ T: 'failed' });
    healthy = true;
    engine.redriveExecution(executionArn);
    await engine.waitForExecution(executionArn);
    const path = executionPath(engine.getExecutionHistory(executionArn));
    expect(path.states).toEqual({ T: 'retried', After: 'succeeded' });
    expect(path.visits.map((visit) => [visit.state, visit.status])).toEqual([
      ['T', 'retried'],
      ['T', 'succeeded'],
      ['After', 'succeeded'],
    ]);
  });

  test('while the redriven run is still going, its state is running, not failed', async () => {
    let calls = 0;
    const engine = engineWith({
      [fn('t')]: () => {
        calls += 1;
        if (calls === 1) throw fail('Down', 'not yet');
        return new Promise(() => undefined);
      },
    });
    const { stateMachineArn } = engine.createStateMachine({ name: 'm', definition: taskThen({}) });
    const { executionArn } = await engine.startSyncExecution({ stateMachineArn });
    engine.redriveExecution(executionArn);
    while (calls < 2) await new Promise((resolve) => setImmediate(resolve));
    expect(executionPath(engine.getExecutionHistory(executionArn)).visits.at(-1)?.status).toBe('running');
  });
});

test('after a restart of the server, the state it went on from shows retried', async () => {
  const dir = mkdtempSync(join(tmpdir(), 'path-journal-'));
  const first = JournalFile.open(dir, 100);
  const before = engineWith({ [fn('t')]: () => new Promise(() => undefined) }, { journal: first.journal });
  const { stateMachineArn } = before.createStateMachine({ name: 'm', definition: taskThen({}) });
  const { executionArn } = before.startExecution({ stateMachineArn });
  while (before.getExecutionHistory(executionArn).length < 3)
    await new Promise((resolve) => setImmediate(resolve));
  first.journal.close();
  const second = JournalFile.open(dir, 100);
  const after = engineWith({ [fn('t')]: () => ({ ok: true }) }, { journal: second.journal });
  after.restore(second.snapshot);
  await after.waitForExecution(executionArn);
  expect(executionPath(after.getExecutionHistory(executionArn)).visits.map((visit) => visit.status)).toEqual([
    'retried',
    'succeeded',
  ]);
  second.journal.close();
});

describe('The arrows an execution went along', () => {
  const branching: JsonObject = {
    StartAt: 'T',
    States: {
      T: {
        Type: 'Task',
        Resource: fn('t'),
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handle' }],
        Next: 'Ok',
      },
      Ok: { Type: 'Succeed' },
      Handle: { Type: 'Pass', End: true },
    },
  };

  test('are the moves it made, from its start to its end, and no other', async () => {
    const path = await pathOf(branching, { [fn('t')]: () => ({ ok: true }) });
    const taken = takenEdges(graphOf(branching).edges, path.transitions);
    expect([...taken].map((id) => id.split('#')[0])).toEqual([`${START}→T`, 'T→Ok', `Ok→${END}`]);
  });

  test('go through the Catch arrow, not the Next one, when the state failed and was caught', async () => {
    const path = await pathOf(branching, { [fn('t')]: failingTimes(1, 'Broken') });
    const taken = takenEdges(graphOf(branching).edges, path.transitions);
    expect([...taken].map((id) => id.split('#')[0])).toEqual([`${START}→T`, 'T→Handle', `Handle→${END}`]);
  });

  test('inside a Map, are the moves of its items', async () => {
    const mapped: JsonObject = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'One',
            States: { One: { Type: 'Pass', Next: 'Two' }, Two: { Type: 'Pass', End: true } },
          },
          End: true,
        },
      },
    };
    const path = await pathOf(mapped, {}, '[1, 2]');
    const inner = graphOf(mapped).nodes.find((node) => node.id === 'Each')?.edges ?? [];
    expect([...takenEdges(inner, path.transitions)].map((id) => id.split('#')[0])).toEqual(['One→Two']);
  });
});

describe('Which state each event of a history belongs to', () => {
  async function historyOf(definition: JsonObject, tasks: Record<string, TaskBehaviour> = {}, input = '{}') {
    const engine = engineWith(tasks);
    const { stateMachineArn } = engine.createStateMachine({ name: 'm', definition });
    const { executionArn } = engine.startExecution({ stateMachineArn, input });
    await engine.waitForExecution(executionArn);
    const history = engine.getExecutionHistory(executionArn);
    const { eventStates } = readHistory(history);
    return history.map((event) => [event.type, eventStates.get(event.id)]);
  }

  test("a task's events are its state's, the execution's own events no state's", async () => {
    expect(await historyOf(taskThen({}), { [fn('t')]: () => ({ ok: true }) })).toEqual([
      ['ExecutionStarted', undefined],
      ['TaskStateEntered', 'T'],
      ['LambdaFunctionScheduled', 'T'],
      ['LambdaFunctionStarted', 'T'],
      ['LambdaFunctionSucceeded', 'T'],
      ['TaskStateExited', 'T'],
      ['ExecutionSucceeded', undefined],
    ]);
  });

  test("a Map's own events are the Map's, and the states inside its items have theirs", async () => {
    const mapped: JsonObject = {
      StartAt: 'Each',
      States: {
        Each: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'One', States: { One: { Type: 'Pass', End: true } } },
          End: true,
        },
      },
    };
    const events = await historyOf(mapped, {}, '[1]');
    expect(events).toEqual(
      expect.arrayContaining([
        ['MapStateEntered', 'Each'],
        ['MapIterationStarted', 'Each'],
        ['PassStateEntered', 'One'],
        ['PassStateExited', 'One'],
        ['MapIterationSucceeded', 'Each'],
        ['MapStateExited', 'Each'],
      ]),
    );
  });
});
