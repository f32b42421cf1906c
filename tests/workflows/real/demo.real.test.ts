import { runDemo, summarize } from '../../../local/demo/scenario';
import type { Runtime } from '../../../local/runtime/runtime';
import { sentEmails, startPipeline } from './local-pipeline';

let runtime: Runtime;
beforeAll(async () => {
  runtime = await startPipeline({}, 0.01);
}, 60_000);
afterAll(() => runtime?.stop());

test('the npm start demo ends every event as expected, and sends one email per valid subscriber', async () => {
  const lines: string[] = [];
  const ok = await runDemo(runtime, (line) => lines.push(line));
  if (!ok) throw new Error(`the demo did not end as expected:\n${lines.join('\n')}`);
  expect(lines.at(-1)).toBe('All 11 events ended as expected.');
  const welcomed = (await sentEmails(runtime.endpoint)).filter((m) =>
    lines.some((line) => m.destinations.ToAddresses.some((to) => line.includes(to))),
  );
  expect(welcomed).toHaveLength(2);
}, 120_000);

test('an execution no demo event started that failed makes the summary say so and fail', async () => {
  const { executionArn } = runtime.stepFunctions.engine.startExecution({
    stateMachineArn: runtime.stateMachineArns.welcomeEmail,
    input: '[{"not": "a stream record"}]',
  });
  await runtime.stepFunctions.engine.waitForExecution(executionArn);
  const lines: string[] = [];
  expect(await summarize(runtime, [], (line) => lines.push(line))).toBe(false);
  const name = executionArn.split(':').at(-1) as string;
  expect(lines).toContainEqual(expect.stringContaining(`${name} that no demo event started: FAILED`));
  expect(lines.at(-1)).toMatch(/other execution\(s\) did not succeed/);
});
