import { SFNClient } from '@aws-sdk/client-sfn';
import { VirtualClock } from '../../packages/sfn-engine/src/clock';
import {
  startLocalStepFunctions,
  type LocalStepFunctions,
  type LocalStepFunctionsOptions,
} from '../../packages/stepfunctions-local/src/server';

export const ROLE = 'arn:aws:iam::123456789012:role/test';

/** The server on a free port with virtual time, and an SDK client pointed at it. */
export async function startServer(
  options: LocalStepFunctionsOptions = {},
): Promise<{ server: LocalStepFunctions; sfn: SFNClient; logs: string[] }> {
  const logs: string[] = [];
  const server = await startLocalStepFunctions({
    port: 0,
    clock: new VirtualClock(),
    target: { region: 'us-east-1', accountId: '123456789012', endpoints: {} },
    log: (line) => logs.push(line),
    ...options,
  });
  const sfn = new SFNClient({
    endpoint: server.url,
    region: 'us-east-1',
    credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
    disableHostPrefix: true,
  });
  return { server, sfn, logs };
}
