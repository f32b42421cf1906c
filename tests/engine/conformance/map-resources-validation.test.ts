import type { JsonObject } from '../../../packages/asl/src/json';
import { validateDefinition } from '../../../packages/sfn-engine/src/definition/validate';
import { type ConformanceCase, conformance } from '../harness';

/**
 * A distributed Map reads its items and writes its results through the S3 integrations the
 * Developer Guide documents (ItemReader: s3:getObject, s3:listObjectsV2; ResultWriter:
 * s3:putObject). A Resource that is not one of them is refused when the machine is created, with
 * the field and the values it takes, as a Task's Resource is: a workflow deployed without its
 * definition substitutions (an unfilled `${Name}`) is refused here as it is on AWS, not run.
 */
const refused = (problem: string): RegExp =>
  new RegExp(`^${`Invalid State Machine Definition: '${problem}'`.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);

const invalid = (name: string, definition: JsonObject, message: RegExp): ConformanceCase => ({
  name,
  definition,
  expect: { invalid: message },
});

const distributedMap = (fields: JsonObject): JsonObject => ({
  StartAt: 'M',
  States: {
    M: {
      Type: 'Map',
      ItemProcessor: {
        ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
        StartAt: 'P',
        States: { P: { Type: 'Pass', End: true } },
      },
      End: true,
      ...fields,
    },
  },
});
const reader = (resource: unknown): JsonObject => ({
  ItemReader: { Resource: resource, Parameters: { Bucket: 'photos', Key: 'batch.json' } } as JsonObject,
});
const writer = (resource: unknown): JsonObject => ({
  ResultWriter: { Resource: resource, Parameters: { Bucket: 'results', Prefix: 'runs' } } as JsonObject,
});

describe('The Resource of a distributed Map’s ItemReader and ResultWriter', () => {
  conformance([
    invalid(
      'an ItemReader Resource left as an unfilled ${Name} placeholder is not an ARN',
      distributedMap(reader('${PhotoListReaderArn}')),
      refused('SCHEMA_VALIDATION_FAILED: Value is not a valid resource ARN at /States/M/ItemReader/Resource'),
    ),
    invalid(
      'an ItemReader Resource naming another integration lists the values it takes',
      distributedMap(reader('arn:aws:states:::dynamodb:getItem')),
      refused(
        "SCHEMA_VALIDATION_FAILED: The field 'Resource' does not match any of the allowed values. Examples: [arn:<partition>:states:::s3:getObject, arn:<partition>:states:::s3:listObjectsV2] at /States/M/ItemReader/Resource",
      ),
    ),
    invalid(
      'a ResultWriter Resource that reads instead of writing lists the one value it takes',
      distributedMap(writer('arn:aws:states:::s3:getObject')),
      refused(
        "SCHEMA_VALIDATION_FAILED: The field 'Resource' does not match any of the allowed values. Examples: [arn:<partition>:states:::s3:putObject] at /States/M/ResultWriter/Resource",
      ),
    ),
    invalid(
      'a ResultWriter Resource written as a CloudFormation Ref object is not text',
      distributedMap(writer({ Ref: 'ResultsBucket' })),
      refused('SCHEMA_VALIDATION_FAILED: Expected value of type [STRING] at /States/M/ResultWriter/Resource'),
    ),
  ]);

  test('takes the documented integrations in any partition', () => {
    const definition = distributedMap({
      ...reader('arn:aws-cn:states:::s3:listObjectsV2'),
      ...writer('arn:aws-cn:states:::s3:putObject'),
    });
    expect(validateDefinition(definition)).toEqual([]);
    expect(validateDefinition(distributedMap(reader('arn:aws:states:::s3:getObject')))).toEqual([]);
  });

  test('leaves an inline Map’s ItemReader to the one problem it has: it is not supported there', () => {
    const inline: JsonObject = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
          End: true,
          ...reader('${PhotoListReaderArn}'),
        },
      },
    };
    expect(validateDefinition(inline)).toEqual([
      { code: 'SCHEMA_VALIDATION_FAILED', path: '/States/M', message: "Field 'ItemReader' is not supported" },
    ]);
  });
});
