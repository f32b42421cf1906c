import { Match } from 'aws-cdk-lib/assertions';
import { pipeline, servedByUpdateServer } from '../../topology/pipeline';
import { UPDATE_ORIGIN } from '../../topology/update-origin';
import { nagFindings, type Synthesized, synthesize } from './synthesize';

// releaseOrigin updateServer (-c releaseOrigin=updateServer): the update server as a container
// service behind an internal ALB, CloudFront in front through a VPC origin, and update-publishing
// writing its EFS volume. Synthesized without bundling, offline.

const topology = servedByUpdateServer(pipeline);
let synth: Synthesized;
beforeAll(() => {
  synth = synthesize({ topology });
});

const props = (type: string) => synth.ofType(type).map(([, resource]) => resource.Properties ?? {});

describe('update origin infrastructure', () => {
  test('the default topology deploys no update origin: no VPC, no ECS service, no load balancer', () => {
    const plain = synthesize();
    expect(plain.ofType('AWS::EC2::VPC')).toEqual([]);
    expect(plain.ofType('AWS::ECS::Service')).toEqual([]);
    expect(plain.ofType('AWS::ElasticLoadBalancingV2::LoadBalancer')).toEqual([]);
  });

  test('a VPC with public subnets (NAT only) and private subnets for everything else', () => {
    const subnets = props('AWS::EC2::Subnet');
    expect(subnets.filter((s) => s['MapPublicIpOnLaunch'] === true)).toHaveLength(2);
    expect(subnets.filter((s) => s['MapPublicIpOnLaunch'] === false)).toHaveLength(2);
    synth.template.resourceCountIs('AWS::EC2::NatGateway', 1);
    synth.template.resourceCountIs('AWS::EC2::FlowLog', 1);
  });

  test('the update server runs on Fargate in private subnets, deployed by CodeDeploy, scaled on CPU', () => {
    synth.template.hasResourceProperties('AWS::ECS::Service', {
      LaunchType: 'FARGATE',
      DeploymentController: { Type: 'CODE_DEPLOY' },
      NetworkConfiguration: { AwsvpcConfiguration: { AssignPublicIp: 'DISABLED' } },
    });
    synth.template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalableTarget', {
      MinCapacity: 2,
      MaxCapacity: 10,
    });
    synth.template.hasResourceProperties('AWS::ApplicationAutoScaling::ScalingPolicy', {
      PolicyType: 'TargetTrackingScaling',
      TargetTrackingScalingPolicyConfiguration: {
        PredefinedMetricSpecification: { PredefinedMetricType: 'ECSServiceAverageCPUUtilization' },
        TargetValue: 60,
      },
    });
  });

  test('its container runs as the non-root node user with EFS mounted read-only through the access point, encrypted in transit', () => {
    synth.template.hasResourceProperties('AWS::ECS::TaskDefinition', {
      RequiresCompatibilities: ['FARGATE'],
      ContainerDefinitions: [
        Match.objectLike({
          User: '1000',
          ReadonlyRootFilesystem: true,
          MountPoints: [{ ContainerPath: UPDATE_ORIGIN.mountPath, ReadOnly: true, SourceVolume: 'updates' }],
          HealthCheck: Match.objectLike({ Command: Match.arrayWith([Match.stringLikeRegexp('/health')]) }),
        }),
      ],
      Volumes: [
        {
          Name: 'updates',
          EFSVolumeConfiguration: Match.objectLike({
            TransitEncryption: 'ENABLED',
            AuthorizationConfig: Match.objectLike({ IAM: 'ENABLED' }),
          }),
        },
      ],
    });
    synth.template.hasResourceProperties('AWS::EFS::FileSystem', { Encrypted: true });
  });

  test('the first image is built from services/update-server by the deploy (a container asset), so the service starts healthy', () => {
    const [taskDefinition] = props('AWS::ECS::TaskDefinition');
    const image = JSON.stringify(
      (taskDefinition?.['ContainerDefinitions'] as { Image: unknown }[])[0]?.Image,
    );
    expect(image).toContain('container-assets');
  });

  test('the load balancer is internal, and its target groups check /health', () => {
    synth.template.hasResourceProperties('AWS::ElasticLoadBalancingV2::LoadBalancer', { Scheme: 'internal' });
    const groups = props('AWS::ElasticLoadBalancingV2::TargetGroup');
    expect(groups).toHaveLength(2);
    for (const group of groups) expect(group).toMatchObject({ HealthCheckPath: '/health', TargetType: 'ip' });
  });

  test('CloudFront reaches the load balancer through a VPC origin with Origin Shield, for /updates/ paths only', () => {
    synth.template.resourceCountIs('AWS::CloudFront::VpcOrigin', 1);
    const [distribution] = props('AWS::CloudFront::Distribution') as {
      DistributionConfig: Record<string, unknown>;
    }[];
    const config = distribution?.DistributionConfig as {
      Origins: { VpcOriginConfig?: unknown; OriginShield?: { Enabled: boolean } }[];
      CacheBehaviors: { PathPattern: string; TargetOriginId: string; CachePolicyId: unknown }[];
    };
    const vpcOrigins = config.Origins.filter((origin) => origin.VpcOriginConfig !== undefined);
    expect(vpcOrigins).toHaveLength(1);
    expect(vpcOrigins[0]?.OriginShield?.Enabled).toBe(true);
    const patterns = config.CacheBehaviors.map((behavior) => behavior.PathPattern);
    expect(patterns.indexOf('updates/latest.json')).toBeLessThan(patterns.indexOf('updates/*'));
    expect(patterns).toContain('releases/latest.json');
  });

  test('the cache policies keep latest.json a minute at most and versioned files a year, keyed on the path alone', () => {
    const policies = props('AWS::CloudFront::CachePolicy').map(
      (p) => p['CachePolicyConfig'] as Record<string, unknown>,
    );
    expect(policies).toEqual(
      expect.arrayContaining([
        expect.objectContaining({ MinTTL: 0, DefaultTTL: 60, MaxTTL: 60 }),
        expect.objectContaining({ MinTTL: 86_400, DefaultTTL: 31_536_000, MaxTTL: 31_536_000 }),
      ]),
    );
    synth.template.hasResourceProperties('AWS::CloudFront::CachePolicy', {
      CachePolicyConfig: Match.objectLike({
        MaxTTL: 60,
        ParametersInCacheKeyAndForwardedToOrigin: Match.objectLike({
          QueryStringsConfig: { QueryStringBehavior: 'none' },
          HeadersConfig: { HeaderBehavior: 'none' },
          CookiesConfig: { CookieBehavior: 'none' },
        }),
      }),
    });
  });

  test('images live in ECR; CodePipeline builds them with CodeBuild and deploys blue/green with CodeDeploy, rolling back on alarms', () => {
    synth.template.hasResourceProperties('AWS::ECR::Repository', {
      ImageScanningConfiguration: { ScanOnPush: true },
      ImageTagMutability: 'IMMUTABLE',
    });
    synth.template.hasResourceProperties('AWS::CodePipeline::Pipeline', {
      Stages: [
        Match.objectLike({ Name: 'Source' }),
        Match.objectLike({
          Name: 'Build',
          Actions: [Match.objectLike({ ActionTypeId: Match.objectLike({ Provider: 'CodeBuild' }) })],
        }),
        Match.objectLike({
          Name: 'Deploy',
          Actions: [Match.objectLike({ ActionTypeId: Match.objectLike({ Provider: 'CodeDeployToECS' }) })],
        }),
      ],
    });
    synth.template.hasResourceProperties('AWS::CodeDeploy::DeploymentGroup', {
      DeploymentStyle: { DeploymentType: 'BLUE_GREEN', DeploymentOption: 'WITH_TRAFFIC_CONTROL' },
      AlarmConfiguration: Match.objectLike({ Enabled: true }),
      AutoRollbackConfiguration: Match.objectLike({ Enabled: true }),
    });
  });

  test('a deployment is stopped and rolled back by the unhealthy-tasks and 5xx alarms', () => {
    const [group] = props('AWS::CodeDeploy::DeploymentGroup');
    const alarms = (group?.['AlarmConfiguration'] as { Alarms: unknown[] }).Alarms;
    expect(alarms).toHaveLength(2);
    expect((group?.['AutoRollbackConfiguration'] as { Events: string[] }).Events).toEqual(
      expect.arrayContaining(['DEPLOYMENT_FAILURE', 'DEPLOYMENT_STOP_ON_ALARM']),
    );
  });

  test('the update server alarms notify the alarm topic, and a dashboard graphs origin and edge bytes', () => {
    const alarms = props('AWS::CloudWatch::Alarm').filter((a) =>
      String(JSON.stringify(a['AlarmName'])).includes('UpdateServer'),
    );
    expect(alarms.length).toBeGreaterThanOrEqual(3);
    for (const alarm of alarms) expect(alarm['AlarmActions']).toHaveLength(1);
    const [dashboard] = props('AWS::CloudWatch::Dashboard');
    const body = JSON.stringify(dashboard?.['DashboardBody']);
    expect(body).toContain('ProcessedBytes');
    expect(body).toContain('BytesDownloaded');
  });

  test("update-publishing's release writers run in the VPC with the volume mounted at its path; no other function does", () => {
    const functions = synth.ofType('AWS::Lambda::Function').map(([, r]) => r.Properties ?? {});
    const mounted = functions.filter((f) => f['FileSystemConfigs'] !== undefined);
    expect(mounted).toHaveLength(3);
    for (const fn of mounted) {
      expect(fn['FileSystemConfigs']).toEqual([
        expect.objectContaining({ LocalMountPath: UPDATE_ORIGIN.mountPath }),
      ]);
      expect(fn['VpcConfig']).toBeDefined();
      expect(
        (fn['Environment'] as { Variables: Record<string, unknown> }).Variables['UPDATES_VOLUME_PATH'],
      ).toBe(UPDATE_ORIGIN.mountPath);
    }
    expect(functions.filter((f) => f['VpcConfig'] !== undefined)).toHaveLength(3);
  });

  test('the workflow is told the release origin through its ReleaseOrigin substitution', () => {
    const machines = props('AWS::StepFunctions::StateMachine').map(
      (m) => m['DefinitionSubstitutions'] as Record<string, unknown> | undefined,
    );
    expect(machines.filter((s) => s?.['ReleaseOrigin'] === 'updateServer')).toHaveLength(1);
  });
});

describe('cdk-nag on the update origin', () => {
  test('an environment-agnostic synth has no unacknowledged finding', () => {
    expect(nagFindings({ topology })).toEqual([]);
  });

  test('a synth for an account and region (access logs on) has no unacknowledged finding', () => {
    expect(nagFindings({ topology, env: { account: '123456789012', region: 'eu-west-1' } })).toEqual([]);
  });
});
