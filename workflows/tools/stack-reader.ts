/**
 * Reads a deployed CloudFormation stack through the AWS CLI (`aws cloudformation ...`), with the
 * credentials, profile and region the CLI resolves as it does for any command: its id, its
 * template as deployed (GetTemplate, so no local `cdk.out` is needed and it cannot be older or
 * newer than what runs) and its resources (ListStackResources, which pages through stacks of any
 * size; DescribeStackResources stops at 100).
 */
import { execFile } from 'node:child_process';
import { z } from 'zod';
import type { DeployedStack } from './stack-substitutions';

/** The AWS CLI is missing or answered with an error (no such stack, no credentials...). */
export class AwsCliError extends Error {
  override readonly name = 'AwsCliError';
}

export interface StackLocation {
  readonly stackName: string;
  readonly region?: string;
  readonly profile?: string;
}

const templateAnswer = z.object({ TemplateBody: z.union([z.string(), z.record(z.string(), z.unknown())]) });
const stacksAnswer = z.object({ Stacks: z.array(z.object({ StackId: z.string() })).min(1) });
const resourcesAnswer = z.object({
  StackResourceSummaries: z.array(
    z.object({
      LogicalResourceId: z.string(),
      // A resource that failed to create has none.
      PhysicalResourceId: z.string().optional(),
      ResourceType: z.string(),
    }),
  ),
});

function awsCli(args: readonly string[], location: StackLocation): Promise<unknown> {
  const options = [
    ...(location.region === undefined ? [] : ['--region', location.region]),
    ...(location.profile === undefined ? [] : ['--profile', location.profile]),
  ];
  const command = [
    'cloudformation',
    ...args,
    '--stack-name',
    location.stackName,
    '--output',
    'json',
    ...options,
  ];
  return new Promise((resolve, reject) => {
    execFile('aws', command, { maxBuffer: 256 * 1024 * 1024 }, (error, stdout, stderr) => {
      if (error !== null) {
        const missing = (error as NodeJS.ErrnoException).code === 'ENOENT';
        reject(
          new AwsCliError(
            missing
              ? 'The AWS CLI (aws) is not installed or not on PATH; it reads the deployed stack'
              : `aws ${command.join(' ')} failed: ${stderr.trim() || error.message}`,
          ),
        );
        return;
      }
      try {
        resolve(JSON.parse(stdout) as unknown);
      } catch {
        reject(new AwsCliError(`aws ${command.join(' ')} did not answer JSON`));
      }
    });
  });
}

export async function readDeployedStack(location: StackLocation): Promise<DeployedStack> {
  const [template, stacks, resources] = await Promise.all([
    awsCli(['get-template'], location).then((answer) => templateAnswer.parse(answer).TemplateBody),
    awsCli(['describe-stacks'], location).then((answer) => stacksAnswer.parse(answer).Stacks),
    awsCli(['list-stack-resources'], location).then(
      (answer) => resourcesAnswer.parse(answer).StackResourceSummaries,
    ),
  ]);
  return {
    stackId: (stacks[0] as { StackId: string }).StackId,
    // The CLI decodes a JSON template (as CDK deploys) into an object; a YAML one stays text.
    template: typeof template === 'string' ? parseTemplateText(template) : template,
    resources: resources.flatMap((r) =>
      r.PhysicalResourceId === undefined
        ? []
        : [{ logicalId: r.LogicalResourceId, physicalId: r.PhysicalResourceId, type: r.ResourceType }],
    ),
  };
}

function parseTemplateText(text: string): unknown {
  try {
    return JSON.parse(text) as unknown;
  } catch {
    throw new AwsCliError('The deployed template is not JSON (a YAML template is not read here)');
  }
}
