import type { StateVisit } from '../../execution/frame';
import { type Json, type JsonObject, isObject, jsonByteLength } from '@myblog/asl';
import { compileNumberField, type NumberField } from '../number-field';
import type { QueryLanguage } from '../data-flow';
import { compileTemplate, type Template } from './template';

/** The ItemBatcher field, compiled once. */
export interface ItemBatcher {
  readonly maxItems: NumberField;
  readonly maxBytes: NumberField;
  readonly batchInput: Template | undefined;
}

/** Child executions' inputs, and how many items each carries (more than one with ItemBatcher). */
export interface Children {
  readonly inputs: Json[];
  readonly sizes: number[];
}

const COUNT = { integer: true, min: 0 };

/** Without MaxInputBytesPerBatch, a batch holds at most 256 KiB of items, the payload quota. */
const DEFAULT_MAX_BYTES = 256 * 1024;

export function compileItemBatcher(def: JsonObject, language: QueryLanguage): ItemBatcher | undefined {
  const batcher = def['ItemBatcher'];
  if (!isObject(batcher)) return undefined;
  return {
    maxItems: compileNumberField(batcher, 'MaxItemsPerBatch', language, COUNT),
    maxBytes: compileNumberField(batcher, 'MaxInputBytesPerBatch', language, COUNT),
    batchInput: compileTemplate(batcher['BatchInput'], language, 'BatchInput'),
  };
}

/**
 * Items grouped as ItemBatcher asks: `{Items: [...], BatchInput}` per child execution, a batch
 * closed when it holds MaxItemsPerBatch items or the next item would take it past
 * MaxInputBytesPerBatch. Without a batcher, one child per item.
 */
export async function batches(
  batcher: ItemBatcher | undefined,
  input: Json,
  inputs: Json[],
  visit: StateVisit,
): Promise<Children> {
  if (batcher === undefined) return { inputs, sizes: inputs.map(() => 1) };
  const maxItems = (await batcher.maxItems(input, visit)) ?? Number.POSITIVE_INFINITY;
  const maxBytes = (await batcher.maxBytes(input, visit)) ?? DEFAULT_MAX_BYTES;
  const batchInput = batcher.batchInput === undefined ? undefined : await batcher.batchInput(input, visit);
  const groups: Json[][] = [];
  let current: Json[] = [];
  let bytes = 0;
  for (const item of inputs) {
    const size = jsonByteLength(item);
    if (current.length > 0 && (current.length >= maxItems || bytes + size > maxBytes)) {
      groups.push(current);
      current = [];
      bytes = 0;
    }
    current.push(item);
    bytes += size;
  }
  if (current.length > 0) groups.push(current);
  return {
    inputs: groups.map((batch): Json =>
      batchInput === undefined ? { Items: batch } : { Items: batch, BatchInput: batchInput },
    ),
    sizes: groups.map((batch) => batch.length),
  };
}
