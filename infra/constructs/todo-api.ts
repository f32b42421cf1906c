import * as path from 'node:path';
import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { z } from 'zod';
import {
  attachmentUploadRequest,
  createTodoRequest,
  replaceTodoRequest,
} from '../../functions/todo-api/schemas';
import { apiAttachmentStatements } from '../../topology/todo';
import type { TodoTopology } from '../../topology/todo-types';
import { acknowledge, awsManagedPolicyFinding, nagResource } from '../nag';
import type { TodoData } from './todo-data';
import type { TodoIdentity } from './todo-identity';

const ROOT = path.join(__dirname, '..', '..');

/** The DAX actions the API's store calls (functions/todo-api/aws-store.ts), on the cluster only. */
export const API_DAX_ACTIONS = [
  'dax:GetItem',
  'dax:PutItem',
  'dax:UpdateItem',
  'dax:DeleteItem',
  'dax:Query',
];
/** The same calls on the table itself, when DAX is off (the fallback). */
export const API_TABLE_ACTIONS = [
  'dynamodb:GetItem',
  'dynamodb:PutItem',
  'dynamodb:UpdateItem',
  'dynamodb:DeleteItem',
  'dynamodb:Query',
];

/** The request bodies API Gateway validates before the function runs: the function's own schemas. */
const BODY_MODELS: Readonly<Record<string, z.ZodType>> = {
  'POST /todos': createTodoRequest,
  'PUT /todos/{todoId}': replaceTodoRequest,
  'POST /todos/{todoId}/attachments': attachmentUploadRequest,
};

/**
 * MyTodoList's REST API: the API function (in the VPC beside DAX when there is a cluster) behind
 * API Gateway, every route but the OpenAPI document behind the user pool's authorizer, GET answers
 * cached per user (the Authorization header is part of the cache key), bodies validated, throttled,
 * logged, and a WAF in front.
 */
export class TodoApi extends Construct {
  readonly fn: NodejsFunction;
  readonly api: apigateway.RestApi;

  constructor(
    scope: Construct,
    id: string,
    topology: TodoTopology,
    data: TodoData,
    identity: TodoIdentity,
    name: string,
  ) {
    super(scope, id);
    const spec = topology.functions[topology.api.fn];
    const cache = data.cache;
    this.fn = new NodejsFunction(this, 'Function', {
      entry: path.join(ROOT, 'functions', spec.dir, 'handler.ts'),
      handler: 'handler',
      runtime: lambda.Runtime.NODEJS_24_X,
      architecture: lambda.Architecture.ARM_64,
      memorySize: spec.memoryMb,
      timeout: Duration.seconds(spec.timeoutSeconds),
      description: spec.description,
      tracing: lambda.Tracing.ACTIVE,
      environment: {
        POWERTOOLS_SERVICE_NAME: spec.dir,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
        TODOS_TABLE: data.tables.todos.tableName,
        ATTACHMENTS_BUCKET: data.attachments.bucketName,
        IDENTITY_POOL_ID: identity.identityPool.ref,
        USER_POOL_ID: identity.userPool.userPoolId,
        // Empty without a cluster: the store reads DynamoDB itself (table-client.ts).
        DAX_ENDPOINT: cache === undefined ? '' : cache.cluster.attrClusterDiscoveryEndpointUrl,
        ALLOWED_ORIGIN: '*',
      },
      logGroup: new logs.LogGroup(this, 'Logs', {
        retention: logs.RetentionDays.ONE_MONTH,
        removalPolicy: RemovalPolicy.DESTROY,
      }),
      ...(cache === undefined
        ? {}
        : {
            vpc: cache.vpc,
            vpcSubnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
            securityGroups: [cache.clientSecurityGroup],
          }),
      bundling: {
        minify: true,
        sourceMap: true,
        format: OutputFormat.CJS,
        target: 'node24',
        externalModules: [],
      },
    });
    if (cache === undefined) {
      this.fn.addToRolePolicy(
        new iam.PolicyStatement({ actions: API_TABLE_ACTIONS, resources: [data.tables.todos.tableArn] }),
      );
    } else {
      this.fn.addToRolePolicy(
        new iam.PolicyStatement({ actions: API_DAX_ACTIONS, resources: [cache.cluster.attrArn] }),
      );
      acknowledge(
        this.fn,
        awsManagedPolicyFinding(this.fn, 'service-role/AWSLambdaVPCAccessExecutionRole'),
        'AWSLambdaVPCAccessExecutionRole is the managed policy Lambda needs for the network interfaces of a function in a VPC (to reach DAX).',
      );
    }
    for (const statement of apiAttachmentStatements(data.attachments.bucketArn))
      this.fn.addToRolePolicy(iam.PolicyStatement.fromJson(statement));
    acknowledge(
      this.fn,
      `AwsSolutions-IAM5[Resource::${nagResource(this.fn, `${data.attachments.bucketArn}/${topology.storage.privatePrefix}*`)}]`,
      "Signing a user's upload or download URL and deleting a deleted to-do's files: any user's folder, under private/ only; the API checks the folder is the caller's (their identity id from GetId) before it signs.",
    );
    acknowledge(
      this.fn,
      awsManagedPolicyFinding(this.fn, 'service-role/AWSLambdaBasicExecutionRole'),
      'AWSLambdaBasicExecutionRole is the scoped managed policy Lambda needs to write its own logs.',
    );
    acknowledge(
      this.fn,
      'AwsSolutions-IAM5[Resource::*]',
      'X-Ray xray:PutTraceSegments and xray:PutTelemetryRecords only accept the resource "*".',
    );

    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const cached = topology.api.routes.filter((route) => route.cacheSeconds !== undefined);
    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: name,
      description: "MyTodoList's REST API: a signed-in user's to-dos and attachments",
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      cloudWatchRole: true,
      cloudWatchRoleRemovalPolicy: RemovalPolicy.RETAIN,
      deployOptions: {
        stageName: 'v1',
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        metricsEnabled: true,
        tracingEnabled: true,
        throttlingRateLimit: topology.api.throttle.rateLimit,
        throttlingBurstLimit: topology.api.throttle.burstLimit,
        cacheClusterEnabled: cached.length > 0,
        cacheClusterSize: '0.5',
        cacheDataEncrypted: true,
        methodOptions: Object.fromEntries(
          cached.map((route) => [
            `${route.path}/${route.method}`,
            {
              cachingEnabled: true,
              cacheTtl: Duration.seconds(route.cacheSeconds ?? 0),
              cacheDataEncrypted: true,
            },
          ]),
        ),
      },
    });
    const authorizer = new apigateway.CognitoUserPoolsAuthorizer(this, 'Authorizer', {
      cognitoUserPools: [identity.userPool],
      identitySource: apigateway.IdentitySource.header('Authorization'),
      authorizerName: `${name}-users`,
    });
    const validator = this.api.addRequestValidator('Validator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const integration = new apigateway.LambdaIntegration(this.fn);
    for (const route of topology.api.routes) {
      const resource = this.api.root.resourceForPath(route.path);
      const isPublic = route.path === '/openapi.json';
      const pathParameters = [...route.path.matchAll(/\{(\w+)\}/g)].map((m) => `method.request.path.${m[1]}`);
      const keyParameters = [
        ...pathParameters,
        ...(route.cacheKeyQuery ?? []).map((q) => `method.request.querystring.${q}`),
        // Each user's answers apart: the token is part of the key.
        ...(route.cacheSeconds !== undefined && !isPublic ? ['method.request.header.Authorization'] : []),
      ];
      const body = BODY_MODELS[`${route.method} ${route.path}`];
      const method = resource.addMethod(
        route.method,
        keyParameters.length === 0
          ? integration
          : new apigateway.LambdaIntegration(this.fn, { cacheKeyParameters: keyParameters }),
        {
          requestValidator: validator,
          ...(isPublic ? {} : { authorizer, authorizationType: apigateway.AuthorizationType.COGNITO }),
          ...(keyParameters.length === 0
            ? {}
            : {
                requestParameters: Object.fromEntries(
                  keyParameters.map((parameter) => [parameter, !parameter.includes('.querystring.')]),
                ),
              }),
          ...(body === undefined
            ? {}
            : { requestModels: { 'application/json': this.model(route.method, route.path, body) } }),
        },
      );
      if (isPublic) {
        acknowledge(
          method,
          'AwsSolutions-APIG4',
          'The OpenAPI document describes the API to anyone, as the blog API does.',
        );
        acknowledge(
          method,
          'AwsSolutions-COG4',
          'The OpenAPI document describes the API to anyone, as the blog API does.',
        );
      }
    }
    acknowledge(
      this.api,
      awsManagedPolicyFinding(this.api, 'service-role/AmazonAPIGatewayPushToCloudWatchLogs'),
      "The account-level role API Gateway needs to write its logs, with AWS's managed policy made for it.",
    );
    const firewall = new wafv2.CfnWebACL(this, 'Firewall', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
      rules: [
        {
          name: 'AWSManagedRulesCommonRuleSet',
          priority: 0,
          overrideAction: { none: {} },
          statement: {
            managedRuleGroupStatement: { vendorName: 'AWS', name: 'AWSManagedRulesCommonRuleSet' },
          },
          visibilityConfig: {
            cloudWatchMetricsEnabled: true,
            metricName: 'Common',
            sampledRequestsEnabled: true,
          },
        },
        {
          name: 'PerAddressRateLimit',
          priority: 1,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: 1000, aggregateKeyType: 'IP' } },
          visibilityConfig: {
            cloudWatchMetricsEnabled: true,
            metricName: 'PerAddressRateLimit',
            sampledRequestsEnabled: true,
          },
        },
      ],
    });
    new wafv2.CfnWebACLAssociation(this, 'FirewallAssociation', {
      resourceArn: this.api.deploymentStage.stageArn,
      webAclArn: firewall.attrArn,
    });
  }

  private readonly models = new Map<string, apigateway.Model>();

  private model(method: string, route: string, schema: z.ZodType): apigateway.Model {
    const modelName = `${method}${route.replace(/[^A-Za-z]/g, '')}`;
    const known = this.models.get(modelName);
    if (known !== undefined) return known;
    const { $schema: _ignored, ...json } = z.toJSONSchema(schema, {
      target: 'draft-4',
      io: 'input',
      unrepresentable: 'any',
    }) as Record<string, unknown>;
    const model = this.api.addModel(modelName, {
      modelName,
      contentType: 'application/json',
      schema: { schema: apigateway.JsonSchemaVersion.DRAFT4, ...(json as apigateway.JsonSchema) },
    });
    this.models.set(modelName, model);
    return model;
  }
}
