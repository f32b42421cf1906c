import { SendEmailCommand, type SESv2Client } from '@aws-sdk/client-sesv2';
import { EmailRejected, EmailServiceUnavailable, EmailThrottled } from '../shared/errors';

export interface OutgoingEmail {
  readonly to: string;
  readonly subject: string;
  readonly html: string;
  readonly text: string;
}

interface SesErrorShape {
  name?: string;
  $fault?: 'client' | 'server';
}

const THROTTLED = new Set([
  'TooManyRequestsException',
  'LimitExceededException',
  'Throttling',
  'ThrottlingException',
]);

/** Maps an SES failure to the error name the workflow retries (or not) by. */
export function classifySesError(error: unknown): Error {
  const shape = (typeof error === 'object' && error !== null ? error : {}) as SesErrorShape;
  const message = error instanceof Error ? error.message : String(error);
  if (shape.name !== undefined && THROTTLED.has(shape.name)) return new EmailThrottled(message);
  if (shape.$fault === 'server') return new EmailServiceUnavailable(message);
  return new EmailRejected(`${shape.name ?? 'Error'}: ${message}`);
}

/**
 * Sends one email. The sender comes from configuration, never from the event, so no subscriber
 * can make the blog send as someone else.
 */
export async function sendEmail(ses: SESv2Client, sender: string, email: OutgoingEmail): Promise<string> {
  try {
    const result = await ses.send(
      new SendEmailCommand({
        FromEmailAddress: sender,
        Destination: { ToAddresses: [email.to] },
        Content: {
          Simple: {
            Subject: { Data: email.subject, Charset: 'UTF-8' },
            Body: {
              Html: { Data: email.html, Charset: 'UTF-8' },
              Text: { Data: email.text, Charset: 'UTF-8' },
            },
          },
        },
      }),
    );
    if (result.MessageId === undefined) throw new EmailServiceUnavailable('SES returned no MessageId');
    return result.MessageId;
  } catch (error) {
    if (error instanceof EmailServiceUnavailable) throw error;
    throw classifySesError(error);
  }
}
