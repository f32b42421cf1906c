import {
  ActivityAlreadyExists,
  ActivityDoesNotExist,
  ActivityLimitExceeded,
  InvalidEncryptionConfiguration,
} from '../../api/errors';
import type { ActivityEncryption, ActivityRecord, JournalSink } from '../journal/records';
import { activityArn, assertActivityArn, assertActivityName } from './activity-arn';

/** The service's default quota of registered activities per account and region. */
export const ACTIVITY_QUOTA = 10_000;

export interface ActivityDescription {
  readonly activityArn: string;
  readonly name: string;
  readonly creationDate: Date;
  readonly encryptionConfiguration?: ActivityEncryption;
}

export interface ActivityRegistryOptions {
  readonly region: string;
  readonly accountId: string;
  readonly now: () => number;
  /** Where creations and deletions are recorded (the server's --data-dir). */
  readonly journal?: JournalSink | undefined;
  /** Default ACTIVITY_QUOTA. */
  readonly quota?: number | undefined;
}

/**
 * The configuration AWS_OWNED_KEY stands for when none is given: a repeated CreateActivity is
 * the same request whether it spells the default out or not.
 */
const sameEncryption = (a: ActivityEncryption | undefined, b: ActivityEncryption | undefined): boolean => {
  const type = (e: ActivityEncryption | undefined) => e?.type ?? 'AWS_OWNED_KEY';
  return (
    type(a) === type(b) &&
    a?.kmsKeyId === b?.kmsKeyId &&
    a?.kmsDataKeyReusePeriodSeconds === b?.kmsDataKeyReusePeriodSeconds
  );
};

/** The conditions the service documents for InvalidEncryptionConfiguration. */
function assertEncryption(encryption: ActivityEncryption | undefined): void {
  if (encryption === undefined) return;
  if (encryption.type === 'CUSTOMER_MANAGED_KMS_KEY' && encryption.kmsKeyId === undefined)
    throw new InvalidEncryptionConfiguration(
      'Invalid Encryption Configuration: kmsKeyId is required when type is CUSTOMER_MANAGED_KMS_KEY',
    );
  if (encryption.type === 'AWS_OWNED_KEY' && encryption.kmsDataKeyReusePeriodSeconds !== undefined)
    throw new InvalidEncryptionConfiguration(
      'Invalid Encryption Configuration: kmsDataKeyReusePeriodSeconds applies only when type is CUSTOMER_MANAGED_KMS_KEY',
    );
}

/** The account's activities: CreateActivity, DescribeActivity, DeleteActivity, ListActivities. */
export class ActivityRegistry {
  private readonly byArn = new Map<string, ActivityRecord>();

  constructor(private readonly options: ActivityRegistryOptions) {}

  /**
   * Creates the activity, or answers a repeat with the one that exists: the service's check is
   * by name, and only a different EncryptionConfiguration is refused (tags are ignored).
   */
  create(
    name: string,
    encryption?: ActivityEncryption,
  ): { activityArn: string; creationDate: Date; created: boolean } {
    assertActivityName(name);
    assertEncryption(encryption);
    const arn = activityArn(this.options.region, this.options.accountId, name);
    const existing = this.byArn.get(arn);
    if (existing !== undefined) {
      if (!sameEncryption(existing.encryptionConfiguration, encryption))
        throw new ActivityAlreadyExists(
          `Activity already exists: '${arn}' (its EncryptionConfiguration may not be updated)`,
        );
      return { activityArn: arn, creationDate: new Date(existing.creationDate), created: false };
    }
    if (this.byArn.size >= (this.options.quota ?? ACTIVITY_QUOTA))
      throw new ActivityLimitExceeded(
        'The maximum number of activities has been reached. Existing activities must be deleted before a new activity can be created.',
      );
    const record: ActivityRecord = {
      kind: 'activity',
      arn,
      name,
      creationDate: this.options.now(),
      ...(encryption === undefined ? {} : { encryptionConfiguration: encryption }),
    };
    this.byArn.set(arn, record);
    this.options.journal?.append(record);
    return { activityArn: arn, creationDate: new Date(record.creationDate), created: true };
  }

  has(arn: string): boolean {
    return this.byArn.has(arn);
  }

  describe(arn: string): ActivityDescription {
    assertActivityArn(arn);
    const record = this.byArn.get(arn);
    if (record === undefined) throw new ActivityDoesNotExist(`Activity Does Not Exist: '${arn}'`);
    return {
      activityArn: record.arn,
      name: record.name,
      creationDate: new Date(record.creationDate),
      ...(record.encryptionConfiguration === undefined
        ? {}
        : { encryptionConfiguration: record.encryptionConfiguration }),
    };
  }

  /** Deleting an activity that does not exist succeeds, as the service's does. */
  delete(arn: string): void {
    assertActivityArn(arn);
    if (this.byArn.delete(arn)) this.options.journal?.append({ kind: 'activity-deleted', arn });
  }

  /** By name, as state machines are listed. */
  list(): ActivityDescription[] {
    return [...this.byArn.values()]
      .sort((a, b) => (a.name < b.name ? -1 : a.name > b.name ? 1 : 0))
      .map((record) => this.describe(record.arn));
  }

  /** Takes back the activities a journal remembers. */
  restore(records: readonly ActivityRecord[]): void {
    for (const record of records) this.byArn.set(record.arn, record);
  }

  /** What the journal needs to rebuild the registry, in the order the activities were created. */
  records(): ActivityRecord[] {
    return [...this.byArn.values()];
  }
}
