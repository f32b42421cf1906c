/**
 * `npm start`: the whole pipeline on this machine (moto, the local Step Functions on :8083, the
 * functions, the pollers playing Pipes), then a demo through all three flows. Ctrl-C stops all
 * of it, and the dashboard on :8084 (DASHBOARD_PORT) shows it live. `npm run demo` runs the same
 * on free ports without the dashboard, prints the summary and exits 0 only if every event ended as
 * expected. Flags: --no-demo, --exit-after-demo.
 */
import { parseArgs } from 'node:util';
import { type Dashboard, startDashboard } from './dashboard/server';
import { runDemo } from './demo/scenario';
import { MotoUnavailable, startMoto, type MotoServer } from './runtime/moto';
import { clearRuntimeInfo, writeRuntimeInfo } from './runtime/runtime-info';
import { type Runtime, startRuntime } from './runtime/runtime';

process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
process.env['POWERTOOLS_LOG_LEVEL'] ??= 'WARN';

/** Why a part could not start, in one line; a port in use says which variable moves it. */
function cannotStart(part: string, error: unknown, variable: string): string {
  const { code, port } = error as NodeJS.ErrnoException & { port?: number };
  return code === 'EADDRINUSE'
    ? `Port ${port ?? ''} is in use (another npm start or stepfunctions-local?). Stop it, or set ${variable}.`
    : `${part} could not start: ${(error as Error).message}`;
}

async function main(): Promise<number> {
  const { values } = parseArgs({
    options: { 'no-demo': { type: 'boolean' }, 'exit-after-demo': { type: 'boolean' } },
  });
  const exitAfterDemo = values['exit-after-demo'] === true;
  const scale = Number(process.env['WAIT_TIME_SCALE'] ?? 0.1);
  let moto: MotoServer;
  try {
    moto = await startMoto();
  } catch (error) {
    console.error(
      error instanceof MotoUnavailable
        ? error.message
        : `moto_server could not start: ${(error as Error).message}`,
    );
    return 1;
  }
  let runtime: Runtime;
  try {
    runtime = await startRuntime({
      motoEndpoint: moto.endpoint,
      stepFunctionsPort: exitAfterDemo ? 0 : Number(process.env['SFN_PORT'] ?? 8083),
      apiPort: exitAfterDemo ? 0 : Number(process.env['API_PORT'] ?? 8085),
      waitTimeScale: scale,
    });
  } catch (error) {
    await moto.stop();
    console.error(cannotStart('The pipeline', error, 'SFN_PORT or API_PORT'));
    return 1;
  }
  let dashboard: Dashboard | undefined;
  if (!exitAfterDemo) {
    try {
      dashboard = await startDashboard({ runtime, port: Number(process.env['DASHBOARD_PORT'] ?? 8084) });
    } catch (error) {
      await runtime.stop();
      await moto.stop();
      console.error(cannotStart('The dashboard', error, 'DASHBOARD_PORT'));
      return 1;
    }
  }
  let stopping = false;
  const stop = async () => {
    if (stopping) return;
    stopping = true;
    clearRuntimeInfo();
    await dashboard?.close();
    await runtime.stop();
    await moto.stop();
  };
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
  console.log(`moto (S3, SQS, SNS, SES, Kinesis, DynamoDB, CloudFront): ${moto.endpoint}`);
  console.log(`Step Functions: ${runtime.stepFunctions.url} (waits run at ${scale}x: WAIT_TIME_SCALE)`);
  console.log(
    `  aws stepfunctions --endpoint-url ${runtime.stepFunctions.url} list-executions --state-machine-arn ${runtime.stateMachineArns.welcomeEmail}`,
  );
  console.log(
    `Blog API: ${runtime.apiUrl}  (OpenAPI: ${runtime.apiUrl}/openapi.json; uploads go to ${runtime.uploadEndpoint})`,
  );
  console.log(`Release downloads (the local CloudFront): ${runtime.resources.downloadsBaseUrl}`);
  if (dashboard !== undefined) console.log(`Dashboard: ${dashboard.url}`);
  const done = new Promise<void>((resolve) => {
    for (const signal of ['SIGINT', 'SIGTERM'] as const)
      process.once(signal, () => void stop().then(resolve));
  });
  let ok = true;
  if (values['no-demo'] !== true) ok = await runDemo(runtime);
  if (exitAfterDemo) {
    await stop();
    return ok ? 0 : 1;
  }
  console.log(
    'Running. Try: npm run signup -- you@example.com "Your Name"  ·  npm run upload -- photo.jpg  ·  npm run publish-release -- folder/   (Ctrl-C stops everything)',
  );
  await done;
  return 0;
}

main().then(
  (code) => process.exit(code),
  (error: unknown) => {
    console.error(error);
    process.exit(1);
  },
);
