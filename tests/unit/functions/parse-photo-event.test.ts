import { photosFromBatch } from '../../../functions/parse-photo-event/photos';
import { MalformedEvent } from '../../../functions/shared/errors';
import { photoIdFor } from '../../../functions/shared/s3-keys';
import { s3Notification, s3TestEvent, sqsMessage } from '../../support/events';

test('lists the photo of each S3 record, with its key decoded', () => {
  const batch = [sqsMessage(s3Notification('uploads', ['photos/summer holiday/été 1.jpg']))];
  expect(photosFromBatch(batch)).toEqual({
    isTestEvent: false,
    photos: [
      {
        photoId: photoIdFor('photos/summer holiday/été 1.jpg'),
        bucket: 'uploads',
        key: 'photos/summer holiday/été 1.jpg',
        size: 1234,
        eTag: 'abc123',
      },
    ],
  });
});

test('collects the photos of several records and several messages', () => {
  const batch = [
    sqsMessage(s3Notification('uploads', ['photos/a.jpg', 'photos/b.png'])),
    sqsMessage(s3Notification('uploads', ['photos/c.gif'])),
  ];
  expect(photosFromBatch(batch).photos.map((p) => p.key)).toEqual([
    'photos/a.jpg',
    'photos/b.png',
    'photos/c.gif',
  ]);
});

test('recognises s3:TestEvent as a test event with no photos', () => {
  expect(photosFromBatch([sqsMessage(s3TestEvent('uploads'))])).toEqual({ isTestEvent: true, photos: [] });
});

test('gives the same photo the same id every time, so repeats write the same records', () => {
  const once = photosFromBatch([sqsMessage(s3Notification('uploads', ['photos/a.jpg']))]);
  const twice = photosFromBatch([sqsMessage(s3Notification('uploads', ['photos/a.jpg']))]);
  expect(once.photos[0]?.photoId).toBe(twice.photos[0]?.photoId);
});

test.each([
  ['a body that is not JSON', [sqsMessage('{not json')], /is not an S3 event notification: Invalid JSON/],
  ['a body that is not an S3 notification', [sqsMessage({ hello: 1 })], /is not an S3 event notification/],
  [
    'a key escaping its prefix with ../',
    [sqsMessage(s3Notification('uploads', ['photos/../../etc/passwd']))],
    /relative path segment/,
  ],
  [
    'a key with a control character',
    [sqsMessage(s3Notification('uploads', ['photos/a\u0007.jpg']))],
    /control characters/,
  ],
  [
    'a key that is not valid URL encoding',
    [
      sqsMessage({
        Records: [
          {
            eventSource: 'aws:s3',
            eventName: 'ObjectCreated:Put',
            s3: { bucket: { name: 'b' }, object: { key: 'photos/%E0%A4%A.jpg' } },
          },
        ],
      }),
    ],
    /not valid URL encoding/,
  ],
  ['an empty batch', [], /no SQS message/],
  ['something that is not an SQS message', [{ body: 1 }], /not an SQS message/],
  [
    'a message from another source than SQS',
    [{ ...sqsMessage(s3Notification('uploads', ['photos/a.jpg'])), eventSource: 'aws:sns' }],
    /Batch item 0 is not an SQS message: eventSource/,
  ],
  [
    'a message without the attributes SQS sets',
    [{ ...sqsMessage(s3Notification('uploads', ['photos/a.jpg'])), attributes: {} }],
    /Batch item 0 is not an SQS message: attributes\.ApproximateReceiveCount/,
  ],
])('refuses %s as MalformedEvent', (_what, batch, message) => {
  expect(() => photosFromBatch(batch)).toThrow(MalformedEvent);
  expect(() => photosFromBatch(batch)).toThrow(message);
});
