import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { type Matched, NotFound, type PathParams, Router, sendJson } from '@myblog/local-http';
import { startConsole, watchedEndpoint } from '@myblog/stepfunctions-local';
import { build, stop } from 'esbuild';
import type { Runtime } from '../runtime/runtime';
import type { TodoBackend } from '../runtime/todo/backend';
import type { QueueName } from '../../topology/types';
import type { DashboardConfig, RedriveView } from './api-types';
import { offloadView } from './offload-view';
import { PipelineViews, VIEWABLE_BUCKETS, type ViewableBucket } from './pipeline-views';
import { todoView } from './todo-view';

export interface Dashboard {
  readonly url: string;
  close(): Promise<void>;
}

export interface DashboardOptions {
  readonly runtime: Runtime;
  /** 0 picks a free port. */
  readonly port?: number;
  /** How often the page polls for what moved on (ms). */
  readonly changeIntervalMs?: number;
  /** MyTodoList, when it runs beside the blog (its tab). */
  readonly todo?: TodoBackend;
}

const WEB = join(__dirname, 'web');

/** The panels' script: web/pipeline.ts bundled for the browser, when the first dashboard starts. */
async function bundlePanels(): Promise<string> {
  try {
    const result = await build({
      entryPoints: [join(WEB, 'pipeline.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      target: 'es2022',
      platform: 'browser',
      logLevel: 'silent',
    });
    return result.outputFiles[0]?.text ?? '';
  } finally {
    // build() starts an esbuild service process that esbuild keeps until node exits (unref'd: it
    // does not keep node running). No more esbuild calls follow, so it is stopped now, as esbuild's
    // docs advise then, rather than left idle: one per process, and in jest one per test file
    // that starts a dashboard, each file loading esbuild afresh. buildSync would not do: in node
    // it keeps a worker thread and the same service process.
    await stop();
  }
}

// One bundle per process, so that no second dashboard's build can be cut short by the stop() above.
let panelsScript: Promise<string> | undefined;

const NO_STORE = { 'Cache-Control': 'no-store' };

function send(response: ServerResponse, contentType: string, body: string | Uint8Array): void {
  const length = typeof body === 'string' ? Buffer.byteLength(body) : body.byteLength;
  response.writeHead(200, { 'Content-Type': contentType, 'Content-Length': String(length), ...NO_STORE });
  response.end(body);
}

const json = (response: ServerResponse, value: unknown) =>
  sendJson(response, 200, value, NO_STORE, 'application/json; charset=utf-8');

/**
 * The dashboard: the package's console watching the pipeline's local Step Functions through its
 * API (the workflows as graphs, their executions, history, start and redrive), with the
 * pipeline's own tabs added (Try it, the SES outbox, the thumbnails, the releases, the
 * dead-letter queues with redrive, MyTodoList), read from moto and the runtime as before.
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const { runtime } = options;
  const views = new PipelineViews(runtime);
  const page = {
    'pipeline.js': await (panelsScript ??= bundlePanels()),
    'pipeline.css': readFileSync(join(WEB, 'pipeline.css'), 'utf8'),
  };
  const isDeadLetterQueue = (name: string): name is QueueName => name in runtime.deadLetterQueues;

  type Route = (request: IncomingMessage, response: ServerResponse, params: PathParams) => Promise<void>;
  const routes = new Router<Route>()
    .add('GET', '/pipeline.js', async (_request, response) =>
      send(response, 'text/javascript; charset=utf-8', page['pipeline.js']),
    )
    .add('GET', '/pipeline.css', async (_request, response) =>
      send(response, 'text/css; charset=utf-8', page['pipeline.css']),
    )
    .add('GET', '/api/config', async (_request, response) => {
      const config: DashboardConfig = { apiUrl: runtime.apiUrl };
      json(response, config);
    })
    .add('GET', '/api/emails', async (_request, response) => json(response, await views.emails()))
    .add('GET', '/api/photos', async (_request, response) => json(response, await views.photos()))
    .add('GET', '/api/releases', async (_request, response) => json(response, await views.releases()))
    .add('GET', '/api/offload', async (_request, response) => json(response, offloadView(runtime)))
    .add('GET', '/api/todo', async (_request, response) =>
      json(response, todoView(options.todo, runtime.stepFunctions.engine)),
    )
    .add('GET', '/api/dlqs', async (_request, response) => json(response, await views.deadLetterQueues()))
    .add('POST', '/api/dlqs/{queue}/redrive', async (_request, response, { queue }) => {
      if (queue === undefined || !isDeadLetterQueue(queue))
        throw new NotFound(`No dead-letter queue ${queue}`);
      const result: RedriveView = { queue, ...(await runtime.redrive(queue)) };
      json(response, result);
    })
    .add('GET', '/files/{bucket}/{key+}', async (_request, response, { bucket = '', key = '' }) => {
      if (!(VIEWABLE_BUCKETS as readonly string[]).includes(bucket))
        throw new NotFound(`No bucket ${bucket}`);
      let object: { body: Uint8Array; contentType: string };
      try {
        object = await views.file(bucket as ViewableBucket, key);
      } catch {
        throw new NotFound(`No object ${key}`);
      }
      send(response, object.contentType, object.body);
    });

  /** The panels' routes; the console has checked Host, and Origin and type for a change, before. */
  async function serve(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    let matched: Matched<Route>;
    try {
      matched = routes.match(request.method ?? 'GET', url.pathname);
    } catch (error) {
      if (error instanceof NotFound) return false;
      throw error;
    }
    await matched.handler(request, response, matched.params);
    return true;
  }

  const watched = await watchedEndpoint(runtime.stepFunctions.url, runtime.region);
  const served = await startConsole({
    sfn: watched.sfn,
    watching: `the pipeline's local Step Functions (${watched.watching})`,
    port: options.port ?? 0,
    pollIntervalMs: options.changeIntervalMs ?? 500,
    title: 'MyBlog pipeline',
    extension: { scripts: ['/pipeline.js'], styles: ['/pipeline.css'], serve },
  });
  return {
    url: served.url,
    close: async () => {
      await served.close();
      watched.sfn.destroy();
    },
  };
}
