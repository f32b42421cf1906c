import { createHash, randomBytes } from 'node:crypto';
import { mkdirSync, mkdtempSync, rmSync, writeFileSync } from 'node:fs';
import { Agent, get } from 'node:http';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { startEdgeCache } from '../../local/edge/edge-cache';
import { type OriginProcess, startOriginProcess } from '../../local/edge/origin-process';
import { UPDATE_ORIGIN } from '../../topology/update-origin';
import { compare, measure } from '../report';

const MiB = 1024 * 1024;
const VERSION = '9.0.0';

interface Release {
  readonly root: string;
  readonly files: readonly { readonly name: string; readonly size: number; readonly sha256: string }[];
}

/** A release folder as the update server reads it: two files of random bytes and latest.json naming them. */
function makeRelease(bytes: number): Release {
  const root = mkdtempSync(join(tmpdir(), 'offload-release-'));
  mkdirSync(join(root, VERSION, 'packs'), { recursive: true });
  const files = [
    { name: 'packs/base.pak', data: randomBytes(bytes - 256 * 1024) },
    { name: 'notes.bin', data: randomBytes(256 * 1024) },
  ].map(({ name, data }) => {
    writeFileSync(join(root, VERSION, name), data);
    return { name, size: data.length, sha256: createHash('sha256').update(data).digest('hex') };
  });
  writeFileSync(join(root, 'latest.json'), JSON.stringify({ version: VERSION, channel: 'stable', files }));
  return { root, files };
}

/** One GET, hashed as it streams; resolves with the body's SHA-256 and length. */
function download(
  agent: Agent,
  url: string,
): Promise<{ status: number; sha256: string; bytes: number; text: string }> {
  return new Promise((resolve, reject) => {
    get(url, { agent }, (res) => {
      const hash = createHash('sha256');
      let bytes = 0;
      const head: Buffer[] = [];
      res.on('data', (chunk: Buffer) => {
        hash.update(chunk);
        if (bytes < 64 * 1024) head.push(chunk);
        bytes += chunk.length;
      });
      res.on('end', () =>
        resolve({
          status: res.statusCode ?? 0,
          sha256: hash.digest('hex'),
          bytes,
          text: Buffer.concat(head).toString(),
        }),
      );
      res.on('error', reject);
    }).on('error', reject);
  });
}

/**
 * What a client does on release day: read latest.json, then download each file it names and check
 * its SHA-256 against it. Returns how many files came back wrong.
 */
async function oneClient(agent: Agent, base: string): Promise<number> {
  const latest = await download(agent, `${base}/updates/latest.json`);
  const manifest = JSON.parse(latest.text) as { version: string; files: Release['files'] };
  let wrong = 0;
  for (const file of manifest.files) {
    const got = await download(agent, `${base}/updates/${manifest.version}/${file.name}`);
    if (got.status !== 200 || got.sha256 !== file.sha256 || got.bytes !== file.size) wrong += 1;
  }
  return wrong;
}

interface Side {
  readonly originBytes: number;
  readonly originCpuSeconds: number;
  readonly wrong: number;
  readonly seconds: number;
}

/** N clients at once against `base`, measuring what the origin process spent on them. */
async function measureSide(origin: OriginProcess, base: string, clients: number): Promise<Side> {
  const agent = new Agent({ keepAlive: true, maxSockets: clients });
  const bytesBefore = origin.counters().bytesServed;
  const cpuBefore = origin.cpuSeconds();
  const started = performance.now();
  const wrong = (await Promise.all(Array.from({ length: clients }, () => oneClient(agent, base)))).reduce(
    (a, b) => a + b,
    0,
  );
  const seconds = (performance.now() - started) / 1000;
  agent.destroy();
  // The origin logs a request when its response closes: let the last lines arrive.
  await new Promise((resolve) => setTimeout(resolve, 300));
  return {
    originBytes: origin.counters().bytesServed - bytesBefore,
    originCpuSeconds: origin.cpuSeconds() - cpuBefore,
    wrong,
    seconds,
  };
}

const mib = (bytes: number) => `${(bytes / MiB).toFixed(1)} MiB`;
const ms = (seconds: number) => `${(seconds * 1000).toFixed(1)} ms`;

/**
 * The seed's claim: with CloudFront in front, the origin serves each file about once per edge
 * instead of once per download. N clients download one release (latest.json, then its files,
 * every file's SHA-256 checked) directly from the update server, and through the local edge from
 * another update server process started the same way; each origin's bytes and CPU are measured.
 */
export async function runOffloadBench(quick: boolean): Promise<boolean> {
  const clients = quick ? 20 : 100;
  const release = makeRelease((quick ? 2 : 16) * MiB);
  const releaseBytes = release.files.reduce((sum, file) => sum + file.size, 0);
  const direct = await startOriginProcess(release.root);
  const behind = await startOriginProcess(release.root);
  const edge = await startEdgeCache({
    origin: behind.url,
    cacheDir: mkdtempSync(join(tmpdir(), 'offload-edge-')),
    behaviors: UPDATE_ORIGIN.behaviors,
    defaultBehavior: UPDATE_ORIGIN.defaultBehavior,
  });
  try {
    // The update server's start (tsx compiling it) is not part of what a download costs.
    await new Promise((resolve) => setTimeout(resolve, 500));
    const straight = await measureSide(direct, direct.url, clients);
    const cached = await measureSide(behind, edge.url, clients);
    const ratio = straight.originBytes / Math.max(1, cached.originBytes);
    const cpuRatio = straight.originCpuSeconds / Math.max(1e-6, cached.originCpuSeconds);
    const wrong = straight.wrong + cached.wrong;
    const target = ratio >= 50 || quick;
    measure(
      'release downloaded',
      `${mib(releaseBytes)} in ${release.files.length} files + latest.json, ${clients} clients at once`,
    );
    compare({
      name: `origin bytes for ${clients} downloads of one release`,
      ours: `through the edge ${mib(cached.originBytes)} (${mib(cached.originBytes / clients)} per download)`,
      peer: `direct from the origin ${mib(straight.originBytes)} (${mib(straight.originBytes / clients)} per download)`,
      ratio,
      note: `${wrong === 0 ? 'every checksum right' : `${wrong} FILES WRONG`}; target >= 50x at 100 clients, ${quick ? 'not judged in quick mode' : target ? 'met' : 'MISSED'}`,
    });
    compare({
      name: `origin CPU per client download`,
      ours: `through the edge ${ms(cached.originCpuSeconds / clients)} (${ms(cached.originCpuSeconds)} in all)`,
      peer: `direct ${ms(straight.originCpuSeconds / clients)} (${ms(straight.originCpuSeconds)} in all)`,
      ratio: cpuRatio,
    });
    measure(
      'wall time for all clients',
      `through the edge ${cached.seconds.toFixed(2)} s, direct ${straight.seconds.toFixed(2)} s (one machine: clients, edge and origins share its cores)`,
    );
    const counters = edge.counters();
    measure(
      'edge',
      `${counters.misses} misses, ${counters.hits} hits, ${mib(counters.bytesToClients)} sent to clients`,
    );
    return wrong === 0 && target;
  } finally {
    await edge.close();
    await direct.stop();
    await behind.stop();
    rmSync(release.root, { recursive: true, force: true });
  }
}
