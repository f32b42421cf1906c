import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '../../packages/asl/src/json';
import { iamAction, taskActionsBySubstitution } from '../../infra/task-actions';

const workflow = (file: string) =>
  JSON.parse(readFileSync(join(__dirname, '../../workflows', file), 'utf8')) as JsonObject;

describe('the IAM actions a workflow calls', () => {
  test('an optimized or SDK integration names its service and action', () => {
    expect(iamAction('arn:aws:states:::dynamodb:putItem')).toBe('dynamodb:PutItem');
    expect(iamAction('arn:aws:states:::aws-sdk:s3:putObject')).toBe('s3:PutObject');
    expect(iamAction('arn:aws:states:::sns:publish.waitForTaskToken')).toBe('sns:Publish');
  });

  test('Lambda and nested executions are not among them (they are granted otherwise)', () => {
    expect(iamAction('arn:aws:states:::lambda:invoke')).toBeUndefined();
    expect(iamAction('arn:aws:states:::states:startExecution.sync:2')).toBeUndefined();
    expect(iamAction('arn:aws:lambda:us-east-1:123456789012:function:f')).toBeUndefined();
  });

  test('update-publishing puts and deletes its release claims, puts objects, and nothing else', () => {
    const actions = taskActionsBySubstitution(workflow('update-publishing.asl.json'));
    expect(Object.fromEntries([...actions].map(([name, set]) => [name, [...set].sort()]))).toEqual({
      ReleaseClaimsTableName: ['dynamodb:DeleteItem', 'dynamodb:PutItem'],
      DistributionBucketName: ['s3:PutObject'],
      DistributionId: ['cloudfront:CreateInvalidation', 'cloudfront:GetInvalidation'],
      ReleaseEventsStreamName: ['kinesis:PutRecord'],
      UpdateAvailableTopicArn: ['sns:Publish'],
      OperationsTopicArn: ['sns:Publish'],
    });
  });

  test('states nested in a Parallel or a Map are read too', () => {
    const actions = taskActionsBySubstitution({
      StartAt: 'P',
      States: {
        P: {
          Type: 'Parallel',
          Branches: [
            {
              StartAt: 'M',
              States: {
                M: {
                  Type: 'Map',
                  ItemProcessor: {
                    StartAt: 'T',
                    States: {
                      T: {
                        Type: 'Task',
                        Resource: 'arn:aws:states:::dynamodb:getItem',
                        Arguments: { TableName: '${Table}', Key: {} },
                        End: true,
                      },
                    },
                  },
                  End: true,
                },
              },
            },
          ],
          End: true,
        },
      },
    });
    expect(actions.get('Table')).toEqual(new Set(['dynamodb:GetItem']));
  });
});
