import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { todo } from '../topology/todo';
import { TodoStack } from './todo-stack';

/**
 * MyTodoList's CDK app, a stack of its own beside the blog's (`npm run synth:todo`,
 * `npm run deploy:todo`): `-c stage=<name>` (default prod), `-c todoDax=off` for no DAX cluster
 * (reads go to DynamoDB; no VPC, no NAT gateway). cdk-nag's AwsSolutions checks run on every synth.
 */
export function buildTodoApp(app: App = new App()): { app: App; stack: TodoStack } {
  const stage = String(app.node.tryGetContext('stage') ?? 'prod');
  const dax = String(app.node.tryGetContext('todoDax') ?? 'on') !== 'off';
  const stack = new TodoStack(
    app,
    `MyTodoList-${stage}`,
    todo,
    { stage, dax },
    {
      env: {
        account: process.env['CDK_DEFAULT_ACCOUNT'] || undefined,
        region: process.env['CDK_DEFAULT_REGION'] || undefined,
      },
      description: `MyTodoList (${stage}): mobile to-do back end with Cognito, per-user S3 folders, DynamoDB${dax ? ' with DAX' : ''} and due-date reminders`,
    },
  );
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}

if (require.main === module) buildTodoApp().app.synth();
