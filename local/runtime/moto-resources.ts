import {
  type AttributeDefinition,
  CreateTableCommand,
  DescribeTableCommand,
  type DynamoDBClient,
  type KeySchemaElement,
  type StreamViewType,
} from '@aws-sdk/client-dynamodb';
import { CreateBucketCommand, PutBucketVersioningCommand, type S3Client } from '@aws-sdk/client-s3';
import { CreateTopicCommand, type SNSClient } from '@aws-sdk/client-sns';

/**
 * The resources both apps' provisioning creates on moto the same way (the blog's pipeline,
 * runtime/provision.ts, and MyTodoList, runtime/todo/provision.ts), each from its topology.
 */

/** A topology's keys with their own type (Object.keys widens them to string). */
export function keys<K extends string>(record: Readonly<Record<K, unknown>>): K[] {
  return Object.keys(record) as K[];
}

/** `myblog-` + `welcomeEmail` → `myblog-welcome-email`: the physical name of a logical one. */
export const physicalName =
  (prefix: string) =>
  (logical: string): string =>
    `${prefix}-${logical.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`)}`;

export interface TableSpec {
  readonly partitionKey: string;
  readonly sortKey?: string;
  readonly stream?: StreamViewType;
}

/** Creates an on-demand table with string keys; returns its stream's ARN when it has one. */
export async function createTable(
  dynamodb: DynamoDBClient,
  tableName: string,
  spec: TableSpec,
): Promise<string | undefined> {
  const keySchema: KeySchemaElement[] = [{ AttributeName: spec.partitionKey, KeyType: 'HASH' }];
  const attributes: AttributeDefinition[] = [{ AttributeName: spec.partitionKey, AttributeType: 'S' }];
  if (spec.sortKey !== undefined) {
    keySchema.push({ AttributeName: spec.sortKey, KeyType: 'RANGE' });
    attributes.push({ AttributeName: spec.sortKey, AttributeType: 'S' });
  }
  await dynamodb.send(
    new CreateTableCommand({
      TableName: tableName,
      KeySchema: keySchema,
      AttributeDefinitions: attributes,
      BillingMode: 'PAY_PER_REQUEST',
      ...(spec.stream === undefined
        ? {}
        : { StreamSpecification: { StreamEnabled: true, StreamViewType: spec.stream } }),
    }),
  );
  if (spec.stream === undefined) return undefined;
  const described = await dynamodb.send(new DescribeTableCommand({ TableName: tableName }));
  return described.Table?.LatestStreamArn as string;
}

/** Creates a bucket, versioned when the topology says so. */
export async function createBucket(s3: S3Client, bucketName: string, versioned: boolean): Promise<void> {
  await s3.send(new CreateBucketCommand({ Bucket: bucketName }));
  if (versioned)
    await s3.send(
      new PutBucketVersioningCommand({
        Bucket: bucketName,
        VersioningConfiguration: { Status: 'Enabled' },
      }),
    );
}

/** Creates a topic with its display name; returns its ARN. */
export async function createTopic(sns: SNSClient, topicName: string, displayName: string): Promise<string> {
  return (
    await sns.send(new CreateTopicCommand({ Name: topicName, Attributes: { DisplayName: displayName } }))
  ).TopicArn as string;
}
