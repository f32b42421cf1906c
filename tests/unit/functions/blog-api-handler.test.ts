import { ConditionalCheckFailedException, DynamoDBClient, PutItemCommand } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { handler } from '../../../functions/blog-api/handler';

const dynamodb = mockClient(DynamoDBClient);
beforeEach(() => dynamodb.reset());

function event(
  method: string,
  path: string,
  body?: unknown,
  headers: Record<string, string> = {},
): APIGatewayProxyEvent {
  return {
    httpMethod: method,
    path,
    headers: { 'Content-Type': 'application/json', ...headers },
    body: body === undefined ? null : JSON.stringify(body),
    isBase64Encoded: false,
  } as unknown as APIGatewayProxyEvent;
}

const ana = { email: 'ana@example.com', name: 'Ana', locale: 'en', consent: true };

test('a subscription is a conditional write of the row the stream pipeline reads', async () => {
  dynamodb.on(PutItemCommand).resolves({});
  const result = await handler(event('POST', '/subscribers', ana));
  expect(result.statusCode).toBe(202);
  expect(result.headers?.['Access-Control-Allow-Origin']).toBe('*');
  const put = dynamodb.commandCalls(PutItemCommand)[0]?.args[0].input;
  expect(put).toMatchObject({
    TableName: 'subscribers',
    ConditionExpression: 'attribute_not_exists(email)',
    Item: {
      email: { S: 'ana@example.com' },
      name: { S: 'Ana' },
      locale: { S: 'en' },
      consent: { BOOL: true },
    },
  });
});

test('the conditional check failing is a 409 problem+json', async () => {
  dynamodb
    .on(PutItemCommand)
    .rejects(new ConditionalCheckFailedException({ message: 'exists', $metadata: {} }));
  const result = await handler(event('POST', '/subscribers', ana));
  expect(result.statusCode).toBe(409);
  expect(result.headers?.['Content-Type']).toBe('application/problem+json');
  expect(JSON.parse(result.body)).toMatchObject({
    type: 'https://myblog.com/problems/already-subscribed',
    status: 409,
  });
});

test('DynamoDB throttling is a 503 with Retry-After, not a 500', async () => {
  dynamodb.on(PutItemCommand).rejects(
    Object.assign(new Error('slow down'), {
      name: 'ThrottlingException',
      $metadata: { httpStatusCode: 400 },
    }),
  );
  const result = await handler(event('POST', '/subscribers', ana));
  expect(result.statusCode).toBe(503);
  expect(result.headers?.['Retry-After']).toBe('1');
});

test('an unexpected failure is a 500 problem that does not leak its message', async () => {
  dynamodb.on(PutItemCommand).rejects(new Error('secret internals'));
  const result = await handler(event('POST', '/subscribers', ana));
  expect(result.statusCode).toBe(500);
  expect(result.body).not.toContain('secret internals');
});

test('a CORS preflight is answered without touching anything', async () => {
  const result = await handler(event('OPTIONS', '/photos'));
  expect(result.statusCode).toBe(204);
  expect(result.headers?.['Access-Control-Allow-Methods']).toBe('GET, POST, OPTIONS');
  expect(dynamodb.calls()).toHaveLength(0);
});

test('a base64 body (binary media types) is decoded before parsing', async () => {
  dynamodb.on(PutItemCommand).resolves({});
  const result = await handler({
    ...event('POST', '/subscribers'),
    body: Buffer.from(JSON.stringify(ana)).toString('base64'),
    isBase64Encoded: true,
  });
  expect(result.statusCode).toBe(202);
});

test('a base64 body that is not UTF-8 is a 400 invalid-utf8, not stored with U+FFFD in it', async () => {
  const bytes = Buffer.concat([
    Buffer.from('{"email":"ana@example.com","name":"An'),
    Buffer.from([0xff, 0xfe]),
    Buffer.from('a","locale":"en","consent":true}'),
  ]);
  const result = await handler({
    ...event('POST', '/subscribers'),
    body: bytes.toString('base64'),
    isBase64Encoded: true,
  });
  expect(result.statusCode).toBe(400);
  expect(JSON.parse(result.body)).toMatchObject({ type: 'https://myblog.com/problems/invalid-utf8' });
  expect(dynamodb.calls()).toHaveLength(0);
});
