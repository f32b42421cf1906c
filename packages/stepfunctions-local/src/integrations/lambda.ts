import { randomUUID } from 'node:crypto';
import { StatesError } from '@myblog/sfn-engine';
import type { Json } from '@myblog/asl';
import type { SdkClients } from './sdk-clients';
import { sdkTaskError } from './sdk-values';

/** A Lambda handler as functions/ export them. */
export type LambdaHandler = (event: unknown, context: LambdaContext) => Promise<unknown>;

export interface LambdaContext {
  readonly functionName: string;
  readonly functionVersion: string;
  readonly invokedFunctionArn: string;
  readonly awsRequestId: string;
  readonly memoryLimitInMB: string;
  getRemainingTimeInMillis(): number;
}

/** Handlers by function name: what `npm start` and the tests run in-process. */
export type FunctionRegistry = ReadonlyMap<string, LambdaHandler>;

/** `name`, `name:qualifier`, `123456789012:function:name` or a full ARN → name and qualifier. */
export function parseFunctionName(text: string): { name: string; qualifier?: string } {
  const arn = /^(?:arn:aws[a-z-]*:lambda:[a-z0-9-]+:)?(?:\d{12}:)?function:([^:]+)(?::([^:]+))?$/.exec(text);
  if (arn !== null)
    return arn[2] === undefined ? { name: arn[1] as string } : { name: arn[1] as string, qualifier: arn[2] };
  const [name = text, qualifier] = text.split(':');
  return qualifier === undefined ? { name } : { name, qualifier };
}

/** A function error as Step Functions reports it: the errorType, and the error as JSON text. */
function functionError(error: unknown): StatesError {
  const thrown = error as { name?: string; message?: string; stack?: string };
  const errorType = thrown?.name ?? 'Error';
  const cause = JSON.stringify({
    errorType,
    errorMessage: thrown?.message ?? String(error),
    trace: (thrown?.stack ?? '')
      .split('\n')
      .slice(1)
      .map((line) => line.trim()),
  });
  return new StatesError(errorType, cause);
}

export interface LambdaResult {
  readonly payload: Json;
  readonly version: string;
}

/**
 * Invokes a function: in-process from the registry when it is there, otherwise through the
 * Lambda API at LAMBDA_ENDPOINT (or AWS). Errors carry the names Step Functions uses.
 */
export class LambdaInvoker {
  constructor(
    private readonly registry: FunctionRegistry,
    private readonly clients: SdkClients,
    private readonly region: string,
    private readonly accountId: string,
  ) {}

  async invoke(
    functionName: string,
    payload: Json,
    signal: AbortSignal,
    timeoutSeconds = 900,
  ): Promise<LambdaResult> {
    const { name, qualifier } = parseFunctionName(functionName);
    const handler = this.registry.get(name);
    if (handler !== undefined) {
      const deadline = Date.now() + timeoutSeconds * 1000;
      const context: LambdaContext = {
        functionName: name,
        functionVersion: '$LATEST',
        invokedFunctionArn: `arn:aws:lambda:${this.region}:${this.accountId}:function:${name}${qualifier === undefined ? '' : `:${qualifier}`}`,
        awsRequestId: randomUUID(),
        memoryLimitInMB: '1024',
        getRemainingTimeInMillis: () => Math.max(0, deadline - Date.now()),
      };
      let result: unknown;
      try {
        // A round trip through JSON, as over the wire: the handler cannot share objects with the engine.
        result = await handler(JSON.parse(JSON.stringify(payload)) as unknown, context);
      } catch (error) {
        throw functionError(error);
      }
      return {
        payload: result === undefined ? null : (JSON.parse(JSON.stringify(result)) as Json),
        version: '$LATEST',
      };
    }
    return this.invokeRemote(name, qualifier, payload, signal);
  }

  private async invokeRemote(
    name: string,
    qualifier: string | undefined,
    payload: Json,
    signal: AbortSignal,
  ): Promise<LambdaResult> {
    let output: Record<string, unknown>;
    try {
      output = await this.clients.send(
        'lambda',
        'invoke',
        { FunctionName: name, Qualifier: qualifier, Payload: Buffer.from(JSON.stringify(payload)) },
        signal,
      );
    } catch (error) {
      throw sdkTaskError('lambda', error);
    }
    const text =
      output['Payload'] instanceof Uint8Array ? Buffer.from(output['Payload']).toString('utf8') : '';
    const body = text === '' ? null : (JSON.parse(text) as Json);
    if (typeof output['FunctionError'] === 'string') {
      const errorType =
        typeof body === 'object' && body !== null && !Array.isArray(body)
          ? String(body['errorType'] ?? 'Lambda.Unknown')
          : 'Lambda.Unknown';
      throw new StatesError(errorType, text);
    }
    return {
      payload: body,
      version: typeof output['ExecutedVersion'] === 'string' ? output['ExecutedVersion'] : '$LATEST',
    };
  }
}
