import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { AmbiguousSubstitutionError, restorePlaceholders } from '../../../packages/asl/src/placeholders';
import { applySubstitutions } from '../../../packages/asl/src/substitutions';

const ACCOUNT = '123456789012';
const lambdaArn = (name: string) => `arn:aws:lambda:eu-west-1:${ACCOUNT}:function:${name}`;

/** What the welcome-email stack deployed in place of each placeholder, named as CDK names things. */
const DEPLOYED = {
  ValidateSubscriberFunctionArn: lambdaArn('MyBlogPipeline-prod-FunctionsvalidateSubscriberFun-Xq81LmV0aB2c'),
  RenderWelcomeEmailFunctionArn: lambdaArn('MyBlogPipeline-prod-FunctionsrenderWelcomeEmailFun-p9ZtR4sQe1Wd'),
  SendWelcomeEmailFunctionArn: lambdaArn('MyBlogPipeline-prod-FunctionssendWelcomeEmailFunct-Hc3nY7uJk0Ls'),
  SentLogTableName: 'MyBlogPipeline-prod-StoragesentLogTable882D3A53-1QW8E4R7T2Y9U',
  OperationsTopicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:MyBlogPipeline-prod-MessagingoperationsTopicE898083E-Zr5Tq2Wm8Kp1`,
};

const workflow = readFileSync(
  join(__dirname, '..', '..', '..', 'workflows', 'welcome-email.asl.json'),
  'utf8',
);

test('turns an export of the deployed welcome-email machine back into the workflow file', () => {
  // CloudFormation substitutes the file's text; Workflow Studio's export of the deployed machine
  // writes it with two-space indentation and no final line break.
  const deployed = JSON.parse(applySubstitutions(workflow, DEPLOYED)) as unknown;
  const exported = JSON.stringify(deployed, null, 2);
  expect(exported).not.toContain('${');

  const { text, restored } = restorePlaceholders(exported, DEPLOYED);

  expect(`${text}\n`).toBe(workflow);
  // Each placeholder as many times as the file holds it.
  const occurrences = (name: string) => workflow.split(`\${${name}}`).length - 1;
  expect(restored).toEqual(
    Object.fromEntries(Object.keys(DEPLOYED).map((name) => [name, occurrences(name)])),
  );
  expect(Object.values(restored).every((count) => count >= 1)).toBe(true);
});

test("restores a value inside a longer string, such as the function picker's :$LATEST", () => {
  const exported = `{"FunctionName": "${DEPLOYED.ValidateSubscriberFunctionArn}:$LATEST"}`;
  expect(restorePlaceholders(exported, DEPLOYED).text).toBe(
    '{"FunctionName": "${ValidateSubscriberFunctionArn}:$LATEST"}',
  );
});

test('does not take a value for part of a longer name', () => {
  const exported = '{"a": "photos-archive", "b": "old-photos", "c": "photos", "d": "s3://photos/x"}';
  expect(restorePlaceholders(exported, { PhotosBucketName: 'photos' }).text).toBe(
    '{"a": "photos-archive", "b": "old-photos", "c": "${PhotosBucketName}", "d": "s3://${PhotosBucketName}/x"}',
  );
});

test('prefers the longest value where two start at the same place', () => {
  const values = { OrdersTopicName: 'orders', OrdersTopicArn: `arn:aws:sns:eu-west-1:${ACCOUNT}:orders` };
  const exported = `{"TopicArn": "${values.OrdersTopicArn}", "Name": "orders"}`;
  expect(restorePlaceholders(exported, values).text).toBe(
    '{"TopicArn": "${OrdersTopicArn}", "Name": "${OrdersTopicName}"}',
  );
});

test('leaves placeholders that survived the round trip as they are', () => {
  const exported = '{"TableName": "${SentLogTableName}", "Other": "SentLogTableName"}';
  const { text, restored } = restorePlaceholders(exported, { SentLogTableName: 'SentLogTableName' });
  expect(text).toBe('{"TableName": "${SentLogTableName}", "Other": "${SentLogTableName}"}');
  expect(restored).toEqual({ SentLogTableName: 1 });
});

test('finds a value as it is escaped inside a JSON string', () => {
  const exported = JSON.stringify({ Subject: 'Say "hi" \\ bye' });
  expect(restorePlaceholders(exported, { Greeting: 'Say "hi" \\ bye' }).text).toBe(
    '{"Subject":"${Greeting}"}',
  );
});

test('refuses two placeholders with the same value, naming both', () => {
  expect(() => restorePlaceholders('{}', { A: 'same', B: 'same' })).toThrow(
    new AmbiguousSubstitutionError('same', ['A', 'B']),
  );
});
