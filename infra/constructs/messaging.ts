import { Duration } from 'aws-cdk-lib';
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
  /** Encrypts topics, so S3 and CloudWatch can publish to them through the key policy. */
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
      });
    }
  }
}
