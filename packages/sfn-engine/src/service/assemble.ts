/**
 * The service layer put together from an engine's options: the state machines, the executions
 * (store, runner, actions), the callbacks, the journal's side, activities and map runs, and the
 * services every execution reaches the world through. Each part is told only of the parts it
 * needs, so none of them knows the facade.
 */
import { type Clock, RealClock } from '../clock';
import { compatProfile, type CompatProfile } from '../compat';
import { StatesError } from '../errors';
import { CallbackRegistry } from '../execution/callbacks';
import { nestedExecutionResolver } from '../execution/nested';
import type { ExecutionServices, TaskResolver } from '../execution/services';
import { Activities } from './activities/activities';
import { TaskCallbacks } from './callbacks';
import { Executions } from './executions/executions';
import { ExecutionRunner } from './executions/runner';
import { ExecutionStore } from './executions/store';
import { MapRuns } from './map-runs/map-runs';
import type { EngineOptions } from './options';
import { Persistence } from './persistence';
import type { RedriveOptions } from './redrive';
import { StateMachines } from './state-machines';

export interface Service {
  readonly region: string;
  readonly accountId: string;
  readonly clock: Clock;
  readonly compat: CompatProfile;
  readonly services: ExecutionServices;
  readonly machines: StateMachines;
  readonly activities: Activities;
  readonly mapRuns: MapRuns;
  readonly store: ExecutionStore;
  readonly runner: ExecutionRunner;
  readonly executions: Executions;
  readonly callbacks: TaskCallbacks;
  readonly persistence: Persistence;
  /** What RedriveExecution works with. */
  readonly redrive: RedriveOptions;
}

/** Every task fails with a clear States.TaskFailed: no integration was given. */
const NO_INTEGRATION: TaskResolver = {
  invoke: (invocation) =>
    Promise.reject(
      new StatesError(
        'States.TaskFailed',
        `No integration is configured for the resource '${invocation.resource}'`,
      ),
    ),
};

export function assembleService(options: EngineOptions): Service {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const compat = compatProfile(options.compatibility);
  const clock = options.clock ?? new RealClock();
  const journal = options.journal;
  const machines = new StateMachines({
    region,
    accountId,
    clock,
    compat,
    journal,
    random: options.random ?? Math.random,
  });
  const activities = new Activities({
    region,
    accountId,
    now: () => clock.now(),
    journal,
    pollMs: options.activityPollMs,
  });
  const mapRuns = new MapRuns(() => new Date(clock.now()));
  const base = options.resolver ?? NO_INTEGRATION;
  // The executions, their runner and the journal's side are made below, after the services and
  // the store that name them: these closures are called only once an execution runs.
  const services: ExecutionServices = {
    clock,
    // Real I/O is tracked so virtual time stands still while it runs; nested executions are
    // not, because their own Waits need the clock to move.
    resolver: nestedExecutionResolver(
      {
        startExecution: (request) => executions.start(request),
        waitForExecution: (arn) => executions.waitFor(arn),
        stopExecution: (arn, details) => executions.stop(arn, details),
      },
      { invoke: (invocation) => clock.track(base.invoke(invocation)) },
    ),
    region,
    accountId,
    payloadLimitBytes: options.payloadLimitBytes ?? 256 * 1024,
    objects: options.objects,
    children: { started: (run, mapRunArn, result) => runner.trackChild(run, mapRunArn, result) },
    mapRuns,
    activities,
  };
  const store = new ExecutionStore(options.retainedExecutions ?? 10_000, (forgotten) => {
    mapRuns.forget(forgotten);
    persistence.forgotten(forgotten);
  });
  const registry = new CallbackRegistry();
  const runner = new ExecutionRunner({
    clock,
    services,
    callbacks: registry,
    store,
    maxConcurrentExecutions: options.maxConcurrentExecutions ?? 1000,
    tasksPerExecution: options.maxConcurrentTasksPerExecution ?? 100,
    journal,
    onFinished: options.onExecutionFinished,
  });
  const executions = new Executions({
    clock,
    compat,
    machines,
    store,
    runner,
    mapRuns,
    journal,
    payloadLimitBytes: services.payloadLimitBytes,
  });
  const persistence = new Persistence({ clock, journal, machines, store, runner, activities });
  return {
    region,
    accountId,
    clock,
    compat,
    services,
    machines,
    activities,
    mapRuns,
    store,
    runner,
    executions,
    callbacks: new TaskCallbacks(registry),
    persistence,
    redrive: { clock, compat, store, runner, journal },
  };
}
