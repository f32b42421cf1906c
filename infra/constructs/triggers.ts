import { Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import { KinesisEventSource, SqsDlq } from 'aws-cdk-lib/aws-lambda-event-sources';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import * as s3 from 'aws-cdk-lib/aws-s3';
import * as s3n from 'aws-cdk-lib/aws-s3-notifications';
import { Construct } from 'constructs';
import type { Topology } from '../../topology/types';
import { acknowledge } from '../nag';
import type { Functions } from './functions';
import type { Messaging } from './messaging';
import type { Storage } from './storage';
import type { Workflows } from './workflows';

/** Which event starts what: Pipes to the workflows, S3 notifications, the Kinesis event source mapping. */
export class Triggers extends Construct {
  readonly pipes: pipes.CfnPipe[] = [];

  constructor(
    scope: Construct,
    id: string,
    topology: Topology,
    storage: Storage,
    messaging: Messaging,
    functions: Functions,
    workflows: Workflows,
  ) {
    super(scope, id);
    topology.pipes.forEach((pipe, index) => {
      const machine = workflows.stateMachines[pipe.workflow];
      const role = new iam.Role(this, `Pipe${index}Role`, {
        assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com'),
      });
      machine.grantStartExecution(role);
      const target = {
        target: machine.stateMachineArn,
        targetParameters: { stepFunctionStateMachineParameters: { invocationType: 'FIRE_AND_FORGET' } },
      };
      if (pipe.kind === 'tableStream') {
        const table = storage.tables[pipe.table];
        table.grantStreamRead(role);
        acknowledge(
          role,
          'AwsSolutions-IAM5[Resource::*]',
          'dynamodb:ListStreams, which the Pipe needs to read the table stream, only accepts the resource "*".',
        );
        messaging.queues[pipe.deadLetterQueue].grantSendMessages(role);
        this.pipes.push(
          new pipes.CfnPipe(this, `Pipe${index}`, {
            roleArn: role.roleArn,
            source: table.tableStreamArn as string,
            sourceParameters: {
              dynamoDbStreamParameters: {
                startingPosition: 'TRIM_HORIZON',
                batchSize: pipe.batchSize,
                maximumRetryAttempts: pipe.maximumRetryAttempts,
                deadLetterConfig: { arn: messaging.queues[pipe.deadLetterQueue].queueArn },
              },
              filterCriteria: { filters: [{ pattern: JSON.stringify({ eventName: pipe.eventNames }) }] },
            },
            ...target,
            description: `${pipe.table} stream (${pipe.eventNames.join(', ')}) to ${pipe.workflow}`,
          }),
        );
      } else {
        const queue = messaging.queues[pipe.queue];
        queue.grantConsumeMessages(role);
        this.pipes.push(
          new pipes.CfnPipe(this, `Pipe${index}`, {
            roleArn: role.roleArn,
            source: queue.queueArn,
            sourceParameters: { sqsQueueParameters: { batchSize: pipe.batchSize } },
            ...target,
            description: `${pipe.queue} queue to ${pipe.workflow}`,
          }),
        );
      }
    });

    const trustedBuckets = new Set<string>();
    for (const notification of topology.bucketNotifications) {
      if (notification.target.kind === 'topic' && !trustedBuckets.has(notification.bucket)) {
        trustedBuckets.add(notification.bucket);
        // S3 checks a destination when the configuration is put, by publishing to it: to an
        // encrypted topic it needs the topic key, or the stack fails to deploy. As the S3 user
        // guide writes the key policy (Granting permissions to publish event notification
        // messages), for this bucket of this account only.
        messaging.topicKey.addToResourcePolicy(
          new iam.PolicyStatement({
            principals: [new iam.ServicePrincipal('s3.amazonaws.com')],
            actions: ['kms:GenerateDataKey', 'kms:Decrypt'],
            resources: ['*'],
            conditions: {
              StringEquals: { 'aws:SourceAccount': Stack.of(this).account },
              ArnLike: { 'aws:SourceArn': storage.buckets[notification.bucket].bucketArn },
            },
          }),
        );
      }
      const destination =
        notification.target.kind === 'queue'
          ? new s3n.SqsDestination(messaging.queues[notification.target.queue])
          : new s3n.SnsDestination(messaging.topics[notification.target.topic]);
      const filter: s3.NotificationKeyFilter = {
        ...(notification.prefix === undefined ? {} : { prefix: notification.prefix }),
        ...(notification.suffix === undefined ? {} : { suffix: notification.suffix }),
      };
      storage.buckets[notification.bucket].addEventNotification(
        s3.EventType.OBJECT_CREATED,
        destination,
        filter,
      );
    }

    for (const consumer of topology.streamConsumers) {
      functions.functions[consumer.fn].addEventSource(
        new KinesisEventSource(messaging.streams[consumer.stream], {
          batchSize: consumer.batchSize,
          startingPosition:
            consumer.startingPosition === 'TRIM_HORIZON'
              ? lambda.StartingPosition.TRIM_HORIZON
              : lambda.StartingPosition.LATEST,
          retryAttempts: consumer.maximumRetryAttempts,
          reportBatchItemFailures: true,
          onFailure: new SqsDlq(messaging.queues[consumer.deadLetterQueue]),
        }),
      );
    }
  }
}
