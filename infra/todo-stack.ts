import { CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import type { Construct } from 'constructs';
import type { TodoTopology } from '../topology/todo-types';
import { TodoApi } from './constructs/todo-api';
import { TodoData } from './constructs/todo-data';
import { TodoIdentity } from './constructs/todo-identity';
import { TodoReminders } from './constructs/todo-reminders';

export interface TodoStackSettings {
  /** Names every resource: `mytodolist-<stage>-…`. */
  readonly stage: string;
  /** A DAX cluster in front of the todos table; false reads DynamoDB directly (the fallback). */
  readonly dax: boolean;
}

/**
 * MyTodoList in AWS, beside the blog's stack: identity (Cognito), data (DynamoDB, S3, DAX), the
 * API and the reminders. A thin stack: each concern is a construct, all from topology/todo.ts.
 */
export class TodoStack extends Stack {
  readonly data: TodoData;
  readonly identity: TodoIdentity;
  readonly api: TodoApi;
  readonly reminders: TodoReminders;

  constructor(
    scope: Construct,
    id: string,
    topology: TodoTopology,
    settings: TodoStackSettings,
    props: StackProps = {},
  ) {
    super(scope, id, props);
    const name = `${topology.project}-${settings.stage}`;
    this.data = new TodoData(this, 'TodoData', topology, { dax: settings.dax });
    this.identity = new TodoIdentity(this, 'TodoIdentity', topology, this.data.attachments.bucketArn, name);
    this.api = new TodoApi(this, 'TodoApi', topology, this.data, this.identity, name);
    this.reminders = new TodoReminders(this, 'TodoReminders', topology, this.data, name);
    const output = (key: string, value: string, description: string) =>
      new CfnOutput(this, key, { value, description });
    output('ApiUrl', this.api.api.url, 'The REST API (send the ID token in Authorization)');
    output('Region', this.region, 'Where the user pool and identity pool are');
    output('UserPoolId', this.identity.userPool.userPoolId, 'Sign in here (SRP)');
    output('UserPoolClientId', this.identity.client.userPoolClientId, "The mobile app's client id");
    output('IdentityPoolId', this.identity.identityPool.ref, 'Trade the ID token for AWS credentials here');
    output(
      'AttachmentsBucket',
      this.data.attachments.bucketName,
      'Each user writes private/<identity id>/ only',
    );
    output('RemindersTopicArn', this.reminders.topic.topicArn, 'Subscribe with a filter policy on userId');
  }
}
