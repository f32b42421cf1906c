import * as path from 'node:path';
import { Annotations, Duration, RemovalPolicy, Stack } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionName, Permission, ResourceRef, Topology } from '../../topology/types';
import type { DeploymentSettings } from '../deployment-settings';
import { acknowledge, acknowledgeGrant, awsManagedPolicyFinding, GRANT_ACTION_GROUPS } from '../nag';
import { SharpLayerNotBuilt } from '../errors';
import { assertSharpLayerBuilt } from '../sharp-layer';
import type { Messaging } from './messaging';
import type { Storage } from './storage';
import type { UpdatesVolume } from './update-origin';

const ROOT = path.join(__dirname, '..', '..');

/** Resolves a topology reference to a CloudFormation value of the deployed resource. */
export type RefResolver = (ref: ResourceRef) => string;

/**
 * One NodejsFunction per topology function, bundled locally with esbuild (no Docker). sharp is
 * not bundled: it comes from a layer built for Lambda's Linux on arm64 (`npm run build:sharp-layer`),
 * and a synth that bundles (one that can be deployed) refuses to go on without it.
 */
export class Functions extends Construct {
  readonly functions: Record<FunctionName, NodejsFunction>;

  constructor(
    scope: Construct,
    id: string,
    topology: Topology,
    resolve: RefResolver,
    storage: Storage,
    messaging: Messaging,
    senderIdentityArn: string,
    settings: Pick<DeploymentSettings, 'sharpLayerDir' | 'allowMissingSharpLayer'>,
    /** The update server's volume, for the functions whose spec mounts it (releaseOrigin updateServer). */
    updatesVolume?: UpdatesVolume,
  ) {
    super(scope, id);
    // Without bundling (tests, `cdk ls`) no asset is deployed from this synth: the layer's
    // content does not matter then, and the check would only stop work that cannot ship it.
    if (Stack.of(this).bundlingRequired) {
      if (settings.allowMissingSharpLayer) {
        try {
          assertSharpLayerBuilt(settings.sharpLayerDir);
        } catch (error) {
          if (!(error instanceof SharpLayerNotBuilt)) throw error;
          Annotations.of(this).addWarningV2(
            'myblog:sharpLayerNotBuilt',
            `The sharp layer is not built (${error.missing} is missing), as allowMissingSharpLayer allows: ` +
              'this template is not deployable as it is (npm run build:sharp-layer builds the layer).',
          );
        }
      } else assertSharpLayerBuilt(settings.sharpLayerDir);
    }
    const sharpLayer = new lambda.LayerVersion(this, 'SharpLayer', {
      code: lambda.Code.fromAsset(settings.sharpLayerDir),
      compatibleArchitectures: [lambda.Architecture.ARM_64],
      compatibleRuntimes: [lambda.Runtime.NODEJS_24_X],
      description: 'sharp with its prebuilt libvips for linux-arm64',
    });
    this.functions = {} as Record<FunctionName, NodejsFunction>;
    for (const [name, spec] of Object.entries(topology.functions) as [
      FunctionName,
      Topology['functions'][FunctionName],
    ][]) {
      const environment: Record<string, string> = {
        POWERTOOLS_SERVICE_NAME: spec.dir,
        POWERTOOLS_LOG_LEVEL: 'INFO',
        NODE_OPTIONS: '--enable-source-maps',
      };
      for (const [variable, ref] of Object.entries(spec.environment)) environment[variable] = resolve(ref);
      const fn = new NodejsFunction(this, `${name}Function`, {
        entry: path.join(ROOT, 'functions', spec.dir, 'handler.ts'),
        handler: 'handler',
        runtime: lambda.Runtime.NODEJS_24_X,
        architecture: lambda.Architecture.ARM_64,
        memorySize: spec.memoryMb,
        timeout: Duration.seconds(spec.timeoutSeconds),
        description: spec.description,
        environment,
        tracing: lambda.Tracing.ACTIVE,
        // Operational logs: they go with the stack (README: what destroy keeps).
        logGroup: new logs.LogGroup(this, `${name}Logs`, {
          retention: logs.RetentionDays.ONE_MONTH,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
        ...(spec.reservedConcurrency === undefined
          ? {}
          : { reservedConcurrentExecutions: spec.reservedConcurrency }),
        ...(spec.usesSharp === true ? { layers: [sharpLayer] } : {}),
        ...(spec.mountsUpdatesVolume === true ? mounted(name, updatesVolume) : {}),
        bundling: {
          minify: true,
          sourceMap: true,
          format: OutputFormat.CJS,
          target: 'node24',
          // The SDK is bundled at the version the code was tested with, not taken from the
          // runtime (whose set of @aws-sdk packages and versions the code does not control).
          externalModules: spec.usesSharp === true ? ['sharp'] : [],
        },
      });
      for (const permission of spec.permissions) grant(fn, permission, storage, messaging, senderIdentityArn);
      acknowledge(
        fn,
        awsManagedPolicyFinding(fn, 'service-role/AWSLambdaBasicExecutionRole'),
        'AWSLambdaBasicExecutionRole is the scoped managed policy Lambda needs to write its own logs.',
      );
      acknowledge(
        fn,
        'AwsSolutions-IAM5[Resource::*]',
        'X-Ray xray:PutTraceSegments and xray:PutTelemetryRecords only accept the resource "*".',
      );
      if (spec.mountsUpdatesVolume === true)
        acknowledge(
          fn,
          awsManagedPolicyFinding(fn, 'service-role/AWSLambdaVPCAccessExecutionRole'),
          'AWSLambdaVPCAccessExecutionRole is the managed policy Lambda needs for the network interfaces of a function in a VPC (here to mount EFS).',
        );
      this.functions[name] = fn;
    }
  }
}

/** A function that writes the update server's volume runs in its VPC with the volume mounted. */
function mounted(name: string, volume: UpdatesVolume | undefined) {
  if (volume === undefined)
    throw new Error(`${name} mounts the update server volume, but the stack has no update origin`);
  return {
    vpc: volume.vpc,
    vpcSubnets: volume.subnets,
    securityGroups: [volume.securityGroup],
    filesystem: volume.fileSystem,
  };
}

function grant(
  fn: NodejsFunction,
  permission: Permission,
  storage: Storage,
  messaging: Messaging,
  senderIdentityArn: string,
): void {
  switch (permission.action) {
    case 'readTable':
      storage.tables[permission.table].grantReadData(fn);
      return;
    case 'writeTable':
      storage.tables[permission.table].grantWriteData(fn);
      return;
    case 'readWriteTable':
      storage.tables[permission.table].grantReadWriteData(fn);
      return;
    case 'readBucket': {
      const bucket = storage.buckets[permission.bucket];
      bucket.grantRead(fn);
      acknowledgeGrant(fn, GRANT_ACTION_GROUPS.read, bucket, `grantRead on the ${permission.bucket} bucket`);
      return;
    }
    case 'writeBucket': {
      const bucket = storage.buckets[permission.bucket];
      bucket.grantPut(fn);
      acknowledgeGrant(fn, GRANT_ACTION_GROUPS.put, bucket, `grantPut on the ${permission.bucket} bucket`);
      return;
    }
    case 'readWriteBucket': {
      const bucket = storage.buckets[permission.bucket];
      bucket.grantReadWrite(fn);
      acknowledgeGrant(
        fn,
        GRANT_ACTION_GROUPS.readWrite,
        bucket,
        `grantReadWrite on the ${permission.bucket} bucket`,
      );
      return;
    }
    case 'deleteFromBucket': {
      const bucket = storage.buckets[permission.bucket];
      bucket.grantDelete(fn);
      acknowledgeGrant(
        fn,
        GRANT_ACTION_GROUPS.delete,
        bucket,
        `grantDelete on the ${permission.bucket} bucket`,
      );
      return;
    }
    case 'publish':
      messaging.topics[permission.topic].grantPublish(fn);
      acknowledgeGrant(
        fn,
        GRANT_ACTION_GROUPS.publishEncrypted,
        undefined,
        `grantPublish on the encrypted ${permission.topic} topic: data keys of the topic key only`,
      );
      return;
    case 'sendEmail':
      fn.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: [senderIdentityArn] }),
      );
      return;
  }
}
