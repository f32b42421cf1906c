import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { Match } from 'aws-cdk-lib/assertions';
import { idleMonthlyCost } from '../../infra/idle-cost';
import { pipeline } from '../../topology/pipeline';
import { CDK_JSON_CONTEXT, synthesize } from './synthesize';

// What an offline synth can check before a first `npm run deploy` on a new account (issue 23).
// One environment-agnostic synth with the defaults, one of another stage with every setting given.
const prod = synthesize();
const staging = synthesize({
  context: {
    stage: 'staging',
    senderAddress: 'hello@staging.example.org',
    senderIdentity: 'create',
    siteOrigin: 'https://staging.example.org',
    alarmEmail: 'oncall@example.org',
    lambdaConcurrencyQuota: '1000',
  },
});

type Statement = {
  Principal?: { Service?: string };
  Action: string | string[];
  Condition?: Record<string, Record<string, unknown>>;
};
const keyStatements = (of: typeof prod) =>
  of
    .ofType('AWS::KMS::Key')
    .flatMap(([, key]) => (key.Properties?.['KeyPolicy'] as { Statement: Statement[] }).Statement);
const logicalId = (of: typeof prod, construct: { node: { defaultChild?: unknown } }) =>
  of.stack.getLogicalId(construct.node.defaultChild as CfnElement);

describe('S3 and CloudWatch may publish to the encrypted topics', () => {
  test('S3 may use the topic key for the releases bucket of this account only, so its notification deploys', () => {
    const s3 = keyStatements(prod).filter((statement) => statement.Principal?.Service === 's3.amazonaws.com');
    expect(s3).toEqual([
      expect.objectContaining({
        Action: expect.arrayContaining(['kms:GenerateDataKey', 'kms:Decrypt']),
        Condition: {
          StringEquals: { 'aws:SourceAccount': { Ref: 'AWS::AccountId' } },
          ArnLike: {
            'aws:SourceArn': { 'Fn::GetAtt': [logicalId(prod, prod.stack.storage.buckets.releases), 'Arn'] },
          },
        },
      }),
    ]);
  });

  test("CloudWatch may use the topic key for this stack's alarms only", () => {
    const cloudWatch = keyStatements(prod).filter((s) => s.Principal?.Service === 'cloudwatch.amazonaws.com');
    expect(cloudWatch).toHaveLength(1);
    expect(cloudWatch[0]?.Action).toEqual(expect.arrayContaining(['kms:GenerateDataKey*', 'kms:Decrypt']));
    expect(cloudWatch[0]?.Condition?.['StringEquals']).toEqual({
      'aws:SourceAccount': { Ref: 'AWS::AccountId' },
    });
    expect(JSON.stringify(cloudWatch[0]?.Condition?.['ArnLike'])).toContain(':alarm:myblog-prod-*');
  });

  test("CloudWatch may publish to the alarm topic, whose policy replaces SNS's default one", () => {
    prod.template.hasResourceProperties('AWS::SNS::TopicPolicy', {
      Topics: [{ Ref: logicalId(prod, prod.stack.alarms.topic) }],
      PolicyDocument: {
        Statement: Match.arrayWith([
          Match.objectLike({
            Effect: 'Allow',
            Principal: { Service: 'cloudwatch.amazonaws.com' },
            Action: 'sns:Publish',
          }),
        ]),
      },
    });
  });

  test('every alarm is named for its stage, so the policies that name the alarms cover all of them', () => {
    const names = prod.ofType('AWS::CloudWatch::Alarm').map(([, alarm]) => alarm.Properties?.['AlarmName']);
    expect(names.length).toBeGreaterThan(0);
    for (const name of names) expect(name).toMatch(/^myblog-prod-/);
  });
});

describe('alarms reach someone', () => {
  test('alarmEmail subscribes that address to the alarm topic', () => {
    staging.template.hasResourceProperties('AWS::SNS::Subscription', {
      Protocol: 'email',
      Endpoint: 'oncall@example.org',
      TopicArn: { Ref: logicalId(staging, staging.stack.alarms.topic) },
    });
  });

  test('the alarm topic is a stack output, to subscribe to it by other means', () => {
    prod.template.hasOutput('AlarmTopicArn', { Value: { Ref: logicalId(prod, prod.stack.alarms.topic) } });
  });
});

describe('reserved concurrency fits the account', () => {
  const reserved = (of: typeof prod) =>
    of
      .ofType('AWS::Lambda::Function')
      .filter(([, fn]) => fn.Properties?.['ReservedConcurrentExecutions'] !== undefined);

  test("on a new account's quota (10, all of it kept unreserved) no function reserves concurrency", () => {
    expect(reserved(prod)).toEqual([]);
  });

  test("with lambdaConcurrencyQuota=1000 the topology's caps apply", () => {
    expect(reserved(staging).map(([, fn]) => fn.Properties?.['ReservedConcurrentExecutions'])).toEqual([
      pipeline.functions.sendWelcomeEmail.reservedConcurrency,
    ]);
  });
});

describe('sender, site and names come from the deployment', () => {
  const environmentOf = (of: typeof prod, name: keyof typeof pipeline.functions) =>
    of.resources[logicalId(of, of.stack.functions.functions[name])]?.Properties?.['Environment'] as {
      Variables: Record<string, unknown>;
    };

  test("by default, the topology's sender and site", () => {
    prod.template.hasResourceProperties('AWS::SES::EmailIdentity', { EmailIdentity: 'welcome@myblog.com' });
    expect(environmentOf(prod, 'sendWelcomeEmail').Variables['SENDER_ADDRESS']).toBe('welcome@myblog.com');
    expect(environmentOf(prod, 'renderWelcomeEmail').Variables['SITE_URL']).toBe(pipeline.api.allowedOrigin);
  });

  test('senderAddress is the SES identity created, the address the function sends from and the one it may send as', () => {
    staging.template.hasResourceProperties('AWS::SES::EmailIdentity', {
      EmailIdentity: 'hello@staging.example.org',
    });
    expect(environmentOf(staging, 'sendWelcomeEmail').Variables['SENDER_ADDRESS']).toBe(
      'hello@staging.example.org',
    );
    const sendEmail = staging
      .ofType('AWS::IAM::Policy')
      .flatMap(
        ([, p]) =>
          (p.Properties?.['PolicyDocument'] as { Statement: { Action: unknown; Resource: unknown }[] })
            .Statement,
      )
      .filter((statement) => statement.Action === 'ses:SendEmail');
    expect(JSON.stringify(sendEmail)).toContain(':identity/');
    expect(JSON.stringify(sendEmail)).not.toContain('welcome@myblog.com');
  });

  test('siteOrigin is the origin CORS allows on the API and the uploads bucket, and the link in emails', () => {
    expect(environmentOf(staging, 'renderWelcomeEmail').Variables['SITE_URL']).toBe(
      'https://staging.example.org',
    );
    const template = JSON.stringify(staging.template.toJSON());
    expect(template).not.toContain('https://myblog.com"');
    expect(template).not.toContain("'https://myblog.com'");
    staging.template.hasResourceProperties('AWS::S3::Bucket', {
      CorsConfiguration: {
        CorsRules: [Match.objectLike({ AllowedOrigins: ['https://staging.example.org'] })],
      },
    });
    staging.template.hasResourceProperties('AWS::ApiGateway::GatewayResponse', {
      ResponseParameters: Match.objectLike({
        'gatewayresponse.header.Access-Control-Allow-Origin': "'https://staging.example.org'",
      }),
    });
  });

  test('senderIdentity=existing sends as the identity another stage created, without creating it again', () => {
    const shared = synthesize({ context: { stage: 'staging', senderIdentity: 'existing' } });
    shared.template.resourceCountIs('AWS::SES::EmailIdentity', 0);
    expect(JSON.stringify(shared.template.toJSON())).toContain(':identity/welcome@myblog.com');
  });

  test('two stages in one account and region share no physical name', () => {
    // The properties that name a resource in the account and region; where one is not set,
    // CloudFormation generates a unique name.
    const NAMED: Readonly<Record<string, (properties: Record<string, unknown>) => unknown>> = {
      'AWS::StepFunctions::StateMachine': (p) => p['StateMachineName'],
      'AWS::ApiGateway::RestApi': (p) => p['Name'],
      'AWS::CloudWatch::Alarm': (p) => p['AlarmName'],
      'AWS::CloudFront::CachePolicy': (p) => (p['CachePolicyConfig'] as { Name?: unknown }).Name,
      'AWS::CloudFront::OriginAccessControl': (p) =>
        (p['OriginAccessControlConfig'] as { Name?: unknown }).Name,
      'AWS::SES::EmailIdentity': (p) => p['EmailIdentity'],
      'AWS::WAFv2::WebACL': (p) => p['Name'],
      'AWS::Logs::LogGroup': (p) => p['LogGroupName'],
      'AWS::Lambda::Function': (p) => p['FunctionName'],
      'AWS::Lambda::LayerVersion': (p) => p['LayerName'],
      'AWS::IAM::Role': (p) => p['RoleName'],
      'AWS::SQS::Queue': (p) => p['QueueName'],
      'AWS::SNS::Topic': (p) => p['TopicName'],
      'AWS::DynamoDB::Table': (p) => p['TableName'],
      'AWS::S3::Bucket': (p) => p['BucketName'],
      'AWS::Kinesis::Stream': (p) => p['Name'],
      'AWS::Pipes::Pipe': (p) => p['Name'],
    };
    const names = (of: typeof prod) =>
      Object.values(of.resources).flatMap((resource) => {
        const name = NAMED[resource.Type]?.(resource.Properties ?? {});
        return name === undefined ? [] : [`${resource.Type} ${JSON.stringify(of.stack.resolve(name))}`];
      });
    const inProd = new Set(names(prod));
    expect(names(staging).filter((name) => inProd.has(name))).toEqual([]);
    expect([...inProd]).toContainEqual('AWS::StepFunctions::StateMachine "myblog-prod-welcome-email"');
    expect(prod.stack.stackName).toBe('MyBlogPipeline-prod');
    expect(staging.stack.stackName).toBe('MyBlogPipeline-staging');
  });

  test.each([
    ['stage', 'Prod'],
    ['senderAddress', 'not an address'],
    ['siteOrigin', 'https://myblog.com/blog'],
    ['senderIdentity', 'import'],
    ['lambdaConcurrencyQuota', 'lots'],
    ['alarmEmail', 'ops'],
  ])('%s=%s is refused, naming the setting', (key, value) => {
    expect(() => synthesize({ context: { [key]: value } })).toThrow(
      expect.objectContaining({
        name: 'InvalidDeploymentSetting',
        message: expect.stringContaining(`Context ${key}=`),
      }),
    );
  });
});

describe('what destroy keeps', () => {
  const policies = (type: string) => prod.ofType(type).map(([, r]) => r.DeletionPolicy ?? 'Delete');

  test('tables and buckets are kept with their data', () => {
    expect(new Set(policies('AWS::DynamoDB::Table'))).toEqual(new Set(['Retain']));
    expect(new Set(policies('AWS::S3::Bucket'))).toEqual(new Set(['Retain']));
  });

  test('the Kinesis stream goes (about $11/month per shard otherwise)', () => {
    expect(policies('AWS::Kinesis::Stream')).toEqual(['Delete']);
  });

  test('the topic key is scheduled for deletion after the shortest waiting period', () => {
    prod.template.hasResource('AWS::KMS::Key', {
      DeletionPolicy: 'Delete',
      Properties: Match.objectLike({ PendingWindowInDays: 7 }),
    });
  });

  test("function and state machine logs go; the API's access logs (a year of who called it) stay", () => {
    const accessLogs = logicalId(prod, prod.stack.api.node.findChild('AccessLogs'));
    for (const [id, group] of prod.ofType('AWS::Logs::LogGroup'))
      expect({ id, policy: group.DeletionPolicy ?? 'Delete' }).toEqual({
        id,
        policy: id === accessLogs ? 'Retain' : 'Delete',
      });
  });
});

describe('feature flags', () => {
  const recommended = JSON.parse(
    readFileSync(join(require.resolve('aws-cdk-lib'), '..', 'recommended-feature-flags.json'), 'utf8'),
  ) as Record<string, unknown>;

  test("cdk.json sets every recommended flag of the installed aws-cdk-lib, as recommended but for S3's key trust", () => {
    const differing = Object.keys(recommended).filter(
      (flag) => JSON.stringify(CDK_JSON_CONTEXT[flag]) !== JSON.stringify(recommended[flag]),
    );
    // Its statement trusts S3 for any bucket; Triggers adds one scoped to the bucket and account.
    expect(differing).toEqual(['@aws-cdk/s3-notifications:addS3TrustKeyPolicyForSnsSubscriptions']);
    expect(CDK_JSON_CONTEXT['@aws-cdk/s3-notifications:addS3TrustKeyPolicyForSnsSubscriptions']).toBe(false);
  });
});

describe('the idle cost, read from the template', () => {
  test('a stack with no traffic pays for one shard, one key, its alarms, the API cache and the WAF: about $36 a month', () => {
    const lines = idleMonthlyCost(prod.template.toJSON() as Parameters<typeof idleMonthlyCost>[0]);
    expect(lines).toEqual([
      { what: 'Kinesis shards', count: 1, monthlyUsd: 10.95 },
      { what: 'KMS keys', count: 1, monthlyUsd: 1 },
      { what: 'CloudWatch alarms', count: 14, monthlyUsd: 1.4 },
      { what: 'API Gateway caches', count: 1, monthlyUsd: 14.6 },
      { what: 'WAF web ACLs (3 rules)', count: 1, monthlyUsd: 8 },
    ]);
    expect(lines.reduce((sum, line) => sum + line.monthlyUsd, 0)).toBeCloseTo(35.95, 2);
  });
});
