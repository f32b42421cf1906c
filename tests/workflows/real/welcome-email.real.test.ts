import { PutItemCommand } from '@aws-sdk/client-dynamodb';
import type { Runtime } from '../../../local/runtime/runtime';
import { executionFor, sentEmails, startPipeline } from './local-pipeline';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startPipeline();
}, 60_000);
afterAll(() => runtime?.stop());

const subscriber = (email: string, name: string) => ({
  email: { S: email },
  name: { S: name },
  locale: { S: 'pt-BR' },
  consent: { BOOL: true },
  subscribedAt: { S: '2026-11-24T10:00:00Z' },
});

test('a subscriber row reaches welcome-email through the stream and one email is sent through SES', async () => {
  const email = `ana-${runtime.resources.prefix}@example.com`;
  await runtime.clients.dynamodb.send(
    new PutItemCommand({ TableName: runtime.resources.tables.subscribers, Item: subscriber(email, 'Ana') }),
  );
  const execution = await executionFor(runtime, 'welcomeEmail', email);
  expect(execution).toMatchObject({ status: 'SUCCEEDED' });
  expect(JSON.parse(execution.output as string)).toMatchObject({ status: 'sent', email });
  const mine = (await sentEmails(runtime.endpoint)).filter((m) => m.destinations.ToAddresses.includes(email));
  expect(mine).toHaveLength(1);
  expect(mine[0]?.body).toContain('Ana');
}, 60_000);

test('the same stream record delivered twice still sends exactly one email', async () => {
  const email = `bo-${runtime.resources.prefix}@example.com`;
  await runtime.clients.dynamodb.send(
    new PutItemCommand({ TableName: runtime.resources.tables.subscribers, Item: subscriber(email, 'Bo') }),
  );
  const first = await executionFor(runtime, 'welcomeEmail', email);
  // A Pipe delivers at least once: replay the exact batch it sent.
  const engine = runtime.stepFunctions.engine;
  const replay = await engine.startSyncExecution({
    stateMachineArn: runtime.stateMachineArns.welcomeEmail,
    input: first.input,
  });
  expect(replay.status).toBe('SUCCEEDED');
  expect(JSON.parse(replay.output as string)).toEqual({ status: 'already-welcomed', email });
  expect(
    (await sentEmails(runtime.endpoint)).filter((m) => m.destinations.ToAddresses.includes(email)),
  ).toHaveLength(1);
}, 60_000);

test('a row that is not a valid subscriber ends as InvalidSubscriber and sends nothing', async () => {
  const email = `not-an-address-${runtime.resources.prefix}`;
  await runtime.clients.dynamodb.send(
    new PutItemCommand({ TableName: runtime.resources.tables.subscribers, Item: subscriber(email, 'Cy') }),
  );
  const rejected = await executionFor(runtime, 'welcomeEmail', email);
  expect(rejected).toMatchObject({ status: 'FAILED', error: 'InvalidSubscriber' });
  expect(
    (await sentEmails(runtime.endpoint)).filter((m) => m.destinations.ToAddresses.includes(email)),
  ).toHaveLength(0);
}, 60_000);
