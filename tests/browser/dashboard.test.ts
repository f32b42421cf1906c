import { PutObjectCommand } from '@aws-sdk/client-s3';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import type { Browser, Page } from 'playwright-core';
import { type Dashboard, startDashboard } from '../../local/dashboard/server';
import { runDemo } from '../../local/demo/scenario';
import { subscriberItem } from '../../local/demo/events';
import type { Runtime } from '../../local/runtime/runtime';
import type { QueueName, WorkflowName } from '../../topology/types';
import { pngWithAlpha } from '../support/images';
import { s3Notification } from '../support/events';
import { stopAll } from '../support/stop-all';
import { executionFor, startPipeline } from '../workflows/real/local-pipeline';
import { launchChromium, screenshot, settled } from './browser';

jest.setTimeout(120_000);

// Set by beforeAll one after another: those after a step that threw stay undefined.
let runtime: Runtime;
let dashboard: Dashboard;
let browser: Browser;
let page: Page;
let demoEnded: Promise<boolean>;
let sawRunning: Promise<unknown>;

/** The name of the state machine the pipeline made of a workflow: what the console calls it. */
const machine = (workflow: WorkflowName): string =>
  runtime.stateMachineArns[workflow].split(':stateMachine:')[1] as string;

/** Opens the newest (or oldest) execution of a workflow with that status from the workflows tab. */
async function openExecution(workflow: WorkflowName, status: string, which: 'first' | 'last'): Promise<void> {
  await page.goto(`${dashboard.url}#workflows`);
  const rows = page.locator(
    `[data-workflow="${machine(workflow)}"] [data-testid="execution"][data-status="${status}"]`,
  );
  await (which === 'first' ? rows.first() : rows.last()).click();
  await page.waitForSelector(`[data-testid="execution-detail"][data-status="${status}"]`);
}

const statusOf = (state: string) =>
  page.locator(`[data-testid="execution-graph"] [data-state="${state}"]`).getAttribute('data-status');

const dlqCard = (queue: QueueName) => page.locator(`[data-testid="dlq-${queue}"]`);

/** Opens the DLQ tab (looking again if it is open) and waits until the queue's card shows `depth`. */
async function shownDepth(queue: QueueName, expected: number): Promise<string | null> {
  await page.click('[data-testid="tab-dlqs"]');
  return settled(
    () => dlqCard(queue).getAttribute('data-depth'),
    (depth) => depth === String(expected),
  );
}

/** Clicks the queue's Redrive button and returns what the page says it did. */
async function redriveOnPage(queue: QueueName): Promise<string | null> {
  await dlqCard(queue).locator('button').click();
  const result = dlqCard(queue).locator('[data-testid="redrive-result"]');
  return settled(
    () => result.textContent(),
    (text) => text !== '',
  );
}

const statesIn = (workflow: WorkflowName) =>
  page.locator(`[data-workflow="${machine(workflow)}"] g.state[data-state]`);
const depth = async (queue: QueueName) =>
  Number(
    (
      await runtime.clients.sqs.send(
        new GetQueueAttributesCommand({
          QueueUrl: runtime.resources.queueUrls[queue],
          AttributeNames: ['ApproximateNumberOfMessages'],
        }),
      )
    ).Attributes?.['ApproximateNumberOfMessages'],
  );

beforeAll(async () => {
  runtime = await startPipeline({}, 0.05);
  dashboard = await startDashboard({ runtime, port: 0, changeIntervalMs: 100 });
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
  await page.goto(dashboard.url);
  await page.waitForSelector('body[data-ready]');
  // The page is open before the first event: what it shows next arrives live, without a reload.
  sawRunning = page.waitForSelector('[data-testid="execution"][data-status="RUNNING"]', { timeout: 60_000 });
  demoEnded = runDemo(runtime, () => undefined);
});

// Stops whatever beforeAll got to start, even when it failed half way (no Chromium, say).
afterAll(() =>
  stopAll(
    () => demoEnded?.catch(() => undefined),
    () => browser?.close(),
    () => dashboard?.close(),
    () => runtime?.stop(),
  ),
);

describe('The dashboard in Chromium', () => {
  test('shows the three workflows as graphs, every state a box', async () => {
    expect(await page.locator('svg.graph').count()).toBe(3);
    expect(await statesIn('welcomeEmail').count()).toBe(12);
    expect(await statesIn('thumbnail').count()).toBeGreaterThan(12);
    expect(await statesIn('updatePublishing').count()).toBeGreaterThan(20);
    // Map and Parallel are drawn as containers holding their states.
    expect(
      await page
        .locator(`[data-workflow="${machine('updatePublishing')}"] g.container.kind-Parallel`)
        .count(),
    ).toBe(1);
    expect(await page.locator(`[data-workflow="${machine('thumbnail')}"] g.container.kind-Map`).count()).toBe(
      2,
    );
  });

  test('executions appear live while the demo runs, and turn green when they succeed', async () => {
    await sawRunning;
    expect(await demoEnded).toBe(true);
    const succeeded = page.locator('[data-testid="execution"][data-status="SUCCEEDED"]');
    expect(
      await settled(
        () => succeeded.count(),
        (n) => n >= 7,
        20_000,
      ),
    ).toBeGreaterThanOrEqual(7);
    const running = page.locator('[data-testid="execution"][data-status="RUNNING"]');
    expect(
      await settled(
        () => running.count(),
        (n) => n === 0,
      ),
    ).toBe(0);
    await screenshot(page, 'dashboard-workflows');
  });

  test('the failed sign-up shows its failed state highlighted, the caught one, and its error', async () => {
    await demoEnded;
    await openExecution('welcomeEmail', 'FAILED', 'first');
    expect(await page.locator('[data-testid="execution-error"]').textContent()).toContain(
      'InvalidSubscriber',
    );
    expect(await statusOf('Reject invalid subscriber')).toBe('failed');
    expect(await statusOf('Validate subscriber')).toBe('caught');
    expect(await statusOf('Send welcome email')).toBe('none');
    expect(await page.locator('[data-testid="events"] tr[data-type="ExecutionFailed"]').count()).toBe(1);
    await screenshot(page, 'dashboard-failed-execution');
  });

  test('Redrive on a failed execution takes it on from the state it ended in, and the page shows it', async () => {
    await demoEnded;
    await openExecution('welcomeEmail', 'FAILED', 'first');
    await page.click('[data-testid="redrive-execution"]');
    // The invalid subscriber is still invalid: the redrive runs the Fail state again and fails again.
    expect(
      await settled(
        () => page.locator('[data-testid="redrive-count"]').textContent(),
        (text) => text === 'redriven 1 time',
      ),
    ).toBe('redriven 1 time');
    await page.waitForSelector('[data-testid="execution-detail"][data-status="FAILED"]');
    expect(await page.locator('[data-testid="events"] tr[data-type="ExecutionRedriven"]').count()).toBe(1);
    expect(await statusOf('Reject invalid subscriber')).toBe('failed');
    await screenshot(page, 'dashboard-redriven-execution');
  });

  test("clicking a state shows that state's input and output", async () => {
    await demoEnded;
    await openExecution('welcomeEmail', 'SUCCEEDED', 'last');
    const graph = page.locator('[data-testid="execution-graph"]');
    const panel = page.locator('[data-testid="state-panel"]');
    await graph.locator('[data-state="Validate subscriber"]').click();
    expect(await panel.locator('h3').textContent()).toBe('Validate subscriber');
    expect(await panel.locator('[data-testid="state-input"]').textContent()).toContain(
      '"eventName": "INSERT"',
    );
    await graph.locator('[data-state="Render welcome email"]').click();
    expect(
      await settled(
        () => panel.locator('h3').textContent(),
        (t) => t === 'Render welcome email',
      ),
    ).toBe('Render welcome email');
    expect(await panel.locator('[data-testid="state-output"]').textContent()).toContain('html');
    await screenshot(page, 'dashboard-state-io');
  });

  test('the arrows a succeeded execution went along are drawn as taken, the others not', async () => {
    await demoEnded;
    await openExecution('welcomeEmail', 'SUCCEEDED', 'last');
    const graph = page.locator('[data-testid="execution-graph"]');
    const taken = (edge: string) => graph.locator(`[data-edge="${edge}"]`).first().getAttribute('data-taken');
    expect(await taken('Validate subscriber→Check whether already welcomed')).toBe('true');
    expect(await taken('Already welcomed?→Render welcome email')).toBe('true');
    expect(await taken('Validate subscriber→Reject invalid subscriber')).toBe('false');
    expect(await taken('Already welcomed?→Skip: already welcomed')).toBe('false');
  });

  test('the outbox shows each welcome email as rendered', async () => {
    await demoEnded;
    await page.click('[data-testid="tab-outbox"]');
    await page.waitForSelector('[data-testid="email"]');
    const subjects = await page.locator('[data-testid="email-subject"]').allTextContents();
    expect(subjects).toEqual(
      expect.arrayContaining(['Boas-vindas ao MyBlog, Ana!', 'Willkommen bei MyBlog, Bo!']),
    );
    const frame = page.frameLocator('iframe.email-body').first();
    expect(await frame.locator('body').textContent()).toMatch(/Hallo Bo|Olá Ana/);
    await screenshot(page, 'dashboard-outbox');
  });

  test('the thumbnails made are shown as images', async () => {
    await demoEnded;
    await page.click('[data-testid="tab-photos"]');
    await page.waitForSelector('[data-testid="photo"]');
    expect(await page.locator('[data-testid="photo"][data-status="DONE"]').count()).toBe(3);
    // The text file named .jpg is listed too, with why it has no thumbnails.
    expect(await page.locator('[data-testid="photo-error"]').textContent()).toContain('UnsupportedImageType');
    expect(await page.locator('[data-testid="thumbnail"]').count()).toBe(18);
    const images = page.locator('[data-testid="thumbnail"] img');
    const loaded = () =>
      images.evaluateAll(
        (all) => all.filter((img) => (img as unknown as { naturalWidth: number }).naturalWidth > 0).length,
      );
    expect(await settled(loaded, (n) => n === 18)).toBe(18);
    await screenshot(page, 'dashboard-thumbnails');
  });

  test('the published release is listed as latest with its files and audit record', async () => {
    await demoEnded;
    await page.click('[data-testid="tab-releases"]');
    const release = page.locator('[data-testid="release"]').first();
    // The audit record arrives through Kinesis and the release-audit function, a moment after the workflow.
    expect(
      await settled(
        () => release.textContent(),
        (text) => (text ?? '').includes('stable'),
        20_000,
      ),
    ).toContain('stable');
    expect(await release.textContent()).toContain('latest');
    expect(await release.textContent()).toContain('monthly.pack');
    await screenshot(page, 'dashboard-releases');
  });

  test('redrive sends a dead-lettered photo notification back to its queue, and the photo is processed', async () => {
    await demoEnded;
    const key = `manual/redriven-${Date.now()}.png`;
    await runtime.clients.s3.send(
      new PutObjectCommand({
        Bucket: runtime.resources.buckets.uploads,
        Key: key,
        Body: await pngWithAlpha(64, 64),
      }),
    );
    await runtime.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: runtime.resources.queueUrls.thumbnailJobsDlq,
        MessageBody: JSON.stringify(s3Notification(runtime.resources.buckets.uploads, [key])),
      }),
    );
    expect(await shownDepth('thumbnailJobsDlq', 1)).toBe('1');
    await screenshot(page, 'dashboard-dlq-before-redrive');
    expect(await redriveOnPage('thumbnailJobsDlq')).toBe('moved 1, kept 0');
    const execution = await executionFor(runtime, 'thumbnail', key);
    expect(execution.status).toBe('SUCCEEDED');
    expect(await depth('thumbnailJobsDlq')).toBe(0);
    expect(await shownDepth('thumbnailJobsDlq', 0)).toBe('0');
    await screenshot(page, 'dashboard-dlq-after-redrive');
  });

  test('redrive of a Pipe dead-letter queue starts the workflow again with the batch', async () => {
    await demoEnded;
    const email = `redriven.${Date.now()}@example.com`;
    const batch = [
      {
        eventID: 'redriven',
        eventName: 'INSERT',
        eventVersion: '1.1',
        eventSource: 'aws:dynamodb',
        awsRegion: 'us-east-1',
        // A whole stream record, as the Pipe dead-lettered it: the function parses it with Powertools' schema.
        dynamodb: {
          Keys: { email: { S: email } },
          NewImage: subscriberItem(email, 'Redriven'),
          SequenceNumber: '100',
          SizeBytes: 100,
          StreamViewType: 'NEW_IMAGE',
        },
        eventSourceARN: runtime.resources.tableStreamArns.subscribers,
      },
    ];
    await runtime.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: runtime.resources.queueUrls.subscriberEventsDlq,
        MessageBody: JSON.stringify(batch),
      }),
    );
    expect(await shownDepth('subscriberEventsDlq', 1)).toBe('1');
    expect(await redriveOnPage('subscriberEventsDlq')).toBe('moved 1, kept 0');
    expect((await executionFor(runtime, 'welcomeEmail', email)).status).toBe('SUCCEEDED');
  });

  test('Try it: a sign-up from the browser goes through the blog API and is welcomed', async () => {
    await demoEnded;
    const email = `browser.${Date.now()}@example.com`;
    await page.click('[data-testid="tab-try"]');
    await page.fill('[data-testid="try-email"]', email);
    await page.fill('[data-testid="try-name"]', 'Browser');
    await page.click('[data-testid="try-signup"] button');
    const result = page.locator('[data-testid="try-signup-result"]');
    expect(
      await settled(
        () => result.textContent(),
        (text) => /^\d{3}/.test(text ?? ''),
      ),
    ).toMatch(/^202/);
    expect((await executionFor(runtime, 'welcomeEmail', email)).status).toBe('SUCCEEDED');
    await page.click('[data-testid="try-signup"] button');
    expect(
      await settled(
        () => result.textContent(),
        (text) => /^409/.test(text ?? ''),
      ),
    ).toContain('already subscribed');
  });

  test('Try it: a photo uploaded from the browser with the presigned URL gets its thumbnails', async () => {
    await demoEnded;
    await page.click('[data-testid="tab-try"]');
    await page.setInputFiles('[data-testid="try-file"]', {
      name: 'from-the-browser.png',
      mimeType: 'image/png',
      buffer: await pngWithAlpha(200, 100),
    });
    await page.click('[data-testid="try-upload"] button');
    const result = page.locator('[data-testid="try-upload-result"]');
    expect(
      await settled(
        () => result.textContent(),
        (text) => /^(Uploaded|S3|\d)/.test(text ?? ''),
      ),
    ).toMatch(/^Uploaded as photo/);
    const photoId = (await result.getAttribute('data-photo-id')) as string;
    const status = await settled(
      async () => (await fetch(`${runtime.apiUrl}/photos/${photoId}`)).status,
      (code) => code === 200,
      30_000,
    );
    expect(status).toBe(200);
    await page.click('[data-testid="tab-photos"]');
    await page.waitForSelector('[data-testid="photo"]');
    const card = page.locator(`[data-photo-id="${photoId}"]`);
    expect(await card.getAttribute('data-status')).toBe('DONE');
    expect(await card.locator('[data-testid="thumbnail"]').count()).toBe(6);
    await screenshot(page, 'dashboard-try-it-upload');
  });
});
