import { Duration } from 'aws-cdk-lib';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as actions from 'aws-cdk-lib/aws-cloudwatch-actions';
import type * as kms from 'aws-cdk-lib/aws-kms';
import * as sns from 'aws-cdk-lib/aws-sns';
import type * as sqs from 'aws-cdk-lib/aws-sqs';
import type * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { QueueName, Topology, WorkflowName } from '../../topology/types';

/**
 * Alarms on what means lost or stuck work: anything in a dead-letter queue, messages waiting too
 * long, executions failing or timing out. They all notify one alarm topic.
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
  ) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'AlarmTopic', {
      displayName: `${topology.project} alarms`,
      masterKey: key,
      enforceSSL: true,
    });
    const add = (alarmId: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const alarm = new cloudwatch.Alarm(this, alarmId, {
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
