import { CloudFrontClient } from '@aws-sdk/client-cloudfront';
import { DynamoDBClient } from '@aws-sdk/client-dynamodb';
import { DynamoDBStreamsClient } from '@aws-sdk/client-dynamodb-streams';
import { KinesisClient } from '@aws-sdk/client-kinesis';
import { S3Client } from '@aws-sdk/client-s3';
import { SESv2Client } from '@aws-sdk/client-sesv2';
import { SFNClient } from '@aws-sdk/client-sfn';
import { SNSClient } from '@aws-sdk/client-sns';
import { SQSClient } from '@aws-sdk/client-sqs';
import { NodeHttpHandler } from '@smithy/node-http-handler';

/** SDK v3 clients for every service of the pipeline, pointed at one local endpoint (moto). */
export interface AwsClients {
  readonly dynamodb: DynamoDBClient;
  readonly streams: DynamoDBStreamsClient;
  readonly s3: S3Client;
  readonly sqs: SQSClient;
  readonly sns: SNSClient;
  readonly sesv2: SESv2Client;
  readonly kinesis: KinesisClient;
  readonly cloudfront: CloudFrontClient;
  destroy(): void;
}

export const LOCAL_CREDENTIALS = { accessKeyId: 'local', secretAccessKey: 'local' };

export function awsClients(endpoint: string, region: string): AwsClients {
  const config = { endpoint, region, credentials: LOCAL_CREDENTIALS };
  const clients = {
    dynamodb: new DynamoDBClient(config),
    streams: new DynamoDBStreamsClient(config),
    s3: new S3Client({ ...config, forcePathStyle: true }),
    sqs: new SQSClient(config),
    sns: new SNSClient(config),
    sesv2: new SESv2Client(config),
    // moto speaks HTTP/1.1; the Kinesis client would otherwise try HTTP/2.
    kinesis: new KinesisClient({ ...config, requestHandler: new NodeHttpHandler() }),
    cloudfront: new CloudFrontClient(config),
  };
  return { ...clients, destroy: () => Object.values(clients).forEach((client) => client.destroy()) };
}

export function sfnClient(endpoint: string, region: string): SFNClient {
  return new SFNClient({ endpoint, region, credentials: LOCAL_CREDENTIALS });
}
