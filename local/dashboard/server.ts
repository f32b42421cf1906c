import { readFileSync } from 'node:fs';
import type { IncomingMessage, ServerResponse } from 'node:http';
import { join } from 'node:path';
import { ConsoleRefusal, startConsole, watchedEndpoint } from '@myblog/stepfunctions-local';
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

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string | Uint8Array,
): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}

const json = (response: ServerResponse, value: unknown) =>
  send(response, 200, 'application/json; charset=utf-8', JSON.stringify(value));

/** A %-encoded path part, or a 400 naming it when an escape in it is malformed. */
function decoded(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new ConsoleRefusal(400, `${part} is not valid URL encoding (a malformed % escape)`);
  }
}

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

  /** The panels' routes; the console has checked Host, and Origin and type for a change, before. */
  async function serve(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean> {
    const path = url.pathname;
    const method = request.method ?? 'GET';
    if (method === 'GET' && path === '/pipeline.js')
      return (send(response, 200, 'text/javascript; charset=utf-8', page['pipeline.js']), true);
    if (method === 'GET' && path === '/pipeline.css')
      return (send(response, 200, 'text/css; charset=utf-8', page['pipeline.css']), true);
    if (method === 'GET' && path === '/api/config') {
      const config: DashboardConfig = { apiUrl: runtime.apiUrl };
      return (json(response, config), true);
    }
    if (method === 'GET' && path === '/api/emails') return (json(response, await views.emails()), true);
    if (method === 'GET' && path === '/api/photos') return (json(response, await views.photos()), true);
    if (method === 'GET' && path === '/api/releases') return (json(response, await views.releases()), true);
    if (method === 'GET' && path === '/api/offload') return (json(response, offloadView(runtime)), true);
    if (method === 'GET' && path === '/api/todo')
      return (json(response, todoView(options.todo, runtime.stepFunctions.engine)), true);
    if (method === 'GET' && path === '/api/dlqs')
      return (json(response, await views.deadLetterQueues()), true);
    const redrive = /^\/api\/dlqs\/([^/]+)\/redrive$/.exec(path);
    if (redrive !== null) {
      if (method !== 'POST') throw new ConsoleRefusal(405, 'Redrive is a POST');
      const queue = redrive[1] as string;
      if (!isDeadLetterQueue(queue)) throw new ConsoleRefusal(404, `No dead-letter queue ${queue}`);
      const result: RedriveView = { queue, ...(await runtime.redrive(queue)) };
      return (json(response, result), true);
    }
    const file = /^\/files\/([^/]+)\/(.+)$/.exec(path);
    if (method === 'GET' && file !== null) {
      const bucket = file[1] as string;
      if (!(VIEWABLE_BUCKETS as readonly string[]).includes(bucket))
        throw new ConsoleRefusal(404, `No bucket ${bucket}`);
      const key = (file[2] as string).split('/').map(decoded).join('/');
      let object: { body: Uint8Array; contentType: string };
      try {
        object = await views.file(bucket as ViewableBucket, key);
      } catch {
        throw new ConsoleRefusal(404, `No object ${key}`);
      }
      return (send(response, 200, object.contentType, object.body), true);
    }
    return false;
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
