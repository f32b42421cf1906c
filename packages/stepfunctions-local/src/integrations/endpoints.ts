/**
 * Where each AWS service is reached, as AWS Step Functions Local configures it: one environment
 * variable per service (LAMBDA_ENDPOINT, SQS_ENDPOINT, ...), plus the ones it lacks (S3, SES,
 * Kinesis, CloudFront, EventBridge) and AWS_ENDPOINT_URL as the fallback for any other.
 */
export interface AwsTarget {
  readonly region: string;
  readonly accountId: string;
  /** Service key (as in `aws-sdk:<service>`) → endpoint URL. */
  readonly endpoints: Readonly<Record<string, string>>;
  /** Used for every service without its own endpoint; undefined means the real AWS. */
  readonly defaultEndpoint?: string | undefined;
}

const ENDPOINT_VARIABLES: Readonly<Record<string, string>> = {
  lambda: 'LAMBDA_ENDPOINT',
  sqs: 'SQS_ENDPOINT',
  sns: 'SNS_ENDPOINT',
  dynamodb: 'DYNAMODB_ENDPOINT',
  sfn: 'STEP_FUNCTIONS_ENDPOINT',
  s3: 'S3_ENDPOINT',
  sesv2: 'SES_ENDPOINT',
  ses: 'SES_ENDPOINT',
  kinesis: 'KINESIS_ENDPOINT',
  cloudfront: 'CLOUDFRONT_ENDPOINT',
  eventbridge: 'EVENTBRIDGE_ENDPOINT',
};

export const ENDPOINT_VARIABLE_NAMES: readonly string[] = [...new Set(Object.values(ENDPOINT_VARIABLES))];

export function targetFromEnvironment(env: NodeJS.ProcessEnv): AwsTarget {
  const endpoints: Record<string, string> = {};
  for (const [service, variable] of Object.entries(ENDPOINT_VARIABLES)) {
    const value = env[variable];
    if (value !== undefined && value !== '') endpoints[service] = value;
  }
  return {
    region: env['AWS_DEFAULT_REGION'] ?? env['AWS_REGION'] ?? 'us-east-1',
    accountId: env['AWS_ACCOUNT_ID'] ?? '123456789012',
    endpoints,
    defaultEndpoint: env['AWS_ENDPOINT_URL'] || undefined,
  };
}

export function endpointFor(target: AwsTarget, service: string): string | undefined {
  return target.endpoints[service] ?? target.defaultEndpoint;
}
