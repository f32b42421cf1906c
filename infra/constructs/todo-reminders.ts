import { readFileSync } from 'node:fs';
import * as path from 'node:path';
import { ArnFormat, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as kms from 'aws-cdk-lib/aws-kms';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as pipes from 'aws-cdk-lib/aws-pipes';
import * as sns from 'aws-cdk-lib/aws-sns';
import * as sqs from 'aws-cdk-lib/aws-sqs';
import * as sfn from 'aws-cdk-lib/aws-stepfunctions';
import { Construct } from 'constructs';
import type { JsonObject } from '@myblog/asl';
import type { TodoResourceRef, TodoTopology } from '../../topology/todo-types';
import { acknowledge, nagResource } from '../nag';
import { taskActionsBySubstitution } from '../task-actions';
import type { TodoData } from './todo-data';

const WORKFLOWS = path.join(__dirname, '..', '..', 'workflows');

/**
 * Due-date reminders: the reminders topic, the todo-reminder state machine from its ASL file, and
 * the EventBridge Pipe from the todos stream to it (INSERT, MODIFY and REMOVE, one record per
 * execution, a dead-letter queue for batches that cannot be started). The state machine may call
 * exactly what its Task states call, on exactly the resources they name, and stop only its own
 * executions.
 */
export class TodoReminders extends Construct {
  readonly topic: sns.Topic;
  readonly stateMachine: sfn.StateMachine;
  readonly deadLetters: sqs.Queue;
  readonly pipe: pipes.CfnPipe;

  constructor(scope: Construct, id: string, topology: TodoTopology, data: TodoData, name: string) {
    super(scope, id);
    this.topic = new sns.Topic(this, 'Topic', {
      displayName: topology.topics.reminders.displayName,
      // SNS's AWS managed key: Step Functions publishes through SNS, which the key's policy allows.
      masterKey: kms.Alias.fromAliasName(this, 'SnsKey', 'alias/aws/sns'),
      enforceSSL: true,
    });
    this.deadLetters = new sqs.Queue(this, 'PipeDeadLetters', {
      retentionPeriod: undefined,
      encryption: sqs.QueueEncryption.SQS_MANAGED,
      enforceSSL: true,
    });
    acknowledge(
      this.deadLetters,
      'AwsSolutions-SQS3',
      'It is the dead-letter queue itself: of the Pipe from the todos stream.',
    );
    const workflow = topology.workflows.todoReminder;
    const stateMachineName = `${name}-todo-reminder`;
    const resolve = (ref: TodoResourceRef): string => {
      switch (ref.kind) {
        case 'tableName':
          return data.tables[ref.table].tableName;
        case 'topicArn':
          return this.topic.topicArn;
        default:
          throw new Error(`todo-reminder has no use for a ${ref.kind}`);
      }
    };
    this.stateMachine = new sfn.StateMachine(this, 'StateMachine', {
      stateMachineName,
      definitionBody: sfn.DefinitionBody.fromFile(path.join(WORKFLOWS, workflow.file)),
      definitionSubstitutions: Object.fromEntries(
        Object.entries(workflow.substitutions).map(([key, ref]) => [key, resolve(ref)]),
      ),
      stateMachineType: sfn.StateMachineType.STANDARD,
      tracingEnabled: true,
      logs: {
        destination: new logs.LogGroup(this, 'Logs', {
          retention: logs.RetentionDays.THREE_MONTHS,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        // Failures only, without execution data: the to-dos' titles are the users' own.
        level: sfn.LogLevel.ERROR,
        includeExecutionData: false,
      },
    });
    // Exactly what the Task states call (task-actions.ts), on what each substitution names.
    const called = taskActionsBySubstitution(
      JSON.parse(readFileSync(path.join(WORKFLOWS, workflow.file), 'utf8')) as JsonObject,
    );
    for (const [key, ref] of Object.entries(workflow.substitutions)) {
      const actions = [...(called.get(key) ?? [])].sort();
      if (actions.length === 0) continue;
      const resource = ref.kind === 'tableName' ? data.tables[ref.table].tableArn : this.topic.topicArn;
      this.stateMachine.addToRolePolicy(new iam.PolicyStatement({ actions, resources: [resource] }));
    }
    // The waiting execution a change replaces: one of this state machine's own, by name.
    const ownExecutions = Stack.of(this).formatArn({
      service: 'states',
      resource: 'execution',
      resourceName: `${stateMachineName}:*`,
      arnFormat: ArnFormat.COLON_RESOURCE_NAME,
    });
    this.stateMachine.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['states:StopExecution'], resources: [ownExecutions] }),
    );
    acknowledge(
      this.stateMachine,
      `AwsSolutions-IAM5[Resource::${nagResource(this.stateMachine, ownExecutions)}]`,
      'Its own executions only (the one a new due time replaces); execution names are generated.',
    );
    acknowledge(
      this.stateMachine,
      'AwsSolutions-SF1',
      "Failures only (ERROR) by design: ALL with execution data would copy users' to-dos into the logs. Each execution's history stays readable through the Step Functions API.",
    );
    acknowledge(
      this.stateMachine,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray tracing and CloudWatch Logs delivery (logs:CreateLogDelivery and friends) only accept the resource "*".',
    );

    const role = new iam.Role(this, 'PipeRole', {
      assumedBy: new iam.ServicePrincipal('pipes.amazonaws.com'),
    });
    this.stateMachine.grantStartExecution(role);
    const [spec] = topology.pipes;
    if (spec === undefined) throw new Error('The to-do topology has no Pipe');
    const table = data.tables[spec.table];
    table.grantStreamRead(role);
    acknowledge(
      role,
      'AwsSolutions-IAM5[Resource::*]',
      'dynamodb:ListStreams, which the Pipe needs to read the table stream, only accepts the resource "*".',
    );
    this.deadLetters.grantSendMessages(role);
    this.pipe = new pipes.CfnPipe(this, 'Pipe', {
      roleArn: role.roleArn,
      source: table.tableStreamArn as string,
      sourceParameters: {
        dynamoDbStreamParameters: {
          startingPosition: 'TRIM_HORIZON',
          batchSize: spec.batchSize,
          maximumRetryAttempts: spec.maximumRetryAttempts,
          deadLetterConfig: { arn: this.deadLetters.queueArn },
        },
        filterCriteria: { filters: [{ pattern: JSON.stringify({ eventName: spec.eventNames }) }] },
      },
      target: this.stateMachine.stateMachineArn,
      // A Standard workflow is started, not waited for.
      targetParameters: { stepFunctionStateMachineParameters: { invocationType: 'FIRE_AND_FORGET' } },
      description: `${spec.table} stream (${spec.eventNames.join(', ')}) to todo-reminder`,
    });
  }
}
