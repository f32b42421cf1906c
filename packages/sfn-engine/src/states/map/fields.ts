import { randomUUID } from 'node:crypto';
import { type JsonObject, isObject } from '@myblog/asl';
import { compileNumberField, type NumberField } from '../number-field';
import type { CompiledMachine, StateCompileContext } from '../state';
import { compileItemBatcher, type ItemBatcher } from './item-batcher';
import { compileItemReader, type ItemReader } from './item-reader';
import { compileItemInput, compileItems, type ItemInput, type ItemsSource } from './items';
import { compileResultWriter, type ResultWriter } from './result-writer';

/**
 * A Map state's own fields, compiled once: what its iterations (inline) or its map run
 * (distributed) need. The data-flow fields every state has stay with the state (map-state.ts).
 */
export interface MapFields {
  readonly name: string;
  readonly processor: CompiledMachine;
  readonly distributed: boolean;
  /** The Label field, or the ID the service makes up: map run and child ARNs carry it. */
  readonly label: string;
  readonly items: ItemsSource;
  readonly itemSelector: ItemInput | undefined;
  readonly maxConcurrency: NumberField;
  readonly toleratedCount: NumberField;
  readonly toleratedPercentage: NumberField;
  readonly reader: ItemReader | undefined;
  readonly batcher: ItemBatcher | undefined;
  readonly writer: ResultWriter | undefined;
}

const COUNT_OR_TEXT = { integer: true, min: 0, numberAsText: true };
const PERCENT_OR_TEXT = { integer: false, min: 0, max: 100, numberAsText: true };

export function compileMapFields(name: string, context: StateCompileContext): MapFields {
  const def: JsonObject = context.definition;
  const language = context.language;
  const processorDef = (
    isObject(def['ItemProcessor']) ? def['ItemProcessor'] : def['Iterator']
  ) as JsonObject;
  const config = isObject(processorDef['ProcessorConfig']) ? processorDef['ProcessorConfig'] : {};
  return {
    name,
    distributed: config['Mode'] === 'DISTRIBUTED',
    processor: context.compileMachine(processorDef, language),
    // Without a Label the service makes one up: map run and child ARNs carry "MapRunLabel or UUID".
    label: typeof def['Label'] === 'string' ? def['Label'] : randomUUID(),
    items: compileItems(def, language),
    itemSelector: compileItemInput(def, language),
    maxConcurrency: compileNumberField(def, 'MaxConcurrency', language, COUNT_OR_TEXT),
    toleratedCount: compileNumberField(def, 'ToleratedFailureCount', language, COUNT_OR_TEXT),
    toleratedPercentage: compileNumberField(def, 'ToleratedFailurePercentage', language, PERCENT_OR_TEXT),
    reader: compileItemReader(def, language),
    batcher: compileItemBatcher(def, language),
    writer: compileResultWriter(def, language),
  };
}
