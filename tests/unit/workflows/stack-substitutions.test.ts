import {
  type DeployedStack,
  deployedSubstitutions,
  StateMachineNotFoundError,
  UnresolvableSubstitutionError,
} from '../../../workflows/tools/stack-substitutions';

const STACK_ID =
  'arn:aws:cloudformation:eu-west-1:123456789012:stack/MyBlogPipeline-prod/5e1c7a30-8f2b-11ef-9a3d-0a1b2c3d4e5f';

/** A deployed stack shaped as CDK synthesizes this pipeline: DefinitionSubstitutions of Fn::GetAtt and Ref. */
function stack(
  substitutions: Record<string, unknown>,
  others: Record<string, unknown>[] = [],
): DeployedStack {
  const machines = [substitutions, ...others].map((s, i) => [
    `WorkflowsMachine${i}`,
    { Type: 'AWS::StepFunctions::StateMachine', Properties: { DefinitionSubstitutions: s } },
  ]);
  return {
    stackId: STACK_ID,
    template: {
      Resources: {
        ...Object.fromEntries(machines),
        FunctionsvalidateSubscriberFunction3664740D: { Type: 'AWS::Lambda::Function' },
        StoragesentLogTable882D3A53: { Type: 'AWS::DynamoDB::Table' },
      },
    },
    resources: [
      {
        logicalId: 'FunctionsvalidateSubscriberFunction3664740D',
        physicalId: 'MyBlogPipeline-prod-FunctionsvalidateSubscriberFun-Xq81LmV0aB2c',
        type: 'AWS::Lambda::Function',
      },
      {
        logicalId: 'StoragesentLogTable882D3A53',
        physicalId: 'MyBlogPipeline-prod-StoragesentLogTable882D3A53-1QW8E4R7T2Y9U',
        type: 'AWS::DynamoDB::Table',
      },
      {
        logicalId: 'MessagingoperationsTopicE898083E',
        physicalId: 'arn:aws:sns:eu-west-1:123456789012:MyBlogPipeline-prod-operations',
        type: 'AWS::SNS::Topic',
      },
      {
        logicalId: 'MessagingjobsQueue1A2B3C4D',
        physicalId: 'https://sqs.eu-west-1.amazonaws.com/123456789012/MyBlogPipeline-prod-jobs',
        type: 'AWS::SQS::Queue',
      },
      {
        logicalId: 'StoragedistributionBucket208F29AC',
        physicalId: 'myblog-prod-dist-8f2b',
        type: 'AWS::S3::Bucket',
      },
      {
        logicalId: 'MessagingreleaseEventsStreamD2C8F755',
        physicalId: 'MyBlogPipeline-prod-events',
        type: 'AWS::Kinesis::Stream',
      },
      {
        logicalId: 'ReleaseDistributionD077DADC',
        physicalId: 'E2QWRUHAPOMQZL',
        type: 'AWS::CloudFront::Distribution',
      },
    ],
  };
}

test('evaluates Fn::GetAtt Arn of a function and Ref of a table and a topic as CloudFormation did', () => {
  const deployed = stack({
    ValidateSubscriberFunctionArn: { 'Fn::GetAtt': ['FunctionsvalidateSubscriberFunction3664740D', 'Arn'] },
    SentLogTableName: { Ref: 'StoragesentLogTable882D3A53' },
    OperationsTopicArn: { Ref: 'MessagingoperationsTopicE898083E' },
  });
  expect(
    deployedSubstitutions(
      ['SentLogTableName', 'OperationsTopicArn', 'ValidateSubscriberFunctionArn'],
      deployed,
    ),
  ).toEqual({
    ValidateSubscriberFunctionArn:
      'arn:aws:lambda:eu-west-1:123456789012:function:MyBlogPipeline-prod-FunctionsvalidateSubscriberFun-Xq81LmV0aB2c',
    SentLogTableName: 'MyBlogPipeline-prod-StoragesentLogTable882D3A53-1QW8E4R7T2Y9U',
    OperationsTopicArn: 'arn:aws:sns:eu-west-1:123456789012:MyBlogPipeline-prod-operations',
  });
});

test('builds the ARN attributes of tables, queues, buckets and streams from their physical ids', () => {
  const deployed = stack({
    TableArn: { 'Fn::GetAtt': 'StoragesentLogTable882D3A53.Arn' },
    QueueArn: { 'Fn::GetAtt': ['MessagingjobsQueue1A2B3C4D', 'Arn'] },
    QueueUrl: { Ref: 'MessagingjobsQueue1A2B3C4D' },
    BucketArn: { 'Fn::GetAtt': ['StoragedistributionBucket208F29AC', 'Arn'] },
    StreamArn: { 'Fn::GetAtt': ['MessagingreleaseEventsStreamD2C8F755', 'Arn'] },
    DistributionId: { Ref: 'ReleaseDistributionD077DADC' },
  });
  expect(
    deployedSubstitutions(
      ['TableArn', 'QueueArn', 'QueueUrl', 'BucketArn', 'StreamArn', 'DistributionId'],
      deployed,
    ),
  ).toEqual({
    TableArn:
      'arn:aws:dynamodb:eu-west-1:123456789012:table/MyBlogPipeline-prod-StoragesentLogTable882D3A53-1QW8E4R7T2Y9U',
    QueueArn: 'arn:aws:sqs:eu-west-1:123456789012:MyBlogPipeline-prod-jobs',
    QueueUrl: 'https://sqs.eu-west-1.amazonaws.com/123456789012/MyBlogPipeline-prod-jobs',
    BucketArn: 'arn:aws:s3:::myblog-prod-dist-8f2b',
    StreamArn: 'arn:aws:kinesis:eu-west-1:123456789012:stream/MyBlogPipeline-prod-events',
    DistributionId: 'E2QWRUHAPOMQZL',
  });
});

test('joins literal text and pseudo parameters, as CDK writes a token inside a string', () => {
  const deployed = stack({
    ReportsPrefix: 'reports/',
    StepFunctionsEndpoint: {
      'Fn::Join': ['', ['https://states.', { Ref: 'AWS::Region' }, '.', { Ref: 'AWS::URLSuffix' }]],
    },
    Owner: {
      'Fn::Join': [':', [{ Ref: 'AWS::Partition' }, { Ref: 'AWS::AccountId' }, { Ref: 'AWS::StackName' }]],
    },
  });
  expect(deployedSubstitutions(['ReportsPrefix', 'StepFunctionsEndpoint', 'Owner'], deployed)).toEqual({
    ReportsPrefix: 'reports/',
    StepFunctionsEndpoint: 'https://states.eu-west-1.amazonaws.com',
    Owner: 'aws:123456789012:MyBlogPipeline-prod',
  });
});

test('picks the state machine whose placeholders are exactly the workflow’s', () => {
  const deployed = stack({ SentLogTableName: { Ref: 'StoragesentLogTable882D3A53' } }, [
    { SentLogTableName: 'another', OperationsTopicArn: { Ref: 'MessagingoperationsTopicE898083E' } },
  ]);
  expect(deployedSubstitutions(['SentLogTableName'], deployed)).toEqual({
    SentLogTableName: 'MyBlogPipeline-prod-StoragesentLogTable882D3A53-1QW8E4R7T2Y9U',
  });
});

test('refuses when no state machine of the stack has the workflow’s placeholders', () => {
  const deployed = stack({ SentLogTableName: { Ref: 'StoragesentLogTable882D3A53' } });
  expect(() => deployedSubstitutions(['PhotosTableName'], deployed)).toThrow(StateMachineNotFoundError);
  expect(() => deployedSubstitutions(['PhotosTableName'], deployed)).toThrow(
    `No state machine of ${STACK_ID} has the substitutions PhotosTableName`,
  );
});

test('refuses, naming the placeholder, a value the stack’s resources do not tell', () => {
  const domain = stack({
    DownloadsBaseUrl: {
      'Fn::Join': ['', ['https://', { 'Fn::GetAtt': ['ReleaseDistributionD077DADC', 'DomainName'] }]],
    },
  });
  expect(() => deployedSubstitutions(['DownloadsBaseUrl'], domain)).toThrow(
    new UnresolvableSubstitutionError(
      'DownloadsBaseUrl',
      "ReleaseDistributionD077DADC.DomainName (AWS::CloudFront::Distribution) does not follow from the stack's resources",
    ),
  );
  const missing = stack({ Gone: { Ref: 'DeletedTable' } });
  expect(() => deployedSubstitutions(['Gone'], missing)).toThrow(
    '${Gone}: the stack has no resource DeletedTable',
  );
  const sub = stack({ Sub: { 'Fn::Sub': '${AWS::Region}' } });
  expect(() => deployedSubstitutions(['Sub'], sub)).toThrow('${Sub}: Fn::Sub is not evaluated here');
});
