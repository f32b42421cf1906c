import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App, type Environment, Validations } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { AwsSolutionsChecks } from 'cdk-nag';
import { readDeploymentSettings, stackName } from '../../infra/deployment-settings';
import { PipelineStack } from '../../infra/pipeline-stack';
import { pipeline } from '../../topology/pipeline';
import type { Topology } from '../../topology/types';

const ROOT = join(__dirname, '..', '..');

/** The context cdk.json gives every `cdk` command: the feature flags above all. */
export const CDK_JSON_CONTEXT = (
  JSON.parse(readFileSync(join(ROOT, 'cdk.json'), 'utf8')) as { context: Record<string, unknown> }
).context;

export type Resource = { Type: string; Properties?: Record<string, unknown>; DeletionPolicy?: string };

export interface Synthesized {
  readonly app: App;
  readonly stack: PipelineStack;
  readonly template: Template;
  readonly resources: Record<string, Resource>;
  ofType(type: string): [string, Resource][];
}

/**
 * An app as `cdk synth` builds it (cdk.json's context, the stack named for its stage), without
 * esbuild: `aws:cdk:bundling-stacks: []` is how the CDK CLI itself skips bundling (`cdk ls`), so
 * the template is the one deployed, with placeholder code assets. About ten seconds on an idle
 * machine instead of minutes. `env` undefined is an environment-agnostic synth.
 */
export interface SynthOptions {
  readonly context?: Record<string, unknown>;
  readonly env?: Environment;
  /** Runs before synthesis, to add what a test needs (a stray grant). */
  readonly extend?: (stack: PipelineStack) => void;
  /** Another topology than the pipeline's own, e.g. servedByUpdateServer(pipeline). */
  readonly topology?: Topology;
}

function build(options: SynthOptions): { app: App; stack: PipelineStack } {
  const app = new App({
    context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [], ...options.context },
  });
  const topology = options.topology ?? pipeline;
  const settings = readDeploymentSettings((key) => app.node.tryGetContext(key), topology);
  const stack = new PipelineStack(app, stackName(settings), topology, {
    settings,
    ...(options.env === undefined ? {} : { env: options.env }),
  });
  options.extend?.(stack);
  return { app, stack };
}

export function synthesize(options: SynthOptions = {}): Synthesized {
  const { app, stack } = build(options);
  const template = Template.fromStack(stack);
  const resources = template.toJSON()['Resources'] as Record<string, Resource>;
  return {
    app,
    stack,
    template,
    resources,
    ofType: (type) => Object.entries(resources).filter(([, r]) => r.Type === type),
  };
}

export interface Finding {
  readonly rule: string;
  readonly paths: readonly string[];
}

/**
 * What cdk-nag's AwsSolutions checks report and nobody acknowledged, as `npx cdk synth` runs them:
 * the findings of the validation report (synthesis throws when there is an error among them).
 */
export function nagFindings(options: SynthOptions = {}): Finding[] {
  const { app } = build(options);
  Validations.of(app).addPlugins(new AwsSolutionsChecks(app, { verbose: true }));
  try {
    app.synth();
  } catch {
    // A failed validation throws; the report says why.
  }
  const report = join(app.outdir, 'validation-report.json');
  if (!existsSync(report)) return [];
  const { pluginReports } = JSON.parse(readFileSync(report, 'utf8')) as {
    pluginReports: {
      pluginName: string;
      violations: { ruleName: string; violatingConstructs: { constructPath: string }[] }[];
    }[];
  };
  return pluginReports
    .filter((plugin) => plugin.pluginName !== 'Construct Annotations')
    .flatMap((plugin) =>
      plugin.violations.map((violation) => ({
        rule: violation.ruleName,
        paths: violation.violatingConstructs.map((construct) => construct.constructPath),
      })),
    );
}
