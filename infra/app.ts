import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { pipeline, servedByUpdateServer } from '../topology/pipeline';
import { readDeploymentSettings, stackName } from './deployment-settings';
import { InfraError } from './errors';
import { PipelineStack } from './pipeline-stack';

/**
 * The CDK app: `npx cdk synth` / `npm run deploy`, one stack per stage (`-c stage=staging`).
 * cdk-nag's AwsSolutions checks run on every synth.
 *
 * The stack takes the account and region the CLI resolves (CDK_DEFAULT_ACCOUNT/REGION, from the
 * profile; the CLI falls back to us-east-1 without one). Without them, as `npx tsx infra/app.ts`
 * with no AWS configuration, it synthesizes environment-agnostic: the region and account are
 * CloudFormation's AWS::Region and AWS::AccountId, set when the template is deployed.
 */
export function buildApp(app: App = new App()): { app: App; stack: PipelineStack } {
  // -c releaseOrigin=updateServer: releases are served by the update server too (issue 24).
  const topology =
    app.node.tryGetContext('releaseOrigin') === 'updateServer' ? servedByUpdateServer(pipeline) : pipeline;
  const settings = readDeploymentSettings((key) => app.node.tryGetContext(key), topology);
  const stack = new PipelineStack(app, stackName(settings), topology, {
    settings,
    env: {
      account: process.env['CDK_DEFAULT_ACCOUNT'] || undefined,
      region: process.env['CDK_DEFAULT_REGION'] || undefined,
    },
    description: `MyBlog.com event pipeline (${settings.stage}): welcome emails, thumbnails, update publishing`,
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}

if (require.main === module) {
  try {
    buildApp().app.synth();
  } catch (error) {
    // A refusal of ours says what to do: its message is the whole story, without a stack trace.
    if (!(error instanceof InfraError)) throw error;
    console.error(`${error.name}: ${error.message}`);
    process.exitCode = 1;
  }
}
