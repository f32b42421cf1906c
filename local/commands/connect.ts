import { awsClients, type AwsClients } from '../runtime/aws-clients';
import { readRuntimeInfo, type RuntimeInfo } from '../runtime/runtime-info';

/** The running `npm start` pipeline and clients for it; exits with one clear line if it is not running. */
export function connect(): { info: RuntimeInfo; clients: AwsClients } {
  process.env['AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED'] ??= 'true';
  try {
    const info = readRuntimeInfo();
    return { info, clients: awsClients(info.motoEndpoint, info.region) };
  } catch (error) {
    console.error((error as Error).message);
    process.exit(1);
  }
}

export function usage(text: string): never {
  console.error(`Usage: ${text}`);
  process.exit(2);
}
