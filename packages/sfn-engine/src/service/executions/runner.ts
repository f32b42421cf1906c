/**
 * Runs executions: each in its turn (the concurrency limit), recorded in the journal as it goes
 * (its events and top-level checkpoints), and put away in the store when it ends.
 */
import type { Json } from '@myblog/asl';
import type { Clock } from '../../clock';
import type { CallbackRegistry } from '../../execution/callbacks';
import type { ExecutionIdentity, ExecutionResult } from '../../execution/contracts';
import { EXPRESS_MAX_DURATION_SECONDS, executeMachine, type ExecuteOptions } from '../../execution/execute';
import { HISTORY_EVENT_QUOTA, type History } from '../../execution/history';
import type { ExecutionRun, ExecutionServices } from '../../execution/services';
import { Slots } from '../../execution/slots';
import { StopSwitch } from '../../execution/stop-switch';
import type { VariableScope } from '../../execution/variables';
import type { CompiledMachine } from '../../states/state';
import type { JournalSink } from '../journal/records';
import { type ExecutionEntry, executionEntry, type ExecutionEntryFacts, NOT_LAUNCHED } from './entry';
import type { ExecutionStore } from './store';

/** Why a halted engine's executions stopped working: the engine went, not the execution. */
export class EngineHalted extends Error {
  override readonly name = 'EngineHalted';
  constructor() {
    super('The local Step Functions stopped while the execution ran');
  }
}

export interface ExecutionRunnerOptions {
  readonly clock: Clock;
  readonly services: ExecutionServices;
  readonly callbacks: CallbackRegistry;
  readonly store: ExecutionStore;
  /** Executions running at once; more wait their turn. */
  readonly maxConcurrentExecutions: number;
  /** Task invocations in flight at once within one execution. */
  readonly tasksPerExecution: number;
  readonly journal: JournalSink | undefined;
  readonly onFinished: ((executionArn: string, result: ExecutionResult) => void) | undefined;
}

export class ExecutionRunner {
  private readonly slots: Slots;
  private halted = false;

  constructor(private readonly options: ExecutionRunnerOptions) {
    this.slots = new Slots(options.maxConcurrentExecutions);
  }

  /** An execution's entry, not yet running: launch() runs it. */
  newEntry(
    identity: ExecutionIdentity,
    history: History,
    testCase: string | undefined,
    facts: ExecutionEntryFacts,
  ): ExecutionEntry {
    return executionEntry(this.newRun(identity, history, testCase), NOT_LAUNCHED, facts);
  }

  private newRun(identity: ExecutionIdentity, history: History, testCase: string | undefined): ExecutionRun {
    return {
      identity,
      history,
      services: this.options.services,
      callbacks: this.options.callbacks,
      stop: new StopSwitch(),
      taskSlots: new Slots(this.options.tasksPerExecution),
      testCase,
    };
  }

  /** Runs (or goes on with) an execution in its turn, recording it in the journal as it goes. */
  launch(entry: ExecutionEntry, options: Omit<ExecuteOptions, 'onTopLevelState'>): void {
    // A first run (nothing recorded yet) takes the run newEntry made; a redrive or a resumed run
    // gets a new one, with a stop switch not yet thrown.
    const first = entry.run.history.length === 0 && !entry.run.stop.aborted;
    const run = first ? entry.run : this.newRun(entry.run.identity, entry.run.history, entry.run.testCase);
    entry.run = run;
    const stop = run.stop;
    // The service caps a Standard execution's history (Express keeps none to cap); an inline
    // Map's or a Parallel's events are in it, a distributed Map's child executions are not.
    if (entry.type === 'STANDARD') run.history.limitTo(HISTORY_EVENT_QUOTA, (error) => stop.abort(error));
    else run.history.keepAtMost(HISTORY_EVENT_QUOTA);
    const arn = run.identity.executionArn;
    const journal = this.options.journal;
    if (journal !== undefined)
      run.history.listen((event) => {
        if (!this.halted) journal.append({ kind: 'event', arn, event });
      });
    const compiled = entry.compiled as CompiledMachine;
    const onTopLevelState = (state: string, input: Json, variables: VariableScope) => {
      const live = entry.checkpoint;
      if (live === undefined) entry.checkpoint = { state, input, variables };
      else {
        live.state = state;
        live.input = input;
        live.variables = variables;
      }
      if (journal === undefined || this.halted) return;
      // Kept as written: a journal rewritten later holds this point, not the live variables,
      // which the state may change before the next checkpoint.
      const point = { state, input, variables: variables.snapshot() };
      entry.journaledCheckpoint = point;
      journal.append({ kind: 'checkpoint', arn, point });
    };
    entry.done = (async () => {
      await this.slots.take();
      try {
        return await executeMachine(compiled, run, {
          ...options,
          onTopLevelState,
          ...(entry.type === 'EXPRESS' ? { maxDurationSeconds: EXPRESS_MAX_DURATION_SECONDS } : {}),
        });
      } finally {
        this.slots.release();
      }
    })();
    void entry.done.then((result) => this.finish(entry, result));
  }

  /** A distributed Map's child execution, run by its map run: kept so it can be listed and described. */
  trackChild(run: ExecutionRun, mapRunArn: string, done: Promise<ExecutionResult>): void {
    const entry = executionEntry(run, done, {
      stateMachineArn: run.identity.stateMachineArn,
      definition: '',
      compiled: undefined,
      type: 'EXPRESS',
      startDate: new Date(this.options.clock.now()),
      inputText: JSON.stringify(run.identity.input),
      mapRunArn,
    });
    this.options.store.add(run.identity.executionArn, entry);
    void done.then((result) => this.finish(entry, result));
  }

  private finish(entry: ExecutionEntry, result: ExecutionResult): void {
    // Halted: what a halt ended is not an outcome (journaled, it is still running, to resume).
    if (this.halted) return;
    const { store, journal, clock, onFinished } = this.options;
    entry.result = result;
    store.countEnded(entry);
    onFinished?.(entry.run.identity.executionArn, result);
    entry.stopDate = new Date(clock.now());
    // Where a redrive would go on from: kept only while one could come (the variables it holds
    // are most of what an ended execution would otherwise keep for nothing).
    if (entry.type === 'EXPRESS' || result.status === 'SUCCEEDED') entry.checkpoint = undefined;
    if (entry.mapRunArn === undefined) {
      journal?.append({
        kind: 'execution-ended',
        arn: entry.run.identity.executionArn,
        result,
        stopDate: entry.stopDate.getTime(),
      });
    }
    store.keepEnded(entry.run.identity.executionArn);
  }

  /** From now on nothing an execution does is an outcome or is journaled (see halt). */
  markHalted(): void {
    this.halted = true;
  }

  /** Ends the work of every running execution, and waits for it to have ended. */
  async abortRunning(): Promise<void> {
    const running = [...this.options.store.values()].filter((entry) => entry.result === undefined);
    for (const entry of running) entry.run.stop.abort(new EngineHalted());
    await Promise.allSettled(running.map((entry) => entry.done));
  }
}
