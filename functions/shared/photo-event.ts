import { z } from 'zod';
import { assertSafeKey } from './s3-keys';
import { parseEvent } from './validation';

/** The photo reference each thumbnail step receives; keys were decoded by parse-photo-event. */
export const photoRefSchema = z.object({
  photoId: z.string().regex(/^[0-9a-f]{24}$/),
  bucket: z.string().min(1),
  key: z.string().min(1),
});

/** A photo reference and one thumbnail size, as "Make each thumbnail size" passes it. */
export const thumbnailRequestSchema = photoRefSchema.extend({
  width: z.number().int().min(16).max(4096),
  format: z.enum(['webp', 'jpeg']),
});

/** Parses a photo event with `schema` and re-checks its key, which names an object we will read. */
export function parsePhotoEvent<T extends { key: string }>(schema: z.ZodType<T>, event: unknown): T {
  const photo = parseEvent(schema, event, 'a photo reference');
  assertSafeKey(photo.key);
  return photo;
}
