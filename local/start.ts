/**
 * `npm start`: the whole pipeline on this machine (moto, the local Step Functions on :8083, the
 * functions, the pollers playing Pipes), then a demo through all three flows, with the dashboard
 * on :8084 showing it live. `npm run demo` runs the same on free ports without the dashboard,
 * prints the summary and exits 0 only if every event ended as expected. `--help` lists the flags
 * and the environment variables (command-line.ts).
 *
 * Its first line comes out at once and each part says when it is up. The fixed ports are checked
 * before anything starts. Every way of stopping it stops all of it, moto included: a signal
 * (SIGINT, SIGTERM, SIGHUP) to this process, the process that launched it going away (npm passes a
 * SIGTERM only to its `sh`, which dies and leaves this process running: launcher-watch.ts),
 * and this process dying without a chance to clean up (moto's lifeline, runtime/lifeline.ts).
 */
import type { Dashboard } from './dashboard/server';
import { MotoUnavailable, startMoto } from './runtime/moto';
import { clearRuntimeInfo, readRuntimeInfo, writeRuntimeInfo } from './runtime/runtime-info';
import { parseCommandLine, USAGE, UsageError } from './start/command-line';
import { watchLaunchers } from './start/launcher-watch';
import { portMessage, unavailablePorts } from './start/ports';
import { fixedPorts, readSettings, SettingError, type FixedPort, type Settings } from './start/settings';
import { Shutdown, StopRequested } from './start/shutdown';
import { pipeline, servedByUpdateServer } from '../topology/pipeline';

/** npm start serves releases from the update server too, with the local edge in front (issue 24). */
const topology = servedByUpdateServer(pipeline);

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
process.env['POWERTOOLS_LOG_LEVEL'] ??= 'WARN';

const say = (line: string) => console.log(line);
const complain = (line: string) => console.error(line);
const shutdown = new Shutdown(complain);

/** How long stopping may take before this process exits anyway (moto's lifeline then stops it). */
const STOP_LIMIT_MS = 30_000;

/**
 * The parts that take long to load (the AWS SDK, esbuild, every function): imported once the first
 * line is out, while moto starts. The `.js` is what Node16 resolution wants of an ES import; tsx
 * maps it to the .ts file.
 */
async function loadParts() {
  const [{ startRuntime }, { startDashboard }, { runDemo }] = await Promise.all([
    import('./runtime/runtime.js'),
    import('./dashboard/server.js'),
    import('./demo/scenario.js'),
  ]);
  return { startRuntime, startDashboard, runDemo };
}

const since = (start: number) => `${((performance.now() - start) / 1000).toFixed(1)} s`;
const on = (entry: FixedPort) => (entry.port === 0 ? 'a free port' : `:${entry.port} (${entry.variable})`);

/** Who holds our ports, when it is another `npm start` that says so in .local-data/runtime.json. */
function otherStart(): string | undefined {
  try {
    return `npm start is already running, as pid ${readRuntimeInfo().pid}`;
  } catch {
    return undefined;
  }
}

/** Why a part could not start, in one line; one of our ports taken since the check names its variable. */
function cannotStart(part: string, error: unknown, settings: Settings): string {
  const { code, port } = error as NodeJS.ErrnoException & { port?: number };
  const fixed = fixedPorts(settings).find((entry) => entry.port === port);
  if (fixed !== undefined && (code === 'EADDRINUSE' || code === 'EACCES'))
    return portMessage({ ...fixed, code }, otherStart());
  return error instanceof MotoUnavailable
    ? error.message
    : `${part} could not start: ${(error as Error).message}`;
}

/**
 * Starts a part so that any stop stops it (Shutdown.start); a failure to start is said in one line
 * and gives undefined, and what did start is stopped by finish().
 */
async function startPart<T>(
  name: string,
  settings: Settings,
  begin: () => Promise<T>,
  stop: (part: T) => Promise<void>,
): Promise<T | undefined> {
  try {
    return await shutdown.start(name, begin, stop);
  } catch (error) {
    if (error instanceof StopRequested) throw error;
    complain(cannotStart(name, error, settings));
    return undefined;
  }
}

let exiting = false;

/**
 * Stops everything started, then exits with `code`. The first call decides: a signal that comes
 * while the demo ends, or tsx relaying a Ctrl-C the process already got, changes nothing.
 */
function finish(code: number, reason?: string): void {
  if (exiting) return;
  exiting = true;
  if (reason !== undefined) say(`${reason}: stopping everything…`);
  setTimeout(() => {
    complain(`Still stopping after ${STOP_LIMIT_MS / 1000} s: exiting anyway.`);
    process.exit(code === 0 ? 1 : code);
  }, STOP_LIMIT_MS);
  void shutdown.stop().then(() => {
    if (reason !== undefined) say('Stopped.');
    // Exit once what was printed is out: stdout to a pipe is asynchronous on macOS.
    process.stdout.write('', () => process.stderr.write('', () => process.exit(code)));
  });
}

async function main(): Promise<number> {
  const command = parseCommandLine(process.argv.slice(2));
  if (command.kind === 'help') {
    process.stdout.write(USAGE);
    return 0;
  }
  const settings = readSettings(process.env, command.exitAfterDemo);
  // From here on every way of stopping ends in finish(), however far starting has got. A handler
  // that stays (not `once`): tsx may relay a Ctrl-C this process already had, and with no
  // listener left tsx's preflight would exit at once, skipping the stop.
  for (const signal of ['SIGINT', 'SIGTERM', 'SIGHUP'] as const) process.on(signal, () => finish(0, signal));
  watchLaunchers((gone) =>
    finish(0, `The process that started this one (pid ${gone.pid}, ${gone.command}) is gone`),
  );
  say(
    command.exitAfterDemo
      ? 'Starting the local pipeline on free ports for the demo (Ctrl-C stops it)…'
      : 'Starting the local pipeline (Ctrl-C stops it; npm start -- --help lists the options)…',
  );
  const taken = await unavailablePorts(fixedPorts(settings));
  if (taken.length > 0) {
    const holder = otherStart();
    for (const problem of taken) complain(portMessage(problem, holder));
    return 1;
  }
  say('Starting moto_server…');
  const loading = loadParts();
  loading.catch(() => undefined); // awaited below; this only keeps it from counting as unhandled meanwhile
  let started = performance.now();
  const moto = await startPart(
    'moto_server',
    settings,
    () => startMoto(),
    (server) => server.stop(),
  );
  if (moto === undefined) return 1;
  say(`moto (S3, SQS, SNS, SES, Kinesis, DynamoDB, CloudFront): ${moto.endpoint}  (up in ${since(started)})`);
  const { startRuntime, startDashboard, runDemo } = await loading;
  say(
    `Creating the pipeline's resources, starting the local Step Functions on ${on(settings.stepFunctions)}, ` +
      `registering the three workflows, starting the pollers and the blog API on ${on(settings.api)}…`,
  );
  started = performance.now();
  const runtime = await startPart(
    'The pipeline',
    settings,
    () =>
      startRuntime(
        {
          motoEndpoint: moto.endpoint,
          stepFunctionsPort: settings.stepFunctions.port,
          apiPort: settings.api.port,
          waitTimeScale: settings.waitTimeScale,
        },
        topology,
      ),
    (running) => running.stop(),
  );
  if (runtime === undefined) return 1;
  say(`The pipeline is up (${since(started)}):`);
  say(
    `Step Functions: ${runtime.stepFunctions.url} (waits run at ${settings.waitTimeScale}x: WAIT_TIME_SCALE)`,
  );
  say(
    `  aws stepfunctions --endpoint-url ${runtime.stepFunctions.url} list-executions --state-machine-arn ${runtime.stateMachineArns.welcomeEmail}`,
  );
  say(
    `Blog API: ${runtime.apiUrl}  (OpenAPI: ${runtime.apiUrl}/openapi.json; uploads go to ${runtime.uploadEndpoint})`,
  );
  say(`Release downloads (the local CloudFront): ${runtime.resources.downloadsBaseUrl}`);
  if (runtime.updateOrigin !== undefined)
    say(
      `Update server: ${runtime.updateOrigin.originUrl}/updates/latest.json, through its edge: ${runtime.updateOrigin.edgeUrl}/updates/latest.json  (files in ${runtime.updateOrigin.dir})`,
    );
  // MyTodoList (issue 25): its own resources on the same moto, its reminders on the same Step Functions.
  started = performance.now();
  const todo = await startPart(
    'MyTodoList',
    settings,
    async () => {
      const { startTodoBackend } = await import('./runtime/todo/backend.js');
      return startTodoBackend({
        motoEndpoint: moto.endpoint,
        stepFunctions: runtime.stepFunctionsLink,
        region: runtime.region,
        log: complain,
      });
    },
    (backend) => backend.stop(),
  );
  if (todo === undefined) return 1;
  say(
    `MyTodoList API: ${todo.apiUrl}  (OpenAPI: ${todo.apiUrl}/openapi.json; user pool ${todo.resources.userPoolId}, ` +
      `app client ${todo.resources.userPoolClientId} on moto; identity pool ${todo.resources.identityPoolId} at ${todo.identityPoolUrl}; ` +
      `attachments S3 at ${todo.storageUrl})  (up in ${since(started)})`,
  );
  const dashboardPort = settings.dashboard;
  let dashboard: Dashboard | undefined;
  if (dashboardPort !== undefined) {
    say(`Starting the dashboard on ${on(dashboardPort)} (bundling its page)…`);
    dashboard = await startPart(
      'The dashboard',
      settings,
      () => startDashboard({ runtime, port: dashboardPort.port, todo }),
      (server) => server.close(),
    );
    if (dashboard === undefined) return 1;
    say(`Dashboard: ${dashboard.url}`);
  }
  writeRuntimeInfo({
    motoEndpoint: moto.endpoint,
    stepFunctionsEndpoint: runtime.stepFunctions.url,
    region: runtime.region,
    resources: runtime.resources,
    stateMachineArns: runtime.stateMachineArns,
    apiUrl: runtime.apiUrl,
    ...(dashboard === undefined ? {} : { dashboardUrl: dashboard.url }),
    pid: process.pid,
  });
  shutdown.add('.local-data/runtime.json', clearRuntimeInfo);
  const blogOk = command.demo ? await runDemo(runtime) : true;
  const { runTodoDemo } = await import('./demo/todo-scenario.js');
  const ok =
    (command.demo ? await runTodoDemo(todo, runtime.stepFunctionsLink.sfn, settings.waitTimeScale) : true) &&
    blogOk;
  if (command.exitAfterDemo) return ok ? 0 : 1;
  say(
    'Running. Try: npm run signup -- you@example.com "Your Name"  ·  npm run upload -- photo.jpg  ·  npm run publish-release -- folder/   (Ctrl-C stops everything)',
  );
  // Runs until finish() exits the process.
  return new Promise<number>(() => undefined);
}

main().then(
  (code) => finish(code),
  (error: unknown) => {
    // A stop under way exits by itself; what failed then is only what was being stopped.
    if (error instanceof StopRequested || exiting) return;
    if (error instanceof UsageError) {
      complain(`npm start: ${error.message}\n\n${USAGE}`);
      return finish(2);
    }
    if (error instanceof SettingError) {
      complain(`npm start: ${error.message} (npm start -- --help lists the variables)`);
      return finish(2);
    }
    complain(String((error as Error).stack ?? error));
    finish(1);
  },
);
