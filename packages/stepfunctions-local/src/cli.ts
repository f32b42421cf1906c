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

const USAGE = `Usage: stepfunctions-local [--port 8083] [--host 127.0.0.1] [--mock-config FILE] [--wait-time-scale 1] [--data-dir DIR] [--retained-executions 10000] [--compat aws]
  --data-dir DIR  keep state machines and executions in DIR; after a restart (even a kill) running executions go on
  --retained-executions N  how many finished executions are kept for Describe and GetExecutionHistory
  --compat ${COMPATIBILITIES.join('|')}  answer as AWS (default) or as AWS Step Functions Local where it differs
Environment: SFN_MOCK_CONFIG, WAIT_TIME_SCALE, SFN_DATA_DIR, SFN_LOCAL_COMPAT, AWS_DEFAULT_REGION, AWS_ACCOUNT_ID, AWS_ENDPOINT_URL, ${ENDPOINT_VARIABLE_NAMES.join(', ')}`;

/** A flag or its value is wrong: the message and the usage. */
class UsageError extends Error {
  override readonly name = 'UsageError';
}

/** node:util's parseArgs refuses an unknown flag or a missing value with these codes. */
const isParseArgsError = (error: unknown): boolean =>
  String((error as NodeJS.ErrnoException | undefined)?.code ?? '').startsWith('ERR_PARSE_ARGS');

async function main(): Promise<void> {
  const { values } = parseArgs({
    options: {
      port: { type: 'string' },
      host: { type: 'string' },
      'mock-config': { type: 'string' },
      'wait-time-scale': { type: 'string' },
      'data-dir': { type: 'string' },
      'retained-executions': { type: 'string' },
      compat: { type: 'string' },
      help: { type: 'boolean' },
    },
  });
  if (values.help === true) {
    console.log(USAGE);
    return;
  }
  const port = Number(values.port ?? process.env['PORT'] ?? 8083);
  const scale = Number(values['wait-time-scale'] ?? process.env['WAIT_TIME_SCALE'] ?? 1);
  if (!Number.isInteger(port) || port < 0 || port > 65535)
    throw new UsageError(`--port must be a port number, got ${String(values.port)}`);
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
  const stop = () => {
    void server.close().then(() => process.exit(0));
  };
  process.once('SIGINT', stop);
  process.once('SIGTERM', stop);
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
