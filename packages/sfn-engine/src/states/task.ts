import { awaitActivity } from '../service/activities/await-activity';
import {
  StatesDataLimitExceeded,
  StatesError,
  StatesHeartbeatTimeout,
  StatesRuntime,
  StatesTaskFailed,
  StatesTimeout,
} from '../errors';
import { withDeadlines } from '../execution/deadlines';
import type { StateVisit } from '../execution/frame';
import type { ExecutionRun } from '../execution/services';
import { asJson, type EventDetails, type HistoryEventType } from '../execution/history';
import type { TaskInvocation } from '../execution/services';
import { type Json, type JsonObject, jsonByteLength } from '@myblog/asl';
import { ErrorHandling } from './error-handling';
import { compileNumberField, type NumberField } from './number-field';
import { resultFlowFor, type ResultFlow, withErrorHandling } from './result-flow';
import { nextOf, type StateCompileContext, type StateExecutor, type StateOutcome } from './state';
import { parseTaskResource, type TaskResource } from '@myblog/asl';

const NOT_TRUNCATED = { truncated: false };

/** The event names and detail fields of one kind of resource, as the service records them. */
interface TaskEventNames {
  scheduled: HistoryEventType;
  started: HistoryEventType;
  succeeded: HistoryEventType;
  failed: HistoryEventType;
  timedOut: HistoryEventType;
  prefix: string;
}

const LAMBDA_EVENTS: TaskEventNames = {
  scheduled: 'LambdaFunctionScheduled',
  started: 'LambdaFunctionStarted',
  succeeded: 'LambdaFunctionSucceeded',
  failed: 'LambdaFunctionFailed',
  timedOut: 'LambdaFunctionTimedOut',
  prefix: 'lambdaFunction',
};
const ACTIVITY_EVENTS: TaskEventNames = {
  scheduled: 'ActivityScheduled',
  started: 'ActivityStarted',
  succeeded: 'ActivitySucceeded',
  failed: 'ActivityFailed',
  timedOut: 'ActivityTimedOut',
  prefix: 'activity',
};
const TASK_EVENTS: TaskEventNames = {
  scheduled: 'TaskScheduled',
  started: 'TaskStarted',
  succeeded: 'TaskSucceeded',
  failed: 'TaskFailed',
  timedOut: 'TaskTimedOut',
  prefix: 'task',
};

/** Records one attempt's task events in the shape the resource kind calls for. */
class TaskEvents {
  private readonly names: TaskEventNames;
  private readonly resourceFields: EventDetails;

  constructor(private readonly resource: TaskResource) {
    this.names =
      resource.kind === 'lambda-function'
        ? LAMBDA_EVENTS
        : resource.kind === 'activity'
          ? ACTIVITY_EVENTS
          : TASK_EVENTS;
    this.resourceFields =
      resource.kind === 'integration'
        ? { resourceType: resource.resourceType, resource: resource.resource }
        : {};
  }

  private record(visit: StateVisit, type: HistoryEventType, suffix: string, details?: EventDetails): void {
    visit.frame.record(
      type,
      details === undefined ? undefined : `${this.names.prefix}${suffix}EventDetails`,
      details,
    );
  }

  scheduled(
    visit: StateVisit,
    parameters: Json,
    timeoutSeconds: number | undefined,
    heartbeatSeconds: number | undefined,
  ): void {
    const timing: EventDetails = {};
    if (timeoutSeconds !== undefined) timing['timeoutInSeconds'] = timeoutSeconds;
    if (heartbeatSeconds !== undefined) timing['heartbeatInSeconds'] = heartbeatSeconds;
    if (this.resource.kind === 'integration') {
      this.record(visit, this.names.scheduled, 'Scheduled', {
        ...this.resourceFields,
        region: visit.frame.run.services.region,
        parameters: asJson(parameters),
        ...timing,
      });
    } else {
      this.record(visit, this.names.scheduled, 'Scheduled', {
        resource: this.resource.arn,
        input: asJson(parameters),
        inputDetails: NOT_TRUNCATED,
        ...timing,
      });
    }
  }

  /** `workerName`: the activity worker's, when it gave one (the details are empty otherwise). */
  started(visit: StateVisit, workerName?: string): void {
    if (this.resource.kind === 'lambda-function') this.record(visit, this.names.started, 'Started');
    else if (this.resource.kind === 'activity')
      this.record(visit, this.names.started, 'Started', workerName === undefined ? {} : { workerName });
    else this.record(visit, this.names.started, 'Started', { ...this.resourceFields });
  }

  submitted(visit: StateVisit, output: Json): void {
    visit.frame.record('TaskSubmitted', 'taskSubmittedEventDetails', {
      ...this.resourceFields,
      output: asJson(output),
      outputDetails: NOT_TRUNCATED,
    });
  }

  succeeded(visit: StateVisit, output: Json): void {
    this.record(visit, this.names.succeeded, 'Succeeded', {
      ...this.resourceFields,
      output: asJson(output),
      outputDetails: NOT_TRUNCATED,
    });
  }

  /** An empty error or cause is left out, as the service leaves out a timeout's cause. */
  failed(visit: StateVisit, error: StatesError): void {
    const timedOut = error.error === 'States.Timeout' || error.error === 'States.HeartbeatTimeout';
    this.record(visit, timedOut ? this.names.timedOut : this.names.failed, timedOut ? 'TimedOut' : 'Failed', {
      ...this.resourceFields,
      ...(error.error === '' ? {} : { error: error.error }),
      ...(error.cause === '' ? {} : { cause: error.cause }),
    });
  }
}

/** Runs an invocation once one of the execution's task slots is free. */
async function withSlot<T>(run: ExecutionRun, invoke: () => Promise<T>): Promise<T> {
  await run.taskSlots.take();
  try {
    return await invoke();
  } finally {
    run.taskSlots.release();
  }
}

/** An error from an integration that did not say what kind it was is a task failure. */
function asTaskError(thrown: unknown): StatesError {
  if (thrown instanceof StatesError) return thrown;
  const error = thrown as { name?: string; message?: string };
  return new StatesTaskFailed(error?.message ?? String(thrown));
}

/** Task: hands its effective input to the resource and waits for the result. */
class TaskState implements StateExecutor {
  readonly type = 'Task';
  private readonly resource: TaskResource;
  private readonly events: TaskEvents;
  private readonly flow: ResultFlow;
  private readonly handling: ErrorHandling;
  private readonly timeout: NumberField;
  private readonly heartbeat: NumberField;
  private readonly credentials: Json | undefined;
  private readonly next: string | undefined;

  constructor(
    readonly name: string,
    context: StateCompileContext,
  ) {
    const def: JsonObject = context.definition;
    this.resource = parseTaskResource(String(def['Resource']));
    this.events = new TaskEvents(this.resource);
    this.flow = resultFlowFor(def, context.language);
    this.handling = new ErrorHandling(def, context.language);
    const seconds = { integer: true, min: 1, max: 99999999 };
    this.timeout = compileNumberField(def, 'TimeoutSeconds', context.language, seconds);
    this.heartbeat = compileNumberField(def, 'HeartbeatSeconds', context.language, seconds);
    this.credentials = def['Credentials'];
    this.next = nextOf(def);
  }

  private get waitsForToken(): boolean {
    return this.resource.kind === 'integration' && this.resource.pattern === 'waitForTaskToken';
  }

  run(raw: Json, visit: StateVisit): Promise<StateOutcome> {
    return withErrorHandling(this.handling, raw, visit, () => this.attempt(raw, visit));
  }

  private async attempt(raw: Json, visit: StateVisit): Promise<StateOutcome> {
    const run = visit.frame.run;
    if (this.waitsForToken) visit.taskToken = run.callbacks.newToken();
    const parameters = await this.flow.effectiveInput(raw, visit);
    const timeoutSeconds = await this.timeout(raw, visit);
    const heartbeatSeconds = await this.heartbeat(raw, visit);
    const activities = this.resource.kind === 'activity' ? run.services.activities : undefined;
    if (activities !== undefined && !activities.exists(this.resource.arn))
      throw new StatesRuntime(`The activity ${this.resource.arn} does not exist.`);
    this.events.scheduled(visit, parameters, timeoutSeconds, heartbeatSeconds);
    // An activity starts when a worker takes it, not when it is scheduled.
    if (activities === undefined) this.events.started(visit);
    const timeoutMs = timeoutSeconds === undefined ? undefined : timeoutSeconds * 1000;
    const heartbeatMs = heartbeatSeconds === undefined ? undefined : heartbeatSeconds * 1000;
    let result: Json;
    try {
      result =
        activities !== undefined
          ? await awaitActivity(activities, {
              activityArn: this.resource.arn,
              input: parameters,
              signal: visit.frame.signal,
              clock: run.services.clock,
              callbacks: run.callbacks,
              timeoutMs,
              heartbeatMs,
              started: (workerName) => this.events.started(visit, workerName),
            })
          : await withDeadlines(
              {
                clock: run.services.clock,
                signal: visit.frame.signal,
                timeoutMs,
                heartbeatMs,
                timeoutError: () => new StatesTimeout(''),
                heartbeatError: () => new StatesHeartbeatTimeout(''),
              },
              (signal, heartbeat) =>
                this.invoke(parameters, visit, signal, heartbeat, timeoutSeconds, heartbeatSeconds),
            );
    } catch (thrown) {
      if (visit.frame.aborted) throw thrown;
      const error = asTaskError(thrown);
      this.events.failed(visit, error);
      throw error;
    } finally {
      visit.taskToken = undefined;
    }
    this.events.succeeded(visit, result);
    visit.inspection?.set('result', result);
    const limit = run.services.payloadLimitBytes;
    if (typeof result === 'object' && result !== null && jsonByteLength(result) > limit) {
      throw new StatesDataLimitExceeded(
        `The state/task '${this.name}' returned a result with a size exceeding the maximum number of bytes service limit.`,
      );
    }
    const { output, assignment } = await this.flow.finish(raw, result, visit);
    return { output, next: this.next, assignment };
  }

  private async invoke(
    parameters: Json,
    visit: StateVisit,
    signal: AbortSignal,
    heartbeat: () => void,
    timeoutSeconds: number | undefined,
    heartbeatSeconds: number | undefined,
  ): Promise<Json> {
    const run = visit.frame.run;
    const token = visit.taskToken;
    const invocation: TaskInvocation = {
      resource: this.resource.arn,
      parameters,
      stateName: this.name,
      executionArn: run.identity.executionArn,
      rootExecutionArn: run.identity.parentExecutionArn ?? run.identity.executionArn,
      stateMachineName: run.identity.stateMachineName,
      context: visit.context(),
      taskToken: token,
      timeoutSeconds,
      heartbeatSeconds,
      credentials: this.credentials,
      signal,
      testCase: run.testCase,
      retryCount: visit.retryCount,
      submitted: (output) => this.events.submitted(visit, output),
    };
    if (token === undefined) return withSlot(run, () => run.services.resolver.invoke(invocation));
    // `.waitForTaskToken`: the call only hands the token out; the result arrives by callback.
    const callback = new Promise<Json>((resolve, reject) => {
      const unregister = run.callbacks.register(token, { resolve, reject, heartbeat });
      signal.addEventListener(
        'abort',
        () => {
          const reason: unknown = signal.reason;
          const timedOut = reason instanceof StatesTimeout || reason instanceof StatesHeartbeatTimeout;
          if (timedOut) run.callbacks.expire(token);
          else unregister();
          reject(reason);
        },
        { once: true },
      );
    });
    callback.catch(() => undefined);
    const submittedOutput = await withSlot(run, () => run.services.resolver.invoke(invocation));
    this.events.submitted(visit, submittedOutput);
    return callback;
  }
}

export function compileTask(context: StateCompileContext): StateExecutor {
  return new TaskState(context.name, context);
}
