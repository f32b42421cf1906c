import { z } from 'zod';
import { releaseFileSchema } from './manifest';
import { parseEvent } from './validation';

/** What each Map iteration of "Verify and copy each file" receives. */
export const releaseFileEventSchema = z.object({
  file: releaseFileSchema,
  sourceBucket: z.string().min(1),
  sourcePrefix: z.string(),
  version: z.string().min(1),
});

export type ReleaseFileEvent = z.infer<typeof releaseFileEventSchema>;

export function parseReleaseFileEvent(event: unknown): ReleaseFileEvent & { sourceKey: string } {
  const request = parseEvent(releaseFileEventSchema, event, 'a release file request');
  return { ...request, sourceKey: `${request.sourcePrefix}${request.file.name}` };
}
