import { randomUUID } from 'node:crypto';
import { InvalidDefinition, InvalidExecutionInput } from './api/errors';
import { compileStateMachine } from './definition/compile';
import { transitionsOf, type JsonObject as GraphObject } from './definition/graph';
import { DefinitionError } from './errors';
import type { CallbackRegistry } from './execution/callbacks';
import { Frame, StateVisit, type ExecutionRun } from './execution/frame';
import { History } from './execution/history';
import type { ExecutionServices } from './execution/services';
import { Slots } from './execution/slots';
import { VariableScope } from './execution/variables';
import { type Json, type JsonObject, isObject } from './json';
import { toStatesError } from './states/error-handling';
import { RetriableError } from './states/result-flow';

export type InspectionLevel = 'INFO' | 'DEBUG' | 'TRACE';

export interface TestStateRequest {
  /** One state's definition, as JSON text. */
  readonly definition: string;
  readonly input?: string;
  readonly roleArn?: string;
  readonly inspectionLevel?: InspectionLevel;
  /** Variables in scope, as a JSON object text. */
  readonly variables?: string;
}

export interface TestStateResult {
  readonly status: 'SUCCEEDED' | 'FAILED' | 'RETRIABLE' | 'CAUGHT_ERROR';
  readonly output?: string;
  readonly error?: string;
  readonly cause?: string;
  readonly nextState?: string;
  readonly inspectionData?: Record<string, string>;
}

const NAME = 'TestState';

function parseJson(text: string | undefined, what: string, fallback: Json): Json {
  if (text === undefined) return fallback;
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    if (what === 'definition')
      throw new InvalidDefinition(`Invalid State Definition: '${(error as Error).message}'`);
    throw new InvalidExecutionInput(`Invalid ${what}: '${(error as Error).message}'`);
  }
}

/**
 * TestState: one state run once, on its own. Its transition targets become stub states so the
 * definition validates as the service validates a state, and a Retry is not followed: an error it
 * would retry ends the test as RETRIABLE.
 */
export async function testState(
  request: TestStateRequest,
  services: ExecutionServices,
  callbacks: CallbackRegistry,
): Promise<TestStateResult> {
  const state = parseJson(request.definition, 'definition', null);
  if (!isObject(state))
    throw new InvalidDefinition(
      'Invalid State Definition: the definition must be a JSON object of one state',
    );
  const stubs: JsonObject = {};
  const node = {
    name: NAME,
    definition: state as GraphObject,
    path: `/States/${NAME}`,
    enclosing: [],
    scope: { path: '', startAt: NAME, states: new Map() },
  };
  for (const { target } of transitionsOf(node)) stubs[target] = { Type: 'Succeed' };
  const machine: JsonObject = { StartAt: NAME, States: { ...stubs, [NAME]: state } };
  if (state['QueryLanguage'] === 'JSONata') machine['QueryLanguage'] = 'JSONata';
  const input = parseJson(request.input, 'input', {});
  const variables = parseJson(request.variables, 'variables', {});
  let executor;
  try {
    executor = compileStateMachine(machine, {
      knownVariables: isObject(variables) ? Object.keys(variables) : [],
    }).states.get(NAME);
  } catch (error) {
    if (error instanceof DefinitionError) throw new InvalidDefinition(error.message);
    throw error;
  }
  const now = services.clock.now();
  const run: ExecutionRun = {
    identity: {
      executionArn: `arn:aws:states:${services.region}:${services.accountId}:execution:TestState:${randomUUID()}`,
      executionName: 'TestState',
      stateMachineArn: `arn:aws:states:${services.region}:${services.accountId}:stateMachine:TestState`,
      stateMachineName: 'TestState',
      roleArn: request.roleArn ?? '',
      startTime: new Date(now).toISOString(),
      input,
      redriveCount: 0,
    },
    history: new History(() => services.clock.now()),
    services,
    callbacks,
    signal: new AbortController().signal,
    taskSlots: new Slots(1),
    singleAttempt: true,
  };
  const scope = new VariableScope();
  if (isObject(variables)) scope.assign(variables);
  const frame = new Frame(run, scope, 0, run.signal);
  const visit = new StateVisit(frame, NAME, now);
  const debug = request.inspectionLevel === 'DEBUG' || request.inspectionLevel === 'TRACE';
  if (debug) visit.inspection = new Map<string, Json>([['input', input]]);
  const inspectionData = (): Record<string, string> | undefined => {
    if (visit.inspection === undefined) return undefined;
    const data: Record<string, string> = {};
    for (const [key, value] of visit.inspection) data[key] = JSON.stringify(value);
    data['variables'] = JSON.stringify(
      Object.fromEntries(
        [...frame.variables.names()].map((name) => [name, frame.variables.get(name) ?? null]),
      ),
    );
    return data;
  };
  try {
    const outcome = await (executor as NonNullable<typeof executor>).run(input, visit);
    if (outcome.assignment !== undefined) frame.variables.assign(outcome.assignment.values);
    const base = {
      output: JSON.stringify(outcome.output),
      ...(outcome.next === undefined ? {} : { nextState: outcome.next }),
      ...(debug ? { inspectionData: inspectionData() } : {}),
    };
    if (outcome.caught !== undefined)
      return { status: 'CAUGHT_ERROR', error: outcome.caught.error, cause: outcome.caught.cause, ...base };
    return { status: 'SUCCEEDED', ...base };
  } catch (thrown) {
    const retriable = thrown instanceof RetriableError;
    const error = toStatesError(retriable ? thrown.error : thrown);
    return {
      status: retriable ? 'RETRIABLE' : 'FAILED',
      error: error.error,
      cause: error.cause,
      ...(debug ? { inspectionData: inspectionData() } : {}),
    };
  }
}
