/**
 * What the service accepts as a Task's Resource when the state machine is created: an ARN; for
 * an optimized integration `arn:<partition>:states:::<service>:<action>[.<pattern>]`, only the
 * integration patterns that service offers; in an Express state machine, no activity and no
 * `.sync` or `.waitForTaskToken` at all.
 *
 * Which patterns each service lacks follows the optimized integrations table of the Developer
 * Guide: "Run a Job" (.sync) is not offered by Lambda, SNS, SQS, DynamoDB, EventBridge, API
 * Gateway nor the AWS SDK integrations; "Wait for Callback" (.waitForTaskToken) is not offered by
 * the job services (Athena, Batch, CodeBuild, EMR, Glue, DataBrew, MediaConvert, SageMaker) nor
 * DynamoDB; `.sync:2` exists only for a nested state machine.
 */
import type { StateMachineType } from '../engine';
import { parseTaskResource } from '../states/task-resource';
import type { Problems } from './problems';

const WITHOUT_SYNC = new Set(['lambda', 'sns', 'sqs', 'dynamodb', 'events', 'apigateway']);
const WITHOUT_CALLBACK = new Set([
  'athena',
  'batch',
  'codebuild',
  'elasticmapreduce',
  'emr-containers',
  'emr-serverless',
  'glue',
  'databrew',
  'mediaconvert',
  'sagemaker',
  'dynamodb',
]);

const notRecognized = (arn: string) =>
  `The resource provided ${arn} is not recognized. The value is not a valid resource ARN, or the resource is not available in this region.`;

/** Checks the Resource of the Task at `path` (its value is known to be a string). */
export function checkTaskResource(
  resource: string,
  path: string,
  type: StateMachineType,
  problems: Problems,
): void {
  const at = `${path}/Resource`;
  if (!resource.startsWith('arn:')) return problems.add(at, 'Value is not a valid resource ARN');
  const parsed = parseTaskResource(resource);
  if (parsed.kind === 'activity') {
    if (type === 'EXPRESS') problems.add(at, 'Express state machine does not support Activity ARN');
    return;
  }
  if (parsed.kind !== 'integration' || !/^arn:[^:]+:states:::/.test(resource)) return;
  const service = parsed.resourceType.startsWith('aws-sdk:') ? 'aws-sdk' : parsed.resourceType;
  const impossible =
    (parsed.pattern === 'sync' && (WITHOUT_SYNC.has(service) || service === 'aws-sdk')) ||
    (parsed.pattern === 'sync:2' && service !== 'states') ||
    (parsed.pattern === 'waitForTaskToken' && WITHOUT_CALLBACK.has(service));
  if (impossible) return problems.add(at, notRecognized(resource));
  if (type !== 'EXPRESS') return;
  // The service's message for the callback pattern has a space before " at /…"; kept as it is.
  if (parsed.pattern === 'waitForTaskToken')
    problems.add(at, "Express state machine does not support '.waitForTaskToken' service integration ");
  else if (parsed.pattern === 'sync' || parsed.pattern === 'sync:2')
    problems.add(at, "Express state machine does not support '.sync' service integration");
}
