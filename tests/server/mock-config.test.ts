import { join } from 'node:path';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  loadMockConfig,
  MockConfigError,
  parseMockConfig,
  responseFor,
} from '../../packages/stepfunctions-local/src/mock-config/config';
import { ROLE, startServer } from './local-server';

const MOCKS = join(__dirname, '..', 'workflows', 'mocks');

describe('reading a mock config', () => {
  test('a file written for AWS Step Functions Local is read as is', () => {
    const config = loadMockConfig(join(MOCKS, 'welcome-email.mock.json'));
    expect(config.testCases.get('welcome-email')?.get('HappyPath')?.get('Send welcome email')).toBe(
      'EmailSent',
    );
  });

  const respond = { Return: 1 };
  test.each([
    ['a document that is not an object', [], /the file must hold a JSON object/],
    ['a top-level field AWS does not define', { MockedResponse: {} }, /Unrecognized key: "MockedResponse"/],
    [
      'StateMachines that is not an object',
      { StateMachines: [] },
      /^ {2}- StateMachines: must be an object/m,
    ],
    [
      'a state machine without TestCases',
      { StateMachines: { OrderFlow: {} } },
      /StateMachines\.OrderFlow\.TestCases: must be an object of test cases/,
    ],
    [
      'a state machine with a field besides TestCases',
      { StateMachines: { OrderFlow: { TestCases: {}, Cases: {} } } },
      /StateMachines\.OrderFlow: Unrecognized key: "Cases"/,
    ],
    [
      'a test case that is not an object',
      { StateMachines: { OrderFlow: { TestCases: { Happy: 'Ok' } } } },
      /StateMachines\.OrderFlow\.TestCases\.Happy: must be an object mapping state names/,
    ],
    [
      'a test case state that is not a response name',
      { StateMachines: { OrderFlow: { TestCases: { Happy: { Charge: { Return: 1 } } } } } },
      /StateMachines\.OrderFlow\.TestCases\.Happy\.Charge: must name a mocked response/,
    ],
    [
      'a response name that MockedResponses does not define',
      { StateMachines: { OrderFlow: { TestCases: { Happy: { 'Charge card': 'Nope' } } } } },
      /StateMachines\.OrderFlow\.TestCases\.Happy\."Charge card": names "Nope", which no MockedResponses entry defines/,
    ],
    ['MockedResponses that is not an object', { MockedResponses: 3 }, /MockedResponses: must be an object/],
    [
      'a mocked response that is not an object',
      { MockedResponses: { Ok: [] } },
      /MockedResponses\.Ok: must be an object of invocation numbers/,
    ],
    [
      'a mocked response without invocations',
      { MockedResponses: { Ok: {} } },
      /MockedResponses\.Ok: must define the response to invocation "0"/,
    ],
    [
      'an invocation key that is not a number',
      { MockedResponses: { Ok: { '0': respond, first: respond } } },
      /MockedResponses\.Ok\.first: is not an invocation number or an inclusive range/,
    ],
    [
      'a range that ends before it starts',
      { MockedResponses: { Ok: { '0': respond, '3-1': respond } } },
      /MockedResponses\.Ok\."3-1": is a range that ends before it starts/,
    ],
    [
      'invocations that do not start at 0',
      { MockedResponses: { Ok: { '1-2': respond } } },
      /MockedResponses\.Ok: must answer every invocation from 0: invocation 0 is missing/,
    ],
    [
      'a gap in the invocations',
      { MockedResponses: { Ok: { '0': respond, '2': respond } } },
      /MockedResponses\.Ok: must answer every invocation from 0: invocation 1 is missing/,
    ],
    [
      'an invocation answered twice',
      { MockedResponses: { Ok: { '0-1': respond, '1-2': respond } } },
      /MockedResponses\.Ok\."1-2": answers invocation 1, which an earlier key answers already/,
    ],
    [
      'a response that is not an object',
      { MockedResponses: { Ok: { '0': 'Return' } } },
      /MockedResponses\.Ok\."0": must be an object with Return or Throw/,
    ],
    [
      'a response with both Return and Throw',
      { MockedResponses: { Ok: { '0': { Return: 1, Throw: { Error: 'E', Cause: 'c' } } } } },
      /MockedResponses\.Ok\."0": must have exactly one of Return or Throw, it has Return and Throw/,
    ],
    [
      'a response with neither Return nor Throw',
      { MockedResponses: { Ok: { '0': {} } } },
      /MockedResponses\.Ok\."0": must have exactly one of Return or Throw, it has neither/,
    ],
    [
      'a response with a field besides Return or Throw',
      { MockedResponses: { Ok: { '0': { Return: 1, Delay: 5 } } } },
      /MockedResponses\.Ok\."0": Unrecognized key: "Delay"/,
    ],
    [
      'a Throw that is not an object',
      { MockedResponses: { Ok: { '0': { Throw: 'States.Timeout' } } } },
      /MockedResponses\.Ok\."0"\.Throw: must be an object with Error and Cause strings/,
    ],
    [
      'a Throw without Error',
      { MockedResponses: { Ok: { '0': { Throw: { Cause: 'c' } } } } },
      /MockedResponses\.Ok\."0"\.Throw\.Error: must be a string/,
    ],
    [
      'a Throw without Cause',
      { MockedResponses: { Ok: { '0': { Throw: { Error: 'E' } } } } },
      /MockedResponses\.Ok\."0"\.Throw\.Cause: must be a string/,
    ],
    [
      'a Throw with a field besides Error and Cause',
      { MockedResponses: { Ok: { '0': { Throw: { Error: 'E', Cause: 'c', Code: 1 } } } } },
      /MockedResponses\.Ok\."0"\.Throw: Unrecognized key: "Code"/,
    ],
  ])('refuses %s, naming its path', (_name, document, message) => {
    expect(() => parseMockConfig(document)).toThrow(MockConfigError);
    expect(() => parseMockConfig(document)).toThrow(message);
  });

  test('reports every problem of a file at once', () => {
    const document = {
      StateMachines: { OrderFlow: { TestCases: { Happy: { Charge: 'Nope' } } } },
      MockedResponses: {
        Ok: { '0': { Throw: { Error: 'E' } }, '2': { Return: 1, Throw: { Error: 'E', Cause: 1 } } },
        Later: { '1': respond },
      },
    };
    expect(() => parseMockConfig(document)).toThrow(
      expect.objectContaining({
        problems: [
          'MockedResponses.Ok."0".Throw.Cause: must be a string',
          'MockedResponses.Ok."2".Throw.Cause: must be a string',
          'MockedResponses.Ok."2": must have exactly one of Return or Throw, it has Return and Throw',
          'MockedResponses.Ok: must answer every invocation from 0: invocation 1 is missing',
          'MockedResponses.Later: must answer every invocation from 0: invocation 0 is missing',
          'StateMachines.OrderFlow.TestCases.Happy.Charge: names "Nope", which no MockedResponses entry defines',
        ],
      }) as unknown as Error,
    );
  });

  test('answers each invocation with the response whose number or range holds it, and later ones with the last', () => {
    const config = parseMockConfig({
      MockedResponses: {
        Retry: {
          '3': { Return: { done: true } },
          '0': { Throw: { Error: 'Lambda.ResourceNotReadyException', Cause: 'not ready' } },
          '1-2': { Throw: { Error: 'Lambda.TimeoutException', Cause: 'timed out' } },
        },
      },
    });
    expect([0, 1, 2, 3, 4].map((n) => responseFor(config, 'Retry', n))).toEqual([
      { kind: 'throw', error: 'Lambda.ResourceNotReadyException', cause: 'not ready' },
      { kind: 'throw', error: 'Lambda.TimeoutException', cause: 'timed out' },
      { kind: 'throw', error: 'Lambda.TimeoutException', cause: 'timed out' },
      { kind: 'return', value: { done: true } },
      { kind: 'return', value: { done: true } },
    ]);
  });

  test('a file with neither StateMachines nor MockedResponses mocks nothing', () => {
    const config = parseMockConfig({});
    expect([config.testCases.size, config.responses.size]).toEqual([0, 0]);
  });

  test('a file that is not JSON is refused with its path', () => {
    expect(() => loadMockConfig(__filename)).toThrow(/mock-config\.test\.ts.*not valid JSON/s);
  });
});

test('an execution started on an unknown test case is refused', async () => {
  const config = parseMockConfig({ StateMachines: { m: { TestCases: { c: {} } } }, MockedResponses: {} });
  const { sfn, server } = await startServer({ mockConfig: config });
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({
      name: 'm',
      definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }),
      roleArn: ROLE,
    }),
  );
  await expect(
    sfn.send(new StartExecutionCommand({ stateMachineArn: `${stateMachineArn as string}#NoSuchCase` })),
  ).rejects.toMatchObject({
    name: 'ValidationException',
    message: expect.stringContaining('NoSuchCase') as unknown,
  });
  sfn.destroy();
  await server.close();
});

test('a test case naming a state the machine lacks is reported when the machine is created', async () => {
  const config = parseMockConfig({
    StateMachines: { m: { TestCases: { c: { Ghost: 'R' } } } },
    MockedResponses: { R: { '0': { Return: 1 } } },
  });
  const { sfn, server, logs } = await startServer({ mockConfig: config });
  await sfn.send(
    new CreateStateMachineCommand({
      name: 'm',
      definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }),
      roleArn: ROLE,
    }),
  );
  expect(logs).toEqual([expect.stringContaining('the state machine has no state "Ghost"')]);
  sfn.destroy();
  await server.close();
});
