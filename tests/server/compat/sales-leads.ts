/**
 * The sales-lead state machine of AWS's "mocked service integrations" guide, as the published
 * suites written against AWS Step Functions Local run it:
 *
 * - aws-samples/serverless-test-samples: typescript-test-samples/step-functions-local
 *   (statemachine/local_testing.asl.json, events/sfn_valid_input.json,
 *   src/tests/sfnLocal/step-functions-local.test.ts) and python-test-samples/step-functions-local
 *   (statemachine/test/MockConfigFile.json, tests/unit/src/test_step_functions_local.py);
 * - aws-samples/aws-stepfunctions-examples: sam/demo-local-testing-using-java (JUnit and Spock
 *   specs) and sam/app-local-testing-mock-config (makefile: AWS CLI queries on the history);
 * - kenfdev/step-functions-testing: the same machine with `IntervalSeconds: 0` in its Retry,
 *   and histories recorded on Step Functions Local.
 *
 * The definition keeps the samples' unsubstituted `${...}` placeholders: every task is mocked.
 */
import type { Json, JsonObject } from '../../../packages/asl/src/json';

const LAMBDA_RETRY = (intervalSeconds: number): Json => [
  {
    ErrorEquals: [
      'Lambda.ServiceException',
      'Lambda.AWSLambdaException',
      'Lambda.SdkClientException',
      'CustomValidationError',
    ],
    IntervalSeconds: intervalSeconds,
    MaxAttempts: 3,
    BackoffRate: 1,
  },
];

const putEvents = (message: string, detailType: string, extra: JsonObject = {}): JsonObject => ({
  Type: 'Task',
  Resource: 'arn:aws:states:::events:putEvents',
  Parameters: {
    Entries: [
      {
        Detail: { Message: message, ...extra },
        DetailType: detailType,
        EventBusName: 'default',
        Source: 'LocalTestingSource',
      },
    ],
  },
  End: true,
});

/** `lambdaRetryInterval`: 1 in aws-samples' definition, 0 in kenfdev's. */
export function salesLeadDefinition(lambdaRetryInterval = 1): JsonObject {
  const check = (name: string, part: string, functionArn: string): JsonObject => ({
    StartAt: name,
    States: {
      [name]: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        InputPath: `$.data.${part}`,
        Parameters: { FunctionName: functionArn, 'Payload.$': '$' },
        ResultSelector: { [`${part}.$`]: 'States.StringToJson($.Payload.body)' },
        Retry: LAMBDA_RETRY(lambdaRetryInterval),
        End: true,
      },
    },
  });
  return {
    Comment: 'A description of my state machine',
    StartAt: 'Validation',
    States: {
      Validation: {
        Type: 'Parallel',
        Branches: [
          check('Check Identity', 'identity', '${CheckIdentityFunctionArn}'),
          check('Check Address', 'address', '${CheckAddressFunctionArn}'),
        ],
        ResultSelector: { 'identityResult.$': '$[0].identity', 'addressResult.$': '$[1].address' },
        ResultPath: '$.results',
        Next: 'DetectSentiment',
        Catch: [
          { ErrorEquals: ['CustomValidationError'], Next: 'CustomValidationFailed' },
          { ErrorEquals: ['States.ALL'], Next: 'ValidationException' },
        ],
      },
      DetectSentiment: {
        Type: 'Task',
        Resource: 'arn:aws:states:::aws-sdk:comprehend:detectSentiment',
        Parameters: { LanguageCode: 'en', 'Text.$': '$.data.comments' },
        ResultSelector: { 'sentimentAnalysis.$': '$' },
        ResultPath: '$.results',
        Retry: [
          { ErrorEquals: ['InternalServerException'], IntervalSeconds: 1, MaxAttempts: 3, BackoffRate: 1 },
        ],
        Next: 'Is Positive Sentiment?',
      },
      ValidationException: putEvents('Validation Exception', 'ValidationException'),
      'Is Positive Sentiment?': {
        Type: 'Choice',
        Choices: [
          {
            Variable: '$.results.sentimentAnalysis.Sentiment',
            StringEquals: 'POSITIVE',
            Next: 'Add to FollowUp',
          },
        ],
        Default: 'NegativeSentimentDetected',
      },
      NegativeSentimentDetected: putEvents('Negative Sentiment Detected', 'NegativeSentiment', {
        'Data.$': '$.data',
      }),
      CustomValidationFailed: putEvents('Validation Failed', 'ValidationFailed'),
      'Add to FollowUp': {
        Type: 'Task',
        Resource: 'arn:aws:states:::dynamodb:putItem',
        InputPath: '$.data',
        Parameters: { TableName: '${FollowUpTableName}', Item: { PK: { 'S.$': '$.identity.email' } } },
        ResultSelector: { 'dbUpdateStatusCode.$': '$.SdkHttpMetadata.HttpStatusCode' },
        ResultPath: '$.results',
        Next: 'CustomerAddedToFollowup',
      },
      CustomerAddedToFollowup: {
        ...putEvents('Customer Added for follow up', 'CustomerAdded', {
          'EmailAddress.$': '$.identity.email',
        }),
        InputPath: '$.data',
      },
    },
  };
}

const returns = (value: Json): JsonObject => ({ '0': { Return: value } });
const score = (sentiment: 'POSITIVE' | 'NEGATIVE'): JsonObject => ({
  Sentiment: sentiment,
  SentimentScore:
    sentiment === 'POSITIVE'
      ? { Mixed: 0.00012647535, Negative: 0.00008031699, Neutral: 0.0051454515, Positive: 0.9946478 }
      : { Mixed: 0.00012647535, Positive: 0.00008031699, Neutral: 0.0051454515, Negative: 0.9946478 },
});
const eventSent = { statusCode: 200, Payload: { Entries: [{ EventId: 'abc123' }], FailedEntryCount: 0 } };

/** python-test-samples/step-functions-local/statemachine/test/MockConfigFile.json. */
export const SALES_LEAD_MOCK_CONFIG: JsonObject = {
  StateMachines: {
    LocalTesting: {
      TestCases: {
        HappyPathTest: {
          'Check Identity': 'CheckIdentityLambdaMockedSuccess',
          'Check Address': 'CheckAddressLambdaMockedSuccess',
          DetectSentiment: 'DetectSentimentPositive',
          'Add to FollowUp': 'AddToFollowUpSuccess',
          CustomerAddedToFollowup: 'CustomerAddedToFollowupSuccess',
        },
        NegativeSentimentTest: {
          'Check Identity': 'CheckIdentityLambdaMockedSuccess',
          'Check Address': 'CheckAddressLambdaMockedSuccess',
          DetectSentiment: 'DetectSentimentNegative',
          NegativeSentimentDetected: 'NegativeSentimentDetectedSuccess',
        },
        CustomValidationFailedCatchTest: {
          'Check Identity': 'CheckIdentityLambdaMockedThrowError',
          'Check Address': 'CheckAddressLambdaMockedSuccess',
          CustomValidationFailed: 'CustomValidationFailedPutEventSuccess',
        },
        ValidationExceptionCatchTest: {
          'Check Identity': 'CheckIdentityLambdaMockedSuccess',
          'Check Address': 'CheckAddressLambdaMockedThrowExceptionSuccess',
          ValidationException: 'ValidationExceptionPutEventSuccess',
        },
        RetryOnServiceExceptionTest: {
          'Check Identity': 'CheckIdentityLambdaMockedSuccess',
          'Check Address': 'CheckAddressLambdaMockedSuccess',
          DetectSentiment: 'DetectSentimentRetryOnErrorWithSuccess',
          'Add to FollowUp': 'AddToFollowUpSuccess',
          CustomerAddedToFollowup: 'CustomerAddedToFollowupSuccess',
        },
      },
    },
  },
  MockedResponses: {
    CheckIdentityLambdaMockedSuccess: returns({
      statusCode: 200,
      Payload: { statusCode: 200, body: '{"approved": true}' },
    }),
    CheckAddressLambdaMockedSuccess: returns({
      statusCode: 200,
      Payload: { statusCode: 200, body: '{"approved": true}' },
    }),
    AddToFollowUpSuccess: returns({ statusCode: 200, SdkHttpMetadata: { HttpStatusCode: 200 } }),
    CustomerAddedToFollowupSuccess: returns({ statusCode: 200, Payload: { statusCode: 200 } }),
    CheckIdentityLambdaMockedThrowError: {
      '0-3': { Throw: { Error: 'CustomValidationError', Cause: 'Check Identity Validation Failed' } },
    },
    CheckAddressLambdaMockedThrowExceptionSuccess: {
      '0': { Throw: { Error: 'CustomAddressValidationError', Cause: 'Address Validation Exception' } },
    },
    CustomValidationFailedPutEventSuccess: returns(eventSent),
    ValidationExceptionPutEventSuccess: returns(eventSent),
    DetectSentimentPositive: returns(score('POSITIVE')),
    DetectSentimentNegative: returns(score('NEGATIVE')),
    NegativeSentimentDetectedSuccess: returns(eventSent),
    DetectSentimentRetryOnErrorWithSuccess: {
      '0-2': {
        Throw: {
          Error: 'InternalServerException',
          Cause: 'Server Exception while calling DetectSentiment API in Comprehend Service',
        },
      },
      '3': { Return: score('POSITIVE') },
    },
  },
};

/** events/sfn_valid_input.json, as the suites read it from the file (indented). */
export const SALES_LEAD_INPUT = JSON.stringify(
  {
    data: {
      firstname: 'Jane',
      lastname: 'Doe',
      identity: { email: 'jdoe@example.com', ssn: '123-45-6789' },
      address: { street: '123 Main St', city: 'Columbus', state: 'OH', zip: '43219' },
      comments: 'I am glad to sign-up for this service. Looking forward to different options.',
    },
  },
  null,
  2,
);
