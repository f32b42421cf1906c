import { Duration, RemovalPolicy } from 'aws-cdk-lib';
import * as dax from 'aws-cdk-lib/aws-dax';
import * as dynamodb from 'aws-cdk-lib/aws-dynamodb';
import * as ec2 from 'aws-cdk-lib/aws-ec2';
import * as iam from 'aws-cdk-lib/aws-iam';
import * as logs from 'aws-cdk-lib/aws-logs';
import * as s3 from 'aws-cdk-lib/aws-s3';
import { Construct } from 'constructs';
import type { TodoTableName, TodoTopology } from '../../topology/todo-types';

/** DAX's port for clusters encrypted in transit (8111 is the plain one). */
export const DAX_TLS_PORT = 9111;

/** The DAX cluster and the network the API reaches it through. */
export interface TodoCache {
  readonly vpc: ec2.Vpc;
  readonly cluster: dax.CfnCluster;
  /** The API function's security group: the one DAX lets in. */
  readonly clientSecurityGroup: ec2.SecurityGroup;
}

/**
 * MyTodoList's data: the tables (a user's to-dos are one partition; the todos stream carries both
 * images to the reminder workflow), the attachments bucket with its access logs, and, unless
 * turned off, a DAX cluster in a VPC of its own in front of the todos table.
 */
export class TodoData extends Construct {
  readonly tables: Record<TodoTableName, dynamodb.Table>;
  readonly attachments: s3.Bucket;
  readonly cache: TodoCache | undefined;

  constructor(scope: Construct, id: string, topology: TodoTopology, options: { readonly dax: boolean }) {
    super(scope, id);
    this.tables = {} as Record<TodoTableName, dynamodb.Table>;
    for (const [name, spec] of Object.entries(topology.tables) as [
      TodoTableName,
      TodoTopology['tables'][TodoTableName],
    ][]) {
      this.tables[name] = new dynamodb.Table(this, `${name}Table`, {
        partitionKey: { name: spec.partitionKey, type: dynamodb.AttributeType.STRING },
        ...(spec.sortKey === undefined
          ? {}
          : { sortKey: { name: spec.sortKey, type: dynamodb.AttributeType.STRING } }),
        billingMode: dynamodb.BillingMode.PAY_PER_REQUEST,
        encryption: dynamodb.TableEncryption.AWS_MANAGED,
        pointInTimeRecoverySpecification: { pointInTimeRecoveryEnabled: true },
        ...(spec.stream === undefined ? {} : { stream: dynamodb.StreamViewType.NEW_AND_OLD_IMAGES }),
        ...(spec.timeToLiveAttribute === undefined ? {} : { timeToLiveAttribute: spec.timeToLiveAttribute }),
        removalPolicy: RemovalPolicy.RETAIN,
      });
    }
    const accessLogs = new s3.Bucket(this, 'AccessLogs', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      objectOwnership: s3.ObjectOwnership.BUCKET_OWNER_PREFERRED,
      lifecycleRules: [{ expiration: Duration.days(90) }],
    });
    this.attachments = new s3.Bucket(this, 'AttachmentsBucket', {
      blockPublicAccess: s3.BlockPublicAccess.BLOCK_ALL,
      encryption: s3.BucketEncryption.S3_MANAGED,
      enforceSSL: true,
      versioned: topology.buckets[topology.storage.bucket].versioned,
      serverAccessLogsBucket: accessLogs,
      serverAccessLogsPrefix: 'attachments/',
      lifecycleRules: [
        { abortIncompleteMultipartUploadAfter: Duration.days(7) },
        { noncurrentVersionExpiration: Duration.days(30) },
      ],
      removalPolicy: RemovalPolicy.RETAIN,
    });
    this.cache = options.dax ? this.daxCluster(topology) : undefined;
  }

  private daxCluster(topology: TodoTopology): TodoCache {
    const vpc = new ec2.Vpc(this, 'Network', {
      maxAzs: 3,
      natGateways: 1,
      subnetConfiguration: [
        { name: 'public', subnetType: ec2.SubnetType.PUBLIC },
        // The API function and DAX. Egress (NAT) for Cognito Identity's GetId; DynamoDB and S3
        // through their gateway endpoints.
        { name: 'private', subnetType: ec2.SubnetType.PRIVATE_WITH_EGRESS },
      ],
      gatewayEndpoints: {
        dynamodb: { service: ec2.GatewayVpcEndpointAwsService.DYNAMODB },
        s3: { service: ec2.GatewayVpcEndpointAwsService.S3 },
      },
    });
    vpc.addFlowLog('FlowLogs', {
      destination: ec2.FlowLogDestination.toCloudWatchLogs(
        new logs.LogGroup(this, 'FlowLogGroup', {
          retention: logs.RetentionDays.ONE_MONTH,
          removalPolicy: RemovalPolicy.DESTROY,
        }),
      ),
      trafficType: ec2.FlowLogTrafficType.REJECT,
    });
    const clientSecurityGroup = new ec2.SecurityGroup(this, 'ApiSecurityGroup', {
      vpc,
      description: 'The MyTodoList API function',
      allowAllOutbound: true,
    });
    const daxSecurityGroup = new ec2.SecurityGroup(this, 'DaxSecurityGroup', {
      vpc,
      description: 'The DAX cluster: the API function only, over TLS',
      allowAllOutbound: false,
    });
    daxSecurityGroup.addIngressRule(
      clientSecurityGroup,
      ec2.Port.tcp(DAX_TLS_PORT),
      'The API function, encrypted',
    );
    const role = new iam.Role(this, 'DaxRole', {
      assumedBy: new iam.ServicePrincipal('dax.amazonaws.com'),
      description: 'DAX reads and writes the todos table for the API function',
    });
    role.addToPolicy(
      new iam.PolicyStatement({
        actions: [
          'dynamodb:GetItem',
          'dynamodb:PutItem',
          'dynamodb:UpdateItem',
          'dynamodb:DeleteItem',
          'dynamodb:Query',
          'dynamodb:DescribeTable',
        ],
        resources: [this.tables.todos.tableArn],
      }),
    );
    const subnets = new dax.CfnSubnetGroup(this, 'DaxSubnets', {
      description: 'Private subnets of the MyTodoList network',
      subnetIds: vpc.privateSubnets.map((subnet) => subnet.subnetId),
    });
    const parameters = new dax.CfnParameterGroup(this, 'DaxParameters', {
      description: 'Item and query cache TTLs from topology/todo.ts',
      parameterNameValues: {
        'record-ttl-millis': String(topology.dax.itemTtlSeconds * 1000),
        'query-ttl-millis': String(topology.dax.queryTtlSeconds * 1000),
      },
    });
    const cluster = new dax.CfnCluster(this, 'Dax', {
      iamRoleArn: role.roleArn,
      nodeType: topology.dax.nodeType,
      replicationFactor: topology.dax.replicationFactor,
      subnetGroupName: subnets.ref,
      parameterGroupName: parameters.ref,
      securityGroupIds: [daxSecurityGroup.securityGroupId],
      sseSpecification: { sseEnabled: true },
      clusterEndpointEncryptionType: 'TLS',
      description: "MyTodoList's read cache in front of the todos table",
    });
    cluster.addDependency(subnets);
    cluster.addDependency(parameters);
    cluster.node.addDependency(role);
    return { vpc, cluster, clientSecurityGroup };
  }
}
