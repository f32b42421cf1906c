import { randomBytes } from 'node:crypto';
import { PutObjectCommand } from '@aws-sdk/client-s3';
import type { ExecutionDescription } from '../../../packages/sfn-engine/src/engine';
import { type Runtime, type RuntimeOptions, startRuntime } from '../../../local/runtime/runtime';
import type { WorkflowName } from '../../../topology/types';

/**
 * The pipeline on the run's shared moto server, under a prefix of its own. `wrapFunction` lets a
 * test stand between the workflows and a function (tests/support/held-invocations.ts).
 */
export async function startPipeline(
  settings: Record<string, string> = {},
  waitTimeScale = 1,
  wrapFunction?: RuntimeOptions['wrapFunction'],
  apiCacheClock?: RuntimeOptions['apiCacheClock'],
): Promise<Runtime> {
  const motoEndpoint = process.env['MOTO_ENDPOINT'];
  if (motoEndpoint === undefined)
    throw new Error('MOTO_ENDPOINT is not set: the workflows project starts moto in its globalSetup');
  const prefix = `t${randomBytes(3).toString('hex')}`;
  return startRuntime({
    motoEndpoint,
    prefix,
    stepFunctionsPort: 0,
    // A sender of its own: SES's outbox is shared by every pipeline on the run's moto.
    settings: { SENDER_ADDRESS: `welcome+${prefix}@myblog.test`, ...settings },
    waitTimeScale,
    log: () => undefined,
    pollIdleMs: 50,
    ...(wrapFunction === undefined ? {} : { wrapFunction }),
    ...(apiCacheClock === undefined ? {} : { apiCacheClock }),
  });
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
  // moto builds this from every service's live objects and now and then fails (HTTP 500) when
  // another test changes them at the same moment; asking again is enough.
  for (let attempt = 1; ; attempt += 1) {
    const response = await fetch(`${endpoint}/moto-api/data.json`);
    if (response.ok) return ((await response.json()) as { ses?: { Message?: [] } }).ses?.Message ?? [];
    if (attempt === 20) throw new Error(`moto's data API answered ${response.status} 20 times`);
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}

/**
 * Uploads a release's files, then its manifest (what starts update-publishing). The manifest is
 * given as is, so a test can publish one that lies about its files.
 */
export async function publishManifest(
  runtime: Runtime,
  version: string,
  files: Record<string, Buffer>,
  manifest: unknown,
): Promise<void> {
  const bucket = runtime.resources.buckets.releases;
  for (const [name, data] of Object.entries(files))
    await runtime.clients.s3.send(
      new PutObjectCommand({ Bucket: bucket, Key: `${version}/${name}`, Body: data }),
    );
  await runtime.clients.s3.send(
    new PutObjectCommand({ Bucket: bucket, Key: `${version}/manifest.json`, Body: JSON.stringify(manifest) }),
  );
}
