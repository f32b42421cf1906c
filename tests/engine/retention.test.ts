/**
 * What the service keeps of ended executions (retainedExecutions): the newest ones only, while
 * what a caller waiting on an execution is told, and the progress a watcher reads, do not
 * depend on what has been forgotten.
 */
import type { JsonObject } from '../../packages/asl/src/json';
import { engineWith } from './harness';

const named = (name: string) => expect.objectContaining({ name });
const passing: JsonObject = { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } };

test('a synchronous start answers how the execution ended even when the retention has already forgotten it', async () => {
  const engine = engineWith({}, { retainedExecutions: 0 });
  const { stateMachineArn } = engine.createStateMachine({ name: 'm', definition: passing });
  const ended = await engine.startSyncExecution({ stateMachineArn, input: { n: 1 } });
  expect(ended).toMatchObject({ status: 'SUCCEEDED', output: '{"n":1}' });
  expect(() => engine.describeExecution(ended.executionArn)).toThrow(named('ExecutionDoesNotExist'));
});

test('progress counts the events of forgotten executions as well as of kept ones', async () => {
  const engine = engineWith({}, { retainedExecutions: 1 });
  const { stateMachineArn } = engine.createStateMachine({ name: 'm', definition: passing });
  const first = await engine.startSyncExecution({ stateMachineArn });
  const perExecution = engine.recordedHistory(first.executionArn).length;
  await engine.startSyncExecution({ stateMachineArn });
  await engine.startSyncExecution({ stateMachineArn });
  expect(engine.retainedExecutionCount).toBe(1);
  expect(engine.progress()).toBe(3 * perExecution);
});
