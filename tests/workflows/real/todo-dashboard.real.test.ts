import { randomBytes } from 'node:crypto';
import { type Dashboard, startDashboard } from '../../../local/dashboard/server';
import type { TodoDashboardView } from '../../../local/dashboard/todo-types';
import type { Runtime } from '../../../local/runtime/runtime';
import { startTodoBackend, type TodoBackend } from '../../../local/runtime/todo/backend';
import { signIn } from '../../../local/runtime/todo/users';
import { stopAll } from '../../support/stop-all';
import { startPipeline } from './local-pipeline';
import { eventually } from './todo-local';

let runtime: Runtime;
let todo: TodoBackend;
let dashboard: Dashboard;
beforeAll(async () => {
  // As npm start runs them: the blog's pipeline, and MyTodoList on its moto and Step Functions.
  runtime = await startPipeline();
  todo = await startTodoBackend({
    motoEndpoint: process.env['MOTO_ENDPOINT'] as string,
    stepFunctions: runtime.stepFunctionsLink,
    prefix: `todo${randomBytes(3).toString('hex')}`,
    log: () => undefined,
    pollIdleMs: 50,
  });
  dashboard = await startDashboard({ runtime, port: 0, todo });
}, 60_000);
afterAll(() =>
  stopAll(
    () => dashboard?.close(),
    () => todo?.stop(),
    () => runtime?.stop(),
  ),
);

const view = async () =>
  (await (await fetch(new URL('/api/todo', dashboard.url))).json()) as TodoDashboardView;

test("the MyTodoList tab's data says how to sign in, counts the caches and lists the reminder executions", async () => {
  const user = await signIn(
    todo.signInTarget,
    `dash-${randomBytes(3).toString('hex')}@example.com`,
    'Dashboard-pass-1',
    true,
  );
  const created = await fetch(`${todo.apiUrl}/todos`, {
    method: 'POST',
    headers: { Authorization: user.idToken, 'Content-Type': 'application/json' },
    body: JSON.stringify({
      title: 'Shown on the dashboard',
      dueAt: new Date(Date.now() + 86_400_000).toISOString(),
    }),
  });
  const todoId = ((await created.json()) as { todoId: string }).todoId;
  await fetch(`${todo.apiUrl}${created.headers.get('location') as string}`, {
    headers: { Authorization: user.idToken },
  });
  await fetch(`${todo.apiUrl}${created.headers.get('location') as string}`, {
    headers: { Authorization: user.idToken },
  });

  const shown = await eventually('the reminder on the tab', async () => {
    const current = await view();
    return current.enabled && current.reminders.some((r) => r.todoId === todoId) ? current : undefined;
  });

  if (!shown.enabled) throw new Error('the tab is off');
  expect(shown).toMatchObject({
    apiUrl: todo.apiUrl,
    userPoolId: todo.resources.userPoolId,
    identityPoolId: todo.resources.identityPoolId,
  });
  expect(shown.caches.stage).toEqual({ hits: 1, misses: 1 });
  expect(shown.reminders.find((r) => r.todoId === todoId)).toMatchObject({
    change: 'INSERT',
    status: 'RUNNING',
  });
}, 60_000);

test('without MyTodoList the tab says it is not running', async () => {
  const alone = await startDashboard({ runtime, port: 0 });
  try {
    expect(await (await fetch(new URL('/api/todo', alone.url))).json()).toEqual({ enabled: false });
  } finally {
    await alone.close();
  }
}, 60_000);
