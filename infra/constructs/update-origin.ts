import * as path from 'node:path';
import { ArnFormat, Duration, RemovalPolicy, Stack, Token } from 'aws-cdk-lib';
import * as cloudfront from 'aws-cdk-lib/aws-cloudfront';
import * as origins from 'aws-cdk-lib/aws-cloudfront-origins';
import * as cloudwatch from 'aws-cdk-lib/aws-cloudwatch';
import * as codebuild from 'aws-cdk-lib/aws-codebuild';
import * as codedeploy from 'aws-cdk-lib/aws-codedeploy';
import * as codepipeline from 'aws-cdk-lib/aws-codepipeline';
import * as actions from 'aws-cdk-lib/aws-codepipeline-actions';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as ecr from 'aws-cdk-lib/aws-ecr';
import * as ecs from 'aws-cdk-lib/aws-ecs';
import * as efs from 'aws-cdk-lib/aws-efs';
import * as elbv2 from 'aws-cdk-lib/aws-elasticloadbalancingv2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as lambda from 'aws-cdk-lib/aws-lambda';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Platform } from 'aws-cdk-lib/aws-ecr-assets';
import { Construct } from 'constructs';
import {
  acknowledge,
  acknowledgeGrant,
  awsManagedPolicyFinding,
  GRANT_ACTION_GROUPS,
  nagResource,
} from '../nag';
import { UPDATE_ORIGIN } from '../../topology/update-origin';

/** The update server's source: its Dockerfile's build context. */
const UPDATE_SERVER_DIR = path.join(__dirname, '..', '..', 'services', 'update-server');

/** The uid/gid of the `node` user the update server's image runs as: the files on EFS are theirs. */
const NODE_USER = '1000';
const CONTAINER_PORT = 8080;
const CONTAINER_NAME = 'update-server';

export interface UpdateOriginProps {
  /** Starts every alarm's name: the alarm topic's policy admits this stack's alarms by prefix. */
  readonly alarmNamePrefix: string;
  /** Where the load balancer and the pipeline's buckets write their access logs. */
  readonly accessLogs: s3.IBucket;
}

/** What a function needs to write the update server's files: the VPC, and the volume to mount. */
export interface UpdatesVolume {
  readonly vpc: ec2.IVpc;
  readonly subnets: ec2.SubnetSelection;
  readonly securityGroup: ec2.ISecurityGroup;
  readonly fileSystem: lambda.FileSystem;
}

/**
 * The seed's "existing application" and its fix. The application: the update server
 * (services/update-server) as a container service on ECS Fargate in private subnets, behind an
 * Application Load Balancer with health checks, reading the update files from EFS mounted
 * read-only, scaled on CPU; images in ECR, built by CodeBuild and rolled out blue/green by
 * CodeDeploy, in a CodePipeline. The fix: CloudFront in front of the load balancer, through a
 * CloudFront VPC origin, so the load balancer is internal and CloudFront is the only way in (no
 * public address, no shared secret header to leak or rotate, no prefix-list rule to keep within
 * the security group quota), with Origin Shield so each file leaves the origin about once in all.
 *
 * The distribution itself is the pipeline's (ReleaseDistribution): `behaviors` are its /updates/
 * paths, so update-publishing invalidates one distribution for both origins.
 */
export class UpdateOrigin extends Construct {
  readonly vpc: ec2.Vpc;
  readonly fileSystem: efs.FileSystem;
  readonly accessPoint: efs.AccessPoint;
  readonly loadBalancer: elbv2.ApplicationLoadBalancer;
  readonly service: ecs.FargateService;
  readonly repository: ecr.Repository;
  /** Where a zip of services/update-server (update-server.zip) starts the pipeline. */
  readonly sourceBucket: s3.Bucket;
  readonly pipeline: codepipeline.Pipeline;
  readonly deploymentGroup: codedeploy.EcsDeploymentGroup;
  readonly alarms: cloudwatch.Alarm[] = [];
  readonly dashboard: cloudwatch.Dashboard;
  /** The /updates/ cache behaviors of the distribution, CloudFront's order (latest.json first). */
  readonly behaviors: Record<string, cloudfront.BehaviorOptions>;
  /** Whether the load balancer writes access logs: only in a synth that knows its region. */
  readonly accessLogging: boolean;
  /** Security group of the functions that write the volume (update-publishing's). */
  readonly writerSecurityGroup: ec2.SecurityGroup;

  constructor(scope: Construct, id: string, props: UpdateOriginProps) {
    super(scope, id);
    const stack = Stack.of(this);

    // Public subnets hold the NAT gateway only; the load balancer, the tasks and the functions
    // that write the volume are in the private ones.
    this.vpc = new ec2.Vpc(this, 'Vpc', {
      maxAzs: 2,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC, cidrMask: 24 },
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS, cidrMask: 22 },
      ],
      flowLogs: {
        rejected: {
          destination: ec2.FlowLogDestination.toCloudWatchLogs(
            new logs.LogGroup(this, 'FlowLogs', {
              retention: logs.RetentionDays.ONE_MONTH,
              removalPolicy: RemovalPolicy.DESTROY,
            }),
          ),
          trafficType: ec2.FlowLogTrafficType.REJECT,
        },
      },
    });
    // S3 traffic of the tasks (image layers) and the writers (release files) stays off the NAT.
    this.vpc.addGatewayEndpoint('S3Endpoint', { service: ec2.GatewayVpcEndpointAwsService.S3 });
    const privateSubnets = { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS };

    this.fileSystem = new efs.FileSystem(this, 'Updates', {
      vpc: this.vpc,
      vpcSubnets: privateSubnets,
      encrypted: true,
      performanceMode: efs.PerformanceMode.GENERAL_PURPOSE,
      throughputMode: efs.ThroughputMode.ELASTIC,
      // Release files are the record only in S3: the volume can be refilled by publishing again.
      removalPolicy: RemovalPolicy.DESTROY,
    });
    this.accessPoint = this.fileSystem.addAccessPoint('UpdatesAccessPoint', {
      path: '/updates',
      createAcl: { ownerUid: NODE_USER, ownerGid: NODE_USER, permissions: '755' },
      posixUser: { uid: NODE_USER, gid: NODE_USER },
    });

    this.writerSecurityGroup = new ec2.SecurityGroup(this, 'WriterSecurityGroup', {
      vpc: this.vpc,
      description: 'Functions that write release files to the update server volume',
      allowAllOutbound: false,
    });
    // NFS to the volume (added with the ingress below) and HTTPS: S3 through the gateway endpoint.
    this.writerSecurityGroup.addEgressRule(
      ec2.Peer.anyIpv4(),
      ec2.Port.tcp(443),
      'S3 and AWS APIs over HTTPS',
    );
    this.fileSystem.connections.allowDefaultPortFrom(this.writerSecurityGroup, 'Release writers (NFS)');

    this.repository = new ecr.Repository(this, 'Repository', {
      imageScanOnPush: true,
      imageTagMutability: ecr.TagMutability.IMMUTABLE,
      lifecycleRules: [{ description: 'Keep the last 20 images', maxImageCount: 20 }],
      removalPolicy: RemovalPolicy.DESTROY,
      emptyOnDelete: true,
    });

    const cluster = new ecs.Cluster(this, 'Cluster', {
      vpc: this.vpc,
      containerInsightsV2: ecs.ContainerInsights.ENABLED,
    });
    const taskDefinition = new ecs.FargateTaskDefinition(this, 'TaskDefinition', {
      cpu: 512,
      memoryLimitMiB: 1024,
      runtimePlatform: {
        cpuArchitecture: ecs.CpuArchitecture.ARM64,
        operatingSystemFamily: ecs.OperatingSystemFamily.LINUX,
      },
      volumes: [
        {
          name: 'updates',
          efsVolumeConfiguration: {
            fileSystemId: this.fileSystem.fileSystemId,
            transitEncryption: 'ENABLED',
            authorizationConfig: { accessPointId: this.accessPoint.accessPointId, iam: 'ENABLED' },
          },
        },
      ],
    });
    // Read only, by IAM as well as by the mount: the server never writes the volume.
    this.fileSystem.grantRead(taskDefinition.taskRole);
    const container = taskDefinition.addContainer(CONTAINER_NAME, {
      // The first image is built by `cdk deploy` from services/update-server (Docker on the deploying
      // machine), so the service starts healthy; every later one comes from the pipeline, through ECR.
      image: ecs.ContainerImage.fromAsset(UPDATE_SERVER_DIR, { platform: Platform.LINUX_ARM64 }),
      portMappings: [{ containerPort: CONTAINER_PORT }],
      readonlyRootFilesystem: true,
      user: NODE_USER,
      environment: {
        PORT: String(CONTAINER_PORT),
        UPDATES_DIR: UPDATE_ORIGIN.mountPath,
        LATEST_MAX_AGE_SECONDS: String(UPDATE_ORIGIN.latestMaxAgeSeconds),
      },
      logging: ecs.LogDrivers.awsLogs({
        streamPrefix: 'update-server',
        logGroup: new logs.LogGroup(this, 'ServerLogs', {
          retention: logs.RetentionDays.ONE_MONTH,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
      }),
      healthCheck: {
        command: [
          'CMD',
          'node',
          '-e',
          `fetch('http://127.0.0.1:${CONTAINER_PORT}/health').then(r=>process.exit(r.ok?0:1),()=>process.exit(1))`,
        ],
        interval: Duration.seconds(15),
        timeout: Duration.seconds(3),
        retries: 3,
        startPeriod: Duration.seconds(10),
      },
    });
    container.addMountPoints({
      sourceVolume: 'updates',
      containerPath: UPDATE_ORIGIN.mountPath,
      readOnly: true,
    });

    const albSecurityGroup = new ec2.SecurityGroup(this, 'LoadBalancerSecurityGroup', {
      vpc: this.vpc,
      description: 'Internal ALB: reached only from inside the VPC, where CloudFront VPC origin ENIs are',
      allowAllOutbound: false,
    });
    // The load balancer has no public address: only what is in the VPC reaches it, CloudFront's
    // VPC origin among it (its service-managed security group does not exist before the origin).
    albSecurityGroup.addIngressRule(
      ec2.Peer.ipv4(this.vpc.vpcCidrBlock),
      ec2.Port.tcp(80),
      'CloudFront VPC origin',
    );
    albSecurityGroup.addIngressRule(
      ec2.Peer.ipv4(this.vpc.vpcCidrBlock),
      ec2.Port.tcp(8080),
      'CodeDeploy test listener, from inside the VPC',
    );
    this.loadBalancer = new elbv2.ApplicationLoadBalancer(this, 'LoadBalancer', {
      vpc: this.vpc,
      internetFacing: false,
      vpcSubnets: privateSubnets,
      securityGroup: albSecurityGroup,
      dropInvalidHeaderFields: true,
      // A 15 GB pack on a slow client: the default 60 s idle timeout would cut a stalled download.
      idleTimeout: Duration.seconds(120),
    });
    // The log bucket's policy names the region's Elastic Load Balancing account, so access logs
    // need the region at synth, as a deploy has it (CDK_DEFAULT_REGION); an environment-agnostic synth leaves them off.
    this.accessLogging = !Token.isUnresolved(stack.region);
    if (this.accessLogging) this.loadBalancer.logAccessLogs(props.accessLogs, 'update-origin-alb');

    const serviceSecurityGroup = new ec2.SecurityGroup(this, 'ServiceSecurityGroup', {
      vpc: this.vpc,
      description: 'Update server tasks',
    });
    serviceSecurityGroup.addIngressRule(
      albSecurityGroup,
      ec2.Port.tcp(CONTAINER_PORT),
      'From the load balancer',
    );
    albSecurityGroup.addEgressRule(serviceSecurityGroup, ec2.Port.tcp(CONTAINER_PORT), 'To the tasks');
    this.fileSystem.connections.allowDefaultPortFrom(serviceSecurityGroup, 'Update server tasks (NFS)');

    this.service = new ecs.FargateService(this, 'Service', {
      cluster,
      taskDefinition,
      desiredCount: 2,
      vpcSubnets: privateSubnets,
      securityGroups: [serviceSecurityGroup],
      deploymentController: { type: ecs.DeploymentControllerType.CODE_DEPLOY },
      healthCheckGracePeriod: Duration.seconds(30),
      // CodeDeploy replaces the whole task set (blue/green): the old one serves until the new is healthy.
      minHealthyPercent: 100,
      platformVersion: ecs.FargatePlatformVersion.LATEST,
    });
    const scaling = this.service.autoScaleTaskCount({ minCapacity: 2, maxCapacity: 10 });
    scaling.scaleOnCpuUtilization('Cpu', {
      targetUtilizationPercent: 60,
      scaleOutCooldown: Duration.seconds(60),
      scaleInCooldown: Duration.minutes(5),
    });

    const targetGroup = (name: string) =>
      new elbv2.ApplicationTargetGroup(this, name, {
        vpc: this.vpc,
        port: CONTAINER_PORT,
        protocol: elbv2.ApplicationProtocol.HTTP,
        targetType: elbv2.TargetType.IP,
        healthCheck: {
          path: '/health',
          healthyHttpCodes: '200',
          interval: Duration.seconds(15),
          healthyThresholdCount: 2,
          unhealthyThresholdCount: 3,
        },
        deregistrationDelay: Duration.seconds(30),
      });
    const blue = targetGroup('Blue');
    const green = targetGroup('Green');
    const listener = this.loadBalancer.addListener('Http', {
      port: 80,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultTargetGroups: [blue],
    });
    const testListener = this.loadBalancer.addListener('Test', {
      port: 8080,
      protocol: elbv2.ApplicationProtocol.HTTP,
      open: false,
      defaultTargetGroups: [green],
    });
    this.service.attachToApplicationTargetGroup(blue);

    // Alarms that stop a blue/green deployment, and page: tasks failing their health check,
    // the update server answering 5xx.
    const alarm = (alarmId: string, metric: cloudwatch.IMetric, threshold: number, description: string) => {
      const created = new cloudwatch.Alarm(this, alarmId, {
        alarmName: `${props.alarmNamePrefix}${alarmId}`,
        metric,
        threshold,
        evaluationPeriods: 2,
        comparisonOperator: cloudwatch.ComparisonOperator.GREATER_THAN_OR_EQUAL_TO_THRESHOLD,
        treatMissingData: cloudwatch.TreatMissingData.NOT_BREACHING,
        alarmDescription: description,
      });
      this.alarms.push(created);
      return created;
    };
    const unhealthy = alarm(
      'UpdateServerUnhealthyTasks',
      blue.metrics.unhealthyHostCount({ period: Duration.minutes(1), statistic: 'Maximum' }),
      1,
      'Update server tasks fail the load balancer health check',
    );
    const errors = alarm(
      'UpdateServer5xx',
      this.loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
        period: Duration.minutes(1),
        statistic: 'Sum',
      }),
      5,
      'The update server answers 5xx',
    );
    alarm(
      'UpdateServerCpu',
      this.service.metricCpuUtilization({ period: Duration.minutes(5), statistic: 'Average' }),
      85,
      'Update server CPU stays high at its maximum task count: the CDN is not offloading it',
    );

    const application = new codedeploy.EcsApplication(this, 'DeployApplication');
    this.deploymentGroup = new codedeploy.EcsDeploymentGroup(this, 'DeploymentGroup', {
      application,
      service: this.service,
      blueGreenDeploymentConfig: {
        blueTargetGroup: blue,
        greenTargetGroup: green,
        listener,
        testListener,
        terminationWaitTime: Duration.minutes(10),
      },
      deploymentConfig: codedeploy.EcsDeploymentConfig.CANARY_10PERCENT_5MINUTES,
      alarms: [unhealthy, errors],
      autoRollback: { failedDeployment: true, stoppedDeployment: true, deploymentInAlarm: true },
    });

    // The pipeline: a zip of services/update-server put in the source bucket starts it (any
    // source action fits here: a CodeConnections repository is one line instead).
    this.sourceBucket = new s3.Bucket(this, 'Source', {
      versioned: true,
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'update-server-source/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    const build = new codebuild.PipelineProject(this, 'Build', {
      description: 'Builds the update server image, pushes it to ECR, writes the task definition and appspec',
      environment: {
        buildImage: codebuild.LinuxArmBuildImage.AMAZON_LINUX_2_STANDARD_3_0,
        computeType: codebuild.ComputeType.SMALL,
        // docker build needs the Docker daemon of a privileged build container.
        privileged: true,
      },
      environmentVariables: {
        REPOSITORY_URI: { value: this.repository.repositoryUri },
        TASK_FAMILY: { value: taskDefinition.family },
        CONTAINER_NAME: { value: CONTAINER_NAME },
      },
      buildSpec: codebuild.BuildSpec.fromObjectToYaml({
        version: '0.2',
        phases: {
          pre_build: {
            commands: [
              'aws ecr get-login-password | docker login --username AWS --password-stdin "${REPOSITORY_URI%%/*}"',
              'TAG="$(echo "$CODEBUILD_RESOLVED_SOURCE_VERSION" | cut -c1-12)-$CODEBUILD_BUILD_NUMBER"',
            ],
          },
          build: { commands: ['docker build -t "$REPOSITORY_URI:$TAG" .'] },
          post_build: {
            commands: [
              'docker push "$REPOSITORY_URI:$TAG"',
              'printf \'{"ImageURI":"%s"}\' "$REPOSITORY_URI:$TAG" > imageDetail.json',
              // The live task definition, its image left for CodeDeploy to fill in.
              'aws ecs describe-task-definition --task-definition "$TASK_FAMILY" --query taskDefinition ' +
                "| jq 'del(.taskDefinitionArn,.revision,.status,.requiresAttributes,.compatibilities,.registeredAt,.registeredBy) " +
                '| (.containerDefinitions[] | select(.name==env.CONTAINER_NAME) | .image) = "<IMAGE1_NAME>"\' > taskdef.json',
              `printf 'version: 0.0\\nResources:\\n  - TargetService:\\n      Type: AWS::ECS::Service\\n      Properties:\\n        TaskDefinition: "<TASK_DEFINITION>"\\n        LoadBalancerInfo:\\n          ContainerName: "%s"\\n          ContainerPort: ${CONTAINER_PORT}\\n' "$CONTAINER_NAME" > appspec.yaml`,
            ],
          },
        },
        artifacts: { files: ['imageDetail.json', 'taskdef.json', 'appspec.yaml'] },
      }),
      logging: {
        cloudWatch: {
          logGroup: new logs.LogGroup(this, 'BuildLogs', {
            retention: logs.RetentionDays.ONE_MONTH,
            removalPolicy: RemovalPolicy.DESTROY,
          }),
        },
      },
    });
    this.repository.grantPullPush(build);
    build.addToRolePolicy(
      new iam.PolicyStatement({ actions: ['ecs:DescribeTaskDefinition'], resources: ['*'] }),
    );
    const source = new codepipeline.Artifact('Source');
    const built = new codepipeline.Artifact('Built');
    const artifacts = new s3.Bucket(this, 'Artifacts', {
      enforceSSL: true,
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      serverAccessLogsBucket: props.accessLogs,
      serverAccessLogsPrefix: 'update-server-artifacts/',
      removalPolicy: RemovalPolicy.DESTROY,
      autoDeleteObjects: true,
    });
    this.pipeline = new codepipeline.Pipeline(this, 'Pipeline', {
      pipelineType: codepipeline.PipelineType.V2,
      artifactBucket: artifacts,
      restartExecutionOnUpdate: false,
      stages: [
        {
          stageName: 'Source',
          actions: [
            new actions.S3SourceAction({
              actionName: 'Source',
              bucket: this.sourceBucket,
              bucketKey: 'update-server.zip',
              output: source,
              trigger: actions.S3Trigger.POLL,
            }),
          ],
        },
        {
          stageName: 'Build',
          actions: [
            new actions.CodeBuildAction({
              actionName: 'Image',
              project: build,
              input: source,
              outputs: [built],
            }),
          ],
        },
        {
          stageName: 'Deploy',
          actions: [
            new actions.CodeDeployEcsDeployAction({
              actionName: 'BlueGreen',
              deploymentGroup: this.deploymentGroup,
              taskDefinitionTemplateInput: built,
              appSpecTemplateInput: built,
              containerImageInputs: [{ input: built, taskDefinitionPlaceholder: 'IMAGE1_NAME' }],
            }),
          ],
        },
      ],
    });

    // CloudFront: the load balancer through a VPC origin, with Origin Shield in the origin's
    // region, so every edge asks one regional cache and the origin serves each file about once.
    const origin = origins.VpcOrigin.withApplicationLoadBalancer(this.loadBalancer, {
      httpPort: 80,
      protocolPolicy: cloudfront.OriginProtocolPolicy.HTTP_ONLY,
      originShieldRegion: stack.region,
      // A slow origin byte on a 15 GB miss should not fail the edge's fetch.
      readTimeout: Duration.seconds(60),
      keepaliveTimeout: Duration.seconds(60),
    });
    const { latest, files } = UPDATE_ORIGIN;
    const cachePolicy = (policyId: string, comment: string, ttls: typeof latest) =>
      new cloudfront.CachePolicy(this, policyId, {
        comment,
        minTtl: Duration.seconds(ttls.minTtl),
        defaultTtl: Duration.seconds(ttls.defaultTtl),
        maxTtl: Duration.seconds(ttls.maxTtl),
        // The cache key is the path: no query string, header or cookie makes another copy.
        queryStringBehavior: cloudfront.CacheQueryStringBehavior.none(),
        headerBehavior: cloudfront.CacheHeaderBehavior.none(),
        cookieBehavior: cloudfront.CacheCookieBehavior.none(),
      });
    const behavior = (policy: cloudfront.ICachePolicy): cloudfront.BehaviorOptions => ({
      origin,
      viewerProtocolPolicy: cloudfront.ViewerProtocolPolicy.HTTPS_ONLY,
      allowedMethods: cloudfront.AllowedMethods.ALLOW_GET_HEAD,
      cachedMethods: cloudfront.CachedMethods.CACHE_GET_HEAD,
      cachePolicy: policy,
      compress: false,
    });
    this.behaviors = {
      [latest.pathPattern.slice(1)]: behavior(
        cachePolicy('UpdateLatestPolicy', 'Update server latest.json: a minute at most', latest),
      ),
      [files.pathPattern.slice(1)]: behavior(
        cachePolicy('UpdateFilesPolicy', 'Update server versioned files: a year', files),
      ),
    };

    this.acknowledgeFindings(taskDefinition, build, artifacts, albSecurityGroup);
    const period = Duration.minutes(5);
    this.dashboard = new cloudwatch.Dashboard(this, 'Dashboard', {
      defaultInterval: Duration.hours(6),
      widgets: [
        [
          new cloudwatch.GraphWidget({
            title: 'Bytes the origin served (load balancer)',
            left: [this.loadBalancer.metrics.processedBytes({ period, statistic: 'Sum' })],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Requests reaching the origin',
            left: [this.loadBalancer.metrics.requestCount({ period, statistic: 'Sum' })],
            right: [
              this.loadBalancer.metrics.httpCodeTarget(elbv2.HttpCodeTarget.TARGET_5XX_COUNT, {
                period,
                statistic: 'Sum',
              }),
            ],
            width: 12,
          }),
        ],
        [
          new cloudwatch.GraphWidget({
            title: 'Update server CPU and tasks',
            left: [this.service.metricCpuUtilization({ period })],
            right: [blue.metrics.healthyHostCount({ period, statistic: 'Minimum' })],
            width: 12,
          }),
          new cloudwatch.GraphWidget({
            title: 'Target response time (p99)',
            left: [this.loadBalancer.metrics.targetResponseTime({ period, statistic: 'p99' })],
            width: 12,
          }),
        ],
      ],
    });
  }

  /** Findings that are the design, each on the construct where it arises, with why. */
  private acknowledgeFindings(
    taskDefinition: ecs.FargateTaskDefinition,
    build: codebuild.PipelineProject,
    artifacts: s3.IBucket,
    albSecurityGroup: ec2.ISecurityGroup,
  ): void {
    acknowledge(
      taskDefinition,
      'AwsSolutions-ECS2',
      'The environment holds the port, the mount path and a TTL: configuration, no secret.',
    );
    acknowledge(
      taskDefinition,
      'AwsSolutions-IAM5[Resource::*]',
      'ecr:GetAuthorizationToken, which the execution role needs to pull the image, only accepts "*".',
    );
    acknowledge(
      albSecurityGroup,
      'AwsSolutions-EC23',
      "Ingress from the VPC's own CIDR only (a token nag cannot read): the load balancer is internal, reached by CloudFront's VPC origin.",
    );
    if (!this.accessLogging)
      acknowledge(
        this.loadBalancer,
        'AwsSolutions-ELB2',
        "Access logs are enabled in a synth that knows its region (a deploy); an environment-agnostic synth cannot name the region's log-delivery account.",
      );
    acknowledge(
      this.deploymentGroup,
      awsManagedPolicyFinding(this.deploymentGroup, 'AWSCodeDeployRoleForECS'),
      "AWS's managed policy made for CodeDeploy's blue/green deployments on ECS.",
    );
    acknowledge(
      build,
      'AwsSolutions-CB4',
      'The build outputs go to the S3-managed encrypted artifacts bucket and to ECR (encrypted at rest); no data of its own to key.',
    );
    acknowledge(
      build,
      'AwsSolutions-IAM5[Resource::*]',
      'ecr:GetAuthorizationToken and ecs:DescribeTaskDefinition (the live task definition the appspec is built from) only accept "*".',
    );
    const stack = Stack.of(build);
    const buildArns = [
      stack.formatArn({
        service: 'logs',
        resource: 'log-group',
        resourceName: `/aws/codebuild/${build.projectName}:*`,
        arnFormat: ArnFormat.COLON_RESOURCE_NAME,
      }),
      stack.formatArn({
        service: 'codebuild',
        resource: 'report-group',
        resourceName: `${build.projectName}-*`,
      }),
    ];
    for (const arn of buildArns)
      acknowledge(
        build,
        `AwsSolutions-IAM5[Resource::${nagResource(build, arn)}]`,
        "CodeBuild's own log streams and report groups of this project, as the CDK grants them.",
      );
    for (const holder of [build, this.pipeline])
      acknowledgeGrant(
        holder,
        GRANT_ACTION_GROUPS.readWrite,
        artifacts,
        'Pipeline artifacts: read and written by the pipeline, its actions and the build',
      );
    acknowledge(
      this.pipeline,
      'AwsSolutions-IAM5[Resource::*]',
      'The CodeDeploy ECS action registers task definitions and reads deployment configurations, which only accept "*".',
    );
  }

  /** The volume as update-publishing's functions mount it (read-write, through the same access point). */
  updatesVolume(): UpdatesVolume {
    return {
      vpc: this.vpc,
      subnets: { subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      securityGroup: this.writerSecurityGroup,
      fileSystem: lambda.FileSystem.fromEfsAccessPoint(this.accessPoint, UPDATE_ORIGIN.mountPath),
    };
  }

  /**
   * Adds the CloudFront graphs once the distribution exists: what the edge served beside what the
   * origin did (CloudFront's metrics are in us-east-1 whatever the stack's region).
   */
  addDistributionWidgets(distribution: cloudfront.IDistribution): void {
    const metric = (metricName: string, statistic: string) =>
      new cloudwatch.Metric({
        namespace: 'AWS/CloudFront',
        metricName,
        dimensionsMap: { DistributionId: distribution.distributionId, Region: 'Global' },
        region: 'us-east-1',
        period: Duration.minutes(5),
        statistic,
      });
    this.dashboard.addWidgets(
      new cloudwatch.GraphWidget({
        title: 'Bytes served by CloudFront (all paths)',
        left: [metric('BytesDownloaded', 'Sum')],
        right: [metric('Requests', 'Sum')],
        width: 12,
      }),
      new cloudwatch.GraphWidget({
        title: 'CloudFront error rate (%)',
        left: [metric('5xxErrorRate', 'Average'), metric('4xxErrorRate', 'Average')],
        width: 12,
      }),
    );
  }
}
