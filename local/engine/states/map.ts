import { randomUUID } from 'node:crypto';
import { invalidPathCause, itemsPathCause, jsonataBody, jsonataTypeCause } from '../error-causes';
import {
  StatesError,
  StatesExceedToleratedFailureThreshold,
  StatesItemReaderFailed,
  StatesQueryEvaluationError,
  StatesResultWriterFailed,
  StatesRuntime,
} from '../errors';
import { executeMachine, type ExecutionResult } from '../execution/execute';
import type { ExecutionRun, StateVisit } from '../execution/frame';
import { History } from '../execution/history';
import { runMachine } from '../execution/run-machine';
import { type Json, type JsonObject, isObject, jsonByteLength } from '../json';
import { compileJsonataTemplate, type CompiledJsonata } from '../jsonata/template';
import { compileJsonPathTemplate, type CompiledTemplate } from '../payload/jsonpath-template';
import { jsonPath } from '../paths/json-path';
import type { QueryLanguage } from './data-flow';
import { ErrorHandling, errorOutput, toStatesError } from './error-handling';
import { type ObjectStore, parseItems, readerConfigOf, type ReaderConfig } from './item-reader';
import { type MockedWork, mockedResult } from './mocked-work';
import { compileNumberField, type NumberField } from './number-field';
import { runAll } from './parallel';
import { resultFlowFor, type ResultFlow, withErrorHandling } from './result-flow';
import {
  type CompiledMachine,
  nextOf,
  type StateCompileContext,
  type StateExecutor,
  type StateOutcome,
} from './state';

/** A JSON template in the state's query language (ItemSelector, BatchInput, reader/writer Parameters). */
type Template = (input: Json, visit: StateVisit) => Json | Promise<Json>;
/** The items of an inline Map, checked to be an array (each query language words it its own way). */
type ItemsSource = (input: Json, visit: StateVisit) => Json[] | Promise<Json[]>;

function compileTemplate(
  template: Json | undefined,
  language: QueryLanguage,
  field: string,
): Template | undefined {
  if (template === undefined) return undefined;
  if (language === 'JSONata') {
    const compiled: CompiledJsonata = compileJsonataTemplate(template, field);
    return (input, visit) => compiled(visit.jsonataScope({ input }));
  }
  const compiled: CompiledTemplate = compileJsonPathTemplate(template);
  return (input, visit) => compiled(visit.pathScope(input));
}

interface ItemBatcher {
  readonly maxItems: NumberField;
  readonly maxBytes: NumberField;
  readonly batchInput: Template | undefined;
}

interface ItemReader {
  readonly resource: string;
  readonly parameters: Template | undefined;
  readonly config: ReaderConfig;
}

interface ResultWriter {
  readonly parameters: Template | undefined;
}

const COUNT = { integer: true, min: 0 };
const PERCENT = { integer: false, min: 0, max: 100 };
const COUNT_OR_TEXT = { ...COUNT, numberAsText: true };

/** How many failed items a Map tolerates: the larger of the count and the percentage of `total`. */
function toleratedFailures(count: number | undefined, percentage: number | undefined, total: number): number {
  return Math.max(count ?? 0, percentage === undefined ? 0 : Math.floor((percentage / 100) * total));
}

/** Map: runs its ItemProcessor once per item, inline (iterations) or distributed (child executions). */
class MapState implements StateExecutor {
  readonly type = 'Map';
  private readonly flow: ResultFlow;
  private readonly handling: ErrorHandling;
  private readonly processor: CompiledMachine;
  private readonly distributed: boolean;
  private readonly label: string;
  private readonly items: ItemsSource;
  private readonly itemSelector: Template | undefined;
  private readonly maxConcurrency: NumberField;
  private readonly toleratedCount: NumberField;
  private readonly toleratedPercentage: NumberField;
  private readonly reader: ItemReader | undefined;
  private readonly batcher: ItemBatcher | undefined;
  private readonly writer: ResultWriter | undefined;
  private readonly next: string | undefined;

  constructor(
    readonly name: string,
    context: StateCompileContext,
  ) {
    const def: JsonObject = context.definition;
    const language = context.language;
    this.flow = resultFlowFor(def, language, false);
    this.handling = new ErrorHandling(def, language);
    const processorDef = (
      isObject(def['ItemProcessor']) ? def['ItemProcessor'] : def['Iterator']
    ) as JsonObject;
    const config = isObject(processorDef['ProcessorConfig']) ? processorDef['ProcessorConfig'] : {};
    this.distributed = config['Mode'] === 'DISTRIBUTED';
    this.processor = context.compileMachine(processorDef, language);
    this.label = typeof def['Label'] === 'string' ? def['Label'] : context.name;
    this.items = this.compileItems(def, language);
    this.itemSelector = compileTemplate(
      def['ItemSelector'] ?? (language === 'JSONPath' ? def['Parameters'] : undefined),
      language,
      'ItemSelector',
    );
    this.maxConcurrency = compileNumberField(def, 'MaxConcurrency', language, COUNT_OR_TEXT);
    this.toleratedCount = compileNumberField(def, 'ToleratedFailureCount', language, COUNT_OR_TEXT);
    this.toleratedPercentage = compileNumberField(def, 'ToleratedFailurePercentage', language, {
      ...PERCENT,
      numberAsText: true,
    });
    const reader = def['ItemReader'];
    this.reader = isObject(reader)
      ? {
          resource: String(reader['Resource']),
          parameters: compileTemplate(
            reader[language === 'JSONata' ? 'Arguments' : 'Parameters'],
            language,
            'ItemReader',
          ),
          config: readerConfigOf(reader['ReaderConfig']),
        }
      : undefined;
    const batcher = def['ItemBatcher'];
    this.batcher = isObject(batcher)
      ? {
          maxItems: compileNumberField(batcher, 'MaxItemsPerBatch', language, COUNT),
          maxBytes: compileNumberField(batcher, 'MaxInputBytesPerBatch', language, COUNT),
          batchInput: compileTemplate(batcher['BatchInput'], language, 'BatchInput'),
        }
      : undefined;
    const writer = def['ResultWriter'];
    this.writer = isObject(writer)
      ? {
          parameters: compileTemplate(
            writer[language === 'JSONata' ? 'Arguments' : 'Parameters'],
            language,
            'ResultWriter',
          ),
        }
      : undefined;
    this.next = nextOf(def);
  }

  private compileItems(def: JsonObject, language: QueryLanguage): ItemsSource {
    if (language === 'JSONata') {
      // Without Items, the items are the state's input, as if Items were `{% $states.input %}`.
      const written = def['Items'] ?? '{% $states.input %}';
      const compiled = compileJsonataTemplate(written, 'Items');
      const expression = jsonataBody(typeof written === 'string' ? written : JSON.stringify(written));
      return async (input, visit) => {
        const items = await compiled(visit.jsonataScope({ input }));
        if (!Array.isArray(items))
          throw new StatesQueryEvaluationError(
            jsonataTypeCause(expression, 'Items', 'array', items),
            'Items',
          );
        return items;
      };
    }
    const pathText = typeof def['ItemsPath'] === 'string' ? def['ItemsPath'] : '$';
    const path = jsonPath(pathText);
    return (input, visit) => {
      const value = path.evaluate(visit.pathScope(input));
      if (value === undefined) throw new StatesRuntime(invalidPathCause(pathText, path.path.segments));
      if (!Array.isArray(value)) throw new StatesRuntime(itemsPathCause(pathText, value));
      return value;
    };
  }

  run(raw: Json, visit: StateVisit): Promise<StateOutcome> {
    return withErrorHandling(this.handling, raw, visit, () => this.attempt(raw, visit));
  }

  private async attempt(raw: Json, visit: StateVisit): Promise<StateOutcome> {
    const input = await this.flow.effectiveInput(raw, visit);
    const items = await this.readItems(input, visit);
    const maxConcurrency = (await this.maxConcurrency(input, visit)) ?? 0;
    const mocked = visit.frame.run.mockedWork;
    const result =
      mocked !== undefined
        ? await this.mockedRun(input, items, maxConcurrency, visit, mocked)
        : this.distributed
          ? await this.runDistributed(input, items, maxConcurrency, visit)
          : await this.runInline(input, items, maxConcurrency, visit);
    const { output, assignment } = await this.flow.finish(raw, result, visit);
    return { output, next: this.next, assignment };
  }

  private async readItems(input: Json, visit: StateVisit): Promise<Json[]> {
    if (this.reader !== undefined) return this.readFromStore(this.reader, input, visit);
    return this.items(input, visit);
  }

  private async readFromStore(reader: ItemReader, input: Json, visit: StateVisit): Promise<Json[]> {
    // TestState: the data the reader would find, as its source holds it (a listing as a JSON array).
    const supplied = visit.frame.run.mockedWork?.mapItemReaderData;
    const store = visit.frame.run.services.objects;
    if (store === undefined && supplied === undefined)
      throw new StatesItemReaderFailed('No S3 endpoint is configured for the ItemReader of this Map state');
    const parameters = reader.parameters === undefined ? {} : await reader.parameters(input, visit);
    const params = isObject(parameters) ? parameters : {};
    const bucket = String(params['Bucket'] ?? '');
    const listing = /s3:listObjectsV2$/.test(reader.resource);
    let items: Json[];
    try {
      if (supplied !== undefined) {
        const config = listing ? { ...reader.config, inputType: 'JSON' } : reader.config;
        items = parseItems(supplied, config, String(params['Key'] ?? ''));
      } else if (listing) {
        items = await (store as ObjectStore).listObjects(
          bucket,
          typeof params['Prefix'] === 'string' ? params['Prefix'] : undefined,
        );
      } else {
        const key = String(params['Key'] ?? '');
        items = parseItems(await (store as ObjectStore).getObjectText(bucket, key), reader.config, key);
      }
    } catch (error) {
      if (error instanceof StatesError) throw error;
      throw new StatesItemReaderFailed(
        `Reading items from s3://${bucket} failed: ${(error as Error).message}`,
      );
    }
    return reader.config.maxItems === undefined ? items : items.slice(0, reader.config.maxItems);
  }

  /** The input of one iteration: the item, or what ItemSelector makes of it. */
  private itemInput(input: Json, index: number, value: Json, visit: StateVisit): Json | Promise<Json> {
    if (this.itemSelector === undefined) return value;
    return this.itemSelector(input, visit.forItem({ index, value }));
  }

  private async runInline(
    input: Json,
    items: Json[],
    maxConcurrency: number,
    visit: StateVisit,
  ): Promise<Json[]> {
    const frame = visit.frame;
    frame.record('MapStateStarted', 'mapStateStartedEventDetails', { length: items.length });
    // The service runs at most 40 inline iterations at once; the limit also bounds memory.
    const concurrency = maxConcurrency === 0 ? 40 : Math.min(maxConcurrency, 40);
    try {
      const results = await runAll(items.length, concurrency, frame.signal, async (index, signal) => {
        const selected = this.itemInput(input, index, items[index] as Json, visit);
        const iterationInput = selected instanceof Promise ? await selected : selected;
        const iteration = frame.child(
          signal,
          frame.record('MapIterationStarted', 'mapIterationStartedEventDetails', { name: this.name, index }),
        );
        try {
          const output = await runMachine(this.processor, iterationInput, iteration);
          frame.lastEventId = iteration.lastEventId;
          frame.record('MapIterationSucceeded', 'mapIterationSucceededEventDetails', {
            name: this.name,
            index,
          });
          return output;
        } catch (error) {
          frame.lastEventId = iteration.lastEventId;
          const type = signal.aborted ? 'MapIterationAborted' : 'MapIterationFailed';
          frame.record(
            type,
            type === 'MapIterationAborted'
              ? 'mapIterationAbortedEventDetails'
              : 'mapIterationFailedEventDetails',
            { name: this.name, index },
          );
          throw error;
        }
      });
      frame.lastEventId = frame.run.history.length;
      frame.record('MapStateSucceeded');
      return results;
    } catch (thrown) {
      if (frame.signal.aborted) throw thrown;
      frame.lastEventId = frame.run.history.length;
      frame.record('MapStateFailed');
      throw toStatesError(thrown);
    }
  }

  /** Items grouped as ItemBatcher asks: `{Items: [...], BatchInput}` per child execution. */
  private async batches(input: Json, inputs: Json[], visit: StateVisit): Promise<Json[]> {
    const batcher = this.batcher;
    if (batcher === undefined) return inputs;
    const maxItems = (await batcher.maxItems(input, visit)) ?? Number.POSITIVE_INFINITY;
    const maxBytes = (await batcher.maxBytes(input, visit)) ?? 256 * 1024;
    const batchInput = batcher.batchInput === undefined ? undefined : await batcher.batchInput(input, visit);
    const batches: Json[] = [];
    let current: Json[] = [];
    let bytes = 0;
    for (const item of inputs) {
      const size = jsonByteLength(item);
      if (current.length > 0 && (current.length >= maxItems || bytes + size > maxBytes)) {
        batches.push(current);
        current = [];
        bytes = 0;
      }
      current.push(item);
      bytes += size;
    }
    if (current.length > 0) batches.push(current);
    return batches.map((batch): Json =>
      batchInput === undefined ? { Items: batch } : { Items: batch, BatchInput: batchInput },
    );
  }

  private async runDistributed(
    input: Json,
    items: Json[],
    maxConcurrency: number,
    visit: StateVisit,
  ): Promise<Json> {
    const frame = visit.frame;
    const run = frame.run;
    const identity = run.identity;
    const mapRunId = randomUUID();
    const mapRunArn = `${identity.stateMachineArn.replace(':stateMachine:', ':mapRun:')}/${this.label}:${mapRunId}`;
    const inputs: Json[] = [];
    for (const [index, value] of items.entries())
      inputs.push(await this.itemInput(input, index, value, visit));
    const childInputs = await this.batches(input, inputs, visit);
    const toleratedCount = await this.toleratedCount(input, visit);
    const toleratedPercentage = await this.toleratedPercentage(input, visit);
    const tolerated = toleratedFailures(toleratedCount, toleratedPercentage, childInputs.length);
    frame.record('MapRunStarted', 'mapRunStartedEventDetails', { mapRunArn });

    const results: ExecutionResult[] = new Array<ExecutionResult>(childInputs.length);
    const childArns: string[] = new Array<string>(childInputs.length);
    let failures = 0;
    try {
      await runAll(
        childInputs.length,
        maxConcurrency === 0 ? 1000 : maxConcurrency,
        frame.signal,
        async (index, signal) => {
          const child = this.childRun(run, mapRunArn, childInputs[index] as Json, signal);
          childArns[index] = child.run.identity.executionArn;
          const result = await child.result;
          results[index] = result;
          if (result.status !== 'SUCCEEDED') {
            failures += 1;
            if (failures > tolerated)
              throw new StatesExceedToleratedFailureThreshold(
                'The specified tolerated failure threshold was exceeded',
              );
          }
        },
      );
    } catch (thrown) {
      if (frame.signal.aborted) throw thrown;
      const error = toStatesError(thrown);
      frame.record('MapRunFailed', 'mapRunFailedEventDetails', { error: error.error, cause: error.cause });
      throw error;
    }
    frame.record('MapRunSucceeded');
    const outputs = results.map((result) =>
      result.status === 'SUCCEEDED'
        ? result.output
        : errorOutput(new StatesError(result.error, result.cause)),
    );
    if (this.writer === undefined) return outputs;
    return this.writeResults(input, visit, mapRunArn, mapRunId, childInputs, childArns, results);
  }

  /**
   * TestState with a mock: the items, what ItemSelector and ItemBatcher make of them and the
   * failure threshold are worked out as a run would (DEBUG inspection shows them); the mock stands
   * for the iterations' results. More failed iterations than tolerated fail the state as a run would.
   */
  private async mockedRun(
    input: Json,
    items: Json[],
    maxConcurrency: number,
    visit: StateVisit,
    mocked: MockedWork,
  ): Promise<Json> {
    const inputs: Json[] = [];
    for (const [index, value] of items.entries())
      inputs.push(await this.itemInput(input, index, value, visit));
    const childInputs = await this.batches(input, inputs, visit);
    const toleratedCount = await this.toleratedCount(input, visit);
    const toleratedPercentage = await this.toleratedPercentage(input, visit);
    const inspection = visit.inspection;
    if (inspection !== undefined) {
      // TestState leaves this out for JSONata, which has no ItemsPath.
      if (this.reader === undefined) inspection.set('afterItemsPath', items);
      if (this.itemSelector !== undefined) inspection.set('afterItemSelector', inputs);
      if (this.batcher !== undefined) inspection.set('afterItemBatcher', childInputs);
      inspection.set('maxConcurrency', maxConcurrency);
      if (toleratedCount !== undefined) inspection.set('toleratedFailureCount', toleratedCount);
      if (toleratedPercentage !== undefined)
        inspection.set('toleratedFailurePercentage', toleratedPercentage);
    }
    const result = mockedResult(mocked);
    const failures = mocked.mapIterationFailureCount ?? 0;
    const thresholdDeclared = toleratedCount !== undefined || toleratedPercentage !== undefined;
    if (
      thresholdDeclared &&
      failures > toleratedFailures(toleratedCount, toleratedPercentage, childInputs.length)
    )
      throw new StatesExceedToleratedFailureThreshold(
        'The specified tolerated failure threshold was exceeded',
      );
    return result;
  }

  private childRun(
    parent: ExecutionRun,
    mapRunArn: string,
    input: Json,
    signal: AbortSignal,
  ): { run: ExecutionRun; result: Promise<ExecutionResult> } {
    const services = parent.services;
    const id = parent.identity;
    const childId = randomUUID();
    const controller = new AbortController();
    signal.addEventListener('abort', () => controller.abort(signal.reason), { once: true });
    const run: ExecutionRun = {
      identity: {
        executionArn: `${id.stateMachineArn.replace(':stateMachine:', ':execution:')}/${this.label}:${childId}`,
        executionName: childId,
        stateMachineArn: `${id.stateMachineArn}/${this.label}`,
        stateMachineName: `${id.stateMachineName}/${this.label}`,
        roleArn: id.roleArn,
        startTime: new Date(services.clock.now()).toISOString(),
        input,
        redriveCount: 0,
        parentExecutionArn: id.parentExecutionArn ?? id.executionArn,
      },
      history: new History(() => services.clock.now()),
      services,
      callbacks: parent.callbacks,
      signal: controller.signal,
      // Child executions share the parent's task slots: one map run cannot flood the resolver.
      taskSlots: parent.taskSlots,
      testCase: parent.testCase,
    };
    const result = executeMachine(this.processor, run, controller);
    services.children?.started(run, mapRunArn, result);
    return { run, result };
  }

  private async writeResults(
    input: Json,
    visit: StateVisit,
    mapRunArn: string,
    mapRunId: string,
    childInputs: Json[],
    childArns: string[],
    results: ExecutionResult[],
  ): Promise<Json> {
    const store = visit.frame.run.services.objects;
    if (store === undefined)
      throw new StatesResultWriterFailed(
        'No S3 endpoint is configured for the ResultWriter of this Map state',
      );
    const parameters =
      this.writer?.parameters === undefined ? {} : await this.writer.parameters(input, visit);
    const params = isObject(parameters) ? parameters : {};
    const bucket = String(params['Bucket'] ?? '');
    const prefix =
      typeof params['Prefix'] === 'string' && params['Prefix'] !== ''
        ? `${params['Prefix'].replace(/\/$/, '')}/`
        : '';
    const base = `${prefix}${mapRunId}`;
    const entries = results.map((result, index) => ({
      ExecutionArn: childArns[index] as string,
      Input: JSON.stringify(childInputs[index]),
      InputDetails: { Included: true },
      Name: (childArns[index] as string).split(':').pop() as string,
      ...(result.status === 'SUCCEEDED'
        ? { Output: JSON.stringify(result.output), OutputDetails: { Included: true } }
        : { Error: result.error, Cause: result.cause }),
      Status: result.status,
    }));
    const succeeded = entries.filter((e) => e.Status === 'SUCCEEDED');
    const failed = entries.filter((e) => e.Status !== 'SUCCEEDED');
    const files: { key: string; entries: typeof entries; status: string }[] = [];
    if (succeeded.length > 0)
      files.push({ key: `${base}/SUCCEEDED_0.json`, entries: succeeded, status: 'SUCCEEDED' });
    if (failed.length > 0) files.push({ key: `${base}/FAILED_0.json`, entries: failed, status: 'FAILED' });
    const manifestKey = `${base}/manifest.json`;
    try {
      for (const file of files) await store.putObjectText(bucket, file.key, JSON.stringify(file.entries));
      const manifest = {
        DestinationBucket: bucket,
        MapRunArn: mapRunArn,
        ResultFiles: {
          FAILED: files
            .filter((f) => f.status === 'FAILED')
            .map((f) => ({ Key: f.key, Size: jsonByteLength(f.entries) })),
          PENDING: [],
          SUCCEEDED: files
            .filter((f) => f.status === 'SUCCEEDED')
            .map((f) => ({ Key: f.key, Size: jsonByteLength(f.entries) })),
        },
      };
      await store.putObjectText(bucket, manifestKey, JSON.stringify(manifest));
    } catch (error) {
      throw new StatesResultWriterFailed(
        `Writing results to s3://${bucket}/${base} failed: ${(error as Error).message}`,
      );
    }
    return { MapRunArn: mapRunArn, ResultWriterDetails: { Bucket: bucket, Key: manifestKey } };
  }
}

export function compileMap(context: StateCompileContext): StateExecutor {
  return new MapState(context.name, context);
}
