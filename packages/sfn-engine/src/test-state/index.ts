import { randomUUID } from 'node:crypto';
import { InvalidExecutionInput, ValidationException } from '../api/errors';
import type { CallbackRegistry } from '../execution/callbacks';
import { withDeadlines } from '../execution/deadlines';
import { Frame } from '../execution/frame';
import { RETRYING_STATES } from '../execution/run-machine';
import { History } from '../execution/history';
import type { ExecutionRun, ExecutionServices } from '../execution/services';
import { Slots } from '../execution/slots';
import { StopSwitch } from '../execution/stop-switch';
import { VariableScope } from '../execution/variables';
import { StatesTimeout } from '../errors';
import { type Json, type JsonObject, isObject } from '@myblog/asl';
import { toStatesError } from '../states/error-handling';
import type { MockedWork } from '../states/mocked-work';
import { RetriableError } from '../states/result-flow';
import { parseTaskResource } from '@myblog/asl';
import { suppliedContext } from './context-object';
import { inspectionData } from './inspection';
import { mockedWorkOf } from './mock';
import { MockedTaskResolver, TestStateCallbacks } from './mocked-task';
import type { MockResultChecker, TestStateRequest, TestStateResult } from './request';
import { stateUnderTest, type StateUnderTest } from './state-under-test';
import { TestStateVisit } from './visit';

export type * from './request';

/** "The TestState API can run for up to five minutes": a state still running then fails with States.Timeout. */
export const TEST_STATE_TIME_LIMIT_MS = 5 * 60 * 1000;

function parseJson(text: string | undefined, what: string, fallback: Json): Json {
  if (text === undefined) return fallback;
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw new InvalidExecutionInput(`Invalid ${what}: '${(error as Error).message}'`);
  }
}

/**
 * The context object a request supplies: only with a mock, and with `Task` only for a Task whose
 * pattern hands out a token or waits for a job.
 */
function contextFor(request: TestStateRequest, state: StateUnderTest): JsonObject | undefined {
  if (request.context === undefined) return undefined;
  if (request.mock === undefined)
    throw new ValidationException(
      'A context may only be specified if a mock is specified in the same request.',
    );
  const context = suppliedContext(request.context);
  if (context['Task'] !== undefined) {
    const resource =
      state.type === 'Task' ? parseTaskResource(String(state.definition['Resource'])) : undefined;
    if (resource?.kind !== 'integration' || resource.pattern === 'request')
      throw new ValidationException(
        "Invalid Context object provided: Context object contains 'Task' when state is not a Task state with a '.sync' or '.waitForTaskToken' service integration pattern",
      );
  }
  return context;
}

/** The services a run needs: a mocked Task's resource is answered by its mock, nothing is called. */
function servicesFor(
  services: ExecutionServices,
  state: StateUnderTest,
  mocked: MockedWork | undefined,
  callbacks: CallbackRegistry,
): ExecutionServices {
  if (mocked === undefined || state.type !== 'Task') return services;
  return {
    clock: services.clock,
    resolver: new MockedTaskResolver(mocked.outcome, callbacks),
    region: services.region,
    accountId: services.accountId,
    payloadLimitBytes: services.payloadLimitBytes,
  };
}

/**
 * TestState: one state run once, on its own or picked from a whole machine with `stateName`. A
 * Retry is not followed (an error it would retry ends the test as RETRIABLE); a mock stands for
 * the work of a Task, Map or Parallel, checked against the API it calls (`checker`).
 */
export async function testState(
  request: TestStateRequest,
  services: ExecutionServices,
  checker?: MockResultChecker,
): Promise<TestStateResult> {
  const input = parseJson(request.input, 'input', {});
  const variables = parseJson(request.variables, 'variables', {});
  const state = stateUnderTest(
    request.definition,
    request.stateName,
    isObject(variables) ? Object.keys(variables) : [],
  );
  const mocked = await mockedWorkOf(request, state, checker);
  const supplied = contextFor(request, state);
  if (mocked === undefined && state.type === 'Task' && request.roleArn === undefined)
    throw new ValidationException('RoleArn must be specified when testing a Task state');

  const configuration = request.stateConfiguration;
  const token = isObject(supplied?.['Task']) ? supplied['Task']['Token'] : undefined;
  const callbacks = new TestStateCallbacks(typeof token === 'string' ? token : undefined);
  const now = services.clock.now();
  const arn = (kind: string, rest: string) =>
    `arn:aws:states:${services.region}:${services.accountId}:${kind}:${rest}`;
  const machineName = randomUUID();
  const executionName = randomUUID();
  const run: ExecutionRun = {
    identity: {
      executionArn: arn('express', `${machineName}:${executionName}`),
      executionName,
      stateMachineArn: arn('stateMachine', machineName),
      stateMachineName: machineName,
      roleArn: request.roleArn ?? '',
      startTime: new Date(now).toISOString(),
      input,
      redriveCount: 0,
    },
    history: new History(services.clock),
    services: servicesFor(services, state, mocked, callbacks),
    callbacks,
    stop: new StopSwitch(),
    taskSlots: new Slots(1),
    singleAttempt: true,
    priorRetries: configuration?.retrierRetryCount ?? 0,
    ...(mocked === undefined ? {} : { mockedWork: mocked }),
  };
  const scope = new VariableScope();
  if (isObject(variables)) scope.assign(variables);
  const frame = new Frame(run, scope, 0, run.stop);
  const visit = new TestStateVisit(frame, state.name, now, supplied);
  visit.retryCount = configuration?.retrierRetryCount ?? 0;
  visit.countsRetries = RETRYING_STATES.has(state.executor.type);
  // A state inside a Map runs as an iteration would: its context names the item it works on.
  if (state.inMapIteration) visit.mapItem = { index: 0, value: input };
  const debug = request.inspectionLevel === 'DEBUG' || request.inspectionLevel === 'TRACE';
  if (debug) visit.inspection = new Map<string, Json>([['input', input]]);
  const inspection = (): { inspectionData?: ReturnType<typeof inspectionData> } =>
    visit.inspection === undefined
      ? {}
      : { inspectionData: inspectionData(visit.inspection, state, frame.variables) };

  try {
    const outcome = await withDeadlines(
      {
        clock: services.clock,
        signal: run.stop.signal,
        timeoutMs: TEST_STATE_TIME_LIMIT_MS,
        timeoutError: () => new StatesTimeout(''),
        heartbeatError: () => new StatesTimeout(''),
      },
      async (signal) => {
        signal.addEventListener('abort', () => run.stop.abort(signal.reason), { once: true });
        return state.executor.run(input, visit);
      },
    );
    if (outcome.assignment !== undefined) frame.variables.assign(outcome.assignment.values);
    const succeeded = {
      output: JSON.stringify(outcome.output),
      ...(outcome.next === undefined ? {} : { nextState: outcome.next }),
      ...inspection(),
    };
    if (outcome.caught !== undefined)
      return {
        status: 'CAUGHT_ERROR',
        error: outcome.caught.error,
        cause: outcome.caught.cause,
        ...succeeded,
      };
    return { status: 'SUCCEEDED', ...succeeded };
  } catch (thrown) {
    const retriable = thrown instanceof RetriableError;
    const error = toStatesError(retriable ? thrown.error : thrown);
    return {
      status: retriable ? 'RETRIABLE' : 'FAILED',
      error: error.error,
      cause: error.cause,
      ...inspection(),
    };
  }
}
