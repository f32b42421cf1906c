import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { activityArn } from '../../packages/sfn-engine/src/service/activities/activity-arn';
import type { StepFunctionsEngine } from '../../packages/sfn-engine/src/engine';
import { JournalFile } from '../../packages/sfn-engine/src/service/journal/journal-file';
import { engineWith } from './harness';

const REVIEW = activityArn('us-east-1', '123456789012', 'review');

/** An engine over the journal in `dir`, as a server started with --data-dir builds it. */
function engineOn(dir: string) {
  const { journal, snapshot } = JournalFile.open(dir, 10_000);
  const engine = engineWith({}, { journal, activityPollMs: 10_000 });
  const resumed = engine.restore(snapshot);
  return { engine, journal, resumed };
}

const settle = () => new Promise((resolve) => setImmediate(resolve));

async function untilEvent(engine: StepFunctionsEngine, arn: string, type: string): Promise<void> {
  while (!engine.recordedHistory(arn).some((event) => event.type === type)) await settle();
}

describe('activities in the journal of a data dir', () => {
  test('activities are there after a restart, as created, and deleted ones stay deleted', () => {
    const dir = mkdtempSync(join(tmpdir(), 'activities-'));
    const before = engineOn(dir);
    const review = before.engine.activities.create('review', { type: 'AWS_OWNED_KEY' });
    const gone = before.engine.activities.create('gone');
    before.engine.activities.delete(gone.activityArn);
    before.journal.close();

    const after = engineOn(dir);
    expect(after.engine.activities.list()).toEqual([
      {
        activityArn: review.activityArn,
        name: 'review',
        creationDate: review.creationDate,
        encryptionConfiguration: { type: 'AWS_OWNED_KEY' },
      },
    ]);
    after.journal.close();
  });

  test('a rewritten journal keeps the activities', () => {
    const dir = mkdtempSync(join(tmpdir(), 'activities-'));
    const before = engineOn(dir);
    before.engine.activities.create('review');
    before.journal.rewrite(before.engine.journalSnapshot());
    before.journal.close();

    const after = engineOn(dir);
    expect(after.engine.activities.list().map((a) => a.activityArn)).toEqual([REVIEW]);
    after.journal.close();
  });

  test('the activity task of an execution resumed after a restart can be taken again and completes it', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'activities-'));
    const before = engineOn(dir);
    before.engine.activities.create('review');
    const { stateMachineArn } = before.engine.createStateMachine({
      name: 'approval',
      definition: { StartAt: 'Review', States: { Review: { Type: 'Task', Resource: REVIEW, End: true } } },
    });
    const { executionArn } = before.engine.startExecution({ stateMachineArn, input: { order: 9 } });
    const lost = await before.engine.activities.getTask(REVIEW, 'crashed-worker');
    // The process dies here, with the task in a worker's hands.
    before.journal.close();

    const after = engineOn(dir);
    expect(after.resumed).toEqual([executionArn]);
    const work = await after.engine.activities.getTask(REVIEW, 'new-worker');
    expect(JSON.parse(work?.input ?? '')).toEqual({ order: 9 });
    // The token handed out before the restart belongs to a task that is no more.
    expect(() => after.engine.sendTaskSuccess(lost?.taskToken ?? '', '{}')).toThrow(
      expect.objectContaining({ name: 'TaskDoesNotExist' }),
    );
    after.engine.sendTaskSuccess(work?.taskToken ?? '', '{"approved":true}');
    const done = await after.engine.waitForExecution(executionArn);
    expect(done).toMatchObject({ status: 'SUCCEEDED', output: '{"approved":true}' });
    const started = after.engine
      .getExecutionHistory(executionArn)
      .filter((e) => e.type === 'ActivityStarted')
      .map((e) => e['activityStartedEventDetails']);
    expect(started).toEqual([{ workerName: 'crashed-worker' }, { workerName: 'new-worker' }]);
    after.journal.close();
    await before.engine.halt();
  });

  test('an execution resumed while its task waited for a worker schedules it again', async () => {
    const dir = mkdtempSync(join(tmpdir(), 'activities-'));
    const before = engineOn(dir);
    before.engine.activities.create('review');
    const { stateMachineArn } = before.engine.createStateMachine({
      name: 'approval',
      definition: { StartAt: 'Review', States: { Review: { Type: 'Task', Resource: REVIEW, End: true } } },
    });
    const { executionArn } = before.engine.startExecution({ stateMachineArn });
    await untilEvent(before.engine, executionArn, 'ActivityScheduled');
    before.journal.close();
    await before.engine.halt();

    const after = engineOn(dir);
    const work = await after.engine.activities.getTask(REVIEW, 'w');
    after.engine.sendTaskSuccess(work?.taskToken ?? '', '"ok"');
    expect(await after.engine.waitForExecution(executionArn)).toMatchObject({ status: 'SUCCEEDED' });
    after.journal.close();
  });
});
