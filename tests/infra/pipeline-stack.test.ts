import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { CfnElement } from 'aws-cdk-lib';
import { pipeline } from '../../topology/pipeline';
import { placeholdersIn } from '../../packages/asl/src/substitutions';
import type { JsonObject } from '../../packages/asl/src/json';
import { taskActionsBySubstitution } from '../../infra/task-actions';
import { type Resource, synthesize } from './synthesize';

// Bundling is skipped here (the synth test does it): these tests read the template only.
const { app, stack, template, ofType } = synthesize({
  env: { account: '123456789012', region: 'us-east-1' },
});
const assembly = app.synth();

describe('workflows are deployed from their ASL files', () => {
  test.each(Object.values(pipeline.workflows).map((w) => [w.file, w] as const))(
    '%s: the definition is the file, every placeholder substituted',
    (file, spec) => {
      const text = readFileSync(join(__dirname, '..', '..', 'workflows', file), 'utf8');
      // DefinitionBody.fromFile ships the file as an asset: find the state machine whose asset is this file.
      const machines = ofType('AWS::StepFunctions::StateMachine').map(([, r]) => r.Properties ?? {});
      const machine = machines.find((m) => {
        const key = (m['DefinitionS3Location'] as { Key: string }).Key;
        return readFileSync(join(assembly.directory, `asset.${key}`), 'utf8') === text;
      });
      expect(machine).toBeDefined();
      expect(Object.keys(machine?.['DefinitionSubstitutions'] as object).sort()).toEqual(
        [...placeholdersIn(text)].sort(),
      );
      expect(Object.keys(spec.substitutions).sort()).toEqual([...placeholdersIn(text)].sort());
      expect(machine).toMatchObject({ TracingConfiguration: { Enabled: true }, StateMachineType: spec.type });
    },
  );

  test("state machines log failures without execution data: subscribers' emails and names stay out of the logs", () => {
    const machines = ofType('AWS::StepFunctions::StateMachine');
    expect(machines).toHaveLength(Object.keys(pipeline.workflows).length);
    for (const [, machine] of machines)
      expect(machine.Properties?.['LoggingConfiguration']).toMatchObject({
        Level: 'ERROR',
        IncludeExecutionData: false,
      });
  });
});

describe('triggers match the topology', () => {
  test('the DynamoDB stream Pipe filters INSERT, with its batch size and dead-letter queue', () => {
    template.hasResourceProperties('AWS::Pipes::Pipe', {
      SourceParameters: {
        DynamoDBStreamParameters: { BatchSize: 1, MaximumRetryAttempts: 3, StartingPosition: 'TRIM_HORIZON' },
        FilterCriteria: { Filters: [{ Pattern: JSON.stringify({ eventName: ['INSERT'] }) }] },
      },
    });
  });

  test('each queue Pipe has its batch size', () => {
    const queuePipes = ofType('AWS::Pipes::Pipe').filter(
      ([, r]) =>
        (r.Properties?.['SourceParameters'] as Record<string, unknown>)['SqsQueueParameters'] !== undefined,
    );
    expect(queuePipes).toHaveLength(pipeline.pipes.filter((p) => p.kind === 'queue').length);
  });

  test('S3 notifications carry their prefix and suffix filters', () => {
    const configuration = JSON.stringify(
      ofType('Custom::S3BucketNotifications').map(([, r]) => r.Properties?.['NotificationConfiguration']),
    );
    expect(configuration).toContain('"Name":"prefix","Value":"photos/"');
    expect(configuration).toContain('"Name":"suffix","Value":"manifest.json"');
  });

  test('the Kinesis event source mapping reports batch item failures and has an on-failure queue', () => {
    template.hasResourceProperties('AWS::Lambda::EventSourceMapping', {
      BatchSize: 100,
      StartingPosition: 'TRIM_HORIZON',
      MaximumRetryAttempts: 3,
      FunctionResponseTypes: ['ReportBatchItemFailures'],
    });
  });

  test('the update-available subscription has its filter policy', () => {
    template.hasResourceProperties('AWS::SNS::Subscription', { FilterPolicy: { channel: ['stable'] } });
  });
});

describe('nothing is lost quietly', () => {
  test('every queue has a dead-letter queue or is one, and an alarm', () => {
    const queues = ofType('AWS::SQS::Queue');
    const alarms = JSON.stringify(ofType('AWS::CloudWatch::Alarm'));
    const deadLetterTargets = new Set(
      queues
        .flatMap(
          ([, r]) =>
            JSON.stringify((r.Properties?.['RedrivePolicy'] as object) ?? '').match(
              /"Fn::GetAtt":\["([A-Za-z0-9]+)"/g,
            ) ?? [],
        )
        .map((m) => m.split('"')[3]),
    );
    const usedAsDeadLetter = JSON.stringify(template.toJSON());
    for (const [id, queue] of queues) {
      const isDeadLetter =
        deadLetterTargets.has(id) ||
        usedAsDeadLetter.includes(`"DeadLetterConfig":{"Arn":{"Fn::GetAtt":["${id}"`) ||
        usedAsDeadLetter.includes(`"Destination":{"Fn::GetAtt":["${id}"`);
      expect({ id, protected: queue.Properties?.['RedrivePolicy'] !== undefined || isDeadLetter }).toEqual({
        id,
        protected: true,
      });
      expect(alarms).toContain(id);
    }
  });

  test('every workflow alarms on failed and timed-out executions', () => {
    const metrics = ofType('AWS::CloudWatch::Alarm').map(([, r]) => r.Properties?.['MetricName']);
    expect(metrics.filter((m) => m === 'ExecutionsFailed')).toHaveLength(3);
    expect(metrics.filter((m) => m === 'ExecutionsTimedOut')).toHaveLength(3);
  });
});

describe('least privilege', () => {
  // The only actions granted on "*": AWS accepts no narrower resource for them.
  const STAR_ONLY =
    /^(xray:|logs:(CreateLogDelivery|GetLogDelivery|UpdateLogDelivery|DeleteLogDelivery|ListLogDeliveries|PutResourcePolicy|DescribeResourcePolicies|DescribeLogGroups)$|dynamodb:ListStreams$)/;

  type Statement = { Action: string | string[]; Resource: unknown };
  const statementsOf = (policy: Resource) =>
    (policy.Properties?.['PolicyDocument'] as { Statement: Statement[] }).Statement;
  const actionsOf = (statement: Statement) =>
    Array.isArray(statement.Action) ? statement.Action : [statement.Action];
  const logicalIdOf = (construct: { node: { defaultChild?: unknown } }) =>
    stack.getLogicalId(construct.node.defaultChild as CfnElement);
  /** Every statement of the policies attached to a construct's role. */
  const roleStatements = (role: unknown) => {
    const id = logicalIdOf(role as { node: { defaultChild?: unknown } });
    return ofType('AWS::IAM::Policy')
      .filter(([, p]) => JSON.stringify(p.Properties?.['Roles']).includes(`"${id}"`))
      .flatMap(([, p]) => statementsOf(p));
  };

  test('a statement on "*" only grants actions that need it', () => {
    for (const [id, policy] of ofType('AWS::IAM::Policy')) {
      for (const statement of statementsOf(policy)) {
        if (statement.Resource !== '*') continue;
        for (const action of actionsOf(statement))
          expect({ id, action, allowed: STAR_ONLY.test(action) }).toEqual({ id, action, allowed: true });
      }
    }
  });

  test.each(Object.entries(pipeline.workflows))(
    "%s: on each table, bucket and stream, the workflow's role may do exactly what its Task states call",
    (name, spec) => {
      const statements = roleStatements(
        stack.workflows.stateMachines[name as keyof typeof pipeline.workflows].role,
      );
      const grantedOn = (id: string) =>
        [
          ...new Set(
            statements
              .filter((statement) => JSON.stringify(statement.Resource).includes(`"${id}"`))
              .flatMap(actionsOf),
          ),
        ].sort();
      const called = taskActionsBySubstitution(
        JSON.parse(readFileSync(join(__dirname, '..', '..', 'workflows', spec.file), 'utf8')) as JsonObject,
      );
      for (const [key, ref] of Object.entries(spec.substitutions)) {
        const resource =
          ref.kind === 'tableName'
            ? stack.storage.tables[ref.table]
            : ref.kind === 'bucketName'
              ? stack.storage.buckets[ref.bucket]
              : ref.kind === 'streamName'
                ? stack.messaging.streams[ref.stream]
                : undefined;
        if (resource === undefined) continue;
        expect({ key, granted: grantedOn(logicalIdOf(resource)) }).toEqual({
          key,
          granted: [...(called.get(key) ?? [])].sort(),
        });
      }
    },
  );

  test("each function's role may change only the buckets and tables its topology permissions name", () => {
    const buckets = Object.fromEntries(
      Object.entries(stack.storage.buckets).map(([name, bucket]) => [logicalIdOf(bucket), name]),
    );
    const tables = Object.fromEntries(
      Object.entries(stack.storage.tables).map(([name, table]) => [logicalIdOf(table), name]),
    );
    for (const [fnName, fn] of Object.entries(stack.functions.functions)) {
      const spec = pipeline.functions[fnName as keyof typeof pipeline.functions];
      for (const statement of roleStatements(fn.role)) {
        const actions = actionsOf(statement);
        const resources = JSON.stringify(statement.Resource);
        for (const [id, bucket] of Object.entries(buckets)) {
          if (!resources.includes(`"${id}"`)) continue;
          const may = (action: string) =>
            spec.permissions.some((p) => 'bucket' in p && p.bucket === bucket && p.action === action);
          if (actions.some((a) => /^s3:(PutObject|Abort)/.test(a)))
            expect({ fnName, bucket, write: may('writeBucket') || may('readWriteBucket') }).toEqual({
              fnName,
              bucket,
              write: true,
            });
          if (actions.some((a) => /^s3:DeleteObject/.test(a)))
            expect({ fnName, bucket, delete: may('deleteFromBucket') || may('readWriteBucket') }).toEqual({
              fnName,
              bucket,
              delete: true,
            });
        }
        for (const [id, table] of Object.entries(tables)) {
          if (!resources.includes(`"${id}"`)) continue;
          const may = (action: string) =>
            spec.permissions.some((p) => 'table' in p && p.table === table && p.action === action);
          if (actions.some((a) => /^dynamodb:(PutItem|UpdateItem|DeleteItem|BatchWriteItem)$/.test(a)))
            expect({ fnName, table, write: may('writeTable') || may('readWriteTable') }).toEqual({
              fnName,
              table,
              write: true,
            });
        }
      }
    }
  });

  test('the blog API may put uploads but not delete them, and only read thumbnails and releases', () => {
    const api = pipeline.functions.blogApi.permissions;
    expect(api).not.toContainEqual(expect.objectContaining({ action: 'deleteFromBucket' }));
    expect(api).not.toContainEqual(expect.objectContaining({ action: 'readWriteBucket' }));
    expect(api.filter((p) => 'bucket' in p && p.bucket !== 'uploads').map((p) => p.action)).toEqual([
      'readBucket',
      'readBucket',
    ]);
  });

  test('sending email is granted on the sender identity only', () => {
    const statements = ofType('AWS::IAM::Policy').flatMap(
      ([, p]) =>
        (p.Properties?.['PolicyDocument'] as { Statement: { Action: unknown; Resource: unknown }[] })
          .Statement,
    );
    const ses = statements.filter((s) => s.Action === 'ses:SendEmail');
    expect(ses).toHaveLength(1);
    expect(JSON.stringify(ses[0]?.Resource)).toContain(':identity/');
  });
});

describe('distribution', () => {
  test('CloudFront reaches the bucket through Origin Access Control, over HTTPS only', () => {
    template.resourceCountIs('AWS::CloudFront::OriginAccessControl', 1);
    const distribution = ofType('AWS::CloudFront::Distribution')[0]?.[1].Properties?.[
      'DistributionConfig'
    ] as Record<string, unknown>;
    expect(JSON.stringify(distribution['Origins'])).toContain('OriginAccessControlId');
    expect(distribution['DefaultCacheBehavior']).toMatchObject({ ViewerProtocolPolicy: 'https-only' });
    expect(distribution['CacheBehaviors']).toEqual([
      expect.objectContaining({ PathPattern: 'releases/latest.json', ViewerProtocolPolicy: 'https-only' }),
    ]);
  });

  test('versioned files are cached for a year, the latest pointer for a minute', () => {
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: { DefaultTTL: 31_536_000 },
    });
    template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: { DefaultTTL: 60, MaxTTL: 60 },
    });
  });
});

describe('storage', () => {
  test('every bucket blocks public access, enforces SSL and aborts incomplete multipart uploads', () => {
    const buckets = ofType('AWS::S3::Bucket');
    expect(buckets.length).toBe(Object.keys(pipeline.buckets).length + 1);
    for (const [, bucket] of buckets) {
      expect(bucket.Properties?.['PublicAccessBlockConfiguration']).toEqual({
        BlockPublicAcls: true,
        BlockPublicPolicy: true,
        IgnorePublicAcls: true,
        RestrictPublicBuckets: true,
      });
    }
    for (const name of Object.keys(pipeline.buckets)) void name;
    const rules = JSON.stringify(buckets.map(([, b]) => b.Properties?.['LifecycleConfiguration']));
    expect(rules.match(/AbortIncompleteMultipartUpload/g)?.length).toBe(Object.keys(pipeline.buckets).length);
  });

  test('the subscribers table streams new images', () => {
    template.hasResourceProperties('AWS::DynamoDB::Table', {
      KeySchema: [{ AttributeName: 'email', KeyType: 'HASH' }],
      StreamSpecification: { StreamViewType: 'NEW_IMAGE' },
    });
  });
});

describe('the blog API is API Gateway in front of its function', () => {
  const allMethods = ofType('AWS::ApiGateway::Method').map(([, r]) => r.Properties ?? {});
  const methods = allMethods.filter((m) => m['HttpMethod'] !== 'OPTIONS' && m['HttpMethod'] !== 'ANY');
  const stage = ofType('AWS::ApiGateway::Stage')[0]?.[1].Properties ?? {};

  test('one method per route of the topology, each a Lambda proxy to the API function', () => {
    expect(methods).toHaveLength(pipeline.api.routes.length);
    for (const method of methods) expect(method).toMatchObject({ Integration: { Type: 'AWS_PROXY' } });
  });

  test('GET answers are cached for the seconds each route allows, keyed by their path parameters', () => {
    const settings = stage['MethodSettings'] as {
      ResourcePath: string;
      HttpMethod: string;
      CachingEnabled?: boolean;
      CacheTtlInSeconds?: number;
    }[];
    for (const route of pipeline.api.routes.filter((r) => r.cacheSeconds !== undefined)) {
      // MethodSettings name a resource as / then its path with each / written ~1.
      const path = `/${route.path.replace(/\//g, '~1')}`;
      expect(settings).toContainEqual(
        expect.objectContaining({
          ResourcePath: path,
          HttpMethod: 'GET',
          CachingEnabled: true,
          CacheTtlInSeconds: route.cacheSeconds,
        }),
      );
    }
    expect(stage).toMatchObject({ CacheClusterEnabled: true });
    const byVersion = methods.find(
      (m) => (m['RequestParameters'] as Record<string, boolean> | undefined)?.['method.request.path.version'],
    );
    expect(byVersion).toMatchObject({ Integration: { CacheKeyParameters: ['method.request.path.version'] } });
  });

  test('the stage is throttled, traced and writes access logs', () => {
    expect(stage).toMatchObject({
      TracingEnabled: true,
      AccessLogSetting: { DestinationArn: expect.anything() },
    });
    expect(stage['MethodSettings']).toContainEqual(
      expect.objectContaining({
        ResourcePath: '/*',
        HttpMethod: '*',
        ThrottlingRateLimit: pipeline.api.throttle.rateLimit,
        ThrottlingBurstLimit: pipeline.api.throttle.burstLimit,
      }),
    );
  });

  test('request bodies are validated against the schemas the function validates with', () => {
    const models = Object.fromEntries(
      ofType('AWS::ApiGateway::Model').map(([, r]) => [r.Properties?.['Name'], r.Properties?.['Schema']]),
    ) as Record<string, { required?: string[]; properties?: Record<string, unknown> }>;
    expect(models['SubscribeRequest']?.required).toEqual(['email', 'name', 'locale', 'consent']);
    expect(models['PhotoUploadRequest']?.properties?.['size']).toMatchObject({ maximum: 52428800 });
    for (const post of methods.filter((m) => m['HttpMethod'] === 'POST'))
      expect(post).toMatchObject({
        RequestValidatorId: expect.anything(),
        RequestModels: { 'application/json': expect.anything() },
      });
  });

  test('a routed path takes any other method to the function, which answers 405 with Allow as it does locally', () => {
    const routedPaths = new Set(pipeline.api.routes.map((route) => route.path));
    const anyMethods = allMethods.filter((m) => m['HttpMethod'] === 'ANY');
    expect(anyMethods).toHaveLength(routedPaths.size);
    const apiFunction = stack.getLogicalId(stack.functions.functions.blogApi.node.defaultChild as CfnElement);
    for (const method of anyMethods) {
      expect(method).toMatchObject({ Integration: { Type: 'AWS_PROXY' } });
      expect(JSON.stringify(method['Integration'])).toContain(`"${apiFunction}"`);
    }
  });

  test("API Gateway's own refusals are problem+json: an unknown route is a 404", () => {
    const responses = ofType('AWS::ApiGateway::GatewayResponse').map(([, r]) => r.Properties ?? {});
    expect(responses).toContainEqual(
      expect.objectContaining({ ResponseType: 'MISSING_AUTHENTICATION_TOKEN', StatusCode: '404' }),
    );
    expect(responses).toContainEqual(
      expect.objectContaining({ ResponseType: 'BAD_REQUEST_BODY', StatusCode: '400' }),
    );
  });

  test('a WAF with managed rules and a per-address rate limit guards the stage', () => {
    const acl = ofType('AWS::WAFv2::WebACL')[0]?.[1].Properties ?? {};
    expect((acl['Rules'] as { Name: string }[]).map((r) => r.Name)).toEqual([
      'AWSManagedRulesCommonRuleSet',
      'AWSManagedRulesKnownBadInputsRuleSet',
      'PerAddressRateLimit',
    ]);
    expect(ofType('AWS::WAFv2::WebACLAssociation')).toHaveLength(1);
  });

  test('browsers on the site, and only there, may PUT into the uploads bucket', () => {
    const cors = ofType('AWS::S3::Bucket')
      .map(([, r]) => r.Properties?.['CorsConfiguration'])
      .filter((c) => c !== undefined);
    expect(cors).toEqual([
      {
        CorsRules: [
          expect.objectContaining({ AllowedMethods: ['PUT'], AllowedOrigins: [pipeline.api.allowedOrigin] }),
        ],
      },
    ]);
  });
});
