import autocannon from 'autocannon';
import { startMoto } from '../../local/runtime/moto';
import { inProcessLink } from '../../local/runtime/step-functions-link';
import { startTodoBackend } from '../../local/runtime/todo/backend';
import { signIn } from '../../local/runtime/todo/users';
import { startLocalStepFunctions } from '@myblog/stepfunctions-local';
import { compare, measure } from '../report';

interface Measured {
  readonly p50: number;
  readonly p99: number;
  readonly perSecond: number;
  /** Answers other than 200, connection errors and timeouts. */
  readonly wrong: number;
}

async function hammer(url: string, token: string, seconds: number, connections: number): Promise<Measured> {
  const result = await autocannon({ url, connections, duration: seconds, headers: { authorization: token } });
  const statuses = result.statusCodeStats as unknown as Record<string, { count: number }>;
  let wrong = result.errors + result.timeouts;
  for (const [status, { count }] of Object.entries(statuses)) if (Number(status) !== 200) wrong += count;
  return { p50: result.latency.p50, p99: result.latency.p99, perSecond: result.requests.average, wrong };
}

const ms = (value: number) => `${value.toFixed(1)} ms`;
const line = (m: Measured) =>
  `${Math.round(m.perSecond).toLocaleString('en')} req/s, p50 ${ms(m.p50)}, p99 ${ms(m.p99)}${m.wrong === 0 ? '' : `, ${m.wrong} WRONG`}`;

/**
 * MyTodoList's reads, cached and uncached side by side, on the same stack (moto, the API function
 * in the local function host): a signed-in user's GET /todos/{id} and GET /todos, answered
 * 1. with no cache (the function reads moto's DynamoDB),
 * 2. through DAX's stand-in only (its item and query caches in front of DynamoDB),
 * 3. as deployed: the per-user stage cache in front, DAX behind it.
 * Every answer must be 200. Locally DynamoDB is moto (a Python server), so the ratios say how much
 * each cache saves of a slow store, not what DAX saves of DynamoDB's single-digit milliseconds.
 */
export async function runTodoBench(quick: boolean): Promise<boolean> {
  const seconds = quick ? 2 : 10;
  const connections = 10;
  process.env['POWERTOOLS_LOG_LEVEL'] ??= 'ERROR';
  const moto = await startMoto();
  const stepFunctions = await startLocalStepFunctions({
    port: 0,
    target: { region: 'us-east-1', accountId: '123456789012', endpoints: {}, defaultEndpoint: moto.endpoint },
    log: () => undefined,
  });
  const link = inProcessLink(stepFunctions, 'us-east-1');
  const backend = await startTodoBackend({
    motoEndpoint: moto.endpoint,
    stepFunctions: link,
    uncachedApi: true,
    log: () => undefined,
  });
  let ok = true;
  try {
    const user = await signIn(backend.signInTarget, 'bench@example.com', 'Bench-password-1', true);
    let todoPath = '';
    for (let i = 0; i < 25; i += 1) {
      const created = await fetch(`${backend.apiUrl}/todos`, {
        method: 'POST',
        headers: { authorization: user.idToken, 'content-type': 'application/json' },
        body: JSON.stringify({ title: `Bench to-do ${i}` }),
      });
      todoPath = created.headers.get('location') ?? todoPath;
    }
    const sides = [
      ['no cache', backend.uncachedApiUrl],
      ['DAX only', backend.daxOnlyApiUrl],
      ['stage cache + DAX', backend.apiUrl],
    ] as const;
    for (const [route, path] of [
      ['GET /todos/{id}', todoPath],
      ['GET /todos (25 to-dos)', '/todos'],
    ] as const) {
      const results = new Map<string, Measured>();
      for (const [side, base] of sides) {
        const measured = await hammer(`${base as string}${path}`, user.idToken, seconds, connections);
        results.set(side, measured);
        ok &&= measured.wrong === 0;
        measure(`${route}, ${side}`, line(measured));
      }
      const uncached = results.get('no cache') as Measured;
      const dax = results.get('DAX only') as Measured;
      const cached = results.get('stage cache + DAX') as Measured;
      compare({
        name: `${route} as deployed (stage cache + DAX) vs no cache, ${connections} connections, ${seconds} s`,
        ours: line(cached),
        peer: `no cache ${line(uncached)}`,
        ratio: cached.perSecond / uncached.perSecond,
        note: 'throughput',
      });
      compare({
        name: `${route} through DAX's stand-in vs no cache`,
        ours: line(dax),
        peer: `no cache ${line(uncached)}`,
        ratio: dax.perSecond / uncached.perSecond,
        note: 'throughput',
      });
    }
    const counts = backend.caches;
    measure(
      'cache hits during the run',
      `stage ${counts.api.counts.hits.toLocaleString('en')} hits / ${counts.api.counts.misses} misses; DAX items ${counts.dax.counts.itemHits.toLocaleString('en')} / ${counts.dax.counts.itemMisses}, queries ${counts.dax.counts.queryHits.toLocaleString('en')} / ${counts.dax.counts.queryMisses}`,
    );
  } finally {
    await backend.stop();
    await link.close();
    await moto.stop();
  }
  return ok;
}
