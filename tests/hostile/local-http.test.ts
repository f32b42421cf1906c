import { request } from 'node:http';
import { GetQueueAttributesCommand, SendMessageCommand } from '@aws-sdk/client-sqs';
import { type Dashboard, startDashboard } from '../../local/dashboard/server';
import { startLambdaEndpoint } from '../../local/runtime/lambda-endpoint';
import type { Listening } from '@myblog/local-http';
import type { Runtime } from '../../local/runtime/runtime';
import { stopAll } from '../support/stop-all';
import { executionFor, startPipeline } from '../workflows/real/local-pipeline';

// The local HTTP servers other than the Step Functions server (the dashboard, the blog API's local
// API Gateway, the upload gate, the local CDN, the Lambda endpoint) against what a web page the
// developer has open could make the browser send them, and against malformed URLs
// (docs/bad-and-hostile-input.md: Hostile input). One pipeline and dashboard for the file; every test leaves them serving.

let runtime: Runtime;
let dashboard: Dashboard;
let lambda: Listening;
const invoked: unknown[] = [];

beforeAll(async () => {
  runtime = await startPipeline();
  dashboard = await startDashboard({ runtime, port: 0 });
  lambda = await startLambdaEndpoint(
    new Map([
      [
        'echo',
        async (event: unknown) => {
          invoked.push(event);
          return event;
        },
      ],
    ]),
  );
});
afterAll(() =>
  stopAll(
    () => lambda?.close(),
    () => dashboard?.close(),
    () => runtime?.stop(),
  ),
);

interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/**
 * One request exactly as given: the path is sent unparsed (a bad % escape stays bad) and the
 * headers as written (Host, Origin and Sec-Fetch-Site included, which a browser sets and a page
 * cannot), so each test says precisely what arrives.
 */
function send(
  base: string,
  options: { method?: string; path: string; headers?: Record<string, string>; body?: string | Buffer },
): Promise<Answer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path: options.path,
        headers: options.headers ?? {},
      },
      (incoming) => {
        const chunks: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            text: Buffer.concat(chunks).toString('utf8'),
          }),
        );
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    outgoing.end(options.body);
  });
}

const hostOf = (base: string) => new URL(base).host;
const json = { 'Content-Type': 'application/json' };
/** What Chromium sends with a fetch POST made by the dashboard's own page. */
const ownPage = () => ({
  ...json,
  Origin: `http://${hostOf(dashboard.url)}`,
  'Sec-Fetch-Site': 'same-origin',
});

async function dlqDepth(queue: 'thumbnailJobsDlq'): Promise<number> {
  const { Attributes } = await runtime.clients.sqs.send(
    new GetQueueAttributesCommand({
      QueueUrl: runtime.resources.queueUrls[queue],
      AttributeNames: ['ApproximateNumberOfMessages'],
    }),
  );
  return Number(Attributes?.['ApproximateNumberOfMessages'] ?? 0);
}

describe('Dashboard: only its own page may change state', () => {
  test('a cross-site form POST to the DLQ redrive (text/plain, Origin elsewhere) is a 403 and redrives nothing; the page itself redrives', async () => {
    const marker = `redrive-${Date.now()}`;
    await runtime.clients.sqs.send(
      new SendMessageCommand({
        QueueUrl: runtime.resources.queueUrls.thumbnailJobsDlq,
        MessageBody: JSON.stringify({ Service: 'Amazon S3', Event: 's3:TestEvent', Bucket: marker }),
      }),
    );
    const forged = await send(dashboard.url, {
      method: 'POST',
      path: '/api/dlqs/thumbnailJobsDlq/redrive',
      headers: {
        'Content-Type': 'text/plain',
        Origin: 'https://evil.example',
        'Sec-Fetch-Site': 'cross-site',
      },
      body: 'x',
    });
    expect(forged.status).toBe(403);
    expect(JSON.parse(forged.text)).toEqual({
      error:
        "Cross-site request refused (Sec-Fetch-Site: cross-site): only the console's page may change state",
    });
    expect(await dlqDepth('thumbnailJobsDlq')).toBe(1);

    const own = await send(dashboard.url, {
      method: 'POST',
      path: '/api/dlqs/thumbnailJobsDlq/redrive',
      headers: ownPage(),
      body: '{}',
    });
    expect(own.status).toBe(200);
    expect(await dlqDepth('thumbnailJobsDlq')).toBe(0);
    // The redriven test event runs the thumbnail workflow once; it ends before the file stops the runtime.
    expect((await executionFor(runtime, 'thumbnail', marker)).status).toBe('SUCCEEDED');
  });

  test.each([
    [
      'an Origin of another site, without Sec-Fetch-Site (an older browser)',
      { ...json, Origin: 'https://evil.example' },
      403,
      /Cross-origin request refused \(Origin: https:\/\/evil\.example\)/,
    ],
    [
      'an Origin of another local server (another port on 127.0.0.1)',
      { ...json, Origin: 'http://127.0.0.1:1' },
      403,
      /Cross-origin request refused \(Origin: http:\/\/127\.0\.0\.1:1\)/,
    ],
    [
      'Sec-Fetch-Site: same-site (a sibling origin)',
      { ...json, 'Sec-Fetch-Site': 'same-site' },
      403,
      /Cross-site request refused \(Sec-Fetch-Site: same-site\)/,
    ],
    [
      'no Origin and text/plain (what a form can send from anywhere)',
      { 'Content-Type': 'text/plain' },
      415,
      /Send state-changing requests as application\/json, not text\/plain/,
    ],
    ['no Origin and no type', {}, 415, /not without a type/],
  ])('the execution redrive with %s is refused', async (_what, headers, status, error) => {
    const arn = encodeURIComponent('arn:aws:states:us-east-1:123456789012:execution:nothing:here');
    const answer = await send(dashboard.url, {
      method: 'POST',
      path: `/api/executions/${arn}/redrive`,
      headers,
      body: '{}',
    });
    expect(answer.status).toBe(status);
    expect((JSON.parse(answer.text) as { error: string }).error).toMatch(error);
  });

  test('the page itself, in the same origin and as JSON, reaches the redrive (here refused by the Step Functions API: no such execution, a 404)', async () => {
    const arn = encodeURIComponent('arn:aws:states:us-east-1:123456789012:execution:nothing:here');
    const answer = await send(dashboard.url, {
      method: 'POST',
      path: `/api/executions/${arn}/redrive`,
      headers: ownPage(),
      body: '{}',
    });
    expect(answer.status).toBe(404);
    expect(answer.text).toMatch(/ExecutionDoesNotExist: /);
  });
});

describe('Every local HTTP server answers only to its loopback name (DNS rebinding)', () => {
  const servers = () =>
    [
      ['the dashboard', dashboard.url, '/api/emails'],
      ['the blog API', runtime.apiUrl, '/releases/latest'],
      ['the upload gate', runtime.uploadEndpoint, '/uploads/photos/a.jpg'],
      ['the local CDN', runtime.resources.downloadsBaseUrl, '/releases/latest.json'],
      ['the Lambda endpoint', lambda.url, '/2015-03-31/functions/echo/invocations'],
    ] as const;

  test.each([0, 1, 2, 3, 4])(
    'server %#: Host evil.example:<its port> is a 421 naming the hosts it serves',
    async (index) => {
      const [what, base, path] = servers()[index] as readonly [string, string, string];
      const port = new URL(base).port;
      const answer = await send(base, { method: 'GET', path, headers: { Host: `evil.example:${port}` } });
      expect({ what, status: answer.status }).toEqual({ what, status: 421 });
      expect(answer.text).toContain(`Host evil.example:${port} is not this server`);
      expect(answer.text).toContain(`127.0.0.1:${port}, localhost:${port}, [::1]:${port}`);
    },
  );

  test('a loopback name with another port is refused too; localhost with the right port is served', async () => {
    const port = new URL(dashboard.url).port;
    expect(
      (await send(dashboard.url, { path: '/api/config', headers: { Host: '127.0.0.1:1' } })).status,
    ).toBe(421);
    expect(
      (await send(dashboard.url, { path: '/api/config', headers: { Host: `localhost:${port}` } })).status,
    ).toBe(200);
  });
});

describe('Malformed URLs are the client’s 400, never a 500 or a crash', () => {
  test.each([
    [
      'a dashboard file with a bad % escape',
      () => dashboard.url,
      '/files/thumbnails/%zz.webp',
      /%zz\.webp is not valid URL encoding/,
    ],
    [
      'a dashboard execution with a truncated escape',
      () => dashboard.url,
      '/api/executions/arn%E0%A4%A',
      /is not valid URL encoding/,
    ],
    ['a dashboard request target that is no URL', () => dashboard.url, 'http://[bad/', /is not a URL/],
    [
      'a CDN path with a bad % escape',
      () => runtime.resources.downloadsBaseUrl,
      '/releases/%zz',
      /not valid URL encoding/,
    ],
    [
      'a blog API photo id with a bad % escape',
      () => runtime.apiUrl,
      '/photos/%zz',
      /not valid URL encoding/,
    ],
    ['a blog API request target that is no URL', () => runtime.apiUrl, 'http://[bad/', /is not a URL/],
    [
      'an upload gate request target that is no URL',
      () => runtime.uploadEndpoint,
      'http://[bad/',
      /is not a URL/,
    ],
  ])('%s is a 400', async (_what, base, path, message) => {
    const answer = await send(base(), { path, headers: { Host: hostOf(base()) } });
    expect(answer.status).toBe(400);
    expect(answer.text).toMatch(message);
  });

  test('the CDN keeps serving after a bad escape (it used to throw in its request handler)', async () => {
    const cdn = runtime.resources.downloadsBaseUrl;
    expect((await send(cdn, { path: '/%E0%A4%A', headers: { Host: hostOf(cdn) } })).status).toBe(400);
    expect((await send(cdn, { path: '/releases/none.json', headers: { Host: hostOf(cdn) } })).status).toBe(
      404,
    );
  });
});

describe('The blog API keeps its CORS for local pages, and refuses pages elsewhere', () => {
  const subscribe = (headers: Record<string, string>) =>
    send(runtime.apiUrl, {
      method: 'POST',
      path: '/subscribers',
      headers: { ...json, ...headers },
      body: JSON.stringify({
        email: `cors.${Date.now()}.${Math.random().toString(16).slice(2, 6)}@example.com`,
        name: 'Cors',
        locale: 'en',
        consent: true,
      }),
    });

  test("a sign-up from the dashboard's Try it tab (a loopback origin) is accepted, with CORS headers", async () => {
    const answer = await subscribe({
      Origin: `http://${hostOf(dashboard.url)}`,
      'Sec-Fetch-Site': 'same-site',
    });
    expect(answer.status).toBe(202);
    expect(answer.headers['access-control-allow-origin']).toBe('*');
  });

  test('a sign-up from a page on the internet is a 403 problem, before the function runs', async () => {
    const answer = await subscribe({ Origin: 'https://evil.example', 'Sec-Fetch-Site': 'cross-site' });
    expect(answer.status).toBe(403);
    expect(JSON.parse(answer.text)).toMatchObject({
      type: 'https://myblog.com/problems/cross-origin-refused',
      detail: expect.stringContaining('Request from https://evil.example refused') as unknown,
    });
  });

  test("the preflight from a page on the internet is refused, from the dashboard's origin answered", async () => {
    const preflight = (origin: string) =>
      send(runtime.apiUrl, {
        method: 'OPTIONS',
        path: '/subscribers',
        headers: {
          Origin: origin,
          'Access-Control-Request-Method': 'POST',
          'Access-Control-Request-Headers': 'content-type',
        },
      });
    expect((await preflight('https://evil.example')).status).toBe(403);
    const own = await preflight(`http://${hostOf(dashboard.url)}`);
    expect(own.status).toBe(204);
    expect(own.headers['access-control-allow-methods']).toContain('POST');
  });

  test('a form-encoded sign-up without an Origin (curl) is still the function’s 415', async () => {
    const answer = await send(runtime.apiUrl, {
      method: 'POST',
      path: '/subscribers',
      headers: { 'Content-Type': 'application/x-www-form-urlencoded' },
      body: 'email=a@example.com',
    });
    expect(answer.status).toBe(415);
  });
});

describe('The Lambda endpoint is for SDKs, not pages', () => {
  const invoke = (headers: Record<string, string>, body = '{"a":1}', name = 'echo') =>
    send(lambda.url, {
      method: 'POST',
      path: `/2015-03-31/functions/${name}/invocations`,
      headers: { Host: hostOf(lambda.url), ...headers },
      body,
    });

  test('a request a browser sent for a page (Origin) is a 403 AccessDeniedException, and the function does not run', async () => {
    const before = invoked.length;
    const answer = await invoke({ Origin: 'https://evil.example', 'Content-Type': 'text/plain' });
    expect(answer.status).toBe(403);
    expect(answer.headers['x-amzn-errortype']).toBe('AccessDeniedException');
    expect(invoked).toHaveLength(before);
  });

  test('an SDK-like invocation is served', async () => {
    const answer = await invoke({});
    expect({ status: answer.status, body: JSON.parse(answer.text) as unknown }).toEqual({
      status: 200,
      body: { a: 1 },
    });
  });

  test('a payload that is not JSON is a 400 InvalidRequestContentException, as Lambda answers it', async () => {
    const answer = await invoke({}, '{"a":');
    expect(answer.status).toBe(400);
    expect(answer.headers['x-amzn-errortype']).toBe('InvalidRequestContentException');
  });

  test('a function name with a bad % escape is a 400', async () => {
    expect((await invoke({}, '{}', 'ec%zzho')).status).toBe(400);
  });
});
