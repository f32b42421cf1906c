import { Annotations, CfnOutput, Stack, type StackProps } from 'aws-cdk-lib';
import * as cloudwatchActions from 'aws-cdk-lib/aws-cloudwatch-actions';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as ses from 'aws-cdk-lib/aws-ses';
import type { Construct } from 'constructs';
import type { ResourceRef, Topology } from '../topology/types';
import { Alarms } from './constructs/alarms';
import { BlogApi } from './constructs/blog-api';
import { ReleaseDistribution } from './constructs/distribution';
import { Functions } from './constructs/functions';
import { Messaging } from './constructs/messaging';
import { Storage } from './constructs/storage';
import { Triggers } from './constructs/triggers';
import { UpdateOrigin } from './constructs/update-origin';
import { Workflows } from './constructs/workflows';
import {
  type DeploymentSettings,
  deployedTopology,
  physicalName,
  readDeploymentSettings,
  reservableConcurrency,
} from './deployment-settings';
import { acknowledge, acknowledgeGrant, awsManagedPolicyFinding, GRANT_ACTION_GROUPS, nagArn } from './nag';

export interface PipelineStackProps extends StackProps {
  /** This deployment's settings; read from the CDK context when not given. */
  readonly settings?: DeploymentSettings;
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
  readonly settings: DeploymentSettings;
  /** The update server and its delivery, when the topology's releaseOrigin is updateServer. */
  readonly updateOrigin: UpdateOrigin | undefined;

  constructor(scope: Construct, id: string, pipeline: Topology, props: PipelineStackProps = {}) {
    super(scope, id, props);
    this.settings = props.settings ?? readDeploymentSettings((key) => this.node.tryGetContext(key), pipeline);
    const settings = this.settings;
    const { topology, unreserved } = deployedTopology(pipeline, settings);
    const nameOf = (name: string) => physicalName(topology, settings, name);
    this.storage = new Storage(this, 'Storage', topology);
    this.messaging = new Messaging(this, 'Messaging', topology);
    // An email identity is one per address in an account and region: a second stage sending from
    // the same address uses the identity the first created (senderIdentity=existing).
    const senderIdentityName =
      settings.senderIdentity === 'create'
        ? new ses.EmailIdentity(this, 'SenderIdentity', {
            identity: ses.Identity.email(settings.senderAddress),
          }).emailIdentityName
        : settings.senderAddress;
    const senderIdentityArn = this.formatArn({
      service: 'ses',
      resource: 'identity',
      resourceName: senderIdentityName,
    });
    this.updateOrigin =
      topology.releaseOrigin === 'updateServer'
        ? new UpdateOrigin(this, 'UpdateOrigin', {
            alarmNamePrefix: nameOf(''),
            accessLogs: this.storage.accessLogs,
          })
        : undefined;
    this.distribution = new ReleaseDistribution(
      this,
      'ReleaseDistribution',
      this.storage.buckets.distribution,
      this.storage.accessLogs,
      this.updateOrigin?.behaviors,
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
      settings,
      this.updateOrigin?.updatesVolume(),
    );
    for (const name of unreserved)
      Annotations.of(functions.functions[name]).addInfo(
        `No reserved concurrency (the topology asks for ${pipeline.functions[name].reservedConcurrency}): ` +
          `an account whose Lambda concurrency quota is ${settings.lambdaConcurrencyQuota} may reserve ` +
          `${reservableConcurrency(settings.lambdaConcurrencyQuota)}. With a higher quota, pass -c lambdaConcurrencyQuota=N.`,
      );
    late.functions = functions;
    this.functions = functions;
    const deployedFunctions = functions;
    this.workflows = new Workflows(this, 'Workflows', topology, resolve, nameOf, {
      // Least privilege: on each resource, exactly the actions the workflow's Task states call.
      grant: (role, ref, actions) => {
        if (ref.kind === 'functionArn') {
          const fn = deployedFunctions.functions[ref.fn];
          fn.grantInvoke(role);
          acknowledge(
            role,
            `AwsSolutions-IAM5[Resource::${nagArn(fn)}:*]`,
            `Versions and aliases of the ${ref.fn} function, from grantInvoke.`,
          );
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
            if (onObjects.length > 0) {
              role.grantPrincipal.addToPrincipalPolicy(
                new iam.PolicyStatement({ actions: onObjects, resources: [bucket.arnForObjects('*')] }),
              );
              acknowledgeGrant(role, [], bucket, `${onObjects.join(', ')} on the ${ref.bucket} bucket`);
            }
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
            acknowledgeGrant(
              role,
              GRANT_ACTION_GROUPS.publishEncrypted,
              undefined,
              `grantPublish on the encrypted ${ref.topic} topic: data keys of the topic key only`,
            );
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
    this.api = new BlogApi(
      this,
      'BlogApi',
      topology.api,
      functions.functions[topology.api.fn],
      nameOf('api'),
    );
    this.alarms = new Alarms(
      this,
      'Alarms',
      topology,
      this.messaging.queues,
      this.workflows.stateMachines,
      this.messaging.topicKey,
      { namePrefix: nameOf(''), email: settings.alarmEmail },
    );
    if (this.updateOrigin !== undefined) {
      for (const alarm of this.updateOrigin.alarms)
        alarm.addAlarmAction(new cloudwatchActions.SnsAction(this.alarms.topic));
      this.updateOrigin.addDistributionWidgets(this.distribution.distribution);
      new CfnOutput(this, 'UpdateServerSourceBucket', {
        value: this.updateOrigin.sourceBucket.bucketName,
        description:
          'Put a zip of services/update-server here as update-server.zip: CodePipeline builds and deploys it blue/green.',
      });
      new CfnOutput(this, 'UpdateServerRepositoryUri', {
        value: this.updateOrigin.repository.repositoryUri,
        description:
          'The update server images CodePipeline builds (a zip of services/update-server put as update-server.zip in its source bucket starts it).',
      });
    }
    if (settings.alarmEmail === undefined)
      Annotations.of(this.alarms).addWarningV2(
        'myblog:noAlarmSubscriber',
        'No alarmEmail in context: alarms notify a topic nobody is subscribed to. Pass -c alarmEmail=you@example.com, or subscribe to the AlarmTopicArn output.',
      );
    new CfnOutput(this, 'AlarmTopicArn', {
      value: this.alarms.topic.topicArn,
      description:
        'Every alarm notifies this topic: subscribe to it (an alarmEmail subscription must be confirmed).',
    });
    // The RestApi's own output (BlogApiEndpoint<hash>) says the same under a name nobody types.
    this.api.api.node.tryRemoveChild('Endpoint');
    new CfnOutput(this, 'ApiUrl', {
      value: this.api.api.url,
      description: "The blog API's base URL (stage v1).",
    });
    new CfnOutput(this, 'DownloadsDomainName', {
      value: this.distribution.distribution.distributionDomainName,
      description: 'CloudFront domain that serves release downloads.',
    });
    new CfnOutput(this, 'ReleasesBucketName', {
      value: this.storage.buckets.releases.bucketName,
      description: 'Upload a release here; its manifest.json starts update-publishing.',
    });
    new CfnOutput(this, 'SenderAddress', {
      value: settings.senderAddress,
      description: 'Welcome emails come from this SES identity: verify it (link in the email SES sends it).',
    });
    this.suppressFindings(topology);
  }

  /**
   * Findings that are the design, each acknowledged on the construct where it arises, with why.
   * Those of a grant are made beside the grant (functions, workflows, triggers); these are the rest.
   */
  private suppressFindings(topology: Topology): void {
    const ack = acknowledge;
    ack(
      this.api,
      awsManagedPolicyFinding(this.api, 'service-role/AmazonAPIGatewayPushToCloudWatchLogs'),
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
    // The CDK's own function that puts the buckets' notification configuration (one per stack).
    const notificationsHandler = this.node
      .findAll()
      .find(
        (construct) =>
          construct.node.id.startsWith('BucketNotificationsHandler') && construct.node.scope === this,
      );
    if (notificationsHandler !== undefined)
      ack(
        notificationsHandler,
        awsManagedPolicyFinding(notificationsHandler, 'service-role/AWSLambdaBasicExecutionRole'),
        "The CDK's bucket-notifications handler writes its own logs with the managed policy made for it.",
      );
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
