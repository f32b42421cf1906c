import { StatesError } from '../../errors';
import type { StateVisit } from '../../execution/frame';
import type { Json } from '@myblog/asl';
import { ErrorHandling } from '../error-handling';
import { resultFlowFor, type ResultFlow, withErrorHandling } from '../result-flow';
import { nextOf, type StateCompileContext, type StateExecutor, type StateOutcome } from '../state';
import { runDistributed } from './distributed';
import { compileMapFields, type MapFields } from './fields';
import { runInline } from './inline';
import { readItems } from './item-reader';
import { mockedRun } from './mocked';
import type { AttemptProgress } from './progress';

/** Map: runs its ItemProcessor once per item, inline (iterations) or distributed (child executions). */
class MapState implements StateExecutor {
  readonly type = 'Map';
  private readonly flow: ResultFlow;
  private readonly handling: ErrorHandling;
  private readonly map: MapFields;
  private readonly next: string | undefined;

  constructor(
    readonly name: string,
    context: StateCompileContext,
  ) {
    const def = context.definition;
    this.flow = resultFlowFor(def, context.language, false);
    this.handling = new ErrorHandling(def, context.language);
    this.map = compileMapFields(name, context);
    this.next = nextOf(def);
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
    const maxConcurrency = (await this.map.maxConcurrency(input, visit)) ?? 0;
    const mocked = visit.frame.run.mockedWork;
    const result =
      mocked !== undefined
        ? await mockedRun(this.map, input, await this.items(input, visit), maxConcurrency, visit, mocked)
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
      if (this.map.reader === undefined) {
        try {
          items = await this.map.items(input, visit);
        } catch (error) {
          frame.record('MapStateStarted', 'mapStateStartedEventDetails', { length: 0 });
          throw error;
        }
      }
      frame.record('MapStateStarted', 'mapStateStartedEventDetails', { length: items?.length ?? 0 });
      return this.map.distributed
        ? await runDistributed(this.map, input, items, maxConcurrency, visit, progress)
        : await runInline(this.map, input, items ?? [], maxConcurrency, visit, progress);
    } catch (error) {
      const ownRuntime =
        !progress.running && error instanceof StatesError && error.error === 'States.Runtime';
      progress.workFailed = !frame.aborted && !ownRuntime;
      throw error;
    }
  }

  /** The items, from the ItemReader's source or from the input (ItemsPath or Items). */
  private async items(input: Json, visit: StateVisit): Promise<Json[]> {
    if (this.map.reader !== undefined) return readItems(this.map.reader, input, visit);
    return this.map.items(input, visit);
  }
}

export function compileMap(context: StateCompileContext): StateExecutor {
  return new MapState(context.name, context);
}
