import { CognitoIdentityClient } from '@aws-sdk/client-cognito-identity';
import { S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { proxyBodyText } from '../shared/proxy-body';
import { lowerCaseHeaders } from '../shared/proxy-headers';
import { z } from 'zod';
import { s3ClientConfig } from '../shared/aws';
import { readConfig } from '../shared/config';
import { createLogger } from '../shared/logger';
import { createTodoApi, type SignedInUser } from './api';
import { awsTodoStore } from './aws-store';
import { InternalError, InvalidUtf8, ProblemError } from './problems';
import { tableClient } from './table-client';

const config = readConfig({
  TODOS_TABLE: z.string().min(1),
  ATTACHMENTS_BUCKET: z.string().min(1),
  IDENTITY_POOL_ID: z.string().min(1),
  USER_POOL_ID: z.string().min(1),
  /** dax://… in AWS with a cluster; '' reads DynamoDB directly (see table-client.ts). */
  DAX_ENDPOINT: z.string().default(''),
  /** Locally: the storage gate in front of moto, which checks signatures and folders. Unset in AWS. */
  UPLOAD_ENDPOINT: z.url().optional(),
  ALLOWED_ORIGIN: z.string().min(1).default('*'),
  AWS_REGION: z.string().min(1).default('us-east-1'),
});
const logger = createLogger('todo-api');
const s3 = new S3Client(s3ClientConfig());
// Presigned URLs carry no checksum of a body the signer never saw: checksums only where required.
const presigner = new S3Client({
  ...s3ClientConfig(),
  requestChecksumCalculation: 'WHEN_REQUIRED',
  ...(config.UPLOAD_ENDPOINT === undefined ? {} : { endpoint: config.UPLOAD_ENDPOINT }),
});
const api = tableClient(config.DAX_ENDPOINT, config.AWS_REGION).then((table) =>
  createTodoApi(
    awsTodoStore(table, s3, presigner, new CognitoIdentityClient({}), {
      todosTable: config.TODOS_TABLE,
      attachmentsBucket: config.ATTACHMENTS_BUCKET,
      identityPoolId: config.IDENTITY_POOL_ID,
      loginProvider: `cognito-idp.${config.AWS_REGION}.amazonaws.com/${config.USER_POOL_ID}`,
    }),
  ),
);

const CORS = {
  'Access-Control-Allow-Origin': config.ALLOWED_ORIGIN,
  'Access-Control-Allow-Methods': 'GET, POST, PUT, DELETE, OPTIONS',
  'Access-Control-Allow-Headers': 'Authorization, Content-Type, If-Match',
  'Access-Control-Expose-Headers': 'ETag, Location',
};

/** The user API Gateway's Cognito authorizer let through: its claims, and the token it checked. */
function signedInUser(
  event: APIGatewayProxyEvent,
  headers: Record<string, string | undefined>,
): SignedInUser | undefined {
  const claims = (event.requestContext?.authorizer as { claims?: Record<string, unknown> } | null | undefined)
    ?.claims;
  const sub = claims?.['sub'];
  const token = headers['authorization']?.replace(/^Bearer\s+/i, '');
  return typeof sub === 'string' && sub !== '' && token !== undefined && token !== ''
    ? { sub, idToken: token }
    : undefined;
}

/** API Gateway (REST, Lambda proxy integration, Cognito authorizer) in, JSON or problem+json out. */
export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  if (event.httpMethod === 'OPTIONS')
    return { statusCode: 204, headers: { ...CORS, 'Access-Control-Max-Age': '600' }, body: '' };
  try {
    const headers = lowerCaseHeaders(event.headers);
    const response = await (
      await api
    ).handle({
      method: event.httpMethod,
      path: event.path,
      headers,
      query: event.queryStringParameters ?? {},
      body: proxyBodyText(event, (detail) => new InvalidUtf8(detail)),
      user: signedInUser(event, headers),
    });
    return {
      statusCode: response.status,
      headers: {
        ...CORS,
        ...(response.body === undefined ? {} : { 'Content-Type': 'application/json' }),
        ...response.headers,
      },
      body: response.body === undefined ? '' : JSON.stringify(response.body),
    };
  } catch (error) {
    const problem =
      error instanceof ProblemError ? error : new InternalError('The request could not be completed');
    if (!(error instanceof ProblemError)) logger.error('Unexpected error', { error: error as Error });
    else if (problem.status >= 500) logger.warn('Service problem', { problem: problem.toProblem() });
    return {
      statusCode: problem.status,
      headers: { ...CORS, 'Content-Type': 'application/problem+json', ...problem.headers },
      body: JSON.stringify(problem.toProblem()),
    };
  }
};
