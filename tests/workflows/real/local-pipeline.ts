import { randomBytes } from 'node:crypto';
import type { ExecutionDescription } from '../../../local/engine/engine';
import { type Runtime, startRuntime } from '../../../local/runtime/runtime';
import type { WorkflowName } from '../../../topology/types';

/** The pipeline on the run's shared moto server, under a prefix of its own. */
export async function startPipeline(settings: Record<string, string> = {}): Promise<Runtime> {
  const motoEndpoint = process.env['MOTO_ENDPOINT'];
  if (motoEndpoint === undefined)
    throw new Error('MOTO_ENDPOINT is not set: the workflows project starts moto in its globalSetup');
  return startRuntime({
    motoEndpoint,
    prefix: `t${randomBytes(3).toString('hex')}`,
    stepFunctionsPort: 0,
    settings,
    log: () => undefined,
    pollIdleMs: 50,
  });
}

/** Waits until `count` executions of the workflow have ended, and returns them oldest first. */
export async function finishedExecutions(
  runtime: Runtime,
  workflow: WorkflowName,
  count: number,
  timeoutMs = 30_000,
): Promise<ExecutionDescription[]> {
  const engine = runtime.stepFunctions.engine;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const executions = engine.listExecutions({ stateMachineArn: runtime.stateMachineArns[workflow] });
    const finished = executions.filter((e) => e.status !== 'RUNNING');
    if (finished.length >= count && finished.length === executions.length) return finished.reverse();
    if (Date.now() > deadline)
      throw new Error(`${finished.length} of ${count} ${workflow} executions ended within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Waits for the ended execution of the workflow whose input mentions `marker` (a key, an address). */
export async function executionFor(
  runtime: Runtime,
  workflow: WorkflowName,
  marker: string,
  timeoutMs = 30_000,
): Promise<ExecutionDescription> {
  const engine = runtime.stepFunctions.engine;
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const found = engine
      .listExecutions({ stateMachineArn: runtime.stateMachineArns[workflow] })
      .find((e) => e.input.includes(marker) && e.status !== 'RUNNING');
    if (found !== undefined) return found;
    if (Date.now() > deadline)
      throw new Error(`no ${workflow} execution for ${marker} ended within ${timeoutMs} ms`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

/** Emails moto's SES has accepted, read back through its data API. */
export async function sentEmails(
  endpoint: string,
): Promise<{ source: string; destinations: { ToAddresses: string[] }; subject: string; body: string }[]> {
  const data = (await (await fetch(`${endpoint}/moto-api/data.json`)).json()) as { ses?: { Message?: [] } };
  return data.ses?.Message ?? [];
}
