import { appendFileSync, mkdtempSync, readFileSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import type { StepFunctionsEngine } from '../../packages/sfn-engine/src/engine';
import { DataDirUnusable, JournalFile } from '../../packages/sfn-engine/src/service/journal/journal-file';
import { replay } from '../../packages/sfn-engine/src/service/journal/replay';
import type { JsonObject } from '../../packages/asl/src/json';
import { engineWith, fn, statesEntered, type TaskBehaviour } from './harness';

/** Record (a task) → Notify (a task) → Done: the kind of flow a restart lands in the middle of. */
const flow: JsonObject = {
  QueryLanguage: 'JSONata',
  StartAt: 'Record',
  States: {
    Record: {
      Type: 'Task',
      Resource: fn('record'),
      Assign: { recordId: '{% $states.result.id %}' },
      Output: '{% $states.input %}',
      Next: 'Notify',
    },
    Notify: {
      Type: 'Task',
      Resource: fn('notify'),
      Arguments: { to: '{% $states.input.to %}', recordId: '{% $recordId %}' },
      Output: '{% $states.result %}',
      End: true,
    },
  },
};

const hangs: TaskBehaviour = () => new Promise(() => undefined);

/** An engine over the journal in `dir`, as a server started with --data-dir builds it. */
function engineOn(dir: string, tasks: Record<string, TaskBehaviour>) {
  const { journal, snapshot } = JournalFile.open(dir, 10_000);
  const engine = engineWith(tasks, { journal });
  const resumed = engine.restore(snapshot);
  return { engine, journal, resumed };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

async function untilState(engine: StepFunctionsEngine, arn: string, state: string): Promise<void> {
  while (!statesEntered(engine, arn).includes(state)) await settle();
}

describe('the journal of a data dir', () => {
  test('a restarted engine goes on with a running execution from the state it was in, without rerunning the states before', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const calls = { record: 0, notify: 0 };
    const before = engineOn(dir, {
      [fn('record')]: () => ({ id: `r-${(calls.record += 1)}` }),
      [fn('notify')]: hangs,
    });
    const { stateMachineArn } = before.engine.createStateMachine({ name: 'flow', definition: flow });
    const { executionArn } = before.engine.startExecution({
      stateMachineArn,
      input: { to: 'ada@example.com' },
    });
    await untilState(before.engine, executionArn, 'Notify');
    // The process dies here: nothing more reaches the journal.
    before.journal.close();

    const after = engineOn(dir, {
      [fn('record')]: () => ({ id: `r-${(calls.record += 1)}` }),
      [fn('notify')]: (parameters) => ({ sent: parameters }),
    });
    expect(after.resumed).toEqual([executionArn]);
    const done = await after.engine.waitForExecution(executionArn);
    expect(done.status).toBe('SUCCEEDED');
    expect(JSON.parse(done.output as string)).toEqual({ sent: { to: 'ada@example.com', recordId: 'r-1' } });
    expect(calls.record).toBe(1);
    // Notify was running when the process died, so it runs again: at least once.
    expect(statesEntered(after.engine, executionArn)).toEqual(['Record', 'Notify', 'Notify']);
    after.journal.close();
  });

  test('state machines and finished executions, with their histories, are there after a restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const before = engineOn(dir, {
      [fn('record')]: () => ({ id: 'r' }),
      [fn('notify')]: () => ({ ok: true }),
    });
    const { stateMachineArn } = before.engine.createStateMachine({ name: 'flow', definition: flow });
    const done = await before.engine.startSyncExecution({ stateMachineArn, input: { to: 'x' } });
    const history = before.engine.getExecutionHistory(done.executionArn);
    before.journal.close();

    const after = engineOn(dir, {});
    expect(after.resumed).toEqual([]);
    expect(after.engine.describeStateMachine(stateMachineArn).definition).toBe(JSON.stringify(flow));
    expect(after.engine.describeExecution(done.executionArn)).toMatchObject({
      status: 'SUCCEEDED',
      output: done.output,
    });
    expect(after.engine.getExecutionHistory(done.executionArn)).toEqual(history);
    after.journal.close();
  });

  test('a failed execution can be redriven after a restart, from the state it failed in', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const before = engineOn(dir, {
      [fn('record')]: () => ({ id: 'r-9' }),
      [fn('notify')]: () => Promise.reject(new Error('down')),
    });
    const { stateMachineArn } = before.engine.createStateMachine({ name: 'flow', definition: flow });
    const failed = await before.engine.startSyncExecution({ stateMachineArn, input: { to: 'y' } });
    expect(failed.status).toBe('FAILED');
    before.journal.close();

    const after = engineOn(dir, { [fn('notify')]: (parameters) => parameters });
    after.engine.redriveExecution(failed.executionArn);
    const redriven = await after.engine.waitForExecution(failed.executionArn);
    expect(redriven).toMatchObject({ status: 'SUCCEEDED', redriveCount: 1 });
    expect(JSON.parse(redriven.output as string)).toEqual({ to: 'y', recordId: 'r-9' });
    after.journal.close();
  });

  test('the journal is compacted on open, so it does not grow with every restart', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const first = engineOn(dir, { [fn('record')]: () => ({ id: 'r' }), [fn('notify')]: () => ({}) });
    const { stateMachineArn } = first.engine.createStateMachine({ name: 'flow', definition: flow });
    await first.engine.startSyncExecution({ stateMachineArn, input: {} });
    first.journal.close();
    const lines = readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n');
    expect(lines.length).toBeGreaterThan(10);
    engineOn(dir, {}).journal.close();
    const compacted = readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n');
    expect(compacted.map((line) => (JSON.parse(line) as { kind: string }).kind)).toEqual([
      'machine',
      'execution',
    ]);
  });

  test('while it runs, the journal is rewritten once forgotten executions outweigh the kept ones', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const { journal, snapshot } = JournalFile.open(dir, 3, { rewriteAfterBytes: 1 });
    const engine = engineWith(
      { [fn('record')]: () => ({ id: 'r' }), [fn('notify')]: () => ({}) },
      {
        journal,
        retainedExecutions: 3,
      },
    );
    engine.restore(snapshot);
    const { stateMachineArn } = engine.createStateMachine({ name: 'flow', definition: flow });
    const size = () => readFileSync(join(dir, 'journal.jsonl')).length;
    const sizes: number[] = [];
    const arns: string[] = [];
    for (let i = 0; i < 30; i += 1) {
      arns.push((await engine.startSyncExecution({ stateMachineArn, input: { to: `${i}` } })).executionArn);
      await settle();
      sizes.push(size());
    }
    // Three executions kept: the file stays within about twice their records, however many ran.
    expect(Math.max(...sizes.slice(10))).toBeLessThan(3 * sizes[2]!);
    const kept = arns.slice(-3).map((arn) => engine.getExecutionHistory(arn));
    journal.close();

    const after = JournalFile.open(dir, 3);
    expect(after.snapshot.executions.map((e) => e.arn)).toEqual(arns.slice(-3));
    const restored = engineWith({}, { retainedExecutions: 3 });
    restored.restore(after.snapshot);
    expect(arns.slice(-3).map((arn) => restored.getExecutionHistory(arn))).toEqual(kept);
    after.journal.close();
  });

  test('an execution running while the journal is rewritten goes on after a restart from where it was', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const { journal, snapshot } = JournalFile.open(dir, 2, { rewriteAfterBytes: 1 });
    let records = 0;
    const record: TaskBehaviour = () => ({ id: `r-${(records += 1)}` });
    const engine = engineWith(
      { [fn('record')]: record, [fn('notify')]: hangs },
      { journal, retainedExecutions: 2 },
    );
    engine.restore(snapshot);
    const { stateMachineArn } = engine.createStateMachine({ name: 'flow', definition: flow });
    const { executionArn } = engine.startExecution({ stateMachineArn, input: { to: 'ada@example.com' } });
    await untilState(engine, executionArn, 'Notify');
    // Others come and go past the retention of 2, so the journal is rewritten under it.
    const { stateMachineArn: passArn } = engine.createStateMachine({
      name: 'quick',
      definition: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
    });
    for (let i = 0; i < 10; i += 1) {
      await engine.startSyncExecution({ stateMachineArn: passArn, input: {} });
      await settle();
    }
    const lines = readFileSync(join(dir, 'journal.jsonl'), 'utf8').trim().split('\n');
    expect(lines.some((line) => line.startsWith('{"kind":"execution",'))).toBe(true);
    journal.close();

    const after = engineOn(dir, {
      [fn('record')]: record,
      [fn('notify')]: (p) => ({ sent: p }),
    });
    expect(after.resumed).toEqual([executionArn]);
    const done = await after.engine.waitForExecution(executionArn);
    expect(JSON.parse(done.output as string)).toEqual({ sent: { to: 'ada@example.com', recordId: 'r-1' } });
    expect(records).toBe(1);
    after.journal.close();
  });

  test('a last line torn by a kill mid-write is left out; damage before it is skipped with the line number', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const first = engineOn(dir, {});
    first.engine.createStateMachine({
      name: 'p',
      definition: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
    });
    first.journal.close();
    appendFileSync(join(dir, 'journal.jsonl'), '{"kind":"machine","arn":"arn:aws:sta');
    const reopened = engineOn(dir, {});
    expect(reopened.engine.listStateMachines().map((m) => m.name)).toEqual(['p']);
    reopened.journal.close();

    writeFileSync(
      join(dir, 'journal.jsonl'),
      `not json\n${readFileSync(join(dir, 'journal.jsonl'), 'utf8')}`,
    );
    const salvaged = JournalFile.open(dir, 10);
    expect(salvaged.snapshot.machines.map((m) => m.name)).toEqual(['p']);
    expect(salvaged.warnings[0]).toMatch(/journal\.jsonl:1: not JSON/);
    salvaged.journal.close();
  });

  test('a journal of many megabytes is read back whole, records crossing the read boundaries', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    const first = engineOn(dir, {});
    const { stateMachineArn } = first.engine.createStateMachine({
      name: 'p',
      definition: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
    });
    const inputs = Array.from({ length: 12 }, (_, i) =>
      JSON.stringify({ i, blob: 'x'.repeat(200_000 + i * 977) }),
    );
    const arns: string[] = [];
    for (const input of inputs)
      arns.push((await first.engine.startSyncExecution({ stateMachineArn, input })).executionArn);
    first.journal.close();
    const after = engineOn(dir, {});
    expect(arns.map((arn) => after.engine.describeExecution(arn).output)).toEqual(inputs);
    after.journal.close();
  });

  test('a data dir held by another live server is refused', () => {
    const dir = mkdtempSync(join(tmpdir(), 'journal-'));
    writeFileSync(join(dir, 'server.pid'), String(process.ppid));
    expect(() => JournalFile.open(dir, 10)).toThrow(DataDirUnusable);
  });
});

describe('replaying journal records', () => {
  test('only the newest finished executions are kept, as the engine keeps them', () => {
    const started = (arn: string) => ({
      kind: 'execution-started' as const,
      arn,
      stateMachineArn: 'm',
      stateMachineName: 'm',
      name: arn,
      roleArn: 'r',
      definition: '{}',
      input: '{}',
      startDate: 0,
    });
    const ended = (arn: string, stopDate: number) => ({
      kind: 'execution-ended' as const,
      arn,
      result: { status: 'SUCCEEDED' as const, output: null },
      stopDate,
    });
    const snapshot = replay(
      [started('a'), started('b'), started('c'), started('d'), ended('b', 1), ended('a', 2), ended('c', 3)],
      2,
    );
    expect(snapshot.executions.map((e) => e.arn)).toEqual(['a', 'c', 'd']);
  });

  test('a record for an execution that never started is refused', () => {
    expect(() =>
      replay([{ kind: 'checkpoint', arn: 'ghost', point: { state: 'A', input: {}, variables: {} } }], 5),
    ).toThrow("The journal has a 'checkpoint' record for 'ghost', which never started");
  });
});
