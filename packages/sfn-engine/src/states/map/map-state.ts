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
import { executeMachine, type ExecutionResult, ExecutionStopped } from '../execution/execute';
import type { ExecutionRun, StateVisit } from '../execution/frame';
import { History } from '../execution/history';
import { runMachine } from '../execution/run-machine';
import { type Json, type JsonObject, isObject, jsonByteLength } from '@myblog/asl';
import { runWithLiveLimit } from '../service/map-runs/live-limit';
import { type MapRun, type MapRunSettings, toleratedFailures } from '../service/map-runs/map-run';
import { MapRuns } from '../service/map-runs/map-runs';
import { compileJsonataTemplate, type CompiledJsonata } from '../query/jsonata/template';
import { compileJsonPathTemplate, type CompiledTemplate } from '../query/jsonpath/payload-template';
import { jsonPath } from '../query/jsonpath/json-path';
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

/** The most child executions of one map run that run at once, whatever its MaxConcurrency. */
const CHILDREN_AT_ONCE = 1000;

/** Child executions' inputs, and how many items each carries (more than one with ItemBatcher). */
interface Children {
  readonly inputs: Json[];
  readonly sizes: number[];
}

/**
 * How far the last attempt got: whether its failure is one the service records MapStateFailed
 * for (its items, iterations or map run failed, not its InputPath or ResultPath).
 */
interface AttemptProgress {
  workFailed: boolean;
  /** Its iterations or its map run began: what fails from then on is theirs. */
  running: boolean;
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
    // Without a Label the service makes one up: map run and child ARNs carry "MapRunLabel or UUID".
    this.label = typeof def['Label'] === 'string' ? def['Label'] : randomUUID();
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
    const progress: AttemptProgress = { workFailed: false, running: false };
    return withErrorHandling(
      this.handling,
      raw,
      visit,
      () => this.attempt(raw, visit, progress),
      // Once, after the last attempt, as the service records it (a retried Map has none between
      // its attempts), after the last event of the iteration or map run that failed.
      () => {
        if (progress.workFailed) visit.frame.record('MapStateFailed');
      },
    );
  }

  private async attempt(raw: Json, visit: StateVisit, progress: AttemptProgress): Promise<StateOutcome> {
    progress.workFailed = false;
    progress.running = false;
    const input = await this.flow.effectiveInput(raw, visit);
    // A state-level field: worked out before the state starts its work.
    const maxConcurrency = (await this.maxConcurrency(input, visit)) ?? 0;
    const mocked = visit.frame.run.mockedWork;
    const result =
      mocked !== undefined
        ? await this.mockedRun(input, await this.readItems(input, visit), maxConcurrency, visit, mocked)
        : await this.work(input, maxConcurrency, visit, progress);
    const { output, assignment } = await this.flow.finish(raw, result, visit);
    return { output, next: this.next, assignment };
  }

  /**
   * MapStateStarted, the iterations or the map run, MapStateSucceeded. The items are worked out
   * first, so MapStateStarted says how many (with an ItemReader the map run reads them, and it
   * says 0); items that are not an array still start the state (length 0) before it fails. A
   * States.Runtime raised by the state's own fields (ItemsPath, ToleratedFailureCountPath…) ends
   * the execution with no MapStateFailed; any other failure of the work, and whatever fails in
   * its iterations or map run, records one once the state is done retrying.
   */
  private async work(
    input: Json,
    maxConcurrency: number,
    visit: StateVisit,
    progress: AttemptProgress,
  ): Promise<Json> {
    const frame = visit.frame;
    try {
      let items: Json[] | undefined;
      if (this.reader === undefined) {
        try {
          items = await this.items(input, visit);
        } catch (error) {
          frame.record('MapStateStarted', 'mapStateStartedEventDetails', { length: 0 });
          throw error;
        }
      }
      frame.record('MapStateStarted', 'mapStateStartedEventDetails', { length: items?.length ?? 0 });
      return this.distributed
        ? await this.runDistributed(input, items, maxConcurrency, visit, progress)
        : await this.runInline(input, items ?? [], maxConcurrency, visit, progress);
    } catch (error) {
      const ownRuntime =
        !progress.running && error instanceof StatesError && error.error === 'States.Runtime';
      progress.workFailed = !frame.signal.aborted && !ownRuntime;
      throw error;
    }
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

  /**
   * The iterations, at most 40 at once, each a thread of events of its own. As the service
   * chains them: an iteration starts after the last event of the one before it in its lane (or
   * after MapStateStarted), its MapIterationSucceeded/Failed follows its last event without being
   * chained to, and MapStateSucceeded follows the last MapIterationSucceeded without being chained
   * to either (MapStateExited follows the same event). After a failure the state goes on
   * (MapStateFailed, a retry's MapStateStarted) from the failed iteration's last event.
   */
  private async runInline(
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
    // The service runs at most 40 inline iterations at once; the limit also bounds memory.
    const concurrency = maxConcurrency === 0 ? 40 : Math.min(maxConcurrency, 40);
    try {
      const results = await runAll(items.length, concurrency, frame.signal, async (index, signal, lane) => {
        const details = { name: this.name, index };
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
          const selected = this.itemInput(input, index, items[index] as Json, visit);
          const output = await runMachine(
            this.processor,
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
            history.add(
              'MapIterationFailed',
              iteration.lastEventId,
              'mapIterationFailedEventDetails',
              details,
            );
          }
          throw error;
        }
      });
      frame.lastEventId = lastSucceeded;
      history.add('MapStateSucceeded', lastSucceeded);
      return results;
    } catch (thrown) {
      if (frame.signal.aborted) throw thrown;
      frame.lastEventId = failedAt ?? history.length;
      throw toStatesError(thrown);
    }
  }

  /** Items grouped as ItemBatcher asks: `{Items: [...], BatchInput}` per child execution. */
  private async batches(input: Json, inputs: Json[], visit: StateVisit): Promise<Children> {
    const batcher = this.batcher;
    if (batcher === undefined) return { inputs, sizes: inputs.map(() => 1) };
    const maxItems = (await batcher.maxItems(input, visit)) ?? Number.POSITIVE_INFINITY;
    const maxBytes = (await batcher.maxBytes(input, visit)) ?? 256 * 1024;
    const batchInput = batcher.batchInput === undefined ? undefined : await batcher.batchInput(input, visit);
    const batches: Json[][] = [];
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
    return {
      inputs: batches.map((batch): Json =>
        batchInput === undefined ? { Items: batch } : { Items: batch, BatchInput: batchInput },
      ),
      sizes: batches.map((batch) => batch.length),
    };
  }

  /**
   * The map run: MapRunStarted, then (reading the items first when an ItemReader gives them)
   * one child execution per item or batch, as many at once as the run's maxConcurrency allows
   * (UpdateMapRun may change it, and the tolerated failures, while it runs), then MapRunSucceeded
   * and MapStateSucceeded (not chained to; MapStateExited follows MapRunSucceeded), MapRunFailed
   * when too many children failed or the items could not be read or written, MapRunAborted when
   * the execution stops. The tolerated failures are worked out after MapStateStarted.
   */
  private async runDistributed(
    input: Json,
    items: Json[] | undefined,
    maxConcurrency: number,
    visit: StateVisit,
    progress: AttemptProgress,
  ): Promise<Json> {
    const frame = visit.frame;
    const toleratedCount = await this.toleratedCount(input, visit);
    const toleratedPercentage = await this.toleratedPercentage(input, visit);
    const mapRunId = randomUUID();
    const mapRun = this.startMapRun(frame.run, mapRunId, {
      maxConcurrency,
      toleratedFailureCount: toleratedCount ?? 0,
      toleratedFailurePercentage: toleratedPercentage ?? 0,
    });
    frame.record('MapRunStarted', 'mapRunStartedEventDetails', { mapRunArn: mapRun.arn });
    progress.running = true;
    let output: Json;
    try {
      const read = items ?? (await this.readFromStore(this.reader as ItemReader, input, visit));
      const inputs: Json[] = [];
      for (const [index, value] of read.entries())
        inputs.push(await this.itemInput(input, index, value, visit));
      const children = await this.batches(input, inputs, visit);
      mapRun.planned(children.sizes);
      const { results, childArns } = await this.runChildren(mapRun, children.inputs, frame.run, frame.signal);
      output =
        this.writer === undefined
          ? results.map((result) =>
              result.status === 'SUCCEEDED'
                ? result.output
                : errorOutput(new StatesError(result.error, result.cause)),
            )
          : await this.writeResults(input, visit, mapRun.arn, mapRunId, children.inputs, childArns, results);
    } catch (thrown) {
      if (frame.signal.aborted) {
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
  private startMapRun(run: ExecutionRun, id: string, settings: MapRunSettings): MapRun {
    const services = run.services;
    const registry = services.mapRuns ?? new MapRuns(() => new Date(services.clock.now()));
    return registry.start({
      executionArn: run.identity.executionArn,
      stateMachineArn: run.identity.stateMachineArn,
      label: this.label,
      id,
      settings,
    });
  }

  /**
   * The child executions, each counted in the map run as it starts and ends. A failure the
   * run's tolerance does not cover (as the tolerance is then: an update may lower it, which is
   * checked at once) fails the run: running children are aborted, no more start.
   */
  private async runChildren(
    mapRun: MapRun,
    inputs: readonly Json[],
    parent: ExecutionRun,
    signal: AbortSignal,
  ): Promise<{ results: ExecutionResult[]; childArns: string[] }> {
    const results = new Array<ExecutionResult>(inputs.length);
    const childArns = new Array<string>(inputs.length);
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
        const child = this.childRun(parent, mapRun.arn, inputs[index] as Json, childSignal);
        childArns[index] = child.run.identity.executionArn;
        mapRun.childStarted(index);
        const result = await child.result;
        results[index] = result;
        mapRun.childEnded(index, result.status);
        if (result.status !== 'SUCCEEDED' && mapRun.toleranceExceeded) throw exceeded();
      },
    );
    await scheduler.done;
    return { results, childArns };
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
    const childInputs = (await this.batches(input, inputs, visit)).inputs;
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
    // A child is stopped (ABORTED) when its parent stops or its map run fails.
    const stop = () =>
      controller.abort(
        signal.reason instanceof ExecutionStopped ? signal.reason : new ExecutionStopped('', ''),
      );
    signal.addEventListener('abort', stop, { once: true });
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
