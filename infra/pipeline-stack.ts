import { type CfnElement, Stack, type StackProps, Validations } from 'aws-cdk-lib';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct, IConstruct } from 'constructs';
import type { ResourceRef, Topology } from '../topology/types';
import { Alarms } from './constructs/alarms';
import { BlogApi } from './constructs/blog-api';
import { ReleaseDistribution } from './constructs/distribution';
import { Functions } from './constructs/functions';
import { Messaging } from './constructs/messaging';
import { Storage } from './constructs/storage';
import { Triggers } from './constructs/triggers';
import { Workflows } from './constructs/workflows';

/** The settings whose value is an email address the functions send from. */
function senderAddress(topology: Topology): string {
  for (const spec of Object.values(topology.functions)) {
    const ref = spec.environment['SENDER_ADDRESS'];
    if (ref?.kind === 'setting') return ref.value;
  }
  throw new Error('No function has a SENDER_ADDRESS setting');
}

/** The whole pipeline, built from the topology that the local runtime reads too. */
export class PipelineStack extends Stack {
  readonly storage: Storage;
  readonly messaging: Messaging;
  readonly functions: Functions;
  readonly workflows: Workflows;
  readonly distribution: ReleaseDistribution;
  readonly alarms: Alarms;
  readonly api: BlogApi;

  constructor(scope: Construct, id: string, topology: Topology, props?: StackProps) {
    super(scope, id, props);
    this.storage = new Storage(this, 'Storage', topology);
    this.messaging = new Messaging(this, 'Messaging', topology);
    const identity = new ses.EmailIdentity(this, 'SenderIdentity', {
      identity: ses.Identity.email(senderAddress(topology)),
    });
    const senderIdentityArn = this.formatArn({
      service: 'ses',
      resource: 'identity',
      resourceName: identity.emailIdentityName,
    });
    this.distribution = new ReleaseDistribution(
      this,
      'ReleaseDistribution',
      this.storage.buckets.distribution,
      this.storage.accessLogs,
    );
    // Workflows need function ARNs, functions are created after the resolver: filled in below.
    const late: { functions?: Functions } = {};
    const resolve = (ref: ResourceRef): string => {
      switch (ref.kind) {
        case 'tableName':
          return this.storage.tables[ref.table].tableName;
        case 'bucketName':
          return this.storage.buckets[ref.bucket].bucketName;
        case 'queueUrl':
          return this.messaging.queues[ref.queue].queueUrl;
        case 'topicArn':
          return this.messaging.topics[ref.topic].topicArn;
        case 'streamName':
          return this.messaging.streams[ref.stream].streamName;
        case 'functionArn':
          if (late.functions === undefined)
            throw new Error('Function ARNs are resolved after the functions exist');
          return late.functions.functions[ref.fn].functionArn;
        case 'distributionId':
          return this.distribution.distribution.distributionId;
        case 'downloadsBaseUrl':
          return `https://${this.distribution.distribution.distributionDomainName}`;
        case 'setting':
          return ref.value;
      }
    };
    const functions = new Functions(
      this,
      'Functions',
      topology,
      resolve,
      this.storage,
      this.messaging,
      senderIdentityArn,
    );
    late.functions = functions;
    this.functions = functions;
    const deployedFunctions = functions;
    this.workflows = new Workflows(this, 'Workflows', topology, resolve, {
      // Least privilege: on each resource, exactly the actions the workflow's Task states call.
      grant: (role, ref, actions) => {
        if (ref.kind === 'functionArn') {
          deployedFunctions.functions[ref.fn].grantInvoke(role);
          return;
        }
        if (actions.length === 0) return;
        switch (ref.kind) {
          case 'tableName':
            this.storage.tables[ref.table].grant(role, ...actions);
            return;
          case 'bucketName': {
            const bucket = this.storage.buckets[ref.bucket];
            const onObjects = actions.filter((action) => action.includes('Object'));
            const onBucket = actions.filter((action) => !action.includes('Object'));
            if (onObjects.length > 0)
              role.grantPrincipal.addToPrincipalPolicy(
                new iam.PolicyStatement({ actions: onObjects, resources: [bucket.arnForObjects('*')] }),
              );
            if (onBucket.length > 0)
              role.grantPrincipal.addToPrincipalPolicy(
                new iam.PolicyStatement({ actions: onBucket, resources: [bucket.bucketArn] }),
              );
            return;
          }
          case 'topicArn':
            // Publishing to an encrypted topic also needs its key: grantPublish gives both.
            if (actions.some((action) => action !== 'sns:Publish'))
              throw new Error(
                `A workflow calls ${actions.join(', ')} on topic ${ref.topic}: only sns:Publish is granted`,
              );
            this.messaging.topics[ref.topic].grantPublish(role);
            return;
          case 'streamName':
            this.messaging.streams[ref.stream].grant(role, ...actions);
            return;
          case 'distributionId':
            role.grantPrincipal.addToPrincipalPolicy(
              new iam.PolicyStatement({
                actions: [...actions],
                resources: [
                  this.formatArn({
                    service: 'cloudfront',
                    region: '',
                    resource: 'distribution',
                    resourceName: this.distribution.distribution.distributionId,
                  }),
                ],
              }),
            );
            return;
          default:
            return;
        }
      },
    });
    new Triggers(this, 'Triggers', topology, this.storage, this.messaging, functions, this.workflows);
    this.api = new BlogApi(this, 'BlogApi', topology.api, functions.functions[topology.api.fn]);
    this.alarms = new Alarms(
      this,
      'Alarms',
      topology,
      this.messaging.queues,
      this.workflows.stateMachines,
      this.messaging.topicKey,
    );
    this.suppressFindings(topology);
  }

  /** Findings that are the design, each acknowledged where it arises and with why. */
  private suppressFindings(topology: Topology): void {
    const ack = (scope: IConstruct, id: string, reason: string) =>
      Validations.of(scope).acknowledge({ id, reason });
    const arnOf = (construct: IConstruct) =>
      `<${this.getLogicalId(construct.node.defaultChild as CfnElement)}.Arn>`;
    ack(
      this.api,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AmazonAPIGatewayPushToCloudWatchLogs]',
      "The account-level role API Gateway needs to write its logs, with AWS's managed policy made for it.",
    );
    ack(
      this.api,
      'AwsSolutions-APIG4',
      'A public API by design: anonymous visitors subscribe, upload and read releases. Abuse is bounded by request validation, throttling, caching and the WAF.',
    );
    ack(
      this.api,
      'AwsSolutions-COG4',
      'No user accounts on the blog, hence no Cognito authorizer: see AwsSolutions-APIG4.',
    );
    ack(
      this,
      'AwsSolutions-IAM4[Policy::arn:<AWS::Partition>:iam::aws:policy/service-role/AWSLambdaBasicExecutionRole]',
      'AWSLambdaBasicExecutionRole is the scoped managed policy Lambda needs to write its own logs.',
    );
    // Wildcards that AWS requires: these actions accept no resource but "*".
    for (const fn of Object.values(this.functions.functions)) {
      ack(
        fn,
        'AwsSolutions-IAM5[Resource::*]',
        'X-Ray xray:PutTraceSegments and xray:PutTelemetryRecords only accept the resource "*".',
      );
    }
    for (const machine of Object.values(this.workflows.stateMachines)) {
      ack(
        machine,
        'AwsSolutions-IAM5[Resource::*]',
        'X-Ray tracing and CloudWatch Logs delivery (logs:CreateLogDelivery and friends) only accept the resource "*".',
      );
      // A distributed Map's child executions are named per map run: only the state machine part is fixed.
      ack(
        machine,
        `AwsSolutions-IAM5[Resource::arn:<AWS::Partition>:states:${this.region}:<AWS::AccountId>:execution:${(machine.node.defaultChild as CfnElement & { stateMachineName?: string }).stateMachineName ?? ''}/*]`,
        'Child executions of its own distributed Map, named per map run.',
      );
    }
    ack(
      this.node.findChild('Triggers'),
      'AwsSolutions-IAM5[Resource::*]',
      'dynamodb:ListStreams, which the Pipe needs to read the table stream, only accepts the resource "*".',
    );
    // Wildcards that the CDK grants scope to one resource: the objects of one bucket, the
    // versions of one function, the data keys of one KMS key.
    for (const bucket of Object.values(this.storage.buckets))
      ack(
        this,
        `AwsSolutions-IAM5[Resource::${arnOf(bucket)}/*]`,
        'Objects of this one bucket, from a CDK grant on it.',
      );
    for (const fn of Object.values(this.functions.functions))
      ack(
        this,
        `AwsSolutions-IAM5[Resource::${arnOf(fn)}:*]`,
        'Versions and aliases of this one function, from grantInvoke.',
      );
    for (const action of [
      's3:GetObject*',
      's3:GetBucket*',
      's3:List*',
      's3:Abort*',
      's3:DeleteObject*',
      'kms:GenerateDataKey*',
    ]) {
      ack(
        this,
        `AwsSolutions-IAM5[Action::${action}]`,
        'Action groups of a CDK grant (grantRead, grantPut, grantDelete, grantPublish on an encrypted topic), each on named resources only.',
      );
    }
    // Dead-letter queues of a Pipe and of an event source mapping: they are the last stop.
    for (const pipe of topology.pipes)
      if (pipe.kind === 'tableStream')
        ack(
          this.messaging.queues[pipe.deadLetterQueue],
          'AwsSolutions-SQS3',
          'This queue is itself a dead-letter queue (of a Pipe).',
        );
    for (const consumer of topology.streamConsumers)
      ack(
        this.messaging.queues[consumer.deadLetterQueue],
        'AwsSolutions-SQS3',
        'This queue is itself a dead-letter queue (of an event source mapping).',
      );
    const distribution = this.distribution.distribution;
    ack(
      distribution,
      'AwsSolutions-CFR1',
      'Releases are downloaded worldwide: no geo restriction by design.',
    );
    ack(
      distribution,
      'AwsSolutions-CFR2',
      'Static, public release files behind OAC: WAF adds cost without a threat it addresses; add one if abuse appears.',
    );
    ack(
      distribution,
      'AwsSolutions-CFR4',
      'The default CloudFront certificate fixes TLSv1; a custom domain with its certificate gets TLSv1.2_2021 (minimumProtocolVersion is set).',
    );
    ack(
      distribution,
      'Annotation::@aws-cdk/aws-cloudfront:minimumProtocolVersionWithoutCertificate',
      'Kept so a custom certificate gets TLSv1.2_2021 as soon as it is added.',
    );
  }
}
