import { ArnFormat, Duration, Stack } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as subscriptions from 'aws-cdk-lib/aws-sns-subscriptions';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { QueueName, Topology, WorkflowName } from '../../topology/types';

/** Where alarms go, per deployment. */
export interface AlarmOptions {
  /** Starts every alarm's name, so the key and topic policies can name this stack's alarms only. */
  readonly namePrefix: string;
  /** Subscribed to the alarm topic by email (confirmed from the message SNS sends it). */
  readonly email: string | undefined;
}

/**
 * Alarms on what means lost or stuck work: anything in a dead-letter queue, messages waiting too
 * long, executions failing or timing out. They all notify one alarm topic, encrypted under the
 * topic key, which CloudWatch may use for this stack's alarms (SNS developer guide: Enable
 * compatibility between event sources from AWS services and encrypted topics).
 */
export class Alarms extends Construct {
  readonly topic: sns.Topic;
  readonly alarms: cloudwatch.Alarm[] = [];

  constructor(
    scope: Construct,
    id: string,
    topology: Topology,
    queues: Readonly<Record<QueueName, sqs.Queue>>,
    stateMachines: Readonly<Record<WorkflowName, sfn.StateMachine>>,
    key: kms.IKey,
    options: AlarmOptions,
  ) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `${topology.project} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    const stack = Stack.of(this);
    const fromOurAlarms = {
      StringEquals: { 'aws:SourceAccount': stack.account },
      ArnLike: {
        'aws:SourceArn': stack.formatArn({
          service: 'cloudwatch',
          resource: 'alarm',
          resourceName: `${options.namePrefix}*`,
          arnFormat: ArnFormat.COLON_RESOURCE_NAME,
        }),
      },
    };
    const cloudWatch = new iam.ServicePrincipal('cloudwatch.amazonaws.com');
    key.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [cloudWatch],
        actions: ['kms:GenerateDataKey*', 'kms:Decrypt'],
        resources: ['*'],
        conditions: fromOurAlarms,
      }),
    );
    // The topic's policy (enforceSSL writes one) replaces SNS's default owner statement: CloudWatch
    // is named here or its notifications are refused.
    this.topic.addToResourcePolicy(
      new iam.PolicyStatement({
        principals: [cloudWatch],
        actions: ['sns:Publish'],
        resources: [this.topic.topicArn],
        conditions: fromOurAlarms,
      }),
    );
    if (options.email !== undefined)
      this.topic.addSubscription(new subscriptions.EmailSubscription(options.email));
    const add = (alarmId: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const alarm = new cloudwatch.Alarm(this, alarmId, {
        alarmName: `${options.namePrefix}${alarmId}`,
        metric,
        threshold,
        evaluationPeriods: 1,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      alarm.addAlarmAction(new actions.SnsAction(this.topic));
      this.alarms.push(alarm);
    };
    const deadLetterQueues = new Set<QueueName>([
      ...Object.values(topology.queues).flatMap((q) =>
        q.deadLetter === undefined ? [] : [q.deadLetter.queue],
      ),
      ...topology.pipes.flatMap((p) => (p.kind === 'tableStream' ? [p.deadLetterQueue] : [])),
      ...topology.streamConsumers.map((c) => c.deadLetterQueue),
    ]);
    for (const [name, queue] of Object.entries(queues) as [QueueName, sqs.Queue][]) {
      if (deadLetterQueues.has(name)) {
        add(
          `${name}Depth`,
          queue.metricApproximateNumberOfMessagesVisible({
            period: Duration.minutes(1),
            statistic: 'Maximum',
          }),
          1,
          `Work landed in the dead-letter queue ${name}`,
        );
      } else {
        add(
          `${name}Age`,
          queue.metricApproximateAgeOfOldestMessage({ period: Duration.minutes(5), statistic: 'Maximum' }),
          900,
          `Messages in ${name} wait for more than 15 minutes`,
        );
      }
    }
    for (const [name, machine] of Object.entries(stateMachines) as [WorkflowName, sfn.StateMachine][]) {
      add(
        `${name}Failed`,
        machine.metricFailed({ period: Duration.minutes(5), statistic: 'Sum' }),
        1,
        `${name} executions failed`,
      );
      add(
        `${name}TimedOut`,
        machine.metricTimedOut({ period: Duration.minutes(5), statistic: 'Sum' }),
        1,
        `${name} executions timed out`,
      );
    }
  }
}
