import { CloudFrontClient, CreateDistributionCommand } from '@aws-sdk/client-cloudfront';
import { CreateTableCommand, DynamoDBClient, GetItemCommand } from '@aws-sdk/client-dynamodb';
import {
  CreateStreamCommand,
  GetRecordsCommand,
  GetShardIteratorCommand,
  KinesisClient,
  ListShardsCommand,
} from '@aws-sdk/client-kinesis';
import { CreateBucketCommand, GetObjectCommand, PutObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { CreateEmailIdentityCommand, SESv2Client } from '@aws-sdk/client-sesv2';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  StartExecutionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import { CreateTopicCommand, SNSClient, SubscribeCommand } from '@aws-sdk/client-sns';
import {
  CreateQueueCommand,
  GetQueueAttributesCommand,
  ReceiveMessageCommand,
  SQSClient,
} from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';
import type { JsonObject } from '../../packages/asl/src/json';
import { type MotoServer, startMoto } from '../../local/runtime/moto';
import type { LocalStepFunctions } from '../../packages/stepfunctions-local/src/server';
import { ROLE, startServer } from './local-server';

let moto: MotoServer;
let server: LocalStepFunctions;
let sfn: SFNClient;
const config = () => ({
  endpoint: moto.endpoint,
  region: 'us-east-1',
  credentials: { accessKeyId: 'test', secretAccessKey: 'test' },
});
let queueUrl: string;
let topicArn: string;
let distributionId: string;

beforeAll(async () => {
  moto = await startMoto();
  ({ server, sfn } = await startServer({
    target: { region: 'us-east-1', accountId: '123456789012', endpoints: {}, defaultEndpoint: moto.endpoint },
  }));
  const sqs = new SQSClient(config());
  queueUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'jobs' }))).QueueUrl as string;
  const queueArn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: queueUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes?.['QueueArn'] as string;
  const sns = new SNSClient(config());
  topicArn = (await sns.send(new CreateTopicCommand({ Name: 'news' }))).TopicArn as string;
  const fanOutUrl = (await sqs.send(new CreateQueueCommand({ QueueName: 'news-subscriber' })))
    .QueueUrl as string;
  const fanOutArn = (
    await sqs.send(new GetQueueAttributesCommand({ QueueUrl: fanOutUrl, AttributeNames: ['QueueArn'] }))
  ).Attributes?.['QueueArn'] as string;
  await sns.send(
    new SubscribeCommand({
      TopicArn: topicArn,
      Protocol: 'sqs',
      Endpoint: fanOutArn,
      Attributes: { RawMessageDelivery: 'true' },
    }),
  );
  void queueArn;
  await new DynamoDBClient(config()).send(
    new CreateTableCommand({
      TableName: 'items',
      KeySchema: [{ AttributeName: 'pk', KeyType: 'HASH' }],
      AttributeDefinitions: [{ AttributeName: 'pk', AttributeType: 'S' }],
      BillingMode: 'PAY_PER_REQUEST',
    }),
  );
  const s3 = new S3Client({ ...config(), forcePathStyle: true });
  await s3.send(new CreateBucketCommand({ Bucket: 'files' }));
  await s3.send(new PutObjectCommand({ Bucket: 'files', Key: 'hello.txt', Body: 'hello from s3' }));
  await new SESv2Client(config()).send(
    new CreateEmailIdentityCommand({ EmailIdentity: 'welcome@myblog.test' }),
  );
  await new KinesisClient({ ...config(), requestHandler: new NodeHttpHandler() }).send(
    new CreateStreamCommand({ StreamName: 'events', ShardCount: 1 }),
  );
  const distribution = await new CloudFrontClient(config()).send(
    new CreateDistributionCommand({
      DistributionConfig: {
        CallerReference: 'test',
        Comment: 'test',
        Enabled: true,
        Origins: {
          Quantity: 1,
          Items: [
            {
              Id: 'origin',
              DomainName: 'files.s3.amazonaws.com',
              S3OriginConfig: { OriginAccessIdentity: '' },
            },
          ],
        },
        DefaultCacheBehavior: {
          TargetOriginId: 'origin',
          ViewerProtocolPolicy: 'https-only',
          ForwardedValues: { QueryString: false, Cookies: { Forward: 'none' } },
          MinTTL: 0,
          TrustedSigners: { Enabled: false, Quantity: 0 },
        },
      },
    }),
  );
  distributionId = distribution.Distribution?.Id as string;
}, 60_000);

afterAll(async () => {
  sfn?.destroy();
  await server?.close();
  await moto?.stop();
});

let machines = 0;
/** One Task state calling `resource` with `parameters`; resolves to the execution's end. */
async function task(resource: string, parameters: JsonObject, extra: JsonObject = {}) {
  machines += 1;
  const definition = {
    StartAt: 'T',
    States: { T: { Type: 'Task', Resource: resource, Parameters: parameters, End: true, ...extra } },
  };
  const { stateMachineArn } = await sfn.send(
    new CreateStateMachineCommand({
      name: `integration-${machines}`,
      definition: JSON.stringify(definition),
      roleArn: ROLE,
    }),
  );
  const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn }));
  for (;;) {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING')
      return {
        ...described,
        result: described.output === undefined ? undefined : (JSON.parse(described.output) as JsonObject),
      };
    await new Promise((resolve) => setTimeout(resolve, 10));
  }
}

describe('optimized integrations reach moto and come back in the service shape', () => {
  test('sqs:sendMessage sends a JSON body as text', async () => {
    const { result } = await task('arn:aws:states:::sqs:sendMessage', {
      QueueUrl: queueUrl,
      MessageBody: { hello: 'world' },
    });
    expect(result).toMatchObject({
      MessageId: expect.any(String) as unknown,
      MD5OfMessageBody: expect.any(String) as unknown,
    });
    const received = await new SQSClient(config()).send(
      new ReceiveMessageCommand({ QueueUrl: queueUrl, WaitTimeSeconds: 1 }),
    );
    expect(JSON.parse(received.Messages?.[0]?.Body as string)).toEqual({ hello: 'world' });
  });

  test('sns:publish fans out to a subscribed queue', async () => {
    const { result } = await task('arn:aws:states:::sns:publish', {
      TopicArn: topicArn,
      Message: { version: '2.1.0' },
    });
    expect(result).toMatchObject({ MessageId: expect.any(String) as unknown });
    const sqs = new SQSClient(config());
    const url = (await sqs.send(new CreateQueueCommand({ QueueName: 'news-subscriber' }))).QueueUrl;
    const received = await sqs.send(new ReceiveMessageCommand({ QueueUrl: url, WaitTimeSeconds: 1 }));
    expect(JSON.parse(received.Messages?.[0]?.Body as string)).toEqual({ version: '2.1.0' });
  });

  test('dynamodb:putItem, getItem, updateItem and deleteItem', async () => {
    await task('arn:aws:states:::dynamodb:putItem', {
      TableName: 'items',
      Item: { pk: { S: 'a' }, n: { N: '1' } },
    });
    const got = await task('arn:aws:states:::dynamodb:getItem', {
      TableName: 'items',
      Key: { pk: { S: 'a' } },
    });
    expect(got.result).toEqual({ Item: { pk: { S: 'a' }, n: { N: '1' } } });
    await task('arn:aws:states:::dynamodb:updateItem', {
      TableName: 'items',
      Key: { pk: { S: 'a' } },
      UpdateExpression: 'SET n = :n',
      ExpressionAttributeValues: { ':n': { N: '2' } },
    });
    const item = await new DynamoDBClient(config()).send(
      new GetItemCommand({ TableName: 'items', Key: { pk: { S: 'a' } } }),
    );
    expect(item.Item?.['n']).toEqual({ N: '2' });
    await task('arn:aws:states:::dynamodb:deleteItem', { TableName: 'items', Key: { pk: { S: 'a' } } });
    expect(
      (await task('arn:aws:states:::dynamodb:getItem', { TableName: 'items', Key: { pk: { S: 'a' } } }))
        .result,
    ).toEqual({});
  });

  test('a failed condition is DynamoDB.ConditionalCheckFailedException', async () => {
    await task('arn:aws:states:::dynamodb:putItem', { TableName: 'items', Item: { pk: { S: 'b' } } });
    const again = await task('arn:aws:states:::dynamodb:putItem', {
      TableName: 'items',
      Item: { pk: { S: 'b' } },
      ConditionExpression: 'attribute_not_exists(pk)',
    });
    expect(again).toMatchObject({ status: 'FAILED', error: 'DynamoDB.ConditionalCheckFailedException' });
  });
});

test('events:putEvents sends a JSON detail as text', async () => {
  const { result } = await task('arn:aws:states:::events:putEvents', {
    Entries: [{ Source: 'myblog.releases', DetailType: 'ReleasePublished', Detail: { version: '2.1.0' } }],
  });
  expect(result).toMatchObject({
    FailedEntryCount: 0,
    Entries: [{ EventId: expect.any(String) as unknown }],
  });
});

describe('aws-sdk integrations reach moto', () => {
  test('s3:getObject returns the body as text', async () => {
    const { result } = await task('arn:aws:states:::aws-sdk:s3:getObject', {
      Bucket: 'files',
      Key: 'hello.txt',
    });
    expect(result).toMatchObject({ Body: 'hello from s3', ContentLength: 13 });
  });

  test('s3:putObject stores a text body', async () => {
    await task('arn:aws:states:::aws-sdk:s3:putObject', {
      Bucket: 'files',
      Key: 'latest.json',
      Body: '{"v":"2"}',
      ContentType: 'application/json',
    });
    const object = await new S3Client({ ...config(), forcePathStyle: true }).send(
      new GetObjectCommand({ Bucket: 'files', Key: 'latest.json' }),
    );
    expect(await object.Body?.transformToString()).toBe('{"v":"2"}');
  });

  test('a missing S3 key is S3.NoSuchKeyException, which a Catch can match', async () => {
    const failed = await task('arn:aws:states:::aws-sdk:s3:getObject', { Bucket: 'files', Key: 'nope' });
    expect(failed).toMatchObject({ status: 'FAILED', error: 'S3.NoSuchKeyException' });
  });

  test('sesv2:sendEmail sends from a verified identity', async () => {
    const { result } = await task('arn:aws:states:::aws-sdk:sesv2:sendEmail', {
      FromEmailAddress: 'welcome@myblog.test',
      Destination: { ToAddresses: ['ana@example.com'] },
      Content: { Simple: { Subject: { Data: 'Hi' }, Body: { Text: { Data: 'Welcome' } } } },
    });
    expect(result).toMatchObject({ MessageId: expect.any(String) as unknown });
  });

  test('kinesis:putRecord writes the data as text', async () => {
    const { result } = await task('arn:aws:states:::aws-sdk:kinesis:putRecord', {
      StreamName: 'events',
      PartitionKey: 'k',
      Data: '{"release":"2.1.0"}',
    });
    expect(result).toMatchObject({
      SequenceNumber: expect.any(String) as unknown,
      ShardId: expect.any(String) as unknown,
    });
    const kinesis = new KinesisClient({ ...config(), requestHandler: new NodeHttpHandler() });
    const shard = (await kinesis.send(new ListShardsCommand({ StreamName: 'events' }))).Shards?.[0]
      ?.ShardId as string;
    const iterator = (
      await kinesis.send(
        new GetShardIteratorCommand({
          StreamName: 'events',
          ShardId: shard,
          ShardIteratorType: 'TRIM_HORIZON',
        }),
      )
    ).ShardIterator;
    const records = await kinesis.send(new GetRecordsCommand({ ShardIterator: iterator }));
    expect(Buffer.from(records.Records?.[0]?.Data as Uint8Array).toString('utf8')).toBe(
      '{"release":"2.1.0"}',
    );
  });

  test('cloudfront:createInvalidation and getInvalidation', async () => {
    const created = await task('arn:aws:states:::aws-sdk:cloudfront:createInvalidation', {
      DistributionId: distributionId,
      InvalidationBatch: { CallerReference: 'r1', Paths: { Quantity: 1, Items: ['/releases/*'] } },
    });
    const id = (created.result?.['Invalidation'] as JsonObject)['Id'] as string;
    const checked = await task('arn:aws:states:::aws-sdk:cloudfront:getInvalidation', {
      DistributionId: distributionId,
      Id: id,
    });
    expect((checked.result?.['Invalidation'] as JsonObject)['Status']).toMatch(
      /^(Completed|COMPLETED|InProgress)$/,
    );
  });
});
