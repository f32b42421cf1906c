import { type Dashboard, startDashboard } from '../../../local/dashboard/server';
import type { Runtime } from '../../../local/runtime/runtime';
import { stopAll } from '../../support/stop-all';
import { startPipeline } from './local-pipeline';

let runtime: Runtime;
let dashboard: Dashboard;
beforeAll(async () => {
  runtime = await startPipeline();
  dashboard = await startDashboard({ runtime, port: 0 });
}, 60_000);
afterAll(() =>
  stopAll(
    () => dashboard?.close(),
    () => runtime?.stop(),
  ),
);

const call = async (path: string, init?: RequestInit) => {
  const response = await fetch(new URL(path, dashboard.url), init);
  return { status: response.status, body: (await response.json()) as unknown };
};

describe('The dashboard API refuses what it does not serve, with a clear message', () => {
  test.each([
    ['an unknown route', '/api/nothing', 404, 'Nothing at GET /api/nothing'],
    ['an unknown workflow', '/api/executions?workflow=payroll', 404, 'No workflow payroll'],
    ['an unknown execution', '/api/executions/arn%3Aaws%3Astates%3Ax', 404, 'No execution arn:aws:states:x'],
    ['a bucket it does not show', '/files/releases/1.0.0/app.zip', 404, 'No bucket releases'],
    ['an object that is not there', '/files/thumbnails/missing.webp', 404, 'No object missing.webp'],
    [
      'a queue that is not a dead-letter queue',
      '/api/dlqs/thumbnailJobs/redrive',
      404,
      'No dead-letter queue thumbnailJobs',
    ],
  ])('%s', async (_what, path, status, error) => {
    const init: RequestInit = path.endsWith('/redrive')
      ? { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' }
      : {};
    expect(await call(path, init)).toEqual({ status, body: { error } });
  });

  test('a redrive asked for with GET is refused: it changes state', async () => {
    expect(await call('/api/dlqs/thumbnailJobsDlq/redrive')).toEqual({
      status: 405,
      body: { error: 'Redrive is a POST' },
    });
  });
});

test('the page and its script are served, the script bundled for the browser', async () => {
  const page = await fetch(dashboard.url);
  expect(page.headers.get('content-type')).toContain('text/html');
  const script = await (await fetch(new URL('/app.js', dashboard.url))).text();
  expect(script).toContain('/api/changes');
  expect(script).not.toMatch(/require\(|from ['"]node:/);
});

test('the change feed tells a watcher when an execution moves on', async () => {
  const controller = new AbortController();
  const response = await fetch(new URL('/api/changes', dashboard.url), { signal: controller.signal });
  const reader = (response.body as ReadableStream<Uint8Array>).getReader();
  const notices: { executions: number; version: number }[] = [];
  let buffered = '';
  const nextNotice = async () => {
    for (;;) {
      const end = buffered.indexOf('\n\n');
      if (end >= 0) {
        const event = buffered.slice(0, end);
        buffered = buffered.slice(end + 2);
        if (event.startsWith('data: ')) return JSON.parse(event.slice(6)) as (typeof notices)[number];
        continue;
      }
      buffered += new TextDecoder().decode((await reader.read()).value);
    }
  };
  notices.push(await nextNotice());
  runtime.stepFunctions.engine.startExecution({
    stateMachineArn: runtime.stateMachineArns.welcomeEmail,
    input: '[]',
  });
  notices.push(await nextNotice());
  controller.abort();
  expect(notices[1]?.executions).toBeGreaterThan(notices[0]?.executions as number);
  expect(notices[1]?.version).toBe((notices[0]?.version as number) + 1);
});
