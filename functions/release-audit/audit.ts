import { z } from 'zod';
import { MalformedEvent } from '../shared/errors';
import { manifestSchema } from '../shared/manifest';
import { describeIssues } from '../shared/validation';

export interface AuditEntry {
  readonly version: string;
  readonly channel: string;
  readonly files: number;
  readonly totalBytes: number;
  readonly sequenceNumber: string;
  readonly recordedAt: string;
}

const releaseEventSchema = manifestSchema.extend({ channel: z.enum(['stable', 'beta']) });

/** The audit entry for one Kinesis record holding a release event (base64 JSON, as Lambda delivers it). */
export function auditEntryFromRecord(dataBase64: string, sequenceNumber: string, now: Date): AuditEntry {
  let json: unknown;
  try {
    json = JSON.parse(Buffer.from(dataBase64, 'base64').toString('utf8'));
  } catch {
    throw new MalformedEvent(`Kinesis record ${sequenceNumber} is not JSON`);
  }
  const parsed = releaseEventSchema.safeParse(json);
  if (!parsed.success) {
    throw new MalformedEvent(
      `Kinesis record ${sequenceNumber} is not a release event: ${describeIssues(parsed.error)}`,
    );
  }
  const release = parsed.data;
  return {
    version: release.version,
    channel: release.channel,
    files: release.files.length,
    totalBytes: release.files.reduce((sum, file) => sum + file.size, 0),
    sequenceNumber,
    recordedAt: now.toISOString(),
  };
}
