import { join } from 'node:path';
import type { Topology } from '../../topology/types';
import type { FunctionRegistry, LambdaHandler } from '../server/integrations/lambda';
import { LOCAL_CREDENTIALS } from './aws-clients';
import { type Resources, resolveRef } from './provision';

/**
 * The environment the functions run with locally: each function's variables from the topology
 * (their names agree across functions, so one environment serves all), and the SDK pointed at
 * the local services. Set before a handler module is loaded: they read it at cold start.
 */
export function functionEnvironment(
  topology: Topology,
  resources: Resources,
  target: { endpoint: string; region: string; accountId: string },
  settings: Readonly<Record<string, string>> = {},
): Record<string, string> {
  const env: Record<string, string> = {
    AWS_ENDPOINT_URL: target.endpoint,
    AWS_REGION: target.region,
    AWS_DEFAULT_REGION: target.region,
    AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
    AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
    S3_FORCE_PATH_STYLE: 'true',
    AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
  };
  for (const spec of Object.values(topology.functions)) {
    for (const [variable, ref] of Object.entries(spec.environment)) {
      const value = settings[variable] ?? resolveRef(ref, resources, target.region, target.accountId);
      const existing = env[variable];
      if (existing !== undefined && existing !== value)
        throw new Error(`Two functions need different values of ${variable}: ${existing} and ${value}`);
      env[variable] = value;
    }
  }
  return env;
}

/**
 * Every function of the topology by its local name, loaded from functions/<dir>/handler.ts on
 * first use, so `npm start` and the tests run them in this process.
 */
export function functionRegistry(
  topology: Topology,
  resources: Resources,
  root = join(__dirname, '..', '..', 'functions'),
): FunctionRegistry {
  const registry = new Map<string, LambdaHandler>();
  for (const [logical, spec] of Object.entries(topology.functions)) {
    let loaded: Promise<LambdaHandler> | undefined;
    const load = () =>
      (loaded ??= import(join(root, spec.dir, 'handler')).then((module: { handler?: LambdaHandler }) => {
        if (typeof module.handler !== 'function')
          throw new Error(`functions/${spec.dir}/handler.ts exports no handler`);
        return module.handler;
      }));
    registry.set(resources.functions[logical as keyof Resources['functions']], async (event, context) =>
      (await load())(event, context),
    );
  }
  return registry;
}
