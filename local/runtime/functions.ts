import { join } from 'node:path';
import type { FunctionName, FunctionSpec, Topology } from '../../topology/types';
import { LOCAL_CREDENTIALS } from './aws-clients';
import type { HostedFunction } from './function-host/function-host';
import { type Resources, resolveRef } from './provision';

const FUNCTIONS = join(__dirname, '..', '..', 'functions');

export interface LocalTarget {
  readonly endpoint: string;
  readonly region: string;
  readonly accountId: string;
}

/**
 * The environment one function runs with locally: its own variables from the topology (as
 * Lambda gives each function only its own), and the SDK pointed at the local services.
 */
export function functionEnvironment(
  spec: FunctionSpec,
  resources: Resources,
  target: LocalTarget,
  settings: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL: target.endpoint,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  for (const [variable, ref] of Object.entries(spec.environment))
    env[variable] = settings[variable] ?? resolveRef(ref, resources, target.region, target.accountId);
  return env;
}

/**
 * Every function of the topology, by its logical name, as the local function host runs it:
 * functions/<dir>/handler.ts, its environment, and its timeout (the soak shortens them), memory
 * and reserved concurrency.
 */
export function hostedFunctions(
  topology: Topology,
  resources: Resources,
  target: LocalTarget,
  options: {
    readonly settings?: Readonly<Record<string, string>>;
    /** Variables every function gets besides its own (the local upload endpoint). */
    readonly common?: Readonly<Record<string, string>>;
    readonly timeout?: (name: FunctionName, configuredSeconds: number) => number;
  } = {},
): [FunctionName, HostedFunction][] {
  return (Object.entries(topology.functions) as [FunctionName, FunctionSpec][]).map(([logical, spec]) => [
    logical,
    {
      name: resources.functions[logical],
      handlerFile: join(FUNCTIONS, spec.dir, 'handler.ts'),
      env: { ...functionEnvironment(spec, resources, target, options.settings), ...options.common },
      timeoutSeconds: options.timeout?.(logical, spec.timeoutSeconds) ?? spec.timeoutSeconds,
      memoryMb: spec.memoryMb,
      ...(spec.reservedConcurrency === undefined ? {} : { reservedConcurrency: spec.reservedConcurrency }),
    },
  ]);
}
