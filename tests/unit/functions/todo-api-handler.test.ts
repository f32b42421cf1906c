import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { mockClient } from 'aws-sdk-client-mock';
import type { APIGatewayProxyEvent } from 'aws-lambda';
import { handler } from '../../../functions/todo-api/handler';

const dynamodb = mockClient(DynamoDBClient);
beforeEach(() => dynamodb.reset());

/** A POST /todos as API Gateway passes a binary-media-type body: base64, from a signed-in user. */
function base64Post(bytes: Buffer): APIGatewayProxyEvent {
  return {
    httpMethod: 'POST',
    path: '/todos',
    headers: { 'Content-Type': 'application/json', Authorization: 'Bearer token-ana' },
    queryStringParameters: null,
    body: bytes.toString('base64'),
    isBase64Encoded: true,
    requestContext: { authorizer: { claims: { sub: 'sub-ana' } } },
  } as unknown as APIGatewayProxyEvent;
}

test('a base64 body in UTF-8 is decoded before parsing', async () => {
  dynamodb.onAnyCommand().resolves({});
  const result = await handler(base64Post(Buffer.from(JSON.stringify({ title: 'Café au lait' }))));
  expect(result.statusCode).toBe(201);
  expect(JSON.parse(result.body)).toMatchObject({ title: 'Café au lait' });
});

test('a base64 body that is not UTF-8 is a 400 invalid-utf8, not stored with U+FFFD in it', async () => {
  const bytes = Buffer.concat([Buffer.from('{"title":"Caf'), Buffer.from([0xe9]), Buffer.from('"}')]);
  const result = await handler(base64Post(bytes));
  expect(result.statusCode).toBe(400);
  expect(result.headers?.['Content-Type']).toBe('application/problem+json');
  expect(JSON.parse(result.body)).toMatchObject({
    type: 'https://mytodolist.app/problems/invalid-utf8',
    status: 400,
  });
  expect(dynamodb.calls()).toHaveLength(0);
});
