import { CreateStateMachineCommand, StartExecutionCommand } from '@aws-sdk/client-sfn';
import type { Browser, Page } from 'playwright-core';
import { type WatchedEndpoint, watchedEndpoint } from '../../packages/stepfunctions-local/src/console/client';
import {
  startConsole,
  type StepFunctionsConsole,
} from '../../packages/stepfunctions-local/src/console/server';
import {
  type LocalStepFunctions,
  startLocalStepFunctions,
} from '../../packages/stepfunctions-local/src/server';
import { stopAll } from '../support/stop-all';
import { launchChromium, screenshot, settled } from './browser';

jest.setTimeout(120_000);

/**
 * The package's console on its own, in Chromium, watching a stepfunctions-local server through
 * its API only (the console is given an SDK client, never the engine): once able to start and
 * redrive, once read-only.
 */

const ROLE = 'arn:aws:iam::123456789012:role/console-test';

/** An order is approved when its amount is small, and refused (Fail) otherwise; it waits a moment first. */
const ORDERS = {
  StartAt: 'Receive order',
  States: {
    'Receive order': { Type: 'Wait', Seconds: 1, Next: 'Small enough?' },
    'Small enough?': {
      Type: 'Choice',
      Choices: [{ Variable: '$.amount', NumericLessThan: 100, Next: 'Approve order' }],
      Default: 'Refuse order',
    },
    'Approve order': { Type: 'Pass', Result: { approved: true }, ResultPath: '$.decision', End: true },
    'Refuse order': { Type: 'Fail', Error: 'OrderTooLarge', Cause: 'amounts of 100 or more need a person' },
  },
};

let server: LocalStepFunctions;
let watched: WatchedEndpoint;
let served: StepFunctionsConsole;
let readOnly: StepFunctionsConsole;
let browser: Browser;
let page: Page;
let ordersArn: string;
let refusedArn: string;

beforeAll(async () => {
  server = await startLocalStepFunctions({
    port: 0,
    target: { region: 'us-east-1', accountId: '123456789012', endpoints: {} },
    log: () => undefined,
  });
  watched = await watchedEndpoint(server.url, 'us-east-1');
  const created = await watched.sfn.send(
    new CreateStateMachineCommand({ name: 'orders', definition: JSON.stringify(ORDERS), roleArn: ROLE }),
  );
  ordersArn = created.stateMachineArn as string;
  const refused = await watched.sfn.send(
    new StartExecutionCommand({ stateMachineArn: ordersArn, name: 'large', input: '{"amount":500}' }),
  );
  refusedArn = refused.executionArn as string;
  served = await startConsole({ sfn: watched.sfn, watching: watched.watching, pollIntervalMs: 200 });
  readOnly = await startConsole({
    sfn: watched.sfn,
    watching: watched.watching,
    pollIntervalMs: 200,
    readOnly: true,
  });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1400, height: 900 } });
});

afterAll(() =>
  stopAll(
    () => browser?.close(),
    () => served?.close(),
    () => readOnly?.close(),
    async () => watched?.sfn.destroy(),
    () => server?.close(),
  ),
);

async function open(console: StepFunctionsConsole, hash: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${console.url}#${hash}`);
  await page.waitForSelector('body[data-ready]');
}

const rowsOf = (status: string) =>
  page.locator(`[data-workflow="orders"] [data-testid="execution"][data-status="${status}"]`);

describe('The console, watching a local server through its API', () => {
  test('draws the state machine as a graph, every state a box, and says what it watches', async () => {
    await open(served, 'workflows');
    const card = page.locator('[data-testid="workflow-orders"]');
    await card.locator('g.state[data-state]').first().waitFor();
    const states = await card
      .locator('g.state[data-state]')
      .evaluateAll((all) => all.map((state) => state.getAttribute('data-state')));
    expect(states.sort()).toEqual(Object.keys(ORDERS.States).sort());
    expect(await page.locator('[data-testid="watching"]').textContent()).toBe(server.url);
  });

  test('an execution started elsewhere appears without a reload, running, then refused', async () => {
    await open(served, 'workflows');
    await watched.sfn.send(
      new StartExecutionCommand({ stateMachineArn: ordersArn, name: 'live', input: '{"amount":900}' }),
    );
    const live = page.locator('[data-workflow="orders"] [data-testid="execution"]', { hasText: 'live' });
    expect(
      await settled(
        () => live.getAttribute('data-status'),
        (status) => status === 'RUNNING',
      ),
    ).toBe('RUNNING');
    expect(
      await settled(
        () => live.getAttribute('data-status'),
        (status) => status === 'FAILED',
        10_000,
      ),
    ).toBe('FAILED');
    expect(
      await settled(
        () => live.locator('.error-name').textContent(),
        (text) => text === 'OrderTooLarge',
      ),
    ).toBe('OrderTooLarge');
    await screenshot(page, 'console-workflows');
  });

  test('Start execution on the page starts one with the input given and opens it', async () => {
    await open(served, 'workflow/orders');
    await page.fill('[data-testid="start-name"]', 'from-the-page');
    await page.fill('[data-testid="start-input"]', '{"amount": 42}');
    await page.click('[data-testid="start-execution"] button');
    await page.waitForSelector('[data-testid="execution-detail"][data-status="SUCCEEDED"]', {
      timeout: 10_000,
    });
    expect(page.url()).toContain(encodeURIComponent(':execution:orders:from-the-page'));
    expect(await page.locator('[data-testid="execution-input"]').textContent()).toContain('"amount": 42');
    expect(await page.locator('[data-testid="execution-output"]').textContent()).toContain(
      '"approved": true',
    );
  });

  test('input that is not JSON is refused on the page, and nothing starts', async () => {
    await open(served, 'workflow/orders');
    const before = await page.locator('[data-testid="execution"]').count();
    await page.fill('[data-testid="start-input"]', '{amount');
    await page.click('[data-testid="start-execution"] button');
    expect(await page.locator('[data-testid="start-result"]').textContent()).toMatch(
      /^The input is not JSON/,
    );
    expect(await page.locator('[data-testid="execution"]').count()).toBe(before);
  });

  test('a failed execution: its failed state highlighted, the path coloured, its error and history', async () => {
    await open(served, `execution/${encodeURIComponent(refusedArn)}`);
    await page.waitForSelector('[data-testid="execution-detail"][data-status="FAILED"]');
    const graph = page.locator('[data-testid="execution-graph"]');
    const statusOf = (state: string) => graph.locator(`[data-state="${state}"]`).getAttribute('data-status');
    expect(await statusOf('Refuse order')).toBe('failed');
    expect(await statusOf('Small enough?')).toBe('succeeded');
    expect(await statusOf('Approve order')).toBe('none');
    expect(await graph.locator('[data-edge="Small enough?→Refuse order"]').getAttribute('data-taken')).toBe(
      'true',
    );
    expect(await page.locator('[data-testid="execution-error"]').textContent()).toContain('OrderTooLarge');
    expect(await page.locator('[data-testid="events"] tr[data-type="ExecutionFailed"]').count()).toBe(1);
    await graph.locator('[data-state="Receive order"]').click();
    expect(
      await page.locator('[data-testid="state-panel"] [data-testid="state-input"]').textContent(),
    ).toContain('"amount": 500');
    await screenshot(page, 'console-failed-execution');
  });

  test('Redrive on the page takes the execution on from the state it failed in', async () => {
    await open(served, `execution/${encodeURIComponent(refusedArn)}`);
    await page.click('[data-testid="redrive-execution"]');
    expect(
      await settled(
        () => page.locator('[data-testid="redrive-count"]').textContent(),
        (text) => text === 'redriven 1 time',
      ),
    ).toBe('redriven 1 time');
    await page.waitForSelector('[data-testid="execution-detail"][data-status="FAILED"]');
    expect(await page.locator('[data-testid="events"] tr[data-type="ExecutionRedriven"]').count()).toBe(1);
  });
});

describe('The console, read-only', () => {
  test('says so, draws the same graphs and executions', async () => {
    await open(readOnly, 'workflows');
    expect(await page.locator('[data-testid="watching"]').textContent()).toBe(`${server.url} · read-only`);
    expect(
      await settled(
        () => rowsOf('FAILED').count(),
        (n) => n >= 2,
      ),
    ).toBeGreaterThanOrEqual(2);
  });

  test('offers no Start execution form', async () => {
    await open(readOnly, 'workflow/orders');
    await page.waitForSelector('[data-testid="workflow-page"]');
    expect(await page.locator('[data-testid="execution"]').count()).toBeGreaterThan(0);
    expect(await page.locator('[data-testid="start-execution"]').count()).toBe(0);
  });

  test('offers no Redrive on an execution that could be redriven', async () => {
    const failed = await watched.sfn.send(
      new StartExecutionCommand({ stateMachineArn: ordersArn, input: '{"amount":100}' }),
    );
    await open(readOnly, `execution/${encodeURIComponent(failed.executionArn as string)}`);
    await page.waitForSelector('[data-testid="execution-detail"][data-status="FAILED"]', { timeout: 10_000 });
    expect(await page.locator('[data-testid="execution-error"]').textContent()).toContain('OrderTooLarge');
    expect(await page.locator('[data-testid="redrive-execution"]').count()).toBe(0);
    await screenshot(page, 'console-read-only');
  });
});
