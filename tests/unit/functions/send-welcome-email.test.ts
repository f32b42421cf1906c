import { SESv2Client, SendEmailCommand } from '@aws-sdk/client-sesv2';
import { mockClient } from 'aws-sdk-client-mock';
import { classifySesError, sendEmail } from '../../../functions/send-welcome-email/send';

const ses = mockClient(SESv2Client);
const email = { to: 'ada@example.com', subject: 'Welcome', html: '<p>Hi</p>', text: 'Hi' };

beforeEach(() => ses.reset());

const serviceError = (name: string, fault: 'client' | 'server') =>
  Object.assign(new Error(`${name} happened`), { name, $fault: fault });

test('sends from the configured sender to the subscriber, with HTML and text bodies', async () => {
  ses.on(SendEmailCommand).resolves({ MessageId: 'm-1' });
  await expect(sendEmail(new SESv2Client({}), 'welcome@myblog.test', email)).resolves.toBe('m-1');
  const input = ses.commandCalls(SendEmailCommand)[0]?.args[0].input;
  expect(input?.FromEmailAddress).toBe('welcome@myblog.test');
  expect(input?.Destination?.ToAddresses).toEqual(['ada@example.com']);
  expect(input?.Content?.Simple?.Body?.Html?.Data).toBe('<p>Hi</p>');
  expect(input?.Content?.Simple?.Body?.Text?.Data).toBe('Hi');
});

test('reports SES throttling as EmailThrottled, which the workflow retries with back-off', async () => {
  ses.on(SendEmailCommand).rejects(serviceError('TooManyRequestsException', 'client'));
  await expect(sendEmail(new SESv2Client({}), 'welcome@myblog.test', email)).rejects.toMatchObject({
    name: 'EmailThrottled',
  });
});

test.each([
  ['TooManyRequestsException', 'client', 'EmailThrottled'],
  ['LimitExceededException', 'client', 'EmailThrottled'],
  ['InternalFailure', 'server', 'EmailServiceUnavailable'],
  ['MessageRejected', 'client', 'EmailRejected'],
  ['NotFoundException', 'client', 'EmailRejected'],
] as const)('classifies %s (%s fault) as %s', (name, fault, expected) => {
  expect(classifySesError(serviceError(name, fault)).name).toBe(expected);
});
