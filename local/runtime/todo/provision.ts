import {
  CognitoIdentityProviderClient,
  CreateUserPoolClientCommand,
  CreateUserPoolCommand,
} from '@aws-sdk/client-cognito-identity-provider';
import { CognitoIdentityClient, CreateIdentityPoolCommand } from '@aws-sdk/client-cognito-identity';
import { SubscribeCommand } from '@aws-sdk/client-sns';
import { CreateQueueCommand, GetQueueAttributesCommand } from '@aws-sdk/client-sqs';
import type {
  TodoBucketName,
  TodoQueueName,
  TodoResourceRef,
  TodoTableName,
  TodoTopicName,
  TodoTopology,
} from '../../../topology/todo-types';
import { type AwsClients, LOCAL_CREDENTIALS } from '../aws-clients';
import { createBucket, createTable, createTopic, keys, physicalName } from '../moto-resources';

/** Physical names and ids of MyTodoList's resources, as created on moto. */
export interface TodoResources {
  readonly prefix: string;
  readonly tables: Readonly<Record<TodoTableName, string>>;
  readonly tableStreamArns: Readonly<Partial<Record<TodoTableName, string>>>;
  readonly buckets: Readonly<Record<TodoBucketName, string>>;
  readonly topics: Readonly<Record<TodoTopicName, string>>;
  readonly queueUrls: Readonly<Record<TodoQueueName, string>>;
  /**
   * A queue subscribed to the reminders topic: what a user's device would receive, kept so the
   * demo, the dashboard and the tests can see the reminders that were sent.
   */
  readonly reminderInboxUrl: string;
  readonly userPoolId: string;
  readonly userPoolClientId: string;
  readonly identityPoolId: string;
  /** The role the identity pool hands to signed-in users (its policy: topology/todo.ts). */
  readonly authenticatedRoleArn: string;
  /** Where the API reads through DAX's stand-in; '' reads DynamoDB directly. */
  readonly daxEndpoint: string;
}

/** The value a `${Name}` substitution or the API function's environment variable gets. */
export function resolveTodoRef(ref: TodoResourceRef, resources: TodoResources): string {
  switch (ref.kind) {
    case 'tableName':
      return resources.tables[ref.table];
    case 'bucketName':
      return resources.buckets[ref.bucket];
    case 'topicArn':
      return resources.topics[ref.topic];
    case 'userPoolId':
      return resources.userPoolId;
    case 'userPoolClientId':
      return resources.userPoolClientId;
    case 'identityPoolId':
      return resources.identityPoolId;
    case 'daxEndpoint':
      return resources.daxEndpoint;
    case 'setting':
      return ref.value;
  }
}

/**
 * Creates MyTodoList's resources on moto, as the TodoStack creates them in AWS: the tables (the
 * todos stream with both images, for the reminder workflow), the attachments bucket, the reminders
 * topic, the Pipe's dead-letter queue, and the Cognito user pool, its app client and the identity
 * pool that trusts it.
 */
export async function provisionTodo(
  topology: TodoTopology,
  clients: AwsClients,
  target: { readonly endpoint: string; readonly region: string; readonly accountId: string },
  prefix = topology.project,
): Promise<Omit<TodoResources, 'daxEndpoint'>> {
  const name = physicalName(prefix);

  const tables = {} as Record<TodoTableName, string>;
  const tableStreamArns: Partial<Record<TodoTableName, string>> = {};
  for (const table of keys(topology.tables)) {
    tables[table] = name(table);
    const streamArn = await createTable(clients.dynamodb, tables[table], topology.tables[table]);
    if (streamArn !== undefined) tableStreamArns[table] = streamArn;
  }

  const buckets = {} as Record<TodoBucketName, string>;
  for (const bucket of keys(topology.buckets)) {
    buckets[bucket] = name(bucket);
    await createBucket(clients.s3, buckets[bucket], topology.buckets[bucket].versioned === true);
  }

  const queueUrls = {} as Record<TodoQueueName, string>;
  for (const queue of keys(topology.queues)) {
    queueUrls[queue] = (
      await clients.sqs.send(
        new CreateQueueCommand({
          QueueName: name(queue),
          Attributes: { MessageRetentionPeriod: String(topology.queues[queue].retentionDays * 86_400) },
        }),
      )
    ).QueueUrl as string;
  }

  const topics = {} as Record<TodoTopicName, string>;
  for (const topic of keys(topology.topics)) {
    topics[topic] = await createTopic(clients.sns, name(topic), topology.topics[topic].displayName);
  }
  const reminderInboxUrl = (
    await clients.sqs.send(new CreateQueueCommand({ QueueName: name('reminderInbox') }))
  ).QueueUrl as string;
  const inboxArn = (
    await clients.sqs.send(
      new GetQueueAttributesCommand({ QueueUrl: reminderInboxUrl, AttributeNames: ['QueueArn'] }),
    )
  ).Attributes?.['QueueArn'] as string;
  await clients.sns.send(
    new SubscribeCommand({
      TopicArn: topics.reminders,
      Protocol: 'sqs',
      Endpoint: inboxArn,
      Attributes: { RawMessageDelivery: 'false' },
    }),
  );

  const config = { endpoint: target.endpoint, region: target.region, credentials: LOCAL_CREDENTIALS };
  const idp = new CognitoIdentityProviderClient(config);
  const identity = new CognitoIdentityClient(config);
  try {
    const pool = await idp.send(
      new CreateUserPoolCommand({
        PoolName: name('users'),
        UsernameAttributes: ['email'],
        AutoVerifiedAttributes: ['email'],
        Policies: {
          PasswordPolicy: {
            MinimumLength: topology.auth.passwordMinimumLength,
            RequireLowercase: true,
            RequireUppercase: true,
            RequireNumbers: true,
            RequireSymbols: true,
          },
        },
      }),
    );
    const userPoolId = pool.UserPool?.Id as string;
    const client = await idp.send(
      new CreateUserPoolClientCommand({
        UserPoolId: userPoolId,
        ClientName: name('mobile'),
        GenerateSecret: false,
        ExplicitAuthFlows: ['ALLOW_USER_SRP_AUTH', 'ALLOW_USER_PASSWORD_AUTH', 'ALLOW_REFRESH_TOKEN_AUTH'],
      }),
    );
    const userPoolClientId = client.UserPoolClient?.ClientId as string;
    const identityPool = await identity.send(
      new CreateIdentityPoolCommand({
        IdentityPoolName: name('identities').replace(/-/g, '_'),
        AllowUnauthenticatedIdentities: false,
        CognitoIdentityProviders: [
          {
            ProviderName: `cognito-idp.${target.region}.amazonaws.com/${userPoolId}`,
            ClientId: userPoolClientId,
            ServerSideTokenCheck: true,
          },
        ],
      }),
    );
    return {
      prefix,
      tables,
      tableStreamArns,
      buckets,
      topics,
      queueUrls,
      reminderInboxUrl,
      userPoolId,
      userPoolClientId,
      identityPoolId: identityPool.IdentityPoolId as string,
      authenticatedRoleArn: `arn:aws:iam::${target.accountId}:role/${name('authenticated')}`,
    };
  } finally {
    idp.destroy();
    identity.destroy();
  }
}
