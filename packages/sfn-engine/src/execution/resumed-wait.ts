import type { RecordedEvent } from './history';

/**
 * When the Wait state an execution is resumed in was entered, if it was still waiting when the
 * process stopped: the resumed Wait then sleeps only what is left of its Seconds, as the service's
 * would, instead of starting the whole wait again. Undefined when the state is not a Wait, or
 * when its last visit had already ended (the process stopped between that visit and the next).
 *
 * The journal holds no entry time for a checkpoint; the history does, as the state's last
 * WaitStateEntered event not followed by its exit.
 */
export function resumedWaitEnteredAt(
  events: readonly RecordedEvent[],
  stateName: string,
): number | undefined {
  for (let i = events.length - 1; i >= 0; i -= 1) {
    const event = events[i] as RecordedEvent;
    if (event.details?.['name'] !== stateName) continue;
    if (event.type === 'WaitStateEntered') return event.timestamp;
    // An exit (or any other event of that name) after the entry: that visit is over.
    return undefined;
  }
  return undefined;
}
