import { z } from 'zod';
import { MAX_IMAGE_BYTES } from '../shared/image-limits';
import { subscriberSchema } from '../shared/subscriber';

/**
 * Every request and response body of the API. The handlers validate with them, the OpenAPI
 * document is generated from them, and the types below are what the handlers return.
 */

/** The same rules as the welcome-email workflow applies to the stream record: one definition. */
export const subscribeRequest = subscriberSchema;

export const subscribeAccepted = z.object({
  email: z.string(),
  status: z.literal('pending').meta({ description: 'The welcome email is on its way through the pipeline.' }),
});

export const IMAGE_TYPES = [
  'image/jpeg',
  'image/png',
  'image/webp',
  'image/gif',
  'image/avif',
  'image/heic',
] as const;

export const photoUploadRequest = z
  .object({
    contentType: z.enum(IMAGE_TYPES, { error: `contentType must be one of ${IMAGE_TYPES.join(', ')}` }),
    size: z
      .number({ error: 'size must be a number of bytes' })
      .int('size must be a whole number of bytes')
      .min(1, 'size must be at least 1 byte')
      .max(MAX_IMAGE_BYTES, `size must be at most ${MAX_IMAGE_BYTES} bytes`),
  })
  .strict();

export const photoUpload = z.object({
  photoId: z.string(),
  key: z.string(),
  upload: z.object({
    method: z.literal('PUT'),
    url: z.string().meta({ description: 'Presigned S3 URL: the size and type are part of its signature.' }),
    headers: z.object({ 'Content-Type': z.string(), 'Content-Length': z.string() }),
    expiresAt: z.string(),
  }),
  status: z.string().meta({ description: 'Where to ask for the thumbnails: GET it.' }),
});

export const thumbnail = z.object({
  url: z.string(),
  width: z.number(),
  height: z.number(),
  format: z.string(),
  bytes: z.number(),
});

export const photoStatus = z.object({
  photoId: z.string(),
  status: z.enum(['DONE', 'FAILED']),
  width: z.number().optional(),
  height: z.number().optional(),
  format: z.string().optional(),
  thumbnails: z.array(thumbnail),
  error: z.string().optional(),
  updatedAt: z.string(),
});

export const releaseFile = z.object({
  name: z.string(),
  size: z.number(),
  sha256: z.string(),
  url: z.string(),
});

export const release = z.object({
  version: z.string(),
  channel: z.string(),
  publishedAt: z.string().optional(),
  files: z.array(releaseFile),
});

export const versionParameter = z
  .string()
  .regex(/^\d+\.\d+\.\d+(-[0-9A-Za-z.-]+)?$/, 'version must be a semantic version such as 2.1.0');

export const photoIdParameter = z
  .string()
  .regex(/^[0-9a-f]{24}$/, 'photo id must be 24 hexadecimal characters');

export const problem = z.object({
  type: z.string(),
  title: z.string(),
  status: z.number(),
  detail: z.string(),
  errors: z.array(z.object({ path: z.string(), message: z.string() })).optional(),
});

export type SubscribeRequest = z.output<typeof subscribeRequest>;
export type SubscribeAccepted = z.infer<typeof subscribeAccepted>;
export type PhotoUploadRequest = z.infer<typeof photoUploadRequest>;
export type PhotoUpload = z.infer<typeof photoUpload>;
export type PhotoStatus = z.infer<typeof photoStatus>;
export type Thumbnail = z.infer<typeof thumbnail>;
export type Release = z.infer<typeof release>;
