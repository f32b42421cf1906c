import { subscriberFromStreamInput } from '../../../functions/validate-subscriber/subscriber-record';
import { InvalidSubscriber, MalformedEvent } from '../../../functions/shared/errors';
import { subscriberInsertRecord } from '../../support/events';

test('reads the subscriber out of a Pipe batch holding one INSERT record', () => {
  const record = subscriberInsertRecord({
    email: 'Ada@Example.com',
    name: ' Ada Lovelace ',
    locale: 'en-GB',
  });
  expect(subscriberFromStreamInput([record])).toEqual({
    email: 'ada@example.com',
    name: 'Ada Lovelace',
    locale: 'en-GB',
    consent: true,
    eventId: record.eventID,
  });
});

test('accepts a single record as well as a batch', () => {
  expect(subscriberFromStreamInput(subscriberInsertRecord()).email).toBe('ada@example.com');
});

test.each([
  ['an invalid email', { email: 'not-an-email' }, /email is not a valid address/],
  [
    'a CR/LF in the email (header injection)',
    { email: 'ada@example.com\r\nBcc: all@example.com' },
    /control characters/,
  ],
  ['a CR/LF in the name', { name: 'Ada\nBcc: x@example.com' }, /name contains control characters/],
  ['an empty name', { name: '  ' }, /name is empty/],
  ['a malformed locale', { locale: 'english' }, /locale/],
  ['a name with U+202E', { name: 'Ada\u202eevil' }, /bidirectional control/],
  ['a name carrying an encoded-word', { name: '=?utf-8?Q?Ada?=' }, /MIME encoded-word/],
  ['a name of zero-width spaces', { name: '\u200b\u200b' }, /no visible character/],
  ['no consent', { consent: false }, /consent must be true/],
  ['a missing email', { email: undefined }, /email/],
])('refuses %s as InvalidSubscriber', (_what, fields, message) => {
  const attempt = () => subscriberFromStreamInput([subscriberInsertRecord(fields)]);
  expect(attempt).toThrow(InvalidSubscriber);
  expect(attempt).toThrow(message);
});

test('refuses a MODIFY record as MalformedEvent', () => {
  const record = { ...subscriberInsertRecord(), eventName: 'MODIFY' };
  expect(() => subscriberFromStreamInput([record])).toThrow(MalformedEvent);
});

test('refuses a record from another source than the table stream as MalformedEvent', () => {
  const record = { ...subscriberInsertRecord(), eventSource: 'aws:kinesis' };
  expect(() => subscriberFromStreamInput([record])).toThrow(/Not a DynamoDB stream record: eventSource/);
});

test('refuses a NewImage that is not a DynamoDB item as MalformedEvent', () => {
  const record = subscriberInsertRecord();
  const broken = { ...record, dynamodb: { ...record.dynamodb, NewImage: { email: { Q: 'x' } } } };
  expect(() => subscriberFromStreamInput([broken])).toThrow(MalformedEvent);
  expect(() => subscriberFromStreamInput([broken])).toThrow(/NewImage/);
});

test('refuses a batch of two records as MalformedEvent: the Pipe is configured for one', () => {
  expect(() => subscriberFromStreamInput([subscriberInsertRecord(), subscriberInsertRecord()])).toThrow(
    /Expected one stream record per execution, got 2/,
  );
});

test('refuses something that is not a stream record, saying which field is wrong', () => {
  expect(() => subscriberFromStreamInput([{ hello: 'world' }])).toThrow(
    /Not a DynamoDB stream record: eventID/,
  );
});
