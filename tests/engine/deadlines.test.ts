import { setFlagsFromString } from 'node:v8';
import { runInNewContext } from 'node:vm';
import { RealClock } from '../../packages/sfn-engine/src/clock';
import { StatesHeartbeatTimeout, StatesTimeout } from '../../packages/sfn-engine/src/errors';
import { withDeadlines } from '../../packages/sfn-engine/src/execution/deadlines';

// A garbage collection on demand, to see what a finished call still holds.
setFlagsFromString('--expose-gc');
const collectGarbage = runInNewContext('gc') as () => void;

const options = (signal: AbortSignal) => ({
  clock: new RealClock(),
  signal,
  timeoutMs: 60_000,
  heartbeatMs: 30_000,
  timeoutError: () => new StatesTimeout(''),
  heartbeatError: () => new StatesHeartbeatTimeout(''),
});

describe('withDeadlines', () => {
  test('keeps nothing of a finished call: its result can be collected once the caller lets go of it', async () => {
    // Only a weak reference leaves the call, so nothing of the test's own holds the result.
    const call = async (): Promise<WeakRef<object>> =>
      new WeakRef(
        await withDeadlines(options(new AbortController().signal), async (_, heartbeat) => {
          heartbeat();
          return { payload: 'x'.repeat(1_000) };
        }),
      );
    const results: WeakRef<object>[] = [];
    for (let i = 0; i < 20; i += 1) results.push(await call());
    await new Promise((resolve) => setImmediate(resolve));
    collectGarbage();
    expect(results.filter((ref) => ref.deref() !== undefined)).toHaveLength(0);
  });

  test('ends with the enclosing signal even when the work never settles', async () => {
    const stop = new AbortController();
    const call = withDeadlines(options(stop.signal), () => new Promise<never>(() => undefined));
    stop.abort(new Error('the execution was stopped'));
    await expect(call).rejects.toThrow('the execution was stopped');
  });
});
