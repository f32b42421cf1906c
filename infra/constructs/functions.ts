import * as path from 'node:path';
import { Duration } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import { NodejsFunction, OutputFormat } from 'aws-cdk-lib/aws-lambda-nodejs';
import * as logs from 'aws-cdk-lib/aws-logs';
import { Construct } from 'constructs';
import type { FunctionName, Permission, ResourceRef, Topology } from '../../topology/types';
import type { Messaging } from './messaging';
import type { Storage } from './storage';

const ROOT = path.join(__dirname, '..', '..');

/** Resolves a topology reference to a CloudFormation value of the deployed resource. */
export type RefResolver = (ref: ResourceRef) => string;

/**
 * One NodejsFunction per topology function, bundled locally with esbuild (no Docker). sharp is
 * not bundled: it comes from a layer built for Lambda's Linux on arm64 (`npm run build:sharp-layer`).
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
  ) {
    super(scope, id);
    const sharpLayer = new lambda.LayerVersion(this, 'SharpLayer', {
      code: lambda.Code.fromAsset(path.join(ROOT, 'infra', 'layers', 'sharp')),
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
        logGroup: new logs.LogGroup(this, `${name}Logs`, { retention: logs.RetentionDays.ONE_MONTH }),
        ...(spec.reservedConcurrency === undefined
          ? {}
          : { reservedConcurrentExecutions: spec.reservedConcurrency }),
        ...(spec.usesSharp === true ? { layers: [sharpLayer] } : {}),
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
      this.functions[name] = fn;
    }
  }
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
    case 'readBucket':
      storage.buckets[permission.bucket].grantRead(fn);
      return;
    case 'writeBucket':
      storage.buckets[permission.bucket].grantPut(fn);
      return;
    case 'readWriteBucket':
      storage.buckets[permission.bucket].grantReadWrite(fn);
      return;
    case 'deleteFromBucket':
      storage.buckets[permission.bucket].grantDelete(fn);
      return;
    case 'publish':
      messaging.topics[permission.topic].grantPublish(fn);
      return;
    case 'sendEmail':
      fn.addToRolePolicy(
        new iam.PolicyStatement({ actions: ['ses:SendEmail'], resources: [senderIdentityArn] }),
      );
      return;
  }
}
