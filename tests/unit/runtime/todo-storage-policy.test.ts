import { attachmentsAccessStatements } from '../../../topology/todo';
import { isAllowed, withPolicyVariables } from '../../../local/runtime/todo/iam-policy';
import { s3Authorization } from '../../../local/runtime/todo/s3-request-action';

const BUCKET = 'arn:aws:s3:::mytodolist-attachments';
const ANA = 'us-east-1:11111111-1111-4111-8111-111111111111';
const BO = 'us-east-1:22222222-2222-4222-8222-222222222222';
const anas = withPolicyVariables(attachmentsAccessStatements(BUCKET), {
  'cognito-identity.amazonaws.com:sub': ANA,
});
const allowed = (method: string, path: string, query = '') =>
  isAllowed(anas, s3Authorization(method, path, new URLSearchParams(query)));

test('the policy variable is replaced by the caller’s identity id, in resources and conditions', () => {
  expect(anas[0]?.Resource).toEqual([`${BUCKET}/private/${ANA}/*`]);
  expect(anas[1]?.Condition).toEqual({ StringLike: { 's3:prefix': [`private/${ANA}/*`] } });
});

test.each([
  ['GET', `/mytodolist-attachments/private/${ANA}/t/a.jpg`, 'x-id=GetObject', true],
  ['PUT', `/mytodolist-attachments/private/${ANA}/t/a.jpg`, 'x-id=PutObject', true],
  ['DELETE', `/mytodolist-attachments/private/${ANA}/t/a.jpg`, '', true],
  ['GET', `/mytodolist-attachments/private/${BO}/t/a.jpg`, '', false],
  ['PUT', `/mytodolist-attachments/private/${ANA}`, '', false],
  ['GET', '/mytodolist-attachments', `list-type=2&prefix=private%2F${encodeURIComponent(ANA)}%2F`, true],
  ['GET', '/mytodolist-attachments', `list-type=2&prefix=private%2F${encodeURIComponent(BO)}%2F`, false],
  ['GET', '/mytodolist-attachments', 'list-type=2', false],
  ['PUT', `/mytodolist-attachments/private/${ANA}/t/a.jpg`, 'acl=', false],
  ['GET', `/another-bucket/private/${ANA}/t/a.jpg`, '', false],
])('%s %s?%s is allowed: %s', (method, path, query, expected) => {
  expect(allowed(method, path, query)).toBe(expected);
});

test('a Deny statement wins over an Allow', () => {
  const denied = [
    ...anas,
    { Sid: 'NoDeletes', Effect: 'Deny' as const, Action: ['s3:DeleteObject'], Resource: [`${BUCKET}/*`] },
  ];
  expect(
    isAllowed(
      denied,
      s3Authorization('DELETE', `/mytodolist-attachments/private/${ANA}/x`, new URLSearchParams()),
    ),
  ).toBe(false);
});
