#!/usr/bin/env node
/**
 * `npx stepfunctions-local` / `npm run sfn-local`: the Step Functions API on :8083, configured
 * like AWS Step Functions Local (SFN_MOCK_CONFIG, WAIT_TIME_SCALE, *_ENDPOINT, AWS_DEFAULT_REGION,
 * AWS_ACCOUNT_ID); flags win over the environment. `--compat stepfunctions-local` (or
 * SFN_LOCAL_COMPAT) answers as that jar does where it differs from AWS (local/engine/compat).
 */
import { parseArgs } from 'node:util';
import { COMPATIBILITIES, parseCompatibility, UnknownCompatibility } from '@myblog/sfn-engine';
import { ENDPOINT_VARIABLE_NAMES, targetFromEnvironment } from './integrations/endpoints';
import { loadMockConfig, MockConfigError } from './mock-config/config';
import { startLocalStepFunctions } from './server';
import { DataDirUnusable } from '@myblog/sfn-engine';
import { type WatchedEndpoint, watchedEndpoint } from './console/client';
import { startConsole } from './console/server';
import { AWS_PACE } from './console/views';

const USAGE = `Usage: stepfunctions-local [--port 8083] [--host 127.0.0.1] [--mock-config FILE] [--wait-time-scale 1] [--data-dir DIR] [--retained-executions 10000] [--compat aws] [--console [--console-port 8084]]
       stepfunctions-local console --endpoint URL|aws [--port 8084] [--region REGION] [--read-only]
  --data-dir DIR  keep state machines and executions in DIR; after a restart (even a kill) running executions go on
  --retained-executions N  how many finished executions are kept for Describe and GetExecutionHistory
  --compat ${COMPATIBILITIES.join('|')}  answer as AWS (default) or as AWS Step Functions Local where it differs
  --console  also serve the console (state machines as graphs, executions, history, start, redrive) on
             http://127.0.0.1:<console-port>/, watching this server through its API
  console --endpoint URL  serve only the console, watching the Step Functions API at URL (another
             stepfunctions-local, say); --read-only offers no StartExecution or RedriveExecution
  console --endpoint aws  watch AWS Step Functions itself, READ-ONLY, with the region and credentials the
             AWS SDK finds (AWS_REGION, AWS_PROFILE, AWS_ACCESS_KEY_ID…; --region wins)
Environment: SFN_MOCK_CONFIG, WAIT_TIME_SCALE, SFN_DATA_DIR, SFN_LOCAL_COMPAT, AWS_DEFAULT_REGION, AWS_ACCOUNT_ID, AWS_ENDPOINT_URL, ${ENDPOINT_VARIABLE_NAMES.join(', ')}`;

/** The console's port unless told: the one after the server's default. */
const CONSOLE_PORT = 8084;

/** A flag or its value is wrong: the message and the usage. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** node:util's parseArgs refuses an unknown flag or a missing value with these codes. */
const isParseArgsError = (error: unknown): boolean =>
  String((error as NodeJS.ErrnoException | undefined)?.code ?? '').startsWith('ERR_PARSE_ARGS');

/** A port flag's value, or the usage error naming the flag. */
function portOf(flag: string, text: string | undefined, fallback: number): number {
  const port = Number(text ?? fallback);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`${flag} must be a port number, got ${String(text)}`);
  return port;
}

/** Stops what was started on SIGINT or SIGTERM, then exits. */
function stopOnSignal(close: () => Promise<void>): void {
  const stop = () => {
    void close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
}

/** `stepfunctions-local console --endpoint …`: the console alone, watching another endpoint. */
async function consoleOnly(args: readonly string[]): Promise<void> {
  const { values } = parseArgs({
    args: [...args],
    options: {
      endpoint: { type: 'string' },
      port: { type: 'string' },
      region: { type: 'string' },
      'read-only': { type: 'boolean' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) {
    console.log(USAGE);
    return;
  }
  if (values.endpoint === undefined)
    throw new UsageError('console needs --endpoint: a Step Functions API URL, or aws');
  const port = portOf('--port', values.port, CONSOLE_PORT);
  let watched: WatchedEndpoint;
  try {
    watched = await watchedEndpoint(values.endpoint, values.region);
  } catch (error) {
    throw new UsageError((error as Error).message);
  }
  // AWS is only ever watched: a console that could start or redrive there would act with the
  // developer's credentials on a real account from a page on loopback.
  const readOnly = watched.aws || values['read-only'] === true;
  const served = await startConsole({
    sfn: watched.sfn,
    watching: watched.watching,
    readOnly,
    port,
    ...(watched.aws ? { pollIntervalMs: 5000, pace: AWS_PACE } : {}),
  });
  console.log(
    `stepfunctions-local console on ${served.url} watching ${watched.watching}${readOnly ? ' (read-only)' : ''}`,
  );
  stopOnSignal(async () => {
    await served.close();
    watched.sfn.destroy();
  });
}

async function main(): Promise<void> {
  const [first, ...rest] = process.argv.slice(2);
  if (first === 'console') return consoleOnly(rest);
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'mock-config': { type: 'string' },
      'wait-time-scale': { type: 'string' },
      'data-dir': { type: 'string' },
      'retained-executions': { type: 'string' },
      compat: { type: 'string' },
      console: { type: 'boolean' },
      'console-port': { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) {
    console.log(USAGE);
    return;
  }
  const port = portOf('--port', values.port ?? process.env['PORT'], 8083);
  const scale = Number(values['wait-time-scale'] ?? process.env['WAIT_TIME_SCALE'] ?? 1);
  if (values['console-port'] !== undefined && values.console !== true)
    throw new UsageError('--console-port goes with --console');
  const consolePort = portOf('--console-port', values['console-port'], CONSOLE_PORT);
  if (!Number.isFinite(scale) || scale < 0)
    throw new UsageError(
      `--wait-time-scale must be a non-negative number, got ${String(values['wait-time-scale'])}`,
    );
  const retained = Number(values['retained-executions'] ?? 10_000);
  if (!Number.isInteger(retained) || retained < 1)
    throw new UsageError(
      `--retained-executions must be a whole number of at least 1, got ${String(values['retained-executions'])}`,
    );
  const compatText = values.compat ?? (process.env['SFN_LOCAL_COMPAT'] || undefined);
  const compatibility = compatText === undefined ? 'aws' : parseCompatibility(compatText);
  const mockPath = values['mock-config'] ?? process.env['SFN_MOCK_CONFIG'];
  const mockConfig = mockPath === undefined || mockPath === '' ? undefined : loadMockConfig(mockPath);
  const target = targetFromEnvironment(process.env);
  const dataDir = values['data-dir'] ?? (process.env['SFN_DATA_DIR'] || undefined);
  const server = await startLocalStepFunctions({
    port,
    host: values.host ?? '127.0.0.1',
    waitTimeScale: scale,
    target,
    ...(mockConfig === undefined ? {} : { mockConfig }),
    ...(dataDir === undefined ? {} : { dataDir }),
    retainedExecutions: retained,
    compatibility,
  });
  const kept =
    dataDir === undefined
      ? ''
      : `, data dir ${dataDir}${server.resumed.length === 0 ? '' : `, ${server.resumed.length} running executions resumed`}`;
  console.log(
    `stepfunctions-local ready on ${server.url} (region ${target.region}, account ${target.accountId}${mockPath === undefined ? '' : `, mock config ${mockPath}`}${scale === 1 ? '' : `, wait time scale ${scale}`}${kept}${compatibility === 'aws' ? '' : `, compatible with ${compatibility}`})`,
  );
  if (values.console !== true) return stopOnSignal(() => server.close());
  // The console watches the server through its API, as it would watch any other endpoint.
  const reachable = server.url.replace(/^http:\/\/(0\.0\.0\.0|\[::\]|::)(?=:)/, 'http://127.0.0.1');
  const watched = await watchedEndpoint(reachable, target.region);
  const served = await startConsole({ sfn: watched.sfn, watching: watched.watching, port: consolePort });
  console.log(`stepfunctions-local console on ${served.url}`);
  stopOnSignal(async () => {
    await served.close();
    watched.sfn.destroy();
    await server.close();
  });
}

// The usage only when it is the fix: a full disk or a busy port is not a wrong flag.
main().catch((error: unknown) => {
  console.error(
    error instanceof MockConfigError || error instanceof DataDirUnusable
      ? error.message
      : error instanceof UsageError || error instanceof UnknownCompatibility || isParseArgsError(error)
        ? `stepfunctions-local: ${(error as Error).message}\n${USAGE}`
        : `stepfunctions-local: ${(error as Error).message}`,
  );
  process.exit(1);
});
