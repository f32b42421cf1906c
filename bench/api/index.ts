import autocannon from 'autocannon';
import { publishRelease, uploadThroughApi } from '../../local/demo/events';
import { type Runtime, startRuntime } from '../../local/runtime/runtime';
import { compare, measure } from '../report';

interface Load {
  readonly name: string;
  readonly url: string;
  readonly method?: 'GET' | 'POST';
  readonly expectedStatus: number;
  /** A body per request (unique sign-ups), or one for all. */
  readonly body?: () => string;
}

interface Measured {
  readonly p50: number;
  readonly p99: number;
  readonly perSecond: number;
  /** Answers with another status than expected, and connection errors. */
  readonly wrong: number;
}

async function hammer(load: Load, seconds: number, connections: number): Promise<Measured> {
  let wrong = 0;
  const result = await autocannon({
    url: load.url,
    method: load.method ?? 'GET',
    connections,
    duration: seconds,
    headers: { 'content-type': 'application/json' },
    ...(load.body === undefined
      ? {}
      : { requests: [{ setupRequest: (request) => ({ ...request, body: (load.body as () => string)() }) }] }),
  });
  // autocannon counts 2xx; anything else must be the status the load expects.
  const statuses = result.statusCodeStats as unknown as Record<string, { count: number }>;
  for (const [status, { count }] of Object.entries(statuses))
    if (Number(status) !== load.expectedStatus) wrong += count;
  return {
    p50: result.latency.p50,
    p99: result.latency.p99,
    perSecond: result.requests.average,
    wrong: wrong + result.errors + result.timeouts,
  };
}

async function waitFor(read: () => Promise<boolean>, what: string): Promise<void> {
  const deadline = Date.now() + 60_000;
  while (!(await read())) {
    if (Date.now() > deadline) throw new Error(`bench setup: ${what} did not happen within a minute`);
    await new Promise((resolve) => setTimeout(resolve, 200));
  }
}

/** A published release and a processed photo for the GET routes to read (asked past the stage cache). */
async function seed(runtime: Runtime, direct: string): Promise<string> {
  await publishRelease(runtime.clients, runtime.resources, '1.0.0', { 'app.zip': Buffer.from('bench') });
  await waitFor(async () => (await fetch(`${direct}/releases/latest`)).status === 200, 'the release');
  const sharp = (await import('sharp')).default;
  const png = await sharp({ create: { width: 64, height: 64, channels: 3, background: '#3366aa' } })
    .png()
    .toBuffer();
  const { photoId } = await uploadThroughApi(runtime.apiUrl, png, 'image/png');
  await waitFor(async () => (await fetch(`${direct}/photos/${photoId}`)).status === 200, 'the thumbnails');
  return photoId;
}

const ms = (value: number) => `${value.toFixed(1)} ms`;

/**
 * The blog API under load with autocannon, served by its Lambda handler over HTTP on moto, as
 * `npm start` serves it. GET /releases/latest side by side: with no stage cache (every request runs
 * the function, which reads latest.json from moto's S3), with the stage cache as the infra
 * configures it (60 s for this route: all but the first request of a run are hits), and the same
 * manifest read through the local CDN (what a client would fetch without the API). The other
 * routes are measured without the stage cache: what the function itself costs.
 */
export async function runApiBench(quick: boolean): Promise<boolean> {
  const seconds = quick ? 2 : 10;
  const connections = 10;
  process.env['POWERTOOLS_LOG_LEVEL'] ??= 'ERROR';
  const runtime = await startRuntime({
    stepFunctionsPort: 0,
    uncachedApi: true,
    log: () => undefined,
  });
  let ok = true;
  try {
    const direct = runtime.uncachedApiUrl as string;
    const photoId = await seed(runtime, direct);
    let n = 0;
    const loads: Load[] = [
      { name: 'GET /releases/latest', url: `${direct}/releases/latest`, expectedStatus: 200 },
      {
        name: 'GET /releases/latest through the stage cache',
        url: `${runtime.apiUrl}/releases/latest`,
        expectedStatus: 200,
      },
      {
        name: 'peer: latest.json through the local CDN',
        url: `${runtime.resources.downloadsBaseUrl}/releases/latest.json`,
        expectedStatus: 200,
      },
      { name: 'GET /photos/{id}', url: `${direct}/photos/${photoId}`, expectedStatus: 200 },
      {
        name: 'POST /subscribers (new address each)',
        url: `${runtime.apiUrl}/subscribers`,
        method: 'POST',
        expectedStatus: 202,
        body: () =>
          JSON.stringify({
            email: `bench.${process.pid}.${(n += 1)}@example.com`,
            name: 'Bench',
            locale: 'en',
            consent: true,
          }),
      },
      {
        name: 'POST /subscribers refused (invalid address)',
        url: `${runtime.apiUrl}/subscribers`,
        method: 'POST',
        expectedStatus: 400,
        body: () => JSON.stringify({ email: 'not-an-address', name: 'Bench', locale: 'en', consent: true }),
      },
    ];
    const results = new Map<string, Measured>();
    for (const load of loads) {
      const measured = await hammer(load, seconds, connections);
      results.set(load.name, measured);
      ok &&= measured.wrong === 0;
      if (load.name.startsWith('peer:')) continue;
      measure(
        load.name,
        `p50 ${ms(measured.p50)}, p99 ${ms(measured.p99)}, ${Math.round(measured.perSecond).toLocaleString('en')} req/s${measured.wrong === 0 ? '' : `, ${measured.wrong} WRONG answers`}`,
      );
    }
    const api = results.get('GET /releases/latest') as Measured;
    const cached = results.get('GET /releases/latest through the stage cache') as Measured;
    const cdn = results.get('peer: latest.json through the local CDN') as Measured;
    const line = (m: Measured) => `${Math.round(m.perSecond)} req/s, p50 ${ms(m.p50)}, p99 ${ms(m.p99)}`;
    compare({
      name: `GET /releases/latest with the stage cache (60 s TTL) vs without, ${connections} connections, ${seconds} s`,
      ours: `stage cache ${line(cached)}`,
      peer: `no stage cache ${line(api)}`,
      ratio: cached.perSecond / api.perSecond,
      note: 'throughput',
    });
    measure(
      'stage cache during the run',
      `${runtime.apiCache.counts.hits.toLocaleString('en')} hits, ${runtime.apiCache.counts.misses} misses`,
    );
    compare({
      name: `GET /releases/latest without the stage cache, ${connections} connections, ${seconds} s`,
      ours: `${Math.round(api.perSecond)} req/s, p50 ${ms(api.p50)}, p99 ${ms(api.p99)}`,
      peer: `latest.json through the local CDN ${Math.round(cdn.perSecond)} req/s, p50 ${ms(cdn.p50)}, p99 ${ms(cdn.p99)}`,
      ratio: api.perSecond / cdn.perSecond,
      note: 'throughput',
    });
  } finally {
    await runtime.stop();
  }
  return ok;
}
