import type { AuthorizationRequest } from './iam-policy';

/**
 * The IAM action, resource and condition keys of a path-style S3 request (how the local clients
 * reach moto): what S3 would authorize it as. Operations the to-do back end does not use are named
 * `s3:Unsupported…`, which no policy here allows.
 */
export function s3Authorization(
  method: string,
  rawPath: string,
  query: URLSearchParams,
): AuthorizationRequest {
  const [, bucket = '', ...rest] = rawPath.split('/');
  const key = decodeURIComponent(rest.join('/'));
  const bucketArn = `arn:aws:s3:::${decodeURIComponent(bucket)}`;
  if (key === '') {
    if (method === 'GET' && [...query.keys()].every((name) => LIST_PARAMETERS.has(name)))
      return {
        action: 's3:ListBucket',
        resource: bucketArn,
        context: query.has('prefix') ? { 's3:prefix': query.get('prefix') ?? '' } : {},
      };
    return { action: `s3:UnsupportedBucketOperation${method}`, resource: bucketArn, context: {} };
  }
  const object = `${bucketArn}/${key}`;
  // Sub-resources (acl, tagging, retention...) are other actions than reading or writing the object.
  const subresources = [...query.keys()].filter(
    (name) => !/^x-amz-/i.test(name) && !OBJECT_PARAMETERS.has(name),
  );
  if (subresources.length > 0)
    return { action: `s3:UnsupportedObjectOperation`, resource: object, context: {} };
  switch (method) {
    case 'GET':
    case 'HEAD':
      return { action: 's3:GetObject', resource: object, context: {} };
    case 'PUT':
    case 'POST':
      // A multipart upload's steps (uploads, uploadId, partNumber) are authorized as PutObject.
      return { action: 's3:PutObject', resource: object, context: {} };
    case 'DELETE':
      return {
        action: query.has('uploadId') ? 's3:AbortMultipartUpload' : 's3:DeleteObject',
        resource: object,
        context: {},
      };
    default:
      return { action: `s3:UnsupportedObjectOperation`, resource: object, context: {} };
  }
}

const LIST_PARAMETERS = new Set([
  'list-type',
  'prefix',
  'delimiter',
  'max-keys',
  'continuation-token',
  'start-after',
  'encoding-type',
  'fetch-owner',
  'marker',
]);

const OBJECT_PARAMETERS = new Set([
  'uploads',
  'uploadId',
  'partNumber',
  'versionId',
  'x-id',
  'response-content-type',
  'response-content-disposition',
  'response-cache-control',
  'response-content-encoding',
  'response-content-language',
  'response-expires',
]);
