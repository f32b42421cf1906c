import { z } from 'zod';
import { PROBLEM_BASE } from './problems';
import {
  photoIdParameter,
  photoStatus,
  photoUpload,
  photoUploadRequest,
  problem,
  release,
  subscribeAccepted,
  subscribeRequest,
  versionParameter,
} from './schemas';

type JsonSchema = Record<string, unknown>;

/** A zod schema as JSON Schema 2020-12 (what OpenAPI 3.1 uses), for the side it describes. */
function schemaOf(schema: z.ZodType, io: 'input' | 'output'): JsonSchema {
  const {
    $schema: _ignored,
    id: _id,
    ...rest
  } = z.toJSONSchema(schema, { io, unrepresentable: 'any' }) as JsonSchema;
  return rest;
}

const ref = (name: string) => ({ $ref: `#/components/schemas/${name}` });
const json = (name: string) => ({ 'application/json': { schema: ref(name) } });
const problemOf = (description: string) => ({
  description,
  content: { 'application/problem+json': { schema: ref('Problem') } },
});

let cached: JsonSchema | undefined;

/** The OpenAPI 3.1 document of the API, generated from the same schemas the handlers validate with. */
export function describeOpenApi(): JsonSchema {
  cached ??= {
    openapi: '3.1.0',
    info: {
      title: 'MyBlog API',
      version: '1.0.0',
      description: `The blog's front door. Errors are problem details whose type starts with ${PROBLEM_BASE}.`,
    },
    paths: {
      '/subscribers': {
        post: {
          summary: 'Subscribe; the welcome email follows through the pipeline',
          requestBody: { required: true, content: json('SubscribeRequest') },
          responses: {
            '202': { description: 'Accepted', content: json('SubscribeAccepted') },
            '400': problemOf('Invalid JSON, not valid UTF-8, or invalid fields'),
            '409': problemOf('Already subscribed'),
            '413': problemOf('Body too large'),
            '415': problemOf('Not application/json in UTF-8'),
          },
        },
      },
      '/photos': {
        post: {
          summary: 'Get a presigned URL to upload a photo to',
          requestBody: { required: true, content: json('PhotoUploadRequest') },
          responses: {
            '201': { description: 'Upload URL', content: json('PhotoUpload') },
            '400': problemOf('Invalid JSON, not valid UTF-8, or invalid type or size'),
            '415': problemOf('Not application/json in UTF-8'),
          },
        },
      },
      '/photos/{photoId}': {
        get: {
          summary: "A photo's status and thumbnails",
          parameters: [
            { name: 'photoId', in: 'path', required: true, schema: schemaOf(photoIdParameter, 'input') },
          ],
          responses: {
            '200': { description: 'Processed (DONE or FAILED)', content: json('PhotoStatus') },
            '404': problemOf('Unknown, or not processed yet (then with Retry-After)'),
          },
        },
      },
      '/releases/latest': {
        get: {
          summary: 'The current release with its download URLs',
          responses: {
            '200': { description: 'Release', content: json('Release') },
            '404': problemOf('None yet'),
          },
        },
      },
      '/releases/{version}': {
        get: {
          summary: 'One release with its download URLs',
          parameters: [
            { name: 'version', in: 'path', required: true, schema: schemaOf(versionParameter, 'input') },
          ],
          responses: {
            '200': { description: 'Release', content: json('Release') },
            '400': problemOf('Not a semantic version'),
            '404': problemOf('No such release'),
          },
        },
      },
      '/openapi.json': {
        get: { summary: 'This document', responses: { '200': { description: 'OpenAPI 3.1' } } },
      },
    },
    components: {
      schemas: {
        SubscribeRequest: schemaOf(subscribeRequest, 'input'),
        SubscribeAccepted: schemaOf(subscribeAccepted, 'output'),
        PhotoUploadRequest: schemaOf(photoUploadRequest, 'input'),
        PhotoUpload: schemaOf(photoUpload, 'output'),
        PhotoStatus: schemaOf(photoStatus, 'output'),
        Release: schemaOf(release, 'output'),
        Problem: schemaOf(problem, 'output'),
      },
    },
  };
  return cached;
}
