import { createServer, type Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type {
  LocalStepFunctions,
  LocalStepFunctionsOptions,
} from '../../packages/stepfunctions-local/src/server';
import { ROLE, startServer } from './local-server';
import type { LambdaHandler } from '../../packages/stepfunctions-local/src/integrations/lambda';
import { FunctionTimedOut } from '../../local/runtime/function-host/errors';
import { startLambdaEndpoint } from '../../local/runtime/lambda-endpoint';
import type { Listening } from '@myblog/local-http';

class InvalidSubscriber extends Error {
  override readonly name = 'InvalidSubscriber';
}

async function withServer(
  options: LocalStepFunctionsOptions,
  body: (sfn: SFNClient) => Promise<void>,
): Promise<void> {
  const { server, sfn }: { server: LocalStepFunctions; sfn: SFNClient } = await startServer(options);
  try {
    await body(sfn);
  } finally {
    sfn.destroy();
    await server.close();
  }
}

let counter = 0;
async function runTask(sfn: SFNClient, state: object, input: object = {}) {
  counter += 1;
  const definition = JSON.stringify({ StartAt: 'T', States: { T: { Type: 'Task', End: true, ...state } } });
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({ name: `lambda-${counter}`, definition, roleArn: ROLE }),
  );
  const { executionArn } = await sfn.send(
    new StartExecutionCommand({ stateMachineArn, input: JSON.stringify(input) }),
  );
  for (;;) {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING') return described;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

const functions = new Map([
  ['greet', async (event: unknown) => ({ greeting: `hello ${(event as { name: string }).name}` })],
  [
    'reject',
    async () => {
      throw new InvalidSubscriber('email: not an email address');
    },
  ],
]);

describe('lambda:invoke with in-process functions', () => {
  test('returns the Lambda API shape with the result as Payload', () =>
    withServer({ functions }, async (sfn) => {
      const result = await runTask(
        sfn,
        {
          Resource: 'arn:aws:states:::lambda:invoke',
          Parameters: {
            FunctionName: 'arn:aws:lambda:us-east-1:123456789012:function:greet:live',
            'Payload.$': '$',
          },
        },
        { name: 'Ana' },
      );
      expect(JSON.parse(result.output as string)).toMatchObject({
        StatusCode: 200,
        ExecutedVersion: '$LATEST',
        Payload: { greeting: 'hello Ana' },
      });
    }));

  test("a function's error is named by its errorType, with the error as JSON in the cause", () =>
    withServer({ functions }, async (sfn) => {
      const result = await runTask(sfn, {
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'reject', Payload: {} },
      });
      expect(result).toMatchObject({ status: 'FAILED', error: 'InvalidSubscriber' });
      expect(JSON.parse(result.cause as string)).toMatchObject({
        errorType: 'InvalidSubscriber',
        errorMessage: 'email: not an email address',
      });
    }));
});

describe('functions behind LAMBDA_ENDPOINT', () => {
  let lambda: Server;
  let endpoint: string;
  const calls: string[] = [];

  beforeAll(async () => {
    // A minimal stand-in for the Lambda Invoke API, to check what our client sends and reads.
    lambda = createServer((request, response) => {
      const chunks: Buffer[] = [];
      request.on('data', (chunk: Buffer) => chunks.push(chunk));
      request.on('end', () => {
        const name = decodeURIComponent(
          /\/functions\/([^/]+)\/invocations/.exec(request.url ?? '')?.[1] ?? '',
        );
        calls.push(name);
        const payload = JSON.parse(Buffer.concat(chunks).toString('utf8') || '{}') as { n?: number };
        if (name === 'broken') {
          response.writeHead(200, {
            'x-amz-function-error': 'Unhandled',
            'content-type': 'application/json',
          });
          response.end(JSON.stringify({ errorType: 'TypeError', errorMessage: 'boom' }));
          return;
        }
        if (name === 'missing') {
          response.writeHead(404, {
            'x-amzn-errortype': 'ResourceNotFoundException',
            'content-type': 'application/json',
          });
          response.end(JSON.stringify({ Type: 'User', Message: 'Function not found' }));
          return;
        }
        response.writeHead(200, { 'x-amz-executed-version': '$LATEST', 'content-type': 'application/json' });
        response.end(JSON.stringify({ doubled: (payload.n ?? 0) * 2 }));
      });
    });
    await new Promise<void>((resolve) => lambda.listen(0, '127.0.0.1', () => resolve()));
    endpoint = `http://127.0.0.1:${(lambda.address() as AddressInfo).port}`;
  });
  afterAll(() => new Promise<void>((resolve) => lambda.close(() => resolve())));

  const target = () => ({ region: 'us-east-1', accountId: '123456789012', endpoints: { lambda: endpoint } });

  test('a function not registered in-process is invoked through the endpoint', () =>
    withServer({ target: target() }, async (sfn) => {
      const result = await runTask(
        sfn,
        { Resource: 'arn:aws:lambda:us-east-1:123456789012:function:double' },
        { n: 21 },
      );
      expect(result).toMatchObject({ status: 'SUCCEEDED', output: '{"doubled":42}' });
      expect(calls).toContain('double');
    }));

  test('an unhandled function error keeps its errorType', () =>
    withServer({ target: target() }, async (sfn) => {
      const result = await runTask(sfn, {
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'broken', Payload: {} },
      });
      expect(result).toMatchObject({ status: 'FAILED', error: 'TypeError' });
    }));

  test('a Lambda service error is Lambda.<Name>Exception', () =>
    withServer({ target: target() }, async (sfn) => {
      const result = await runTask(sfn, {
        Resource: 'arn:aws:states:::lambda:invoke',
        Parameters: { FunctionName: 'missing', Payload: {} },
      });
      expect(result).toMatchObject({ status: 'FAILED', error: 'Lambda.ResourceNotFoundException' });
    }));
});

describe("the runtime's own Lambda API, for a server in another process", () => {
  // What the function host answers for a function it stopped at its timeout.
  const timedOut: LambdaHandler = (_event, context) =>
    Promise.reject(new FunctionTimedOut(context.awsRequestId, 0.05));
  const handlers = new Map<string, LambdaHandler>([
    ['double', async (event) => ({ doubled: (event as { n: number }).n * 2 })],
    ['invalid', () => Promise.reject(new InvalidSubscriber('no address'))],
    ['stuck', timedOut],
  ]);
  let endpoint: Listening;
  beforeAll(async () => {
    endpoint = await startLambdaEndpoint(handlers);
  });
  afterAll(() => endpoint.close());
  const target = () => ({
    region: 'us-east-1',
    accountId: '123456789012',
    endpoints: { lambda: endpoint.url },
  });
  const invoke = (sfn: SFNClient, name: string, payload: object) =>
    runTask(sfn, {
      Resource: 'arn:aws:states:::lambda:invoke',
      Parameters: { FunctionName: name, Payload: payload },
    });

  test('runs the function and answers its result', () =>
    withServer({ target: target() }, async (sfn) => {
      const result = await invoke(sfn, 'double', { n: 4 });
      expect(JSON.parse(result.output as string)).toMatchObject({ Payload: { doubled: 8 }, StatusCode: 200 });
    }));

  test("answers a function's error as Lambda does, so the task fails with its errorType", () =>
    withServer({ target: target() }, async (sfn) => {
      const result = await invoke(sfn, 'invalid', {});
      expect(result).toMatchObject({ status: 'FAILED', error: 'InvalidSubscriber' });
      expect(JSON.parse(result.cause as string)).toMatchObject({ errorMessage: 'no address' });
    }));

  test('a function past its timeout fails the task with Sandbox.Timedout', () =>
    withServer({ target: target() }, async (sfn) => {
      const result = await invoke(sfn, 'stuck', {});
      expect(result).toMatchObject({ status: 'FAILED', error: 'Sandbox.Timedout' });
      expect(JSON.parse(result.cause as string)).toMatchObject({
        errorMessage: expect.stringMatching(/Task timed out after 0\.05 seconds$/),
      });
    }));

  test('an unknown function is Lambda.ResourceNotFoundException', () =>
    withServer({ target: target() }, async (sfn) => {
      expect(await invoke(sfn, 'nobody', {})).toMatchObject({
        status: 'FAILED',
        error: 'Lambda.ResourceNotFoundException',
      });
    }));
});
