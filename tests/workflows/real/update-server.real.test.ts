import { randomBytes } from 'node:crypto';
import { existsSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Dashboard, startDashboard } from '../../../local/dashboard/server';
import type { OffloadView } from '../../../local/dashboard/offload-types';
import { type Runtime, startRuntime } from '../../../local/runtime/runtime';
import { pipeline, servedByUpdateServer } from '../../../topology/pipeline';
import { manifestFor, sha256 } from '../../support/releases';
import { executionFor, publishManifest } from './local-pipeline';

// releaseOrigin updateServer on the local pipeline: update-publishing writes the release where the
// update server (its own process) reads it, and it downloads through the local edge and directly.

let runtime: Runtime;
beforeAll(async () => {
  const motoEndpoint = process.env['MOTO_ENDPOINT'];
  if (motoEndpoint === undefined) throw new Error('MOTO_ENDPOINT is not set');
  const prefix = `u${randomBytes(3).toString('hex')}`;
  runtime = await startRuntime(
    {
      motoEndpoint,
      prefix,
      stepFunctionsPort: 0,
      settings: { SENDER_ADDRESS: `welcome+${prefix}@myblog.test` },
      waitTimeScale: 0.01,
      log: () => undefined,
      pollIdleMs: 50,
    },
    servedByUpdateServer(pipeline),
  );
}, 60_000);
afterAll(() => runtime?.stop());

const origin = () => {
  if (runtime.updateOrigin === undefined) throw new Error('no update origin started');
  return runtime.updateOrigin;
};

async function invalidationsApplied(count: number): Promise<void> {
  const deadline = Date.now() + 10_000;
  while (origin().traffic().invalidations < count) {
    if (Date.now() > deadline) throw new Error(`the edge did not get ${count} invalidation(s)`);
    await new Promise((resolve) => setTimeout(resolve, 50));
  }
}

async function fetchBytes(url: string): Promise<{ status: number; body: Buffer; cache: string | null }> {
  const response = await fetch(url);
  return {
    status: response.status,
    body: Buffer.from(await response.arrayBuffer()),
    cache: response.headers.get('x-cache'),
  };
}

test('a published release is on the update server volume and downloads, byte for byte, through the edge and directly', async () => {
  const files = {
    'notes.txt': Buffer.from('What is new in 5.0.0'),
    'packs/base.pak': randomBytes(300 * 1024),
  };
  await publishManifest(runtime, '5.0.0', files, manifestFor('5.0.0', files));
  const execution = await executionFor(runtime, 'updatePublishing', '5.0.0', 60_000);
  expect(execution).toMatchObject({ status: 'SUCCEEDED' });
  const output = JSON.parse(execution.output as string) as { updateServerLatest: unknown };
  expect(output.updateServerLatest).toEqual({ outcome: 'moved', version: '5.0.0' });
  // The release's invalidation reaches the edge a moment after the execution (as CloudFront's
  // reach its edges): what is cached before it would be dropped by it.
  await invalidationsApplied(1);

  for (const base of [origin().edgeUrl, origin().originUrl]) {
    const latest = await fetchBytes(`${base}/updates/latest.json`);
    expect(JSON.parse(latest.body.toString())).toMatchObject({ version: '5.0.0' });
    for (const [name, data] of Object.entries(files)) {
      const got = await fetchBytes(`${base}/updates/5.0.0/${name}`);
      expect(got.status).toBe(200);
      expect(sha256(got.body)).toBe(sha256(data));
    }
  }
  // The origin logs a request as its response closes, a moment after the client has the bytes.
  await new Promise((resolve) => setTimeout(resolve, 300));
  const before = origin().traffic().origin.bytesServed;
  const again = await fetchBytes(`${origin().edgeUrl}/updates/5.0.0/packs/base.pak`);
  expect(again.cache).toBe('Hit from cloudfront');
  await new Promise((resolve) => setTimeout(resolve, 100));
  expect(origin().traffic().origin.bytesServed).toBe(before);
  expect(origin().traffic().edge.bytesToClients).toBeGreaterThan(2 * files['packs/base.pak'].length);
});

test("the next release's invalidation reaches the edge: its cached latest.json gives way to the new one at once", async () => {
  const cached = await fetchBytes(`${origin().edgeUrl}/updates/latest.json`);
  expect(JSON.parse(cached.body.toString())).toMatchObject({ version: '5.0.0' });
  const files = { 'app.zip': randomBytes(10 * 1024) };
  await publishManifest(runtime, '5.1.0', files, manifestFor('5.1.0', files));
  expect(await executionFor(runtime, 'updatePublishing', '5.1.0', 60_000)).toMatchObject({
    status: 'SUCCEEDED',
  });
  const deadline = Date.now() + 10_000;
  let seen = '';
  while (Date.now() < deadline) {
    seen = (
      JSON.parse((await fetchBytes(`${origin().edgeUrl}/updates/latest.json`)).body.toString()) as {
        version: string;
      }
    ).version;
    if (seen === '5.1.0') break;
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
  // Well within latest.json's 60 s TTL: only the invalidation can have refreshed it.
  expect(seen).toBe('5.1.0');
});

test('a release whose file fails its checksum leaves nothing on the update server volume', async () => {
  const files = { 'app.zip': randomBytes(10 * 1024) };
  const manifest = manifestFor('5.2.0', files);
  manifest.files[0] = {
    ...manifest.files[0],
    sha256: sha256('not these bytes'),
  } as (typeof manifest.files)[0];
  await publishManifest(runtime, '5.2.0', files, manifest);
  expect(await executionFor(runtime, 'updatePublishing', '5.2.0', 60_000)).toMatchObject({
    status: 'FAILED',
    error: 'ChecksumMismatch',
  });
  expect(existsSync(join(origin().dir, '5.2.0'))).toBe(false);
  expect(readdirSync(origin().dir).sort()).toEqual(['5.0.0', '5.1.0', 'latest.json']);
  expect((await fetchBytes(`${origin().edgeUrl}/updates/5.2.0/app.zip`)).status).toBe(404);
});

test("the dashboard's /api/offload reports the bytes the edge served and those the origin served", async () => {
  let dashboard: Dashboard | undefined;
  try {
    dashboard = await startDashboard({ runtime, port: 0 });
    for (let i = 0; i < 3; i += 1) await fetchBytes(`${origin().edgeUrl}/updates/5.0.0/packs/base.pak`);
    await new Promise((resolve) => setTimeout(resolve, 100));
    const view = (await (await fetch(new URL('/api/offload', dashboard.url))).json()) as OffloadView;
    if (!view.enabled) throw new Error('the offload view is not enabled');
    expect(view).toMatchObject({ edgeUrl: origin().edgeUrl, originUrl: origin().originUrl });
    expect(view.edge.bytesToClients).toBeGreaterThan(view.edge.bytesFromOrigin);
    expect(view.edge.hits).toBeGreaterThanOrEqual(3);
    expect(view.origin.bytesServed).toBe(origin().traffic().origin.bytesServed);
  } finally {
    await dashboard?.close();
  }
});
