import { readFileSync } from 'node:fs';
import type { TodoBackend } from '../runtime/todo/backend';
import { todoView } from './todo-view';
import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { join } from 'node:path';
import { build, stop } from 'esbuild';
import { listenOnLoopback } from '../runtime/listen';
import {
  browserContext,
  decodeUrlPart,
  isRefusal,
  misdirected,
  type Refusal,
  requestUrl,
} from '../runtime/request-guard';
import type { Runtime } from '../runtime/runtime';
import { pipeline } from '../../topology/pipeline';
import type { QueueName, Topology, WorkflowName } from '../../topology/types';
import type { ChangeNotice, DashboardConfig, RedriveView } from './api-types';
import { offloadView } from './offload-view';
import { NotCollapsible, PipelineViews, VIEWABLE_BUCKETS, type ViewableBucket } from './pipeline-views';

export interface Dashboard {
  readonly url: string;
  close(): Promise<void>;
}

export interface DashboardOptions {
  readonly runtime: Runtime;
  readonly topology?: Topology;
  /** 0 picks a free port. */
  readonly port?: number;
  /** How often the page is told that executions moved on (ms). */
  readonly changeIntervalMs?: number;
  /** MyTodoList, when it runs beside the blog (its tab). */
  readonly todo?: TodoBackend;
}

import { ServiceError } from '@myblog/sfn-engine';

class HttpError extends Error {
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

const WEB = join(__dirname, 'web');

/** The page's script: web/app.ts bundled for the browser, when the first dashboard starts. */
async function bundlePage(): Promise<string> {
  try {
    const result = await build({
      entryPoints: [join(WEB, 'app.ts')],
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
let pageScript: Promise<string> | undefined;

function send(
  response: ServerResponse,
  status: number,
  contentType: string,
  body: string | Uint8Array,
): void {
  response.writeHead(status, { 'content-type': contentType, 'cache-control': 'no-store' });
  response.end(body);
}

const json = (response: ServerResponse, value: unknown, status = 200) =>
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));

/** A %-encoded path part, or a 400 naming it when an escape in it is malformed. */
function decoded(part: string): string {
  const text = decodeUrlPart(part);
  if (text === undefined)
    throw new HttpError(400, `${part} is not valid URL encoding (a malformed % escape)`);
  return text;
}

/**
 * Whether a request that changes something (the redrives; every method but GET and HEAD) comes
 * from the dashboard's own page. Three checks, each enough alone against a page elsewhere:
 * - Sec-Fetch-Site, the browser's own verdict, must be same-origin when sent;
 * - Origin, sent by browsers on every POST, must be this server's origin when sent;
 * - the body must be declared application/json, which no page can send to another origin without
 *   a CORS preflight (a form or a text/plain fetch can), and this server answers no preflight.
 * Origin and Sec-Fetch-Site are what browsers send; the content type also holds for a browser old
 * enough to send neither. A token would add nothing these do not: only a page of this origin, or
 * a program on this machine, can meet all three, and the program could use the engine anyway.
 */
function crossSite(request: IncomingMessage): Refusal | undefined {
  const { origin, site } = browserContext(request);
  const own = `http://${request.headers.host ?? ''}`;
  if (site !== undefined && site !== 'same-origin')
    return {
      status: 403,
      message: `Cross-site request refused (Sec-Fetch-Site: ${site}): only the dashboard's page may change state`,
    };
  if (origin !== undefined && origin !== own)
    return {
      status: 403,
      message: `Cross-origin request refused (Origin: ${origin}): only the dashboard's page at ${own} may change state`,
    };
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type))
    return {
      status: 415,
      message: `Send state-changing requests as application/json, not ${type === '' ? 'without a type' : type}`,
    };
  return undefined;
}

/**
 * The dashboard: a page drawing the three workflows and their executions live, the SES outbox,
 * the thumbnails, the releases and the dead-letter queues (with redrive), over a small JSON API.
 */
export async function startDashboard(options: DashboardOptions): Promise<Dashboard> {
  const topology = options.topology ?? pipeline;
  const { runtime } = options;
  const views = new PipelineViews(runtime, topology);
  const page = {
    'index.html': readFileSync(join(WEB, 'index.html'), 'utf8'),
    'style.css': readFileSync(join(WEB, 'style.css'), 'utf8'),
    'app.js': await (pageScript ??= bundlePage()),
  };
  const watchers = new Set<ServerResponse>();
  let version = 0;
  let lastProgress = -1;
  const tick = setInterval(() => {
    const progress = runtime.stepFunctions.engine.progress();
    if (progress === lastProgress || watchers.size === 0) return;
    lastProgress = progress;
    version += 1;
    const notice: ChangeNotice = { executions: progress, version };
    for (const watcher of watchers) watcher.write(`data: ${JSON.stringify(notice)}\n\n`);
  }, options.changeIntervalMs ?? 250);
  tick.unref();

  const isWorkflow = (name: string): name is WorkflowName => name in topology.workflows;
  const isDeadLetterQueue = (name: string): name is QueueName => name in runtime.deadLetterQueues;

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    const refusal = misdirected(request);
    if (refusal !== undefined) throw new HttpError(refusal.status, refusal.message);
    const url = requestUrl(request);
    if (isRefusal(url)) throw new HttpError(url.status, url.message);
    const path = url.pathname;
    const method = request.method ?? 'GET';
    if (method !== 'GET' && method !== 'HEAD') {
      const forged = crossSite(request);
      if (forged !== undefined) throw new HttpError(forged.status, forged.message);
    }
    if (method === 'GET' && path === '/')
      return send(response, 200, 'text/html; charset=utf-8', page['index.html']);
    if (method === 'GET' && path === '/style.css')
      return send(response, 200, 'text/css; charset=utf-8', page['style.css']);
    if (method === 'GET' && path === '/app.js')
      return send(response, 200, 'text/javascript; charset=utf-8', page['app.js']);
    if (method === 'GET' && path === '/api/changes') {
      response.writeHead(200, { 'content-type': 'text/event-stream', 'cache-control': 'no-store' });
      response.write(': watching\n\n');
      watchers.add(response);
      lastProgress = -1;
      request.on('close', () => watchers.delete(response));
      return;
    }
    if (method === 'GET' && path === '/api/config') {
      const config: DashboardConfig = { apiUrl: runtime.apiUrl };
      return json(response, config);
    }
    if (method === 'GET' && path === '/api/workflows') return json(response, await views.workflows());
    const graph = /^\/api\/workflows\/([^/]+)\/graph$/.exec(path);
    if (method === 'GET' && graph !== null) {
      const workflow = decoded(graph[1] as string);
      if (!isWorkflow(workflow)) throw new HttpError(404, `No workflow ${workflow}`);
      try {
        return json(response, await views.graph(workflow, url.searchParams.getAll('collapsed')));
      } catch (error) {
        if (error instanceof NotCollapsible) throw new HttpError(400, error.message);
        throw error;
      }
    }
    if (method === 'GET' && path === '/api/executions') {
      const workflow = url.searchParams.get('workflow') ?? undefined;
      if (workflow !== undefined && !isWorkflow(workflow))
        throw new HttpError(404, `No workflow ${workflow}`);
      return json(response, views.executions(workflow));
    }
    const redriveExecution = /^\/api\/executions\/(.+)\/redrive$/.exec(path);
    if (redriveExecution !== null) {
      if (method !== 'POST') throw new HttpError(405, 'Redrive is a POST');
      const arn = decoded(redriveExecution[1] as string);
      const { redriveDate } = runtime.stepFunctions.engine.redriveExecution(arn);
      return json(response, { executionArn: arn, redriveDate: redriveDate.toISOString() });
    }
    const execution = /^\/api\/executions\/(.+)$/.exec(path);
    if (method === 'GET' && execution !== null) {
      const arn = decoded(execution[1] as string);
      try {
        return json(response, views.execution(arn));
      } catch {
        throw new HttpError(404, `No execution ${arn}`);
      }
    }
    if (method === 'GET' && path === '/api/emails') return json(response, await views.emails());
    if (method === 'GET' && path === '/api/photos') return json(response, await views.photos());
    if (method === 'GET' && path === '/api/releases') return json(response, await views.releases());
    if (method === 'GET' && path === '/api/offload') return json(response, offloadView(runtime));
    if (method === 'GET' && path === '/api/todo')
      return json(response, todoView(options.todo, runtime.stepFunctions.engine));
    if (method === 'GET' && path === '/api/dlqs') return json(response, await views.deadLetterQueues());
    const redrive = /^\/api\/dlqs\/([^/]+)\/redrive$/.exec(path);
    if (redrive !== null) {
      if (method !== 'POST') throw new HttpError(405, 'Redrive is a POST');
      const queue = redrive[1] as string;
      if (!isDeadLetterQueue(queue)) throw new HttpError(404, `No dead-letter queue ${queue}`);
      const result: RedriveView = { queue, ...(await runtime.redrive(queue)) };
      return json(response, result);
    }
    const file = /^\/files\/([^/]+)\/(.+)$/.exec(path);
    if (method === 'GET' && file !== null) {
      const bucket = file[1] as string;
      if (!(VIEWABLE_BUCKETS as readonly string[]).includes(bucket))
        throw new HttpError(404, `No bucket ${bucket}`);
      const key = (file[2] as string).split('/').map(decoded).join('/');
      try {
        const object = await views.file(bucket as ViewableBucket, key);
        return send(response, 200, object.contentType, object.body);
      } catch {
        throw new HttpError(404, `No object ${key}`);
      }
    }
    throw new HttpError(404, `Nothing at ${method} ${path}`);
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      // A refusal of the Step Functions API (e.g. ExecutionNotRedrivable) is the caller's mistake.
      const status =
        error instanceof HttpError ? error.status : error instanceof ServiceError ? error.httpStatus : 500;
      if (!response.headersSent) json(response, { error: (error as Error).message }, status);
      else response.end();
    });
  });
  const listening = await listenOnLoopback(server, options.port ?? 0);
  return {
    url: `${listening.url}/`,
    close: async () => {
      clearInterval(tick);
      for (const watcher of watchers) watcher.end();
      await listening.close();
    },
  };
}
