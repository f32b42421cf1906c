import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import type { AddressInfo } from 'node:net';
import { RedriveExecutionCommand, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import { holdIdleConnections } from '../http';
import type { ConsoleConfig, StartedView } from './api-types';
import { consoleAssets } from './assets';
import { checkHost, checkSameOrigin, decodedPart, Refused, requestUrl } from './request-checks';
import { ConsoleViews, NotCollapsible } from './views';

/** Pages added to the console by whoever serves it (the blog's pipeline panels, say). */
export interface ConsoleExtension {
  /** ES modules the page imports; each one's default export gives tabs (see web/extension.ts). */
  readonly scripts?: readonly string[];
  readonly styles?: readonly string[];
  /**
   * Answers a request the console has no route for, after the console's checks (loopback Host;
   * for a change, the page's own origin and a JSON body); resolves false when it has none either.
   * Throwing Refused answers its status and message.
   */
  serve?(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean>;
}

export interface ConsoleOptions {
  /** The Step Functions API watched: any endpoint the client points at (see consoleClient). */
  readonly sfn: SFNClient;
  /** The endpoint in words, for the page's header. */
  readonly watching: string;
  /** Neither StartExecution nor RedriveExecution: the page offers neither and the server refuses both. */
  readonly readOnly?: boolean;
  /** 0 (the default) picks a free port. The console listens on 127.0.0.1 only. */
  readonly port?: number;
  /** How often the page polls the API for what moved on (ms); 1,000 by default. */
  readonly pollIntervalMs?: number;
  readonly title?: string;
  readonly extension?: ConsoleExtension;
}

export interface StepFunctionsConsole {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  close(): Promise<void>;
}

/** StartExecution's input quota is 256 KiB; a body a little over it holds the name and the JSON quoting. */
const MAX_BODY_BYTES = 1024 * 1024;

function send(response: ServerResponse, status: number, type: string, body: string): void {
  response.writeHead(status, {
    'content-type': type,
    'cache-control': 'no-store',
    'x-content-type-options': 'nosniff',
  });
  response.end(body);
}

const json = (response: ServerResponse, value: unknown, status = 200) =>
  send(response, status, 'application/json; charset=utf-8', JSON.stringify(value));

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const chunks: Buffer[] = [];
  let size = 0;
  for await (const chunk of request as AsyncIterable<Buffer>) {
    size += chunk.length;
    if (size > MAX_BODY_BYTES) throw new Refused(413, `The body is over ${MAX_BODY_BYTES} bytes`);
    chunks.push(chunk);
  }
  const text = Buffer.concat(chunks).toString('utf8');
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new Refused(400, 'The body is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new Refused(400, 'The body must be a JSON object');
  return value as Record<string, unknown>;
}

/**
 * How an error is answered: a refusal as itself; an error of the Step Functions API with the
 * status the API gave (a `…DoesNotExist` as 404: the page asked for what is not there), named.
 */
function answerTo(error: unknown): { status: number; message: string } {
  if (error instanceof Refused) return { status: error.status, message: error.message };
  if (error instanceof NotCollapsible) return { status: 400, message: error.message };
  const sdk = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = sdk.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 400 && status < 500)
    return {
      status: /DoesNotExist$/.test(sdk.name ?? '') ? 404 : status,
      message: `${sdk.name ?? 'Error'}: ${sdk.message ?? ''}`,
    };
  return { status: 502, message: `Step Functions: ${(error as Error).message}` };
}

/**
 * The console: a page drawing every state machine of an endpoint as a graph, its executions
 * (polled), each one's path, history and input/output per state, with StartExecution and
 * RedriveExecution unless read-only, over a small JSON API that reads only the Step Functions API.
 */
export async function startConsole(options: ConsoleOptions): Promise<StepFunctionsConsole> {
  const { sfn } = options;
  const readOnly = options.readOnly === true;
  const views = new ConsoleViews(sfn);
  const page = await consoleAssets();
  const config: ConsoleConfig = {
    watching: options.watching,
    readOnly,
    pollIntervalMs: options.pollIntervalMs ?? 1000,
    title: options.title ?? 'Step Functions',
    extensionScripts: options.extension?.scripts ?? [],
    extensionStyles: options.extension?.styles ?? [],
  };
  const refuseIfReadOnly = (what: string) => {
    if (readOnly)
      throw new Refused(403, `This console is read-only (watching ${options.watching}): it does not ${what}`);
  };

  async function route(request: IncomingMessage, response: ServerResponse): Promise<void> {
    checkHost(request);
    const url = requestUrl(request);
    const path = url.pathname;
    const method = request.method ?? 'GET';
    const reads = method === 'GET' || method === 'HEAD';
    if (!reads) checkSameOrigin(request);
    if (reads && path === '/') return send(response, 200, 'text/html; charset=utf-8', page['index.html']);
    if (reads && path === '/console.css')
      return send(response, 200, 'text/css; charset=utf-8', page['console.css']);
    if (reads && path === '/console.js')
      return send(response, 200, 'text/javascript; charset=utf-8', page['console.js']);
    if (reads && path === '/api/console') return json(response, config);
    if (reads && path === '/api/workflows') return json(response, await views.workflows());
    const machine = /^\/api\/state-machines\/([^/]+)\/(graph|executions)$/.exec(path);
    if (machine !== null) {
      const arn = decodedPart(machine[1] as string);
      if (machine[2] === 'graph' && reads)
        return json(response, await views.graph(arn, url.searchParams.getAll('collapsed')));
      if (machine[2] === 'executions' && reads) return json(response, await views.executions(arn));
      if (machine[2] === 'executions' && method === 'POST') {
        refuseIfReadOnly('start executions');
        const body = await readJson(request);
        if (body['name'] !== undefined && typeof body['name'] !== 'string')
          throw new Refused(400, 'name must be a string');
        if (body['input'] !== undefined && typeof body['input'] !== 'string')
          throw new Refused(400, 'input must be a string (the execution input as JSON text)');
        const started = await sfn.send(
          new StartExecutionCommand({
            stateMachineArn: arn,
            ...(body['name'] === undefined || body['name'] === '' ? {} : { name: body['name'] as string }),
            input: (body['input'] as string | undefined) ?? '{}',
          }),
        );
        const view: StartedView = {
          executionArn: started.executionArn ?? '',
          startDate: started.startDate?.toISOString() ?? '',
        };
        return json(response, view);
      }
      throw new Refused(405, `${method} is not served at ${path}`);
    }
    const redrive = /^\/api\/executions\/(.+)\/redrive$/.exec(path);
    if (redrive !== null) {
      if (method !== 'POST') throw new Refused(405, 'Redrive is a POST');
      refuseIfReadOnly('redrive executions');
      const executionArn = decodedPart(redrive[1] as string);
      const done = await sfn.send(new RedriveExecutionCommand({ executionArn }));
      return json(response, { executionArn, redriveDate: done.redriveDate?.toISOString() ?? '' });
    }
    const execution = /^\/api\/executions\/(.+)$/.exec(path);
    if (reads && execution !== null)
      return json(response, await views.execution(decodedPart(execution[1] as string)));
    if ((await options.extension?.serve?.(request, response, url)) === true) return;
    throw new Refused(404, `Nothing at ${method} ${path}`);
  }

  const server = createServer((request, response) => {
    route(request, response).catch((error: unknown) => {
      const { status, message } = answerTo(error);
      if (!response.headersSent) json(response, { error: message }, status);
      else response.end();
    });
  });
  holdIdleConnections(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(options.port ?? 0, '127.0.0.1', () => resolve());
  });
  const { port } = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${port}/`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
