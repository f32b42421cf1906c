import { execFile } from 'node:child_process';
import { chmodSync, mkdirSync, mkdtempSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { applySubstitutions } from '../../../packages/asl/src/substitutions';

/**
 * `npm run workflows:placeholders` end to end, with an `aws` on PATH that answers as the AWS CLI
 * does for a deployed MyBlogPipeline-prod stack (GetTemplate's JSON body decoded, ListStackResources
 * and DescribeStacks as printed with --output json) and notes the arguments it was given.
 */
const ROOT = join(__dirname, '..', '..', '..');
const ACCOUNT = '123456789012';
const STACK_ID = `arn:aws:cloudformation:eu-west-1:${ACCOUNT}:stack/MyBlogPipeline-prod/5e1c7a30-8f2b-11ef-9a3d-0a1b2c3d4e5f`;

const resources = [
  [
    'FunctionsvalidateSubscriberFunction3664740D',
    'AWS::Lambda::Function',
    'MyBlogPipeline-prod-validate-Xq81LmV0aB2c',
  ],
  [
    'FunctionsrenderWelcomeEmailFunction55EF890F',
    'AWS::Lambda::Function',
    'MyBlogPipeline-prod-render-p9ZtR4sQe1Wd',
  ],
  [
    'FunctionssendWelcomeEmailFunction9CBDD8D7',
    'AWS::Lambda::Function',
    'MyBlogPipeline-prod-send-Hc3nY7uJk0Ls',
  ],
  [
    'FunctionsparsePhotoEventFunctionF3C92103',
    'AWS::Lambda::Function',
    'MyBlogPipeline-prod-parse-Lq2Wm5Tz8Rk4',
  ],
  ['StoragesentLogTable882D3A53', 'AWS::DynamoDB::Table', 'MyBlogPipeline-prod-sentLog-1QW8E4R7T2Y9U'],
  [
    'MessagingoperationsTopicE898083E',
    'AWS::SNS::Topic',
    `arn:aws:sns:eu-west-1:${ACCOUNT}:MyBlogPipeline-prod-ops`,
  ],
  [
    'WorkflowswelcomeEmailStateMachine01BD79A7',
    'AWS::StepFunctions::StateMachine',
    `arn:aws:states:eu-west-1:${ACCOUNT}:stateMachine:myblog-prod-welcome-email`,
  ],
  [
    'WorkflowsthumbnailStateMachineCAFB8D20',
    'AWS::StepFunctions::StateMachine',
    `arn:aws:states:eu-west-1:${ACCOUNT}:stateMachine:myblog-prod-thumbnail`,
  ],
] as const;

const getAtt = (logicalId: string) => ({ 'Fn::GetAtt': [logicalId, 'Arn'] });
const template = {
  Resources: {
    WorkflowswelcomeEmailStateMachine01BD79A7: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        DefinitionSubstitutions: {
          ValidateSubscriberFunctionArn: getAtt('FunctionsvalidateSubscriberFunction3664740D'),
          RenderWelcomeEmailFunctionArn: getAtt('FunctionsrenderWelcomeEmailFunction55EF890F'),
          SendWelcomeEmailFunctionArn: getAtt('FunctionssendWelcomeEmailFunction9CBDD8D7'),
          SentLogTableName: { Ref: 'StoragesentLogTable882D3A53' },
          OperationsTopicArn: { Ref: 'MessagingoperationsTopicE898083E' },
        },
      },
    },
    WorkflowsthumbnailStateMachineCAFB8D20: {
      Type: 'AWS::StepFunctions::StateMachine',
      Properties: {
        DefinitionSubstitutions: {
          ParsePhotoEventFunctionArn: getAtt('FunctionsparsePhotoEventFunctionF3C92103'),
          OperationsTopicArn: { Ref: 'MessagingoperationsTopicE898083E' },
        },
      },
    },
  },
};

const answers = {
  'get-template': { TemplateBody: template, StagesAvailable: ['Original', 'Processed'] },
  'describe-stacks': {
    Stacks: [{ StackName: 'MyBlogPipeline-prod', StackId: STACK_ID, StackStatus: 'UPDATE_COMPLETE' }],
  },
  'list-stack-resources': {
    StackResourceSummaries: resources.map(([logicalId, type, physicalId]) => ({
      LogicalResourceId: logicalId,
      PhysicalResourceId: physicalId,
      ResourceType: type,
      ResourceStatus: 'CREATE_COMPLETE',
    })),
  },
};

const lambdaArn = (name: string) => `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${name}`;
const deployedValues = {
  ValidateSubscriberFunctionArn: lambdaArn('MyBlogPipeline-prod-validate-Xq81LmV0aB2c'),
  RenderWelcomeEmailFunctionArn: lambdaArn('MyBlogPipeline-prod-render-p9ZtR4sQe1Wd'),
  SendWelcomeEmailFunctionArn: lambdaArn('MyBlogPipeline-prod-send-Hc3nY7uJk0Ls'),
  SentLogTableName: 'MyBlogPipeline-prod-sentLog-1QW8E4R7T2Y9U',
  OperationsTopicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:MyBlogPipeline-prod-ops`,
};

const workflow = readFileSync(join(ROOT, 'workflows', 'welcome-email.asl.json'), 'utf8');
/** Workflow Studio's export of the deployed welcome-email machine. */
const exported = JSON.stringify(JSON.parse(applySubstitutions(workflow, deployedValues)), null, 2);

let dir: string;
let bin: string;
beforeEach(() => {
  dir = mkdtempSync(join(tmpdir(), 'placeholders-'));
  bin = join(dir, 'bin');
  const aws = [
    `#!${process.execPath}`,
    "const { appendFileSync } = require('node:fs');",
    `appendFileSync(${JSON.stringify(join(dir, 'aws-calls'))}, JSON.stringify(process.argv.slice(2)) + '\\n');`,
    `const answer = (${JSON.stringify(answers)})[process.argv[3]];`,
    "if (process.argv.includes('NoSuchStack')) { console.error('An error occurred (ValidationError) when calling the DescribeStacks operation: Stack with id NoSuchStack does not exist'); process.exit(254); }",
    'console.log(JSON.stringify(answer, null, 4));',
  ].join('\n');
  mkdirSync(bin);
  writeFileSync(join(bin, 'aws'), aws);
  chmodSync(join(bin, 'aws'), 0o755);
});
afterEach(() => rmSync(dir, { recursive: true, force: true }));

function run(args: string[], path = bin): Promise<{ code: number; stdout: string; stderr: string }> {
  return new Promise((resolve) => {
    execFile(
      process.execPath,
      ['--import', 'tsx', join(ROOT, 'workflows', 'tools', 'placeholders-cli.ts'), ...args],
      { cwd: ROOT, env: { ...process.env, PATH: path } },
      (error, stdout, stderr) => resolve({ code: error === null ? 0 : Number(error.code), stdout, stderr }),
    );
  });
}

test('puts back the placeholders of an export from the deployed stack, leaving the workflow file as it was', async () => {
  const file = join(dir, 'welcome-email.asl.json');
  writeFileSync(file, exported);

  const { code, stdout, stderr } = await run([
    '--stack',
    'MyBlogPipeline-prod',
    '--region',
    'eu-west-1',
    file,
  ]);

  expect({ code, stderr }).toEqual({ code: 0, stderr: '' });
  expect(`${readFileSync(file, 'utf8')}\n`).toBe(workflow);
  expect(stdout).toContain('welcome-email.asl.json: restored ${ValidateSubscriberFunctionArn}');
  const calls = readFileSync(join(dir, 'aws-calls'), 'utf8')
    .trim()
    .split('\n')
    .map((line) => JSON.parse(line) as string[]);
  expect(calls.map((call) => call.slice(0, 2).join(' ')).sort()).toEqual([
    'cloudformation describe-stacks',
    'cloudformation get-template',
    'cloudformation list-stack-resources',
  ]);
  for (const call of calls)
    expect(call.slice(2)).toEqual([
      '--stack-name',
      'MyBlogPipeline-prod',
      '--output',
      'json',
      '--region',
      'eu-west-1',
    ]);
});

test('names an ARN of the account that no placeholder of the workflow stands for', async () => {
  const file = join(dir, 'welcome-email.asl.json');
  const picked = lambdaArn('hand-picked-function');
  writeFileSync(file, exported.replace(deployedValues.RenderWelcomeEmailFunctionArn, `${picked}:$LATEST`));

  const { code, stderr } = await run(['--stack', 'MyBlogPipeline-prod', file]);

  expect(code).toBe(0);
  expect(stderr).toContain(`${picked}:$LATEST is not a substitution of this workflow`);
});

test('leaves every file as it was when the stack cannot be read, saying why', async () => {
  const file = join(dir, 'welcome-email.asl.json');
  writeFileSync(file, exported);

  const missingStack = await run(['--stack', 'NoSuchStack', file]);
  const noCli = await run(['--stack', 'MyBlogPipeline-prod', file], join(dir, 'empty'));

  expect(missingStack.code).toBe(1);
  expect(missingStack.stderr).toContain('Stack with id NoSuchStack does not exist');
  expect(noCli.code).toBe(1);
  expect(noCli.stderr).toContain('The AWS CLI (aws) is not installed or not on PATH');
  expect(readFileSync(file, 'utf8')).toBe(exported);
});

test('refuses a file that is not a workflow of the topology, writing nothing', async () => {
  const file = join(dir, 'welcome-email.asl.json');
  const stray = join(dir, 'elsewhere.asl.json');
  writeFileSync(file, exported);
  writeFileSync(stray, exported);

  const { code, stderr } = await run(['--stack', 'MyBlogPipeline-prod', file, stray]);

  expect(code).toBe(1);
  expect(stderr).toContain('elsewhere.asl.json is not a workflow of the topology');
  expect(readFileSync(file, 'utf8')).toBe(exported);
});
