import { randomUUID } from 'node:crypto';
import { executionArn } from '../../api/arns';
import { StatesError, StatesExceedToleratedFailureThreshold } from '../../errors';
import type { ExecutionResult } from '../../execution/contracts';
import { executeMachine, ExecutionStopped } from '../../execution/execute';
import type { StateVisit } from '../../execution/frame';
import { History } from '../../execution/history';
import type { ExecutionRun } from '../../execution/services';
import type { Json } from '@myblog/asl';
import { runWithLiveLimit } from '../../service/map-runs/live-limit';
import type { MapRun, MapRunSettings } from '../../service/map-runs/map-run';
import { labelledStateMachineArn } from '../../service/map-runs/map-run-arn';
import { MapRuns } from '../../service/map-runs/map-runs';
import { errorOutput, toStatesError } from '../error-handling';
import type { MapFields } from './fields';
import { batches } from './item-batcher';
import { type ItemReader, readItems } from './item-reader';
import { itemInputs } from './items';
import type { AttemptProgress } from './progress';
import { writeResults } from './result-writer';
import { StopSwitch } from '../../execution/stop-switch';

/** The most child executions of one map run that run at once, whatever its MaxConcurrency. */
const CHILDREN_AT_ONCE = 1000;

/** A child execution as the result writer names it. */
interface ChildName {
  readonly arn: string;
  readonly name: string;
}

/**
 * The map run: MapRunStarted, then (reading the items first when an ItemReader gives them)
 * one child execution per item or batch, as many at once as the run's maxConcurrency allows
 * (UpdateMapRun may change it, and the tolerated failures, while it runs), then MapRunSucceeded
 * and MapStateSucceeded (not chained to; MapStateExited follows MapRunSucceeded), MapRunFailed
 * when too many children failed or the items could not be read or written, MapRunAborted when
 * the execution stops. The tolerated failures are worked out after MapStateStarted.
 */
export async function runDistributed(
  map: MapFields,
  input: Json,
  items: Json[] | undefined,
  maxConcurrency: number,
  visit: StateVisit,
  progress: AttemptProgress,
): Promise<Json> {
  const frame = visit.frame;
  const toleratedCount = await map.toleratedCount(input, visit);
  const toleratedPercentage = await map.toleratedPercentage(input, visit);
  const mapRunId = randomUUID();
  const mapRun = startMapRun(map, frame.run, mapRunId, {
    maxConcurrency,
    toleratedFailureCount: toleratedCount ?? 0,
    toleratedFailurePercentage: toleratedPercentage ?? 0,
  });
  frame.record('MapRunStarted', 'mapRunStartedEventDetails', { mapRunArn: mapRun.arn });
  progress.running = true;
  let output: Json;
  try {
    const read = items ?? (await readItems(map.reader as ItemReader, input, visit));
    const inputs = await itemInputs(map.itemSelector, input, read, visit);
    const children = await batches(map.batcher, input, inputs, visit);
    mapRun.planned(children.sizes);
    const { results, names } = await runChildren(map, mapRun, children.inputs, frame.run, frame.signal);
    output =
      map.writer === undefined
        ? results.map((result) =>
            result.status === 'SUCCEEDED'
              ? result.output
              : errorOutput(new StatesError(result.error, result.cause)),
          )
        : await writeResults(map.writer, input, visit, {
            mapRunArn: mapRun.arn,
            mapRunId,
            childInputs: children.inputs,
            children: names,
            results,
          });
  } catch (thrown) {
    if (frame.aborted) {
      mapRun.stop('ABORTED');
      frame.record('MapRunAborted');
      throw thrown;
    }
    mapRun.stop('FAILED');
    const error = toStatesError(thrown);
    frame.record('MapRunFailed', 'mapRunFailedEventDetails', { error: error.error, cause: error.cause });
    throw error;
  }
  mapRun.stop('SUCCEEDED');
  frame.record('MapRunSucceeded');
  frame.run.history.add('MapStateSucceeded', frame.lastEventId);
  return output;
}

/** The map run's record, kept where DescribeMapRun finds it (or alone, where nothing lists it). */
function startMapRun(map: MapFields, run: ExecutionRun, id: string, settings: MapRunSettings): MapRun {
  const services = run.services;
  const registry = services.mapRuns ?? new MapRuns(() => new Date(services.clock.now()));
  return registry.start({
    executionArn: run.identity.executionArn,
    stateMachineArn: run.identity.stateMachineArn,
    label: map.label,
    id,
    settings,
  });
}

/**
 * The child executions, each counted in the map run as it starts and ends. A failure the
 * run's tolerance does not cover (as the tolerance is then: an update may lower it, which is
 * checked at once) fails the run: running children are aborted, no more start.
 */
async function runChildren(
  map: MapFields,
  mapRun: MapRun,
  inputs: readonly Json[],
  parent: ExecutionRun,
  signal: AbortSignal,
): Promise<{ results: ExecutionResult[]; names: ChildName[] }> {
  const results = new Array<ExecutionResult>(inputs.length);
  const names = new Array<ChildName>(inputs.length);
  const exceeded = () =>
    new StatesExceedToleratedFailureThreshold('The specified tolerated failure threshold was exceeded');
  const scheduler = runWithLiveLimit(
    inputs.length,
    {
      limit: () => mapRun.settings.maxConcurrency,
      ceiling: CHILDREN_AT_ONCE,
      watch: (changed) =>
        mapRun.onUpdate(() => {
          if (mapRun.toleranceExceeded) scheduler.stop(exceeded());
          else changed();
        }),
    },
    signal,
    async (index, childSignal) => {
      const child = childRun(map, parent, mapRun.arn, inputs[index] as Json, childSignal);
      names[index] = { arn: child.run.identity.executionArn, name: child.run.identity.executionName };
      mapRun.childStarted(index);
      const result = await child.result;
      results[index] = result;
      mapRun.childEnded(index, result.status);
      if (result.status !== 'SUCCEEDED' && mapRun.toleranceExceeded) throw exceeded();
    },
  );
  await scheduler.done;
  return { results, names };
}

/**
 * One child execution of the map run, of the state machine `MACHINE/LABEL` the run's children
 * belong to: its ARN `…:execution:MACHINE/LABEL:ID` is that machine's execution named ID.
 */
function childRun(
  map: MapFields,
  parent: ExecutionRun,
  mapRunArn: string,
  input: Json,
  signal: AbortSignal,
): { run: ExecutionRun; result: Promise<ExecutionResult> } {
  const services = parent.services;
  const id = parent.identity;
  const childId = randomUUID();
  const stop = new StopSwitch();
  // A child is stopped (ABORTED) when its parent stops or its map run fails.
  const stopChild = () => {
    run.history.seal();
    stop.abort(signal.reason instanceof ExecutionStopped ? signal.reason : new ExecutionStopped('', ''));
  };
  signal.addEventListener('abort', stopChild, { once: true });
  const machineArn = labelledStateMachineArn(id.stateMachineArn, map.label);
  const run: ExecutionRun = {
    identity: {
      executionArn: executionArn(machineArn, childId, false),
      executionName: childId,
      stateMachineArn: machineArn,
      stateMachineName: `${id.stateMachineName}/${map.label}`,
      roleArn: id.roleArn,
      startTime: new Date(services.clock.now()).toISOString(),
      input,
      redriveCount: 0,
      parentExecutionArn: id.parentExecutionArn ?? id.executionArn,
    },
    history: new History(services.clock),
    services,
    callbacks: parent.callbacks,
    stop,
    // Child executions share the parent's task slots: one map run cannot flood the resolver.
    taskSlots: parent.taskSlots,
    testCase: parent.testCase,
  };
  const result = executeMachine(map.processor, run);
  services.children?.started(run, mapRunArn, result);
  return { run, result };
}
