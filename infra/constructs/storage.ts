import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { BucketName, TableName, Topology } from '../../topology/types';

/** The topology's tables and buckets, with the protections a production pipeline needs. */
export class Storage extends Construct {
  readonly tables: Record<TableName, dynamodb.Table>;
  readonly buckets: Record<BucketName, s3.Bucket>;
  /** Server access logs of every bucket (AwsSolutions-S1). */
  readonly accessLogs: s3.Bucket;

  constructor(scope: Construct, id: string, topology: Topology) {
    super(scope, id);
    this.tables = {} as Record<TableName, dynamodb.Table>;
    for (const [name, spec] of Object.entries(topology.tables) as [
      TableName,
      Topology['tables'][TableName],
    ][]) {
      this.tables[name] = new dynamodb.Table(this, `${name}Table`, {
        partitionKey: { name: spec.partitionKey, type: dynamodb.AttributeType.STRING },
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        ...(spec.stream === undefined
          ? {}
          : {
              stream:
                spec.stream === 'NEW_IMAGE'
                  ? dynamodb.StreamViewType.NEW_IMAGE
                  : dynamodb.StreamViewType.NEW_AND_OLD_IMAGES,
            }),
        ...(spec.timeToLiveAttribute === undefined ? {} : { timeToLiveAttribute: spec.timeToLiveAttribute }),
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }
    this.accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
    });
    this.buckets = {} as Record<BucketName, s3.Bucket>;
    for (const [name, spec] of Object.entries(topology.buckets) as [
      BucketName,
      Topology['buckets'][BucketName],
    ][]) {
      this.buckets[name] = new s3.Bucket(this, `${name}Bucket`, {
        blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
        encryption: s3.BucketEncryption.S3_MANAGED,
        enforceSSL: true,
        versioned: spec.versioned,
        serverAccessLogsBucket: this.accessLogs,
        serverAccessLogsPrefix: `${name}/`,
        lifecycleRules: [
          // A failed multipart upload (a 15 GB pack cut off) would otherwise be billed forever.
          { abortIncompleteMultipartUploadAfter: Duration.days(7) },
          ...(spec.versioned ? [{ noncurrentVersionExpiration: Duration.days(90) }] : []),
        ],
        ...(spec.browserUploads === true
          ? {
              cors: [
                {
                  allowedMethods: [s3.HttpMethods.PUT],
                  allowedOrigins: [topology.api.allowedOrigin],
                  allowedHeaders: ['Content-Type'],
                  exposedHeaders: ['ETag'],
                  maxAge: 600,
                },
              ],
            }
          : {}),
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }
  }
}
