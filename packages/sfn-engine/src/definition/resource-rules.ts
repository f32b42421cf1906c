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
import type { StateMachineType } from '../service/types';
import { type JsonObject, isObject } from '@myblog/asl';
import { parseTaskResource } from '@myblog/asl';
import { type Problems, say } from './problems';

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

/** The service's words for a Resource that is not an ARN at all (a name, an unfilled `${Name}`). */
const NOT_AN_ARN = 'Value is not a valid resource ARN';

/** Checks the Resource of the Task at `path` (its value is known to be a string). */
export function checkTaskResource(
  resource: string,
  path: string,
  type: StateMachineType,
  problems: Problems,
): void {
  const at = `${path}/Resource`;
  if (!resource.startsWith('arn:')) return problems.add(at, NOT_AN_ARN);
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

/**
 * The integrations a distributed Map reads its items with and writes its results with: the
 * Developer Guide's ItemReader (S3 GetObject for a file, ListObjectsV2 for a bucket's objects) and
 * ResultWriter (S3 PutObject) sections document no others.
 */
const MAP_RESOURCES: Readonly<Record<'ItemReader' | 'ResultWriter', readonly string[]>> = {
  ItemReader: ['s3:getObject', 's3:listObjectsV2'],
  ResultWriter: ['s3:putObject'],
};

/**
 * Checks the Resource of the ItemReader and ResultWriter of the distributed Map at `path`, naming
 * the field and the values it takes: the schema (schema.ts) accepts any text there, so a name or an
 * unfilled `${Name}` was taken and read as S3 GetObject. A missing Resource is the schema's to
 * report, and an inline Map's ItemReader is refused whole by checkMap.
 */
export function checkMapResources(def: JsonObject, path: string, problems: Problems): void {
  const processor = def['ItemProcessor'] ?? def['Iterator'];
  const config = isObject(processor) ? processor['ProcessorConfig'] : undefined;
  if (!isObject(config) || config['Mode'] !== 'DISTRIBUTED') return;
  for (const [field, actions] of Object.entries(MAP_RESOURCES)) {
    const fieldConfig = def[field];
    const resource = isObject(fieldConfig) ? fieldConfig['Resource'] : undefined;
    const at = `${path}/${field}/Resource`;
    if (resource === undefined) continue;
    if (typeof resource !== 'string') problems.add(at, say.string);
    else if (!resource.startsWith('arn:')) problems.add(at, NOT_AN_ARN);
    else if (!actions.includes(/^arn:[^:]+:states:::(.*)$/.exec(resource)?.[1] ?? '')) {
      const examples = actions.map((action) => `arn:<partition>:states:::${action}`);
      problems.add(
        at,
        `The field 'Resource' does not match any of the allowed values. Examples: [${examples.join(', ')}]`,
      );
    }
  }
}
