import { createServer, type IncomingMessage, type ServerResponse } from 'node:http';
import { RedriveExecutionCommand, type SFNClient, StartExecutionCommand } from '@aws-sdk/client-sfn';
import {
  BadRequest,
  checkBrowserOrigin,
  checkHost,
  handleWith,
  HttpError,
  listenOnLoopback,
  NotFound,
  type PathParams,
  readText,
  requestUrl,
  Router,
  sendJson,
} from '@myblog/local-http';
import type { ConsoleConfig, StartedView } from './api-types';
import { consoleAssets } from './assets';
import { type ApiPace, ConsoleViews, NotCollapsible } from './views';

/** Pages added to the console by whoever serves it (the blog's pipeline panels, say). */
export interface ConsoleExtension {
  /** ES modules the page imports; each one's default export gives tabs (see web/extension.ts). */
  readonly scripts?: readonly string[];
  readonly styles?: readonly string[];
  /**
   * Answers a request the console has no route for, after the console's checks (loopback Host;
   * for a change, the page's own origin and a JSON body); resolves false when it has none either.
   * An HttpError (@myblog/local-http) thrown is answered with its status and message.
   */
  serve?(request: IncomingMessage, response: ServerResponse, url: URL): Promise<boolean>;
}

export interface ConsoleOptions {
  /** The Step Functions API watched: any endpoint the client points at (see watchedEndpoint). */
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
  /** How hard it may call the API (AWS_PACE for AWS); every poll reaches it by default. */
  readonly pace?: ApiPace;
}

export interface StepFunctionsConsole {
  /** `http://127.0.0.1:<port>/`. */
  readonly url: string;
  close(): Promise<void>;
}

/** StartExecution's input quota is 256 KiB; a body of 1 MiB holds it with its name and JSON quoting. */
const MAX_BODY_BYTES = 1024 * 1024;

const NO_STORE = { 'Cache-Control': 'no-store', 'X-Content-Type-Options': 'nosniff' };

function sendAsset(response: ServerResponse, type: string, body: string): void {
  response.writeHead(200, {
    'Content-Type': type,
    'Content-Length': String(Buffer.byteLength(body)),
    ...NO_STORE,
  });
  response.end(body);
}

const json = (response: ServerResponse, value: unknown) =>
  sendJson(response, 200, value, NO_STORE, 'application/json; charset=utf-8');

async function readJson(request: IncomingMessage): Promise<Record<string, unknown>> {
  const text = await readText(request, { limitBytes: MAX_BODY_BYTES });
  let value: unknown;
  try {
    value = text.trim() === '' ? {} : JSON.parse(text);
  } catch {
    throw new BadRequest('The body is not JSON');
  }
  if (typeof value !== 'object' || value === null || Array.isArray(value))
    throw new BadRequest('The body must be a JSON object');
  return value as Record<string, unknown>;
}

/**
 * How an error is answered: a refusal as itself; an error of the Step Functions API with the
 * status the API gave (a `…DoesNotExist` as 404: the page asked for what is not there), named;
 * the API unreachable or failing as 502.
 */
function refusalOf(error: unknown): HttpError {
  if (error instanceof HttpError) return error;
  if (error instanceof NotCollapsible) return new BadRequest(error.message);
  const sdk = error as { name?: string; message?: string; $metadata?: { httpStatusCode?: number } };
  const status = sdk.$metadata?.httpStatusCode;
  if (status !== undefined && status >= 400 && status < 500)
    return new HttpError(
      /DoesNotExist$/.test(sdk.name ?? '') ? 404 : status,
      `${sdk.name ?? 'Error'}: ${sdk.message ?? ''}`,
    );
  return new HttpError(502, `Step Functions: ${(error as Error).message}`);
}

type Route = (
  request: IncomingMessage,
  response: ServerResponse,
  params: PathParams,
  url: URL,
) => Promise<void>;

/**
 * The console: a page drawing every state machine of an endpoint as a graph, its executions
 * (polled), each one's path, history and input/output per state, with StartExecution and
 * RedriveExecution unless read-only, over a small JSON API that reads only the Step Functions API.
 */
export async function startConsole(options: ConsoleOptions): Promise<StepFunctionsConsole> {
  const { sfn } = options;
  const readOnly = options.readOnly === true;
  const views = new ConsoleViews(sfn, options.pace);
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
      throw new HttpError(
        403,
        `This console is read-only (watching ${options.watching}): it does not ${what}`,
      );
  };

  const routes = new Router<Route>()
    .add('GET', '/', async (_request, response) =>
      sendAsset(response, 'text/html; charset=utf-8', page['index.html']),
    )
    .add('GET', '/console.css', async (_request, response) =>
      sendAsset(response, 'text/css; charset=utf-8', page['console.css']),
    )
    .add('GET', '/console.js', async (_request, response) =>
      sendAsset(response, 'text/javascript; charset=utf-8', page['console.js']),
    )
    .add('GET', '/api/console', async (_request, response) => json(response, config))
    .add('GET', '/api/workflows', async (_request, response) => json(response, await views.workflows()))
    .add('GET', '/api/state-machines/{arn}/graph', async (_request, response, { arn }, url) =>
      json(response, await views.graph(arn as string, url.searchParams.getAll('collapsed'))),
    )
    .add('GET', '/api/state-machines/{arn}/executions', async (_request, response, { arn }) =>
      json(response, await views.executions(arn as string)),
    )
    .add('POST', '/api/state-machines/{arn}/executions', async (request, response, { arn }) => {
      refuseIfReadOnly('start executions');
      const body = await readJson(request);
      const { name, input } = body;
      if (name !== undefined && typeof name !== 'string') throw new BadRequest('name must be a string');
      if (input !== undefined && typeof input !== 'string')
        throw new BadRequest('input must be a string (the execution input as JSON text)');
      const started = await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: arn,
          ...(name === undefined || name === '' ? {} : { name }),
          input: input ?? '{}',
        }),
      );
      const view: StartedView = {
        executionArn: started.executionArn ?? '',
        startDate: started.startDate?.toISOString() ?? '',
      };
      json(response, view);
    })
    .add('GET', '/api/executions/{arn}', async (_request, response, { arn }) =>
      json(response, await views.execution(arn as string)),
    )
    .add('POST', '/api/executions/{arn}/redrive', async (_request, response, { arn }) => {
      refuseIfReadOnly('redrive executions');
      const done = await sfn.send(new RedriveExecutionCommand({ executionArn: arn }));
      json(response, { executionArn: arn, redriveDate: done.redriveDate?.toISOString() ?? '' });
    });

  async function handle(request: IncomingMessage, response: ServerResponse): Promise<void> {
    checkHost(request);
    checkBrowserOrigin(request, { kind: 'same-origin', page: "the console's page" });
    const url = requestUrl(request);
    const method = request.method ?? 'GET';
    let matched: ReturnType<typeof routes.match> | undefined;
    try {
      matched = routes.match(method, url.pathname);
    } catch (error) {
      if (!(error instanceof NotFound)) throw error;
    }
    try {
      if (matched !== undefined) return await matched.handler(request, response, matched.params, url);
      if ((await options.extension?.serve?.(request, response, url)) === true) return;
    } catch (error) {
      throw refusalOf(error);
    }
    throw new NotFound(`Nothing at ${method} ${url.pathname}`);
  }

  const server = createServer(
    handleWith(handle, (error, _request, response) =>
      sendJson(response, error.status, { error: error.message }, { ...error.headers, ...NO_STORE }),
    ),
  );
  const listening = await listenOnLoopback(server, { port: options.port ?? 0 });
  return { url: `${listening.url}/`, close: () => listening.close() };
}
