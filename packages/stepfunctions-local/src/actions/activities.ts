import type { Activities } from '@myblog/sfn-engine';
import { SerializationException, ValidationException } from '@myblog/sfn-engine';
import type { ActivityEncryption } from '@myblog/sfn-engine';
import { page } from '../paging';
import { type Action, optionalInteger, optionalString, requiredString, type RequestBody } from '../wire';
import { checkedTags, type TagStore } from './tags';

const ENCRYPTION_TYPES = ['AWS_OWNED_KEY', 'CUSTOMER_MANAGED_KMS_KEY'] as const;

/** CreateActivity's encryptionConfiguration, checked as the service's request model checks it. */
function encryptionOf(body: RequestBody): ActivityEncryption | undefined {
  const value = body['encryptionConfiguration'];
  if (value === undefined || value === null) return undefined;
  if (typeof value !== 'object' || Array.isArray(value))
    throw new SerializationException('Start of structure or map expected for encryptionConfiguration');
  const config = value as RequestBody;
  const type = optionalString(config, 'type');
  if (type === undefined)
    throw new ValidationException(
      "1 validation error detected: Value null at 'encryptionConfiguration.type' failed to satisfy constraint: Member must not be null",
    );
  if (!(ENCRYPTION_TYPES as readonly string[]).includes(type))
    throw new ValidationException(
      `1 validation error detected: Value '${type}' at 'encryptionConfiguration.type' failed to satisfy constraint: Member must satisfy enum value set: [${ENCRYPTION_TYPES.join(', ')}]`,
    );
  const kmsKeyId = optionalString(config, 'kmsKeyId');
  const reuse = optionalInteger(config, 'kmsDataKeyReusePeriodSeconds', 60, 900);
  return {
    type: type as ActivityEncryption['type'],
    ...(kmsKeyId === undefined ? {} : { kmsKeyId }),
    ...(reuse === undefined ? {} : { kmsDataKeyReusePeriodSeconds: reuse }),
  };
}

/** GetActivityTask's workerName: the service's Name, 1 to 80 characters. */
function workerNameOf(body: RequestBody): string | undefined {
  const name = optionalString(body, 'workerName');
  if (name !== undefined && (name.length < 1 || name.length > 80)) {
    const rule =
      name.length < 1
        ? 'Member must have length greater than or equal to 1'
        : 'Member must have length less than or equal to 80';
    throw new ValidationException(
      `1 validation error detected: Value '${name}' at 'workerName' failed to satisfy constraint: ${rule}`,
    );
  }
  return name;
}

/** CreateActivity, DescribeActivity, DeleteActivity, ListActivities, GetActivityTask. */
export function activityActions(activities: Activities, tags: TagStore): Record<string, Action> {
  return {
    CreateActivity: (body) => {
      const name = requiredString(body, 'name');
      const requested = checkedTags(body['tags']);
      const created = activities.create(name, encryptionOf(body));
      // A repeat of the request is answered with the activity as it is: its tags are not updated.
      if (created.created && requested.length > 0) tags.tag(created.activityArn, requested);
      return { activityArn: created.activityArn, creationDate: created.creationDate };
    },
    DescribeActivity: (body) => activities.describe(requiredString(body, 'activityArn')),
    DeleteActivity: (body) => {
      const arn = requiredString(body, 'activityArn');
      activities.delete(arn);
      tags.forget(arn);
      return {};
    },
    ListActivities: (body) => {
      const all = activities
        .list()
        .map(({ activityArn, name, creationDate }) => ({ activityArn, name, creationDate }));
      const { items, nextToken } = page(all, body, 'activities');
      return { activities: items, nextToken };
    },
    GetActivityTask: async (body) => {
      const arn = requiredString(body, 'activityArn');
      const workerName = workerNameOf(body);
      const work = await activities.getTask(arn, workerName);
      // No task within the poll: the service answers without a token.
      return work ?? {};
    },
  };
}
