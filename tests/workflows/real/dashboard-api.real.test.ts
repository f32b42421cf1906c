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

  test.each([
    [
      'an unknown state machine',
      `/api/state-machines/${encodeURIComponent('arn:aws:states:us-east-1:123456789012:stateMachine:payroll')}/executions`,
      /^StateMachineDoesNotExist: /,
    ],
    [
      'an unknown execution',
      `/api/executions/${encodeURIComponent('arn:aws:states:us-east-1:123456789012:execution:payroll:x')}`,
      /^ExecutionDoesNotExist: /,
    ],
  ])('%s is a 404 naming the Step Functions error', async (_what, path, error) => {
    const { status, body } = await call(path);
    expect(status).toBe(404);
    expect((body as { error: string }).error).toMatch(error);
  });

  test('a redrive asked for with GET is refused: it changes state', async () => {
    expect(await call('/api/dlqs/thumbnailJobsDlq/redrive')).toEqual({
      status: 405,
      body: { error: 'GET is not allowed on /api/dlqs/thumbnailJobsDlq/redrive: use POST' },
    });
  });
});

test("the console's page and script, and the pipeline tabs' script, are served bundled for the browser", async () => {
  const page = await fetch(dashboard.url);
  expect(page.headers.get('content-type')).toContain('text/html');
  for (const path of ['/console.js', '/pipeline.js']) {
    const response = await fetch(new URL(path, dashboard.url));
    expect(response.headers.get('content-type')).toContain('text/javascript');
    expect(await response.text()).not.toMatch(/require\(|from ['"]node:/);
  }
  const config = (await (await fetch(new URL('/api/console', dashboard.url))).json()) as {
    extensionScripts: string[];
  };
  expect(config.extensionScripts).toEqual(['/pipeline.js']);
});

test("an execution the engine starts is in the console's list at its next read: the list is read through the API", async () => {
  const list = async () => {
    const path = `/api/state-machines/${encodeURIComponent(runtime.stateMachineArns.welcomeEmail)}/executions`;
    return (await call(path)).body as { executionArn: string }[];
  };
  const before = await list();
  const { executionArn } = runtime.stepFunctions.engine.startExecution({
    stateMachineArn: runtime.stateMachineArns.welcomeEmail,
    input: '[]',
  });
  const after = await list();
  expect(after).toHaveLength(before.length + 1);
  expect(after[0]?.executionArn).toBe(executionArn);
});
