import type { StateVisit } from '../../execution/frame';
import { runMachine } from '../../execution/run-machine';
import type { Json } from '@myblog/asl';
import { toStatesError } from '../error-handling';
import { runAll } from '../parallel';
import type { MapFields } from './fields';
import { itemInputOf } from './items';
import type { AttemptProgress } from './progress';

/** The service runs at most 40 inline iterations at once; the limit also bounds memory. */
const INLINE_AT_ONCE = 40;

/**
 * The iterations, at most 40 at once, each a thread of events of its own. As the service
 * chains them: an iteration starts after the last event of the one before it in its lane (or
 * after MapStateStarted), its MapIterationSucceeded/Failed follows its last event without being
 * chained to, and MapStateSucceeded follows the last MapIterationSucceeded without being chained
 * to either (MapStateExited follows the same event). After a failure the state goes on
 * (MapStateFailed, a retry's MapStateStarted) from the failed iteration's last event.
 */
export async function runInline(
  map: MapFields,
  input: Json,
  items: Json[],
  maxConcurrency: number,
  visit: StateVisit,
  progress: AttemptProgress,
): Promise<Json[]> {
  progress.running = true;
  const frame = visit.frame;
  const history = frame.run.history;
  const started = frame.lastEventId;
  const laneEnds: number[] = [];
  let lastSucceeded = started;
  let failedAt: number | undefined;
  const concurrency = maxConcurrency === 0 ? INLINE_AT_ONCE : Math.min(maxConcurrency, INLINE_AT_ONCE);
  try {
    const results = await runAll(items.length, concurrency, frame.signal, async (index, signal, lane) => {
      const details = { name: map.name, index };
      const iteration = frame.child(
        signal,
        history.add(
          'MapIterationStarted',
          laneEnds[lane] ?? started,
          'mapIterationStartedEventDetails',
          details,
        ),
      );
      try {
        // The item's input is made within its iteration, after MapIterationStarted.
        const selected = itemInputOf(map.itemSelector, input, index, items[index] as Json, visit);
        const output = await runMachine(
          map.processor,
          selected instanceof Promise ? await selected : selected,
          iteration,
        );
        laneEnds[lane] = iteration.lastEventId;
        const succeeded = history.add(
          'MapIterationSucceeded',
          iteration.lastEventId,
          'mapIterationSucceededEventDetails',
          details,
        );
        lastSucceeded = Math.max(lastSucceeded, succeeded);
        return output;
      } catch (error) {
        laneEnds[lane] = iteration.lastEventId;
        if (signal.aborted)
          history.add(
            'MapIterationAborted',
            iteration.lastEventId,
            'mapIterationAbortedEventDetails',
            details,
          );
        else {
          failedAt ??= iteration.lastEventId;
          history.add('MapIterationFailed', iteration.lastEventId, 'mapIterationFailedEventDetails', details);
        }
        throw error;
      }
    });
    frame.lastEventId = lastSucceeded;
    history.add('MapStateSucceeded', lastSucceeded);
    return results;
  } catch (thrown) {
    if (frame.aborted) throw thrown;
    frame.lastEventId = failedAt ?? history.length;
    throw toStatesError(thrown);
  }
}
