import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { loadMockConfig, MockConfigError, parseMockConfig } from '../../local/server/mock-config/config';
import { applySubstitutions, placeholdersIn } from '../../workflows/tools/substitutions';
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

/** A workflow of workflows/ with every ${Name} filled with a placeholder value. */
function workflowDefinition(name: string): string {
  const text = readFileSync(join(__dirname, '..', '..', 'workflows', `${name}.asl.json`), 'utf8');
  const values: Record<string, string> = {};
  for (const placeholder of placeholdersIn(text)) {
    values[placeholder] = placeholder.endsWith('FunctionArn')
      ? `arn:aws:lambda:us-east-1:123456789012:function:${placeholder}`
      : `local-${placeholder}`;
  }
  return applySubstitutions(text, values);
}

describe('the workflows run their mock test cases end to end', () => {
  let sfn: SFNClient;
  let close: () => Promise<void>;
  let logs: string[];
  const arns = new Map<string, string>();

  beforeAll(async () => {
    const merged = { StateMachines: {}, MockedResponses: {} } as {
      StateMachines: Record<string, unknown>;
      MockedResponses: Record<string, unknown>;
    };
    for (const workflow of ['welcome-email', 'thumbnail', 'update-publishing']) {
      const document = JSON.parse(
        readFileSync(join(MOCKS, `${workflow}.mock.json`), 'utf8'),
      ) as typeof merged;
      Object.assign(merged.StateMachines, document.StateMachines);
      for (const [name, response] of Object.entries(document.MockedResponses))
        merged.MockedResponses[`${workflow}:${name}`] = response;
      for (const cases of Object.values(document.StateMachines) as {
        TestCases: Record<string, Record<string, string>>;
      }[]) {
        for (const states of Object.values(cases.TestCases))
          for (const state of Object.keys(states)) states[state] = `${workflow}:${states[state] as string}`;
      }
    }
    const started = await startServer({ mockConfig: parseMockConfig(merged) });
    sfn = started.sfn;
    logs = started.logs;
    close = () => started.server.close();
    for (const workflow of ['welcome-email', 'thumbnail', 'update-publishing']) {
      const created = await sfn.send(
        new CreateStateMachineCommand({
          name: workflow,
          definition: workflowDefinition(workflow),
          roleArn: ROLE,
        }),
      );
      arns.set(workflow, created.stateMachineArn as string);
    }
  });
  afterAll(async () => {
    sfn.destroy();
    await close();
  });

  async function run(workflow: string, testCase: string, input: unknown) {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({
        stateMachineArn: `${arns.get(workflow) as string}#${testCase}`,
        input: JSON.stringify(input),
      }),
    );
    for (;;) {
      const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
      if (described.status !== 'RUNNING') {
        const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 1000 }));
        const entered = (history.events ?? [])
          .filter((e) => e.type?.endsWith('StateEntered'))
          .map((e) => e.stateEnteredEventDetails?.name);
        return { described, entered, history: history.events ?? [] };
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  test('every state a test case names exists (no notices)', () => {
    expect(logs).toEqual([]);
  });

  test('welcome-email HappyPath sends once and records it', async () => {
    const { described, entered } = await run('welcome-email', 'HappyPath', [{}]);
    expect(described.status).toBe('SUCCEEDED');
    expect(JSON.parse(described.output as string)).toEqual({
      status: 'sent',
      email: 'ana@example.com',
      messageId: 'msg-1',
    });
    expect(entered).toEqual([
      'Validate subscriber',
      'Check whether already welcomed',
      'Already welcomed?',
      'Render welcome email',
      'Send welcome email',
      'Record welcome sent',
      'Welcome email sent',
    ]);
  });

  test('welcome-email AlreadyWelcomed stops without sending', async () => {
    const { described, entered } = await run('welcome-email', 'AlreadyWelcomed', [{}]);
    expect(JSON.parse(described.output as string)).toEqual({
      status: 'already-welcomed',
      email: 'ana@example.com',
    });
    expect(entered).not.toContain('Send welcome email');
  });

  test('welcome-email InvalidSubscriber fails with the named error', async () => {
    const { described } = await run('welcome-email', 'InvalidSubscriber', [{}]);
    expect(described).toMatchObject({
      status: 'FAILED',
      error: 'InvalidSubscriber',
      cause: 'email: not an email address',
    });
  });

  test('welcome-email retries a throttled send and succeeds on the third attempt', async () => {
    const { described, history } = await run('welcome-email', 'SendThrottledThenSent', [{}]);
    expect(JSON.parse(described.output as string)).toMatchObject({ messageId: 'msg-2' });
    expect(history.filter((e) => e.type === 'TaskFailed')).toHaveLength(2);
  });

  test('welcome-email records the failure and notifies operations when retries run out', async () => {
    const { described, entered } = await run('welcome-email', 'SendFailsForGood', [{}]);
    expect(described).toMatchObject({ status: 'FAILED', error: 'EmailThrottled' });
    expect(entered.slice(-3)).toEqual([
      'Record welcome failure',
      'Notify operations',
      'Welcome email failed',
    ]);
  });

  test('thumbnail HappyPath makes six sizes of the photo', async () => {
    const { described, history } = await run('thumbnail', 'HappyPath', [{}]);
    expect(described.status).toBe('SUCCEEDED');
    const output = JSON.parse(described.output as string) as {
      results: { thumbnails: unknown[]; status: string }[];
    };
    expect(output.results[0]).toMatchObject({ status: 'DONE' });
    expect(output.results[0]?.thumbnails).toHaveLength(6);
    expect(history.map((e) => e.type)).toContain('MapRunStarted');
  });

  test('thumbnail ignores the S3 test event', async () => {
    const { entered } = await run('thumbnail', 'TestEvent', [{}]);
    expect(entered).toEqual(['Read photo notification', 'Is it a test event?', 'Ignore test event']);
  });

  test('update-publishing HappyPath polls the invalidation until it is Completed', async () => {
    const { described, entered } = await run('update-publishing', 'HappyPath', [{}]);
    expect(described.status).toBe('SUCCEEDED');
    expect(entered.filter((name) => name === 'Check invalidation')).toHaveLength(3);
    expect(entered).toContain('Point latest at the new release');
  });

  test('update-publishing does nothing for a stale release', async () => {
    const { described, entered } = await run('update-publishing', 'StaleRelease', [{}]);
    expect(described.status).toBe('SUCCEEDED');
    expect(entered).toEqual([
      'Read release notification',
      'Load release manifest',
      'Is this release newer?',
      'Stale release: nothing to do',
    ]);
  });

  test('an unknown test case is refused at start', async () => {
    await expect(
      sfn.send(
        new StartExecutionCommand({ stateMachineArn: `${arns.get('thumbnail') as string}#NoSuchCase` }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringContaining('NoSuchCase') as unknown,
    });
  });
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
