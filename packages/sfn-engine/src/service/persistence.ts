/**
 * The journal's side of the service: what it holds to rebuild the engine (its snapshot, which a
 * journal grown with forgotten executions is rewritten from) and taking that back at a start.
 */
import type { Json, JsonObject } from '@myblog/asl';
import type { Clock } from '../clock';
import { compileAcceptedStateMachine } from '../definition/compile';
import type { ExecutionIdentity } from '../execution/contracts';
import { History } from '../execution/history';
import { resumedWaitEnteredAt } from '../execution/resumed-wait';
import type { CompiledMachine } from '../states/state';
import type { Activities } from './activities/activities';
import { checkpointOf, type ExecutionEntry, startedFields } from './executions/entry';
import type { ExecutionRunner } from './executions/runner';
import type { ExecutionStore } from './executions/store';
import type { ExecutionSnapshot, JournalSink, JournalSnapshot } from './journal/records';
import type { StateMachines } from './state-machines';

export interface PersistenceOptions {
  readonly clock: Clock;
  readonly journal: JournalSink | undefined;
  readonly machines: StateMachines;
  readonly store: ExecutionStore;
  readonly runner: ExecutionRunner;
  readonly activities: Activities;
}

export class Persistence {
  private rewriteScheduled = false;

  constructor(private readonly options: PersistenceOptions) {}

  /** The store forgot an execution: the journal may now hold more of forgotten ones than kept. */
  forgotten(executionArn: string): void {
    if (this.options.journal?.forget?.(executionArn) === true) this.rewriteSoon();
  }

  /**
   * The journal holds more of forgotten executions than of kept ones: write it afresh. On a
   * later turn, when every record appended so far is reflected in memory (an append and the
   * change it records happen in one synchronous step).
   */
  private rewriteSoon(): void {
    if (this.rewriteScheduled) return;
    this.rewriteScheduled = true;
    setImmediate(() => {
      this.rewriteScheduled = false;
      this.options.journal?.rewrite?.(this.snapshot());
    });
  }

  /** What the journal needs to rebuild this engine: its machines, and the executions it keeps. */
  snapshot(): JournalSnapshot {
    const executions: ExecutionSnapshot[] = [];
    for (const entry of this.options.store.values()) {
      // A distributed Map's child executions are not journaled (the map run starts them again).
      if (entry.mapRunArn !== undefined) continue;
      executions.push({
        ...startedFields(entry),
        events: entry.run.history.recorded(),
        ...(entry.journaledCheckpoint === undefined ? {} : { checkpoint: entry.journaledCheckpoint }),
        ...(entry.result === undefined ? {} : { result: entry.result }),
        ...(entry.stopDate === undefined ? {} : { stopDate: entry.stopDate.getTime() }),
        redriveCount: entry.run.identity.redriveCount,
        ...(entry.redriveDate === undefined ? {} : { redriveDate: entry.redriveDate.getTime() }),
      });
    }
    const { machines, versions, aliases } = this.options.machines.records();
    return { machines, executions, versions, aliases, activities: this.options.activities.records() };
  }

  /**
   * Takes back what a journal remembers: its state machines, its finished executions, and its
   * running executions, which go on from the top-level state each was in (that state runs
   * again: tasks are at least once). Returns the ARNs of the executions that went on.
   */
  restore(snapshot: JournalSnapshot): string[] {
    const { store, runner } = this.options;
    // First: a resumed execution's activity Task schedules its task again.
    this.options.activities.restore(snapshot.activities ?? []);
    // Not validated again: restorable() (journal/restorable.ts) has left out, with a warning, any
    // definition that does not compile, and what is left was accepted when it was created. A
    // stricter check now (the machine's type, the compatibility mode) must not stop the start.
    const compiledByText = new Map<string, CompiledMachine>();
    const compiledOnce = (definition: string): CompiledMachine => {
      let compiled = compiledByText.get(definition);
      if (compiled === undefined) {
        compiled = compileAcceptedStateMachine(JSON.parse(definition) as JsonObject);
        compiledByText.set(definition, compiled);
      }
      return compiled;
    };
    this.options.machines.restore(snapshot, compiledOnce);
    const resumed: string[] = [];
    for (const saved of snapshot.executions) {
      const compiled = compiledOnce(saved.definition);
      const entry = this.restoredEntry(saved, compiled);
      store.add(saved.arn, entry);
      if (saved.result !== undefined) {
        entry.result = saved.result;
        entry.stopDate = new Date(saved.stopDate ?? saved.startDate);
        entry.done = Promise.resolve(saved.result);
        store.restoredEnded(saved.arn, entry);
        continue;
      }
      resumed.push(saved.arn);
      // Died before its first state: it starts over. Otherwise it goes on where it was.
      if (saved.events.length === 0) runner.launch(entry, {});
      else {
        const resume = checkpointOf(entry, compiled.startAt);
        const enteredAt = resumedWaitEnteredAt(saved.events, resume.state);
        runner.launch(entry, {
          resume,
          timeLimitFrom: saved.startDate,
          ...(enteredAt === undefined ? {} : { resumeEnteredAt: enteredAt }),
        });
      }
    }
    return resumed;
  }

  private restoredEntry(saved: ExecutionSnapshot, compiled: CompiledMachine): ExecutionEntry {
    const startDate = new Date(saved.startDate);
    const identity: ExecutionIdentity = {
      executionArn: saved.arn,
      executionName: saved.name,
      stateMachineArn: saved.stateMachineArn,
      stateMachineName: saved.stateMachineName,
      roleArn: saved.roleArn,
      startTime: startDate.toISOString(),
      input: JSON.parse(saved.input) as Json,
      redriveCount: saved.redriveCount,
      ...(saved.stateMachineVersionArn === undefined
        ? {}
        : { stateMachineVersionArn: saved.stateMachineVersionArn }),
      ...(saved.stateMachineAliasArn === undefined
        ? {}
        : { stateMachineAliasArn: saved.stateMachineAliasArn }),
    };
    const type = saved.arn.includes(':express:') ? 'EXPRESS' : 'STANDARD';
    const clock = this.options.clock;
    const entry = this.options.runner.newEntry(
      identity,
      History.restore(clock, saved.events),
      saved.testCase,
      {
        stateMachineArn: saved.stateMachineArn,
        definition: saved.definition,
        compiled,
        type,
        startDate,
        inputText: saved.input,
      },
    );
    if (saved.checkpoint !== undefined) entry.journaledCheckpoint = saved.checkpoint;
    if (saved.redriveDate !== undefined) entry.redriveDate = new Date(saved.redriveDate);
    return entry;
  }
}
