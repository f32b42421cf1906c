import type { HistoryEvent } from '@aws-sdk/client-sfn';

const ENDED: Readonly<Record<string, (event: HistoryEvent) => string>> = {
  TaskSucceeded: () => 'ok',
  LambdaFunctionSucceeded: () => 'ok',
  TaskFailed: (event) => event.taskFailedEventDetails?.error ?? 'failed',
  LambdaFunctionFailed: (event) => event.lambdaFunctionFailedEventDetails?.error ?? 'failed',
  TaskTimedOut: (event) => event.taskTimedOutEventDetails?.error ?? 'States.Timeout',
  LambdaFunctionTimedOut: (event) => event.lambdaFunctionTimedOutEventDetails?.error ?? 'States.Timeout',
};

/**
 * Every attempt of every Task state in an execution's history and how each ended, in order:
 * `Send welcome email: Sandbox.Timedout, ok; Record welcome sent: ok`. What a soak prints beside
 * an event that was done twice, so the attempts that did it can be seen.
 */
export function taskAttempts(events: readonly HistoryEvent[]): string {
  const byState = new Map<string, string[]>();
  let state = '';
  for (const event of events) {
    const entered = event.stateEnteredEventDetails?.name;
    if (entered !== undefined) state = entered;
    const outcome = ENDED[event.type ?? ''];
    if (outcome === undefined) continue;
    const attempts = byState.get(state) ?? [];
    attempts.push(outcome(event));
    byState.set(state, attempts);
  }
  return [...byState].map(([name, attempts]) => `${name}: ${attempts.join(', ')}`).join('; ');
}
