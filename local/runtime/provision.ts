import { CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { CreateStreamCommand, DescribeStreamSummaryCommand } from '@aws-sdk/client-kinesis';
import { PutBucketNotificationConfigurationCommand } from '@aws-sdk/client-s3';
import { CreateEmailIdentityCommand } from '@aws-sdk/client-sesv2';
import { SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type {
  BucketName,
  FunctionName,
  QueueName,
  ResourceRef,
  StreamName,
  TableName,
  TopicName,
  Topology,
} from '../../topology/types';
import type { AwsClients } from './aws-clients';
import { createBucket, createTable, createTopic, keys, physicalName } from './moto-resources';

/** Physical names and addresses of every resource, as created on the local services. */
export interface Resources {
  readonly prefix: string;
  readonly tables: Readonly<Record<TableName, string>>;
  readonly tableStreamArns: Readonly<Partial<Record<TableName, string>>>;
  readonly buckets: Readonly<Record<BucketName, string>>;
  readonly queueUrls: Readonly<Record<QueueName, string>>;
  readonly queueArns: Readonly<Record<QueueName, string>>;
  readonly topics: Readonly<Record<TopicName, string>>;
  readonly streams: Readonly<Record<StreamName, string>>;
  readonly functions: Readonly<Record<FunctionName, string>>;
  readonly distributionId: string;
  /** Where release files are downloaded from: CloudFront in AWS, the local CDN here. */
  readonly downloadsBaseUrl: string;
}

/** The value a `${Name}` substitution or a function's environment variable gets. */
export function resolveRef(
  ref: ResourceRef,
  resources: Resources,
  region: string,
  accountId: string,
  settings: Readonly<Record<string, string>> = {},
): string {
  switch (ref.kind) {
    case 'tableName':
      return resources.tables[ref.table];
    case 'bucketName':
      return resources.buckets[ref.bucket];
    case 'queueUrl':
      return resources.queueUrls[ref.queue];
    case 'topicArn':
      return resources.topics[ref.topic];
    case 'streamName':
      return resources.streams[ref.stream];
    case 'functionArn':
      return `arn:aws:lambda:${region}:${accountId}:function:${resources.functions[ref.fn]}`;
    case 'distributionId':
      return resources.distributionId;
    case 'downloadsBaseUrl':
      return resources.downloadsBaseUrl;
    case 'setting':
      return settings[ref.value] ?? ref.value;
  }
}

/**
 * Creates every resource of the topology on the local services, wired as in AWS: streams on
 * tables, dead-letter queues with redrive policies, SNS → SQS subscriptions with their filter
 * policies, S3 notifications, the SES sender identity and a CloudFront distribution.
 */
export async function provision(
  topology: Topology,
  clients: AwsClients,
  options: { prefix?: string; senderAddresses?: readonly string[] } = {},
): Promise<Omit<Resources, 'downloadsBaseUrl'>> {
  const prefix = options.prefix ?? topology.project;
  const name = physicalName(prefix);

  const tables = {} as Record<TableName, string>;
  const tableStreamArns: Partial<Record<TableName, string>> = {};
  for (const table of keys(topology.tables)) {
    tables[table] = name(table);
    const streamArn = await createTable(clients.dynamodb, tables[table], topology.tables[table]);
    if (streamArn !== undefined) tableStreamArns[table] = streamArn;
  }

  const buckets = {} as Record<BucketName, string>;
  for (const bucket of keys(topology.buckets)) {
    buckets[bucket] = name(bucket);
    await createBucket(clients.s3, buckets[bucket], topology.buckets[bucket].versioned === true);
  }

  const queueUrls = {} as Record<QueueName, string>;
  const queueArns = {} as Record<QueueName, string>;
  // Dead-letter queues first: the others name them in their redrive policy.
  const ordered = keys(topology.queues).sort(
    (a, b) =>
      Number(topology.queues[a].deadLetter !== undefined) -
      Number(topology.queues[b].deadLetter !== undefined),
  );
  for (const queue of ordered) {
    const spec = topology.queues[queue];
    const attributes: Record<string, string> = {
      VisibilityTimeout: String(spec.visibilityTimeoutSeconds),
      MessageRetentionPeriod: String(spec.retentionDays * 86_400),
    };
    if (spec.deadLetter !== undefined) {
      attributes['RedrivePolicy'] = JSON.stringify({
        deadLetterTargetArn: queueArns[spec.deadLetter.queue],
        maxReceiveCount: spec.deadLetter.maxReceiveCount,
      });
    }
    queueUrls[queue] = (
      await clients.sqs.send(new CreateQueueCommand({ QueueName: name(queue), Attributes: attributes }))
    ).QueueUrl as string;
    const read = await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: queueUrls[queue], AttributeNames: ['QueueArn'] }),
    );
    queueArns[queue] = read.Attributes?.['QueueArn'] as string;
  }

  const topics = {} as Record<TopicName, string>;
  for (const topic of keys(topology.topics)) {
    topics[topic] = await createTopic(clients.sns, name(topic), topology.topics[topic].displayName);
  }
  for (const subscription of topology.subscriptions) {
    await clients.sns.send(
      new SubscribeCommand({
        TopicArn: topics[subscription.topic],
        Protocol: 'sqs',
        Endpoint: queueArns[subscription.queue],
        Attributes: {
          RawMessageDelivery: String(subscription.rawMessageDelivery),
          ...(subscription.filterPolicy === undefined
            ? {}
            : { FilterPolicy: JSON.stringify(subscription.filterPolicy) }),
        },
      }),
    );
  }

  const streams = {} as Record<StreamName, string>;
  for (const stream of keys(topology.streams)) {
    streams[stream] = name(stream);
    await clients.kinesis.send(
      new CreateStreamCommand({
        StreamName: streams[stream],
        ShardCount: topology.streams[stream].shardCount,
      }),
    );
    await clients.kinesis.send(new DescribeStreamSummaryCommand({ StreamName: streams[stream] }));
  }

  for (const bucket of keys(topology.buckets)) {
    const notifications = topology.bucketNotifications.filter((n) => n.bucket === bucket);
    if (notifications.length === 0) continue;
    const filter = (n: (typeof notifications)[number]) => {
      const rules = [
        ...(n.prefix === undefined ? [] : [{ Name: 'prefix' as const, Value: n.prefix }]),
        ...(n.suffix === undefined ? [] : [{ Name: 'suffix' as const, Value: n.suffix }]),
      ];
      return rules.length === 0 ? {} : { Filter: { Key: { FilterRules: rules } } };
    };
    await clients.s3.send(
      new PutBucketNotificationConfigurationCommand({
        Bucket: buckets[bucket],
        NotificationConfiguration: {
          QueueConfigurations: notifications.flatMap((n) =>
            n.target.kind === 'queue'
              ? [
                  {
                    QueueArn: queueArns[n.target.queue],
                    Events: ['s3:ObjectCreated:*' as const],
                    ...filter(n),
                  },
                ]
              : [],
          ),
          TopicConfigurations: notifications.flatMap((n) =>
            n.target.kind === 'topic'
              ? [{ TopicArn: topics[n.target.topic], Events: ['s3:ObjectCreated:*' as const], ...filter(n) }]
              : [],
          ),
        },
      }),
    );
  }

  for (const address of options.senderAddresses ?? [])
    await clients.sesv2.send(new CreateEmailIdentityCommand({ EmailIdentity: address }));

  const distribution = await clients.cloudfront.send(
    new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: `${prefix}-distribution`,
        Comment: `${prefix} releases`,
        Enabled: true,
        Origins: {
          Quantity: 1,
          Items: [
            {
              Id: 'distribution',
              DomainName: `${buckets.distribution}.s3.amazonaws.com`,
              S3OriginConfig: { OriginAccessIdentity: '' },
            },
          ],
        },
        DefaultCacheBehavior: {
          TargetOriginId: 'distribution',
          ViewerProtocolPolicy: 'https-only',
          ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
          MinTTL: 0,
          TrustedSigners: { Enabled: false, Quantity: 0 },
        },
      },
    }),
  );

  const functions = {} as Record<FunctionName, string>;
  for (const fn of keys(topology.functions)) functions[fn] = name(fn);

  return {
    prefix,
    tables,
    tableStreamArns,
    buckets,
    queueUrls,
    queueArns,
    topics,
    streams,
    functions,
    distributionId: distribution.Distribution?.Id as string,
  };
}
