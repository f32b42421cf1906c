import { InvalidDefinition, ValidationException } from '../api/errors';
import { StatesError } from '../errors';
import { type Json, isObject } from '@myblog/asl';
import type { MockedWork } from '../states/mocked-work';
import { parseTaskResource } from '@myblog/asl';
import type { MockResultChecker, TestStateRequest } from './request';
import type { StateUnderTest } from './state-under-test';

/** The state types a mock can stand in for: those that do work. */
const MOCKABLE = new Set(['Task', 'Map', 'Parallel']);

/**
 * Whether a Task can only be tested with a mock: an activity waits for a worker, `.sync` for a
 * job and `.waitForTaskToken` for a callback, none of which a test run has.
 */
function needsMock(state: StateUnderTest): boolean {
  if (state.type !== 'Task') return false;
  const resource = parseTaskResource(String(state.definition['Resource']));
  return resource.kind === 'activity' || (resource.kind === 'integration' && resource.pattern !== 'request');
}

/** Refuses a state TestState cannot run without a mock, as the service does. */
function requireMockWhereNeeded(state: StateUnderTest): void {
  if (state.type === 'Map' || state.type === 'Parallel')
    throw new InvalidDefinition(
      'TestState API does not support Map or Parallel states. Supported state types include: [Task, Wait, Pass, Succeed, Fail, Choice]',
    );
  if (needsMock(state))
    throw new InvalidDefinition(
      `TestState API does not support Activity tasks, .sync or .waitForTaskToken service integration patterns unless a mock is specified: ${String(state.definition['Resource'])}`,
    );
}

/** A Map's result is the array of its iterations' outputs, or ResultWriter's object; a Parallel's, the array of its branches'. */
function checkResultKind(state: StateUnderTest, result: Json): void {
  if (state.type === 'Map' && isObject(state.definition['ResultWriter'])) {
    if (!isObject(result)) throw new ValidationException('Mocked result must be a JSON object.');
  } else if ((state.type === 'Map' || state.type === 'Parallel') && !Array.isArray(result)) {
    throw new ValidationException('Mocked result must be an array.');
  }
}

/**
 * The API shape a Task's mocked result must fit: that of the service action an integration calls
 * (`.sync` patterns: the action the service polls). A Lambda function ARN returns whatever the
 * function returns, and a `.waitForTaskToken` result is whatever the callback sends: no shape.
 */
async function checkApiShape(
  state: StateUnderTest,
  result: Json,
  mode: 'STRICT' | 'PRESENT',
  checker: MockResultChecker | undefined,
): Promise<void> {
  if (state.type !== 'Task' || checker === undefined) return;
  const arn = String(state.definition['Resource']);
  const resource = parseTaskResource(arn);
  if (resource.kind !== 'integration' || resource.pattern === 'waitForTaskToken') return;
  const problem = await checker.check(arn, result, mode);
  if (problem !== undefined) throw new ValidationException(problem);
}

function checkErrorCausedByState(request: TestStateRequest, state: StateUnderTest): void {
  const name = request.stateConfiguration?.errorCausedByState;
  if (name === undefined || state.nestedStateNames.has(name)) return;
  throw new ValidationException(
    `The errorCausedByState '${name}' is not a state of the state under test or of the states nested in it`,
  );
}

/**
 * What the mock of a request stands for, checked as the service checks it: only a Task, Map or
 * Parallel takes one (a Map or Parallel, and the Task patterns that wait, need one); one of result
 * or errorOutput; a result that is JSON of the right kind and, unless fieldValidationMode is NONE,
 * fits the output shape of the API the Task calls.
 */
export async function mockedWorkOf(
  request: TestStateRequest,
  state: StateUnderTest,
  checker: MockResultChecker | undefined,
): Promise<MockedWork | undefined> {
  const mock = request.mock;
  if (mock === undefined) {
    requireMockWhereNeeded(state);
    return undefined;
  }
  if (!MOCKABLE.has(state.type))
    throw new ValidationException(`State type '${state.type}' is not supported when a mock is specified`);
  if (request.revealSecrets === true)
    throw new ValidationException('TestState does not support RevealSecrets when a mock is specified.');
  if ((mock.result === undefined) === (mock.errorOutput === undefined))
    throw new ValidationException(
      'A test mock should have only one of the following fields: [result, errorOutput].',
    );
  checkErrorCausedByState(request, state);
  const configuration = request.stateConfiguration;
  const extras = {
    ...(configuration?.mapIterationFailureCount === undefined
      ? {}
      : { mapIterationFailureCount: configuration.mapIterationFailureCount }),
    ...(configuration?.mapItemReaderData === undefined
      ? {}
      : { mapItemReaderData: configuration.mapItemReaderData }),
  };
  if (mock.errorOutput !== undefined) {
    const { error, cause } = mock.errorOutput;
    if (error === undefined)
      throw new ValidationException(
        "1 validation error detected: Value null at 'mock.errorOutput.error' failed to satisfy constraint: Member must not be null",
      );
    return { outcome: { error: new StatesError(error, cause ?? '') }, ...extras };
  }
  let result: Json;
  try {
    result = JSON.parse(mock.result as string) as Json;
  } catch {
    throw new ValidationException('Mocked result must be valid JSON');
  }
  checkResultKind(state, result);
  const mode = mock.fieldValidationMode ?? 'STRICT';
  if (mode !== 'NONE') await checkApiShape(state, result, mode, checker);
  return { outcome: { result }, ...extras };
}
