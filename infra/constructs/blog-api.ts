import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as apigateway from 'aws-cdk-lib/aws-apigateway';
import type * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as wafv2 from 'aws-cdk-lib/aws-wafv2';
import { Construct } from 'constructs';
import { z } from 'zod';
import { photoUploadRequest, subscribeRequest } from '../../functions/blog-api/schemas';
import type { ApiSpec, RouteSpec } from '../../topology/types';

/** The request schemas the Lambda validates with, as API Gateway models (JSON Schema draft 4). */
const MODELS: Readonly<Record<NonNullable<RouteSpec['requestModel']>, z.ZodType>> = {
  SubscribeRequest: subscribeRequest,
  PhotoUploadRequest: photoUploadRequest,
};

/**
 * A gateway response body in the API's problem+json shape. `detail` is a mapping-template
 * expression that yields a JSON string (with its quotes), such as $context.error.messageString.
 */
const problemTemplate = (slug: string, title: string, status: number, detail: string) => ({
  'application/json': `{"type":"https://myblog.com/problems/${slug}","title":"${title}","status":${status},"detail":${detail}}`,
});

/**
 * The blog's REST API: API Gateway (REST) in front of the API function, with the topology's
 * routes, request bodies validated against the same schemas the function uses, GET answers
 * cached, throttling, access logs, and API Gateway's own errors as problem+json.
 *
 * A known path with a method it does not take reaches the function through an ANY method, which
 * answers 405 with Allow as it does locally; API Gateway alone would answer it as an unknown route
 * (MISSING_AUTHENTICATION_TOKEN, 404 here). A path the API does not have stays API Gateway's 404,
 * as the function's own 404 locally.
 */
export class BlogApi extends Construct {
  readonly api: apigateway.RestApi;

  constructor(scope: Construct, id: string, spec: ApiSpec, fn: lambda.IFunction, name: string) {
    super(scope, id);
    const accessLogs = new logs.LogGroup(this, 'AccessLogs', {
      retention: logs.RetentionDays.ONE_YEAR,
      removalPolicy: RemovalPolicy.RETAIN,
    });
    const cached = spec.routes.filter((route) => route.cacheSeconds !== undefined);
    this.api = new apigateway.RestApi(this, 'Api', {
      restApiName: name,
      description: "MyBlog's REST API: subscriptions, photo uploads, releases",
      endpointTypes: [apigateway.EndpointType.REGIONAL],
      cloudWatchRole: true,
      defaultCorsPreflightOptions: {
        allowOrigins: [spec.allowedOrigin],
        allowMethods: ['GET', 'POST', 'OPTIONS'],
        allowHeaders: ['Content-Type'],
        maxAge: Duration.minutes(10),
      },
      deployOptions: {
        stageName: 'v1',
        accessLogDestination: new apigateway.LogGroupLogDestination(accessLogs),
        accessLogFormat: apigateway.AccessLogFormat.jsonWithStandardFields(),
        loggingLevel: apigateway.MethodLoggingLevel.ERROR,
        metricsEnabled: true,
        tracingEnabled: true,
        throttlingRateLimit: spec.throttle.rateLimit,
        throttlingBurstLimit: spec.throttle.burstLimit,
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
    const validator = this.api.addRequestValidator('Validator', {
      validateRequestBody: true,
      validateRequestParameters: true,
    });
    const models = new Map<string, apigateway.Model>();
    const modelFor = (name: NonNullable<RouteSpec['requestModel']>) => {
      let model = models.get(name);
      if (model === undefined) {
        const { $schema: _ignored, ...schema } = z.toJSONSchema(MODELS[name], {
          target: 'draft-4',
          io: 'input',
        }) as Record<string, unknown>;
        model = this.api.addModel(name, {
          modelName: name,
          contentType: 'application/json',
          schema: { schema: apigateway.JsonSchemaVersion.DRAFT4, ...(schema as apigateway.JsonSchema) },
        });
        models.set(name, model);
      }
      return model;
    };
    for (const route of spec.routes) {
      const resource = this.api.root.resourceForPath(route.path);
      const parameters = [...route.path.matchAll(/\{(\w+)\}/g)].map(
        (match) => `method.request.path.${match[1]}`,
      );
      resource.addMethod(
        route.method,
        new apigateway.LambdaIntegration(fn, {
          // Each path parameter is part of the cache key: /releases/2.1.0 is not /releases/2.2.0.
          ...(parameters.length === 0 ? {} : { cacheKeyParameters: parameters }),
        }),
        {
          requestValidator: validator,
          ...(parameters.length === 0
            ? {}
            : { requestParameters: Object.fromEntries(parameters.map((name) => [name, true])) }),
          ...(route.requestModel === undefined
            ? {}
            : { requestModels: { 'application/json': modelFor(route.requestModel) } }),
        },
      );
    }
    // Every other method of a routed path: the function answers 405 with the methods it takes.
    // (API Gateway prefers a resource's own methods to ANY, and OPTIONS is the CORS preflight's.)
    const otherMethods = new apigateway.LambdaIntegration(fn, { allowTestInvoke: false });
    for (const path of new Set(spec.routes.map((route) => route.path)))
      this.api.root.resourceForPath(path).addMethod('ANY', otherMethods);

    // A public sign-up form is a target: AWS's managed rules for common exploits and bad inputs,
    // and a per-address rate limit below the stage's overall throttle.
    const managed = (name: string, priority: number): wafv2.CfnWebACL.RuleProperty => ({
      name,
      priority,
      overrideAction: { none: {} },
      statement: { managedRuleGroupStatement: { vendorName: 'AWS', name } },
      visibilityConfig: { cloudWatchMetricsEnabled: true, metricName: name, sampledRequestsEnabled: true },
    });
    const firewall = new wafv2.CfnWebACL(this, 'Firewall', {
      scope: 'REGIONAL',
      defaultAction: { allow: {} },
      visibilityConfig: {
        cloudWatchMetricsEnabled: true,
        metricName: name,
        sampledRequestsEnabled: true,
      },
      rules: [
        managed('AWSManagedRulesCommonRuleSet', 0),
        managed('AWSManagedRulesKnownBadInputsRuleSet', 1),
        {
          name: 'PerAddressRateLimit',
          priority: 2,
          action: { block: {} },
          statement: { rateBasedStatement: { limit: 500, aggregateKeyType: 'IP' } },
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

    // API Gateway's own refusals in the API's problem+json shape.
    const respond = (
      id: string,
      type: apigateway.ResponseType,
      status: number,
      slug: string,
      title: string,
      detail: string,
    ) =>
      this.api.addGatewayResponse(id, {
        type,
        statusCode: String(status),
        responseHeaders: {
          'Access-Control-Allow-Origin': `'${spec.allowedOrigin}'`,
          'Content-Type': "'application/problem+json'",
        },
        templates: problemTemplate(slug, title, status, detail),
      });
    respond(
      'UnknownRoute',
      apigateway.ResponseType.MISSING_AUTHENTICATION_TOKEN,
      404,
      'route-not-found',
      'No such route',
      '"No route $context.httpMethod $context.path"',
    );
    respond(
      'InvalidBody',
      apigateway.ResponseType.BAD_REQUEST_BODY,
      400,
      'validation-failed',
      'The request is not valid',
      '"$context.error.validationErrorString"',
    );
    respond(
      'Throttled',
      apigateway.ResponseType.THROTTLED,
      429,
      'throttled',
      'Too many requests',
      '"Slow down and try again"',
    );
  }
}
