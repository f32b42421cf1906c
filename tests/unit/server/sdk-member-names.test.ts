import * as dynamodb from '@aws-sdk/client-dynamodb';
import * as lambda from '@aws-sdk/client-lambda';
import * as sfn from '@aws-sdk/client-sfn';
import {
  toSdkMemberNames,
  toStepFunctionsMemberNames,
} from '../../../packages/stepfunctions-local/src/integrations/sdk-member-names';

const modules = {
  sfn: sfn as unknown as Record<string, unknown>,
  dynamodb: dynamodb as unknown as Record<string, unknown>,
  lambda: lambda as unknown as Record<string, unknown>,
};

test("a Task's PascalCase Arguments become Step Functions' camelCase API members", () => {
  expect(
    toSdkMemberNames(modules.sfn, 'startExecution', {
      StateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m',
      Name: 'run-1',
      Input: '{}',
    }),
  ).toEqual({
    stateMachineArn: 'arn:aws:states:us-east-1:123456789012:stateMachine:m',
    name: 'run-1',
    input: '{}',
  });
});

test("the API's camelCase result comes back in PascalCase, $metadata kept for the caller to drop", () => {
  const stopDate = new Date('2030-01-31T09:00:00Z');
  expect(
    toStepFunctionsMemberNames(modules.sfn, 'stopExecution', {
      stopDate,
      $metadata: { httpStatusCode: 200 },
    }),
  ).toEqual({ StopDate: stopDate, $metadata: { httpStatusCode: 200 } });
});

test("a map's keys are data, not member names: an item's attributes and a function's variables keep their case", () => {
  const item = { TableName: 't', Item: { userId: { S: 'u' }, dueAt: { S: 'd' } } };
  expect(toSdkMemberNames(modules.dynamodb, 'putItem', item)).toEqual(item);
  expect(
    toSdkMemberNames(modules.lambda, 'updateFunctionConfiguration', {
      FunctionName: 'f',
      Environment: { Variables: { lowerCase: 'kept', UPPER: 'kept' } },
    }),
  ).toEqual({ FunctionName: 'f', Environment: { Variables: { lowerCase: 'kept', UPPER: 'kept' } } });
});

test('a field the API does not have is passed on as given, for the service to refuse', () => {
  expect(toSdkMemberNames(modules.sfn, 'stopExecution', { ExecutionArn: 'a', Bogus: 1 })).toEqual({
    executionArn: 'a',
    Bogus: 1,
  });
});
