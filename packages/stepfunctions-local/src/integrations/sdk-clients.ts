import { NodeHttpHandler } from '@smithy/node-http-handler';
import { StatesTaskFailed } from '@myblog/sfn-engine';
import { type AwsTarget, endpointFor } from './endpoints';
import { toSdkMemberNames, toStepFunctionsMemberNames } from './sdk-member-names';

/** The SDK v3 client of each service a workflow may call, and its name in error names. */
interface ServiceInfo {
  readonly load: () => Promise<Record<string, unknown>>;
  readonly client: string;
  /** PascalCase service name that prefixes error names (`S3.NoSuchKeyException`). */
  readonly errorPrefix: string;
}

const SERVICES: Readonly<Record<string, ServiceInfo>> = {
  s3: { load: () => import('@aws-sdk/client-s3'), client: 'S3Client', errorPrefix: 'S3' },
  sesv2: { load: () => import('@aws-sdk/client-sesv2'), client: 'SESv2Client', errorPrefix: 'SesV2' },
  kinesis: { load: () => import('@aws-sdk/client-kinesis'), client: 'KinesisClient', errorPrefix: 'Kinesis' },
  cloudfront: {
    load: () => import('@aws-sdk/client-cloudfront'),
    client: 'CloudFrontClient',
    errorPrefix: 'CloudFront',
  },
  dynamodb: {
    load: () => import('@aws-sdk/client-dynamodb'),
    client: 'DynamoDBClient',
    errorPrefix: 'DynamoDb',
  },
  sqs: { load: () => import('@aws-sdk/client-sqs'), client: 'SQSClient', errorPrefix: 'Sqs' },
  sns: { load: () => import('@aws-sdk/client-sns'), client: 'SNSClient', errorPrefix: 'Sns' },
  lambda: { load: () => import('@aws-sdk/client-lambda'), client: 'LambdaClient', errorPrefix: 'Lambda' },
  sfn: { load: () => import('@aws-sdk/client-sfn'), client: 'SFNClient', errorPrefix: 'Sfn' },
  eventbridge: {
    load: () => import('@aws-sdk/client-eventbridge'),
    client: 'EventBridgeClient',
    errorPrefix: 'EventBridge',
  },
};

type Sendable = {
  send(command: unknown, options?: { abortSignal?: AbortSignal }): Promise<Record<string, unknown>>;
};
type CommandClass = new (input: unknown) => unknown;

export const isKnownService = (service: string): boolean => SERVICES[service] !== undefined;

/** A service's SDK module (its clients, commands and API schemas), or undefined for a service not installed. */
export function sdkModuleOf(service: string): Promise<Record<string, unknown>> | undefined {
  return SERVICES[service]?.load();
}
export const errorPrefixOf = (service: string): string =>
  SERVICES[service]?.errorPrefix ?? service.charAt(0).toUpperCase() + service.slice(1);

/** Creates each service's client once, pointed at the configured endpoint. */
export class SdkClients {
  private readonly clients = new Map<
    string,
    Promise<{ client: Sendable; module: Record<string, unknown> }>
  >();

  constructor(private readonly target: AwsTarget) {}

  private client(service: string): Promise<{ client: Sendable; module: Record<string, unknown> }> {
    let pending = this.clients.get(service);
    if (pending === undefined) {
      const info = SERVICES[service];
      if (info === undefined)
        throw new StatesTaskFailed(`The service '${service}' is not available in this local Step Functions`);
      pending = info.load().then((module) => {
        const endpoint = endpointFor(this.target, service);
        const Client = module[info.client] as new (config: object) => Sendable;
        const client = new Client({
          region: this.target.region,
          ...(endpoint === undefined
            ? {}
            : { endpoint, credentials: { accessKeyId: 'test', secretAccessKey: 'test' } }),
          // Local endpoints (moto) speak plain HTTP/1.1 and path-style S3.
          ...(service === 's3' ? { forcePathStyle: true } : {}),
          ...(service === 'kinesis' ? { requestHandler: new NodeHttpHandler() } : {}),
        });
        return { client, module };
      });
      this.clients.set(service, pending);
    }
    return pending;
  }

  /** Sends `<Action>Command` of the service's SDK with the given input. */
  async send(
    service: string,
    action: string,
    input: unknown,
    signal: AbortSignal,
  ): Promise<Record<string, unknown>> {
    const { client, module } = await this.client(service);
    const commandName = `${action.charAt(0).toUpperCase()}${action.slice(1)}Command`;
    const Command = module[commandName] as CommandClass | undefined;
    if (Command === undefined)
      throw new StatesTaskFailed(`The action '${action}' of '${service}' is not an API action of its SDK`);
    // Step Functions speaks PascalCase to every service; the SDK wants each API's own member names.
    const output = await client.send(new Command(toSdkMemberNames(module, action, input)), {
      abortSignal: signal,
    });
    return toStepFunctionsMemberNames(module, action, output);
  }
}
