import type { EventDetails, HistoryEventType, RecordedEvent } from '../execution/history';

/**
 * The history AWS records, as AWS Step Functions Local (the Java jar) shows it. The engine
 * records AWS's events; this rewrites a copy of them when they are read, so the journal, the
 * dashboard and a server started without the switch keep AWS's shape. Each rule was read in
 * histories recorded on Step Functions Local:
 *
 * - kenfdev/step-functions-testing, test/helpers/stepfunctions/execution-history-data.ts (the
 *   sales-lead machine of AWS's "mocked service integrations" guide, recorded 2022-02-20);
 * - aws-samples/serverless-test-samples, python-test-samples/README.md, the DynamoDB CRUD state
 *   machine's get-execution-history output (recorded 2024-12-21, not mocked).
 */

const SDK_PREFIX = 'aws-sdk:';

/**
 * An `aws-sdk` integration's resourceType and resource: AWS writes `aws-sdk:comprehend` and
 * `detectSentiment`, Step Functions Local `aws-sdk` and `comprehend:detectSentiment` (both
 * sources; aws-samples' suites filter TaskSucceeded on `resource == "comprehend:detectSentiment"`).
 */
function sdkResourceFields(details: EventDetails): EventDetails {
  const type = details['resourceType'];
  if (typeof type !== 'string' || !type.startsWith(SDK_PREFIX)) return details;
  return {
    ...details,
    resourceType: 'aws-sdk',
    resource: `${type.slice(SDK_PREFIX.length)}:${String(details['resource'])}`,
  };
}

/**
 * Where the branches of the Parallel state whose ParallelStateFailed is `failedId` started: the
 * id of its ParallelStateEntered. Walks back along previousEventId from the failing branch's last
 * event, stepping over the Parallel states nested in that branch.
 */
function parallelEnteredBefore(
  failedId: number,
  byId: ReadonlyMap<number, RecordedEvent>,
): number | undefined {
  let nested = 0;
  let event = byId.get(byId.get(failedId)?.previousEventId ?? 0);
  while (event !== undefined) {
    if (event.type === 'ParallelStateSucceeded' || event.type === 'ParallelStateFailed') nested += 1;
    else if (event.type === 'ParallelStateStarted') {
      if (nested === 0) return event.previousEventId;
      nested -= 1;
    }
    event = byId.get(event.previousEventId);
  }
  return undefined;
}

/**
 * Rewrites a history, in id order, as Step Functions Local shows it. Events are copied where they
 * change; the recorded ones are left as they are.
 *
 * - aws-sdk tasks: resourceType `aws-sdk`, resource `<service>:<action>` (see sdkResourceFields).
 * - TaskSucceeded's output is the state's output, the one its TaskStateExited shows (after
 *   ResultSelector, ResultPath and OutputPath), where AWS shows the task's own result: the
 *   DetectSentiment task's TaskSucceeded holds the whole input with `results.sentimentAnalysis`
 *   added by its ResultPath. A task whose state fails after it succeeded keeps its result.
 * - A Parallel state that fails and is caught exits with `TaskStateExited` (not
 *   ParallelStateExited), its previousEventId pointing at the state's ParallelStateEntered rather
 *   than at ParallelStateFailed.
 * - A Parallel state that succeeds exits after its ParallelStateSucceeded: ParallelStateExited's
 *   previousEventId is ParallelStateSucceeded's id (this engine links both to the branches' last
 *   event, as the service does).
 */
export function stepFunctionsLocalHistory(events: readonly RecordedEvent[]): RecordedEvent[] {
  const byId = new Map(events.map((event) => [event.id, event]));
  const stateOutputOfTask = new Map<number, EventDetails[string]>();
  // Each ParallelStateSucceeded, by the event it follows (the last of its branches).
  const parallelSucceededAfter = new Map<number, number>();
  for (const event of events) {
    if (event.type === 'ParallelStateSucceeded') parallelSucceededAfter.set(event.previousEventId, event.id);
    if (event.type === 'TaskStateExited' && byId.get(event.previousEventId)?.type === 'TaskSucceeded')
      stateOutputOfTask.set(event.previousEventId, event.details?.['output']);
  }
  return events.map((event) => {
    let rewritten = event;
    if (event.details !== undefined) {
      const details = sdkResourceFields(event.details);
      if (details !== event.details) rewritten = { ...rewritten, details };
    }
    const stateOutput = stateOutputOfTask.get(event.id);
    if (event.type === 'TaskSucceeded' && stateOutput !== undefined)
      rewritten = { ...rewritten, details: { ...rewritten.details, output: stateOutput } };
    if (event.type !== 'ParallelStateExited') return rewritten;
    if (byId.get(event.previousEventId)?.type === 'ParallelStateFailed') {
      const entered = parallelEnteredBefore(event.previousEventId, byId);
      const type: HistoryEventType = 'TaskStateExited';
      return { ...rewritten, type, previousEventId: entered ?? event.previousEventId };
    }
    const succeeded = parallelSucceededAfter.get(event.previousEventId);
    return succeeded !== undefined && succeeded < event.id
      ? { ...rewritten, previousEventId: succeeded }
      : rewritten;
  });
}
