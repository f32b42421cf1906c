import { join } from 'node:path';
import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  loadMockConfig,
  MockConfigError,
  parseMockConfig,
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

  test.each([
    [
      'a response name that is not defined',
      { StateMachines: { m: { TestCases: { c: { S: 'Nope' } } } }, MockedResponses: {} },
      /"Nope", which is not in MockedResponses/,
    ],
    [
      'a range that is not a number',
      { MockedResponses: { R: { first: { Return: 1 } } } },
      /R\."first" is not an invocation number/,
    ],
    [
      'a range that ends before it starts',
      { MockedResponses: { R: { '3-1': { Return: 1 } } } },
      /ends before it starts/,
    ],
    [
      'a gap in the invocations',
      { MockedResponses: { R: { '0': { Return: 1 }, '2': { Return: 2 } } } },
      /invocation 1 is missing/,
    ],
    [
      'an overlap in the invocations',
      { MockedResponses: { R: { '0-1': { Return: 1 }, '1': { Return: 2 } } } },
      /invocation 2 is missing|defined twice/,
    ],
    [
      'both Return and Throw',
      { MockedResponses: { R: { '0': { Return: 1, Throw: { Error: 'E' } } } } },
      /exactly one of Return or Throw/,
    ],
    [
      'a Throw without Error',
      { MockedResponses: { R: { '0': { Throw: { Cause: 'c' } } } } },
      /Throw must be an object with an Error/,
    ],
  ])('refuses %s, saying where', (_name, document, message) => {
    expect(() => parseMockConfig(document)).toThrow(MockConfigError);
    expect(() => parseMockConfig(document)).toThrow(message);
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
