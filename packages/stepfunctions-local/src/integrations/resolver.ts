import { randomUUID } from 'node:crypto';
import { StatesTaskFailed } from '@myblog/sfn-engine';
import type { TaskInvocation, TaskResolver } from '@myblog/sfn-engine';
import { type Json, type JsonObject, isObject } from '@myblog/asl';
import { parseTaskResource } from '@myblog/asl';
import type { LambdaInvoker } from './lambda';
import type { SdkClients } from './sdk-clients';
import { fromSdkOutput, sdkTaskError, toSdkInput } from './sdk-values';

const asText = (value: Json | undefined): Json | undefined =>
  value === undefined || typeof value === 'string' ? value : JSON.stringify(value);

/**
 * The optimized integrations: the service's own parameter conventions (a message body may be
 * JSON, it is sent as text) and error prefixes (`DynamoDB.ConditionalCheckFailedException`).
 */
const OPTIMIZED: Readonly<
  Record<string, { service: string; errorPrefix: string; prepare?: (p: JsonObject) => JsonObject }>
> = {
  'sqs:sendMessage': {
    service: 'sqs',
    errorPrefix: 'SQS',
    prepare: (p) => ({ ...p, MessageBody: asText(p['MessageBody']) ?? '' }),
  },
  'sns:publish': {
    service: 'sns',
    errorPrefix: 'SNS',
    prepare: (p) => ({ ...p, Message: asText(p['Message']) ?? '' }),
  },
  'dynamodb:getItem': { service: 'dynamodb', errorPrefix: 'DynamoDB' },
  'dynamodb:putItem': { service: 'dynamodb', errorPrefix: 'DynamoDB' },
  'dynamodb:updateItem': { service: 'dynamodb', errorPrefix: 'DynamoDB' },
  'dynamodb:deleteItem': { service: 'dynamodb', errorPrefix: 'DynamoDB' },
  'events:putEvents': {
    service: 'eventbridge',
    errorPrefix: 'EventBridge',
    prepare: (p) => ({
      ...p,
      Entries: (Array.isArray(p['Entries']) ? p['Entries'] : []).map((entry) =>
        isObject(entry) ? { ...entry, Detail: asText(entry['Detail']) ?? '{}' } : entry,
      ),
    }),
  },
};

/** Runs Task resources against real services: Lambda, the optimized integrations and `aws-sdk:*`. */
export class IntegrationResolver implements TaskResolver {
  constructor(
    private readonly clients: SdkClients,
    private readonly lambda: LambdaInvoker,
  ) {}

  async invoke(invocation: TaskInvocation): Promise<Json> {
    const resource = parseTaskResource(invocation.resource);
    if (resource.kind === 'lambda-function') {
      return (
        await this.lambda.invoke(
          resource.arn,
          invocation.parameters,
          invocation.signal,
          invocation.timeoutSeconds,
        )
      ).payload;
    }
    if (resource.kind === 'activity')
      throw new StatesTaskFailed(
        `Activities are not supported by this local Step Functions: ${resource.arn}`,
      );
    const parameters = isObject(invocation.parameters) ? invocation.parameters : {};
    if (resource.resourceType === 'lambda' && resource.action === 'invoke')
      return this.lambdaInvoke(parameters, invocation);
    if (resource.resourceType.startsWith('aws-sdk:')) {
      const service = resource.resourceType.slice('aws-sdk:'.length);
      return this.sdk(service, resource.action, parameters, invocation.signal);
    }
    const optimized = OPTIMIZED[`${resource.resourceType}:${resource.action}`];
    if (optimized === undefined)
      throw new StatesTaskFailed(
        `The resource '${invocation.resource}' is not supported by this local Step Functions`,
      );
    return this.sdk(
      optimized.service,
      resource.action,
      optimized.prepare?.(parameters) ?? parameters,
      invocation.signal,
      optimized.errorPrefix,
    );
  }

  private async sdk(
    service: string,
    action: string,
    parameters: Json,
    signal: AbortSignal,
    errorPrefix?: string,
  ): Promise<Json> {
    try {
      return await fromSdkOutput(
        await this.clients.send(service, action, toSdkInput(service, action, parameters), signal),
      );
    } catch (error) {
      throw sdkTaskError(service, error, errorPrefix);
    }
  }

  /** `lambda:invoke`: the Lambda API's answer with the function's result as `Payload`. */
  private async lambdaInvoke(parameters: JsonObject, invocation: TaskInvocation): Promise<Json> {
    const functionName = parameters['FunctionName'];
    if (typeof functionName !== 'string') throw new StatesTaskFailed('lambda:invoke needs a FunctionName');
    const qualifier = typeof parameters['Qualifier'] === 'string' ? `:${parameters['Qualifier']}` : '';
    const payload = parameters['Payload'] ?? {};
    const result = await this.lambda.invoke(
      `${functionName}${qualifier}`,
      payload,
      invocation.signal,
      invocation.timeoutSeconds,
    );
    const requestId = randomUUID();
    return {
      ExecutedVersion: result.version,
      Payload: result.payload,
      SdkHttpMetadata: {
        HttpHeaders: {
          'Content-Type': 'application/json',
          'X-Amz-Executed-Version': result.version,
          'x-amzn-RequestId': requestId,
        },
        HttpStatusCode: 200,
      },
      SdkResponseMetadata: { RequestId: requestId },
      StatusCode: 200,
    };
  }
}
