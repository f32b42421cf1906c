import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as kinesis from 'aws-cdk-lib/aws-kinesis';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import { Construct } from 'constructs';
import type { QueueName, StreamName, TopicName, Topology } from '../../topology/types';

/** Queues (each dead-letter queue first), topics with their subscriptions, and streams. */
export class Messaging extends Construct {
  readonly queues: Record<QueueName, sqs.Queue>;
  readonly topics: Record<TopicName, sns.Topic>;
  readonly streams: Record<StreamName, kinesis.Stream>;
  /**
   * Encrypts the topics. A publisher needs kms:GenerateDataKey* and kms:Decrypt on it: roles get
   * them from grantPublish; the services that publish (S3 for a bucket's notifications, CloudWatch
   * for alarms) from statements in this key's policy, each scoped to this account and to their
   * source with aws:SourceAccount and aws:SourceArn (added where they publish: Triggers, Alarms).
   */
  readonly topicKey: kms.Key;

  constructor(scope: Construct, id: string, topology: Topology) {
    super(scope, id);
    this.queues = {} as Record<QueueName, sqs.Queue>;
    const names = Object.keys(topology.queues) as QueueName[];
    for (const name of names.sort(
      (a, b) =>
        Number(topology.queues[a].deadLetter !== undefined) -
        Number(topology.queues[b].deadLetter !== undefined),
    )) {
      const spec = topology.queues[name];
      this.queues[name] = new sqs.Queue(this, `${name}Queue`, {
        visibilityTimeout: Duration.seconds(spec.visibilityTimeoutSeconds),
        retentionPeriod: Duration.days(spec.retentionDays),
        encryption: sqs.QueueEncryption.SQS_MANAGED,
        enforceSSL: true,
        ...(spec.deadLetter === undefined
          ? {}
          : {
              deadLetterQueue: {
                queue: this.queues[spec.deadLetter.queue],
                maxReceiveCount: spec.deadLetter.maxReceiveCount,
              },
            }),
      });
    }
    this.topicKey = new kms.Key(this, 'TopicKey', {
      enableKeyRotation: true,
      description: 'Encrypts the pipeline SNS topics',
      // It protects messages in flight only, none at rest once the topics are gone: destroy
      // schedules its deletion after the shortest waiting period KMS allows.
      removalPolicy: RemovalPolicy.DESTROY,
      pendingWindow: Duration.days(7),
    });
    this.topics = {} as Record<TopicName, sns.Topic>;
    for (const [name, spec] of Object.entries(topology.topics) as [
      TopicName,
      Topology['topics'][TopicName],
    ][]) {
      this.topics[name] = new sns.Topic(this, `${name}Topic`, {
        displayName: spec.displayName,
        masterKey: this.topicKey,
        enforceSSL: true,
      });
    }
    for (const subscription of topology.subscriptions) {
      this.topics[subscription.topic].addSubscription(
        new subscriptions.SqsSubscription(this.queues[subscription.queue], {
          rawMessageDelivery: subscription.rawMessageDelivery,
          ...(subscription.filterPolicy === undefined
            ? {}
            : {
                filterPolicy: Object.fromEntries(
                  Object.entries(subscription.filterPolicy).map(([key, values]) => [
                    key,
                    sns.SubscriptionFilter.stringFilter({ allowlist: [...values] }),
                  ]),
                ),
              }),
        }),
      );
    }
    this.streams = {} as Record<StreamName, kinesis.Stream>;
    for (const [name, spec] of Object.entries(topology.streams) as [
      StreamName,
      Topology['streams'][StreamName],
    ][]) {
      this.streams[name] = new kinesis.Stream(this, `${name}Stream`, {
        shardCount: spec.shardCount,
        encryption: kinesis.StreamEncryption.MANAGED,
        // A transport (24 h of records) billed per shard-hour: what it carried is in the audit
        // table, so destroy removes it rather than leave ~$11/month behind.
        removalPolicy: RemovalPolicy.DESTROY,
      });
    }
  }
}
