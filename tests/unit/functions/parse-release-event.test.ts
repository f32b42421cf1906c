import { manifestFromBatch } from '../../../functions/parse-release-event/release-event';
import { MalformedEvent } from '../../../functions/shared/errors';
import { s3Notification, s3TestEvent, snsEnvelope, sqsMessage } from '../../support/events';

test('finds the manifest through the SQS message, the SNS envelope and the S3 event', () => {
  const batch = [sqsMessage(snsEnvelope(s3Notification('releases', ['incoming/2.1.0/manifest.json'])))];
  expect(manifestFromBatch(batch)).toEqual({
    isTestEvent: false,
    bucket: 'releases',
    manifestKey: 'incoming/2.1.0/manifest.json',
  });
});

test("S3's test event is recognised, not refused: it names no manifest and means nothing to do", () => {
  expect(manifestFromBatch([sqsMessage(snsEnvelope(s3TestEvent('releases')))])).toEqual({
    isTestEvent: true,
  });
});

test.each([
  ['a body that is not JSON', [sqsMessage('nope')], /is not an SNS notification: Invalid JSON/],
  ['a body that is not an SNS notification', [sqsMessage({ Records: [] })], /is not an SNS notification/],
  [
    'an SNS message that is not an S3 event',
    [sqsMessage(snsEnvelope('hello'))],
    /The SNS message in .* is not an S3 event notification: Invalid JSON/,
  ],
  [
    'an SNS subscription confirmation instead of a notification',
    [sqsMessage({ ...snsEnvelope('{}'), Type: 'SubscriptionConfirmation' })],
    /is not an SNS notification: Type/,
  ],
  [
    'an SNS envelope without its timestamp',
    [sqsMessage({ ...snsEnvelope('{}'), Timestamp: 'yesterday' })],
    /is not an SNS notification: Timestamp/,
  ],
  [
    'an object that is not a manifest',
    [sqsMessage(snsEnvelope(s3Notification('releases', ['incoming/app.zip'])))],
    /Expected one manifest.json object, got 0/,
  ],
  ['two messages in one batch', [sqsMessage('a'), sqsMessage('b')], /Expected one release message, got 2/],
])('refuses %s as MalformedEvent', (_what, batch, message) => {
  expect(() => manifestFromBatch(batch)).toThrow(MalformedEvent);
  expect(() => manifestFromBatch(batch)).toThrow(message);
});
