import { StatesExceedToleratedFailureThreshold } from '../../errors';
import type { StateVisit } from '../../execution/frame';
import type { Json } from '@myblog/asl';
import { toleratedFailures } from '../../service/map-runs/map-run';
import { type MockedWork, mockedResult } from '../mocked-work';
import type { MapFields } from './fields';
import { batches } from './item-batcher';
import { itemInputs } from './items';

/**
 * TestState with a mock: the items, what ItemSelector and ItemBatcher make of them and the
 * failure threshold are worked out as a run would (DEBUG inspection shows them); the mock stands
 * for the iterations' results. More failed iterations than tolerated fail the state as a run would.
 */
export async function mockedRun(
  map: MapFields,
  input: Json,
  items: Json[],
  maxConcurrency: number,
  visit: StateVisit,
  mocked: MockedWork,
): Promise<Json> {
  const inputs = await itemInputs(map.itemSelector, input, items, visit);
  const childInputs = (await batches(map.batcher, input, inputs, visit)).inputs;
  const toleratedCount = await map.toleratedCount(input, visit);
  const toleratedPercentage = await map.toleratedPercentage(input, visit);
  const inspection = visit.inspection;
  if (inspection !== undefined) {
    // TestState leaves this out for JSONata, which has no ItemsPath.
    if (map.reader === undefined) inspection.set('afterItemsPath', items);
    if (map.itemSelector !== undefined) inspection.set('afterItemSelector', inputs);
    if (map.batcher !== undefined) inspection.set('afterItemBatcher', childInputs);
    inspection.set('maxConcurrency', maxConcurrency);
    if (toleratedCount !== undefined) inspection.set('toleratedFailureCount', toleratedCount);
    if (toleratedPercentage !== undefined) inspection.set('toleratedFailurePercentage', toleratedPercentage);
  }
  const result = mockedResult(mocked);
  const failures = mocked.mapIterationFailureCount ?? 0;
  const thresholdDeclared = toleratedCount !== undefined || toleratedPercentage !== undefined;
  if (
    thresholdDeclared &&
    failures > toleratedFailures(toleratedCount, toleratedPercentage, childInputs.length)
  )
    throw new StatesExceedToleratedFailureThreshold('The specified tolerated failure threshold was exceeded');
  return result;
}
