/**
 * What a Task's Resource names, and how the service reports it in history: a Lambda function ARN
 * (LambdaFunction* events), an activity (Activity* events), or an integration
 * `arn:aws:states:::<service>:<action>[.<pattern>]` (Task* events with resourceType/resource).
 */
export type IntegrationPattern = 'request' | 'waitForTaskToken' | 'sync' | 'sync:2';

export type TaskResource =
  | { readonly kind: 'lambda-function'; readonly arn: string }
  | { readonly kind: 'activity'; readonly arn: string }
  | {
      readonly kind: 'integration';
      readonly arn: string;
      /** e.g. `lambda`, `sqs`, `aws-sdk:s3`. */
      readonly resourceType: string;
      /** e.g. `invoke`, `sendMessage.waitForTaskToken`, `getObject`. */
      readonly resource: string;
      readonly service: string;
      readonly action: string;
      readonly pattern: IntegrationPattern;
    };

const INTEGRATION = /^arn:aws[a-z-]*:states:[a-z0-9-]*:[0-9]*:(.+)$/;

export function parseTaskResource(arn: string): TaskResource {
  if (/^arn:aws[a-z-]*:lambda:/.test(arn)) return { kind: 'lambda-function', arn };
  if (/^arn:aws[a-z-]*:states:[a-z0-9-]+:\d+:activity:/.test(arn)) return { kind: 'activity', arn };
  const match = INTEGRATION.exec(arn);
  const rest = match?.[1] ?? arn;
  const sdk = rest.startsWith('aws-sdk:');
  const parts = rest.split(':');
  const serviceParts = sdk ? 2 : 1;
  const resourceType = parts.slice(0, serviceParts).join(':');
  const resource = parts.slice(serviceParts).join(':');
  const [action = '', ...suffix] = resource.split('.');
  const patternText = suffix.join('.');
  const pattern: IntegrationPattern =
    patternText === 'waitForTaskToken'
      ? 'waitForTaskToken'
      : patternText === 'sync'
        ? 'sync'
        : patternText === 'sync:2'
          ? 'sync:2'
          : 'request';
  return { kind: 'integration', arn, resourceType, resource, service: resourceType, action, pattern };
}
