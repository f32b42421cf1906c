import { z } from 'zod';
import { manifestSchema } from '../shared/manifest';

export interface AuditEntry {
  readonly version: string;
  readonly channel: string;
  readonly files: number;
  readonly totalBytes: number;
  readonly sequenceNumber: string;
  readonly recordedAt: string;
}

/** A release event on the release-events stream: the manifest and the channel it went to. */
export const releaseEventSchema = manifestSchema.extend({ channel: z.enum(['stable', 'beta']) });

export type ReleaseEvent = z.output<typeof releaseEventSchema>;

/** The audit entry for one release event, parsed from its Kinesis record by the batch processor. */
export function auditEntryFor(release: ReleaseEvent, sequenceNumber: string, now: Date): AuditEntry {
  return {
    version: release.version,
    channel: release.channel,
    files: release.files.length,
    totalBytes: release.files.reduce((sum, file) => sum + file.size, 0),
    sequenceNumber,
    recordedAt: now.toISOString(),
  };
}
