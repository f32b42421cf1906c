import { existsSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { App } from 'aws-cdk-lib';
import { Template } from 'aws-cdk-lib/assertions';
import { API_DAX_ACTIONS, API_TABLE_ACTIONS } from '../../infra/constructs/todo-api';
import { buildTodoApp } from '../../infra/todo-app';
import { CDK_JSON_CONTEXT, type Resource } from './synthesize';

// MyTodoList's stack as `npm run synth:todo` builds it, without bundling (placeholder code assets).

interface Synth {
  readonly app: App;
  readonly template: Template;
  readonly resources: Record<string, Resource>;
}

function synth(context: Record<string, unknown> = {}): Synth {
  const { app, stack } = buildTodoApp(
    new App({ context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [], ...context } }),
  );
  const template = Template.fromStack(stack);
  return { app, template, resources: template.toJSON()['Resources'] as Record<string, Resource> };
}

const withDax = synth();
const withoutDax = synth({ todoDax: 'off' });

/** cdk-nag's findings nobody acknowledged, from the validation report of a full synth. */
function nagFindings(app: App): string[] {
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
      plugin.violations.map(
        (v) => `${v.ruleName} at ${v.violatingConstructs.map((c) => c.constructPath).join(', ')}`,
      ),
    );
}

const ofType = (s: Synth, type: string) => Object.entries(s.resources).filter(([, r]) => r.Type === type);
type Statement = { Effect: string; Action: string | string[]; Resource: unknown; Condition?: unknown };
/** Every statement of the identity policies attached to the role with this logical id prefix. */
function statementsOf(s: Synth, rolePrefix: string): Statement[] {
  const policies = ofType(s, 'AWS::IAM::Policy').filter(([, policy]) =>
    JSON.stringify(policy.Properties?.['Roles']).includes(rolePrefix),
  );
  return policies.flatMap(
    ([, policy]) => (policy.Properties?.['PolicyDocument'] as { Statement: Statement[] }).Statement,
  );
}
/** A statement with its actions sorted (the CDK orders them its own way). */
const sorted = (statement: Statement): Statement => ({
  ...statement,
  Action: Array.isArray(statement.Action) ? [...statement.Action].sort() : statement.Action,
});
const actions = (statements: Statement[]) =>
  statements.flatMap((s) => (Array.isArray(s.Action) ? s.Action : [s.Action])).sort();
const logicalId = (s: Synth, type: string, prefix: string) =>
  ofType(s, type).find(([id]) => id.startsWith(prefix))?.[0] as string;

test.each([
  ['with DAX', {}],
  ['without DAX (the fallback)', { todoDax: 'off' }],
])('cdk-nag reports nothing unacknowledged %s', (_what, context) => {
  const { app } = buildTodoApp(
    new App({ context: { ...CDK_JSON_CONTEXT, 'aws:cdk:bundling-stacks': [], ...context } }),
  );
  expect(nagFindings(app)).toEqual([]);
});

test("the identity pool's authenticated role may use only the user's own folder, and only identities of this pool may take it", () => {
  const [, role] = ofType(withDax, 'AWS::IAM::Role').find(([id]) => id.includes('AuthenticatedRole')) as [
    string,
    Resource,
  ];
  const trust = role.Properties?.['AssumeRolePolicyDocument'] as { Statement: Statement[] };
  expect(trust.Statement).toEqual([
    {
      Effect: 'Allow',
      Principal: { Federated: 'cognito-identity.amazonaws.com' },
      Action: 'sts:AssumeRoleWithWebIdentity',
      Condition: {
        StringEquals: {
          'cognito-identity.amazonaws.com:aud': {
            Ref: logicalId(withDax, 'AWS::Cognito::IdentityPool', 'TodoIdentityIdentities'),
          },
        },
        'ForAnyValue:StringLike': { 'cognito-identity.amazonaws.com:amr': 'authenticated' },
      },
    },
  ]);
  const policies = role.Properties?.['Policies'] as {
    PolicyName: string;
    PolicyDocument: { Statement: Statement[] };
  }[];
  const policy = policies.map((p) => ({
    ...p,
    PolicyDocument: { ...p.PolicyDocument, Statement: p.PolicyDocument.Statement.map(sorted) },
  }));
  const bucket = logicalId(withDax, 'AWS::S3::Bucket', 'TodoDataAttachmentsBucket');
  expect(policy).toEqual([
    {
      PolicyName: 'OwnFolder',
      PolicyDocument: {
        Version: '2012-10-17',
        Statement: [
          {
            Sid: 'OwnFolderObjects',
            Effect: 'Allow',
            Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
            Resource: {
              'Fn::Join': [
                '',
                [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/private/${cognito-identity.amazonaws.com:sub}/*'],
              ],
            },
          },
          {
            Sid: 'ListOwnFolder',
            Effect: 'Allow',
            Action: 's3:ListBucket',
            Resource: { 'Fn::GetAtt': [bucket, 'Arn'] },
            Condition: { StringLike: { 's3:prefix': ['private/${cognito-identity.amazonaws.com:sub}/*'] } },
          },
        ],
      },
    },
  ]);
  withDax.template.hasResourceProperties('AWS::Cognito::IdentityPool', {
    AllowUnauthenticatedIdentities: false,
    AllowClassicFlow: false,
  });
});

test('with DAX, the API function may call DAX on its cluster only, and not DynamoDB itself', () => {
  const fn = statementsOf(withDax, 'TodoApiFunctionServiceRole');
  const cluster = logicalId(withDax, 'AWS::DAX::Cluster', 'TodoDataDax');
  expect(fn.filter((s) => actions([s]).some((a) => a.startsWith('dax:'))).map(sorted)).toEqual([
    { Effect: 'Allow', Action: [...API_DAX_ACTIONS].sort(), Resource: { 'Fn::GetAtt': [cluster, 'Arn'] } },
  ]);
  expect(actions(fn).filter((a) => a.startsWith('dynamodb:'))).toEqual([]);
  // And nothing of Cognito: GetId is a public API.
  expect(actions(fn).filter((a) => a.startsWith('cognito'))).toEqual([]);
});

test('without DAX, the API function may make its five item calls on the todos table only', () => {
  const fn = statementsOf(withoutDax, 'TodoApiFunctionServiceRole');
  const table = logicalId(withoutDax, 'AWS::DynamoDB::Table', 'TodoDatatodosTable');
  expect(fn.filter((s) => actions([s]).some((a) => a.startsWith('dynamodb:'))).map(sorted)).toEqual([
    { Effect: 'Allow', Action: [...API_TABLE_ACTIONS].sort(), Resource: { 'Fn::GetAtt': [table, 'Arn'] } },
  ]);
  expect(ofType(withoutDax, 'AWS::DAX::Cluster')).toEqual([]);
  expect(ofType(withoutDax, 'AWS::EC2::VPC')).toEqual([]);
});

test("the API function's S3 rights are private/ of the attachments bucket, nothing else", () => {
  const s3 = statementsOf(withDax, 'TodoApiFunctionServiceRole').filter((s) =>
    actions([s]).some((a) => a.startsWith('s3:')),
  );
  const bucket = logicalId(withDax, 'AWS::S3::Bucket', 'TodoDataAttachmentsBucket');
  expect(s3.map(sorted)).toEqual([
    {
      Sid: 'PrivateFoldersForPresignedUrls',
      Effect: 'Allow',
      Action: ['s3:DeleteObject', 's3:GetObject', 's3:PutObject'],
      Resource: { 'Fn::Join': ['', [{ 'Fn::GetAtt': [bucket, 'Arn'] }, '/private/*']] },
    },
  ]);
});

test("DAX is encrypted at rest and in transit, in the VPC's private subnets, reachable from the API function only, and may touch only the todos table", () => {
  withDax.template.hasResourceProperties('AWS::DAX::Cluster', {
    SSESpecification: { SSEEnabled: true },
    ClusterEndpointEncryptionType: 'TLS',
    ReplicationFactor: 3,
  });
  const daxRole = statementsOf(withDax, 'TodoDataDaxRole');
  const table = logicalId(withDax, 'AWS::DynamoDB::Table', 'TodoDatatodosTable');
  expect(daxRole.map((s) => s.Resource)).toEqual([{ 'Fn::GetAtt': [table, 'Arn'] }]);
  const ingress = ofType(withDax, 'AWS::EC2::SecurityGroupIngress').map(([, r]) => r.Properties);
  expect(ingress).toEqual([
    expect.objectContaining({
      FromPort: 9111,
      ToPort: 9111,
      SourceSecurityGroupId: {
        'Fn::GetAtt': [logicalId(withDax, 'AWS::EC2::SecurityGroup', 'TodoDataApiSecurityGroup'), 'GroupId'],
      },
    }),
  ]);
  withDax.template.hasResourceProperties('AWS::Lambda::Function', {
    VpcConfig: {
      SecurityGroupIds: [
        {
          'Fn::GetAtt': [
            logicalId(withDax, 'AWS::EC2::SecurityGroup', 'TodoDataApiSecurityGroup'),
            'GroupId',
          ],
        },
      ],
    },
    Environment: {
      Variables: {
        DAX_ENDPOINT: {
          'Fn::GetAtt': [
            logicalId(withDax, 'AWS::DAX::Cluster', 'TodoDataDax'),
            'ClusterDiscoveryEndpointURL',
          ],
        },
      },
    },
  });
});

test('the reminder workflow may call exactly what its Task states call, and stop only its own executions', () => {
  const machine = statementsOf(withDax, 'TodoRemindersStateMachineRole');
  const todos = logicalId(withDax, 'AWS::DynamoDB::Table', 'TodoDatatodosTable');
  const reminders = logicalId(withDax, 'AWS::DynamoDB::Table', 'TodoDataremindersTable');
  const topic = logicalId(withDax, 'AWS::SNS::Topic', 'TodoRemindersTopic');
  const scoped = machine.filter(
    (s) => !actions([s]).some((a) => a.startsWith('xray:') || a.startsWith('logs:')),
  );
  expect(scoped).toHaveLength(4);
  expect(scoped).toEqual(
    expect.arrayContaining([
      { Effect: 'Allow', Action: 'sns:Publish', Resource: { Ref: topic } },
      { Effect: 'Allow', Action: 'dynamodb:UpdateItem', Resource: { 'Fn::GetAtt': [reminders, 'Arn'] } },
      { Effect: 'Allow', Action: 'dynamodb:GetItem', Resource: { 'Fn::GetAtt': [todos, 'Arn'] } },
      {
        Effect: 'Allow',
        Action: 'states:StopExecution',
        Resource: {
          'Fn::Join': [
            '',
            [
              'arn:',
              { Ref: 'AWS::Partition' },
              ':states:',
              { Ref: 'AWS::Region' },
              ':',
              { Ref: 'AWS::AccountId' },
              ':execution:mytodolist-prod-todo-reminder:*',
            ],
          ],
        },
      },
    ]),
  );
});

test('the Pipe starts the Standard workflow from every todos stream record, one per execution, with a dead-letter queue', () => {
  withDax.template.hasResourceProperties('AWS::Pipes::Pipe', {
    SourceParameters: {
      DynamoDBStreamParameters: { StartingPosition: 'TRIM_HORIZON', BatchSize: 1, MaximumRetryAttempts: 3 },
      FilterCriteria: {
        Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT', 'MODIFY', 'REMOVE'] }) }],
      },
    },
    TargetParameters: { StepFunctionStateMachineParameters: { InvocationType: 'FIRE_AND_FORGET' } },
  });
  withDax.template.hasResourceProperties('AWS::StepFunctions::StateMachine', {
    StateMachineType: 'STANDARD',
  });
  withDax.template.hasResourceProperties('AWS::DynamoDB::Table', {
    KeySchema: [
      { AttributeName: 'userId', KeyType: 'HASH' },
      { AttributeName: 'todoId', KeyType: 'RANGE' },
    ],
    StreamSpecification: { StreamViewType: 'NEW_AND_OLD_IMAGES' },
  });
});

test('every route but the OpenAPI document needs a user pool token; cached GETs are keyed by the Authorization header', () => {
  const methods = ofType(withDax, 'AWS::ApiGateway::Method').map(
    ([, r]) => r.Properties as Record<string, unknown>,
  );
  const routed = methods.filter((m) => m['HttpMethod'] !== 'OPTIONS');
  const open = routed.filter((m) => m['AuthorizationType'] !== 'COGNITO_USER_POOLS');
  expect(open).toHaveLength(1);
  expect(JSON.stringify(open[0]?.['ResourceId'])).toContain('openapijson');
  // GET /todos and GET /todos/{todoId}: the routes with cacheSeconds.
  const cachedGets = routed.filter(
    (m) =>
      m['HttpMethod'] === 'GET' &&
      /^TodoApitodos(todoId)?[0-9A-F]{8}$/.test((m['ResourceId'] as { Ref: string }).Ref),
  );
  expect(cachedGets).toHaveLength(2);
  for (const get of cachedGets)
    expect((get['Integration'] as { CacheKeyParameters: string[] }).CacheKeyParameters).toContain(
      'method.request.header.Authorization',
    );
  withDax.template.hasResourceProperties('AWS::ApiGateway::Stage', { CacheClusterEnabled: true });
});
