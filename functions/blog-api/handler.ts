import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { S3Client } from '@aws-sdk/client-s3';
import type { APIGatewayProxyEvent, APIGatewayProxyResult } from 'aws-lambda';
import { proxyBodyText } from '../shared/proxy-body';
import { lowerCaseHeaders } from '../shared/proxy-headers';
import { z } from 'zod';
import { s3ClientConfig } from '../shared/aws';
import { readConfig } from '../shared/config';
import { createLogger } from '../shared/logger';
import { createApi } from './api';
import { awsStore } from './aws-store';
import { InternalError, InvalidUtf8, ProblemError } from './problems';

const config = readConfig({
  SUBSCRIBERS_TABLE: z.string().min(1),
  PHOTOS_TABLE: z.string().min(1),
  UPLOADS_BUCKET: z.string().min(1),
  THUMBNAILS_BUCKET: z.string().min(1),
  DISTRIBUTION_BUCKET: z.string().min(1),
  DOWNLOADS_BASE_URL: z.url(),
  /** Locally: the upload gate that checks presigned signatures in front of moto. Unset in AWS. */
  UPLOAD_ENDPOINT: z.url().optional(),
  ALLOWED_ORIGIN: z.string().min(1).default('*'),
});
const logger = createLogger('blog-api');
const s3 = new S3Client(s3ClientConfig());
// Presigned URLs carry no checksum of a body the signer never saw (the SDK would sign the empty
// body's CRC32, and S3 would then refuse every upload): checksums only where an operation needs one.
const presigner = new S3Client({
  ...s3ClientConfig(),
  requestChecksumCalculation: 'WHEN_REQUIRED',
  ...(config.UPLOAD_ENDPOINT === undefined ? {} : { endpoint: config.UPLOAD_ENDPOINT }),
});
const api = createApi(
  awsStore(new DynamoDBClient({}), s3, presigner, {
    subscribersTable: config.SUBSCRIBERS_TABLE,
    photosTable: config.PHOTOS_TABLE,
    uploadsBucket: config.UPLOADS_BUCKET,
    thumbnailsBucket: config.THUMBNAILS_BUCKET,
    distributionBucket: config.DISTRIBUTION_BUCKET,
  }),
  { downloadsBaseUrl: config.DOWNLOADS_BASE_URL },
);

const CORS = {
  'Access-Control-Allow-Origin': config.ALLOWED_ORIGIN,
  'Access-Control-Allow-Methods': 'GET, POST, OPTIONS',
  'Access-Control-Allow-Headers': 'Content-Type',
  'Access-Control-Expose-Headers': 'Location, Retry-After',
};

/** API Gateway (REST, Lambda proxy integration) in, a JSON or problem+json answer out. */
export const handler = async (event: APIGatewayProxyEvent): Promise<APIGatewayProxyResult> => {
  if (event.httpMethod === 'OPTIONS')
    return { statusCode: 204, headers: { ...CORS, 'Access-Control-Max-Age': '600' }, body: '' };
  try {
    const body = proxyBodyText(event, (detail) => new InvalidUtf8(detail));
    const response = await api.handle({
      method: event.httpMethod,
      path: event.path,
      headers: lowerCaseHeaders(event.headers),
      body,
    });
    return {
      statusCode: response.status,
      headers: { ...CORS, 'Content-Type': 'application/json', ...response.headers },
      body: JSON.stringify(response.body),
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
