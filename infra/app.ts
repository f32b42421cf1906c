import { App, Validations } from 'aws-cdk-lib';
import { AwsSolutionsChecks } from 'cdk-nag';
import { pipeline } from '../topology/pipeline';
import { PipelineStack } from './pipeline-stack';

/** The CDK app: `npx cdk synth` / `npm run deploy`. cdk-nag's AwsSolutions checks run on every synth. */
export function buildApp(app: App = new App()): { app: App; stack: PipelineStack } {
  const stack = new PipelineStack(app, 'MyBlogPipeline', pipeline, {
    // Without an account (no credentials, as in CI) the stack synthesizes environment-agnostic.
    env: {
      account: process.env['CDK_DEFAULT_ACCOUNT'] || undefined,
      region: process.env['CDK_DEFAULT_REGION'] || undefined,
    },
    description: 'MyBlog.com event pipeline: welcome emails, thumbnails, update publishing',
  });
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  return { app, stack };
}

if (require.main === module) buildApp().app.synth();
