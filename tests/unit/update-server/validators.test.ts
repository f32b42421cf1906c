import {
  preconditionOutcome,
  rangeStillValid,
  validatorsOf,
} from '../../../services/update-server/src/validators';

const file = { size: 1234, mtimeMs: Date.UTC(2025, 0, 2, 3, 4, 5, 678) };
const v = validatorsOf(file);
const earlier = 'Wed, 01 Jan 2025 00:00:00 GMT';
const later = 'Fri, 03 Jan 2025 00:00:00 GMT';

describe('validators and conditional requests (RFC 9110 §8.8, §13)', () => {
  test('the ETag is strong and changes with size or modification time', () => {
    expect(v.etag).toMatch(/^"[0-9a-f]+-[0-9a-f]+"$/);
    expect(validatorsOf({ ...file, size: 1235 }).etag).not.toBe(v.etag);
    expect(validatorsOf({ ...file, mtimeMs: file.mtimeMs + 1 }).etag).not.toBe(v.etag);
  });

  test('Last-Modified is the modification time to the second as an HTTP-date', () => {
    expect(v.lastModified).toBe('Thu, 02 Jan 2025 03:04:05 GMT');
  });

  test('If-None-Match with the current tag (weakly compared) is 304', () => {
    expect(preconditionOutcome({ ifNoneMatch: v.etag }, v)).toBe('notModified');
    expect(preconditionOutcome({ ifNoneMatch: `"other", W/${v.etag}` }, v)).toBe('notModified');
    expect(preconditionOutcome({ ifNoneMatch: '*' }, v)).toBe('notModified');
  });

  test('If-None-Match with another tag serves the file', () => {
    expect(preconditionOutcome({ ifNoneMatch: '"other"' }, v)).toBe('serve');
  });

  test('If-Modified-Since at or after the modification is 304, before it serves', () => {
    expect(preconditionOutcome({ ifModifiedSince: v.lastModified }, v)).toBe('notModified');
    expect(preconditionOutcome({ ifModifiedSince: later }, v)).toBe('notModified');
    expect(preconditionOutcome({ ifModifiedSince: earlier }, v)).toBe('serve');
  });

  test('If-None-Match takes precedence over If-Modified-Since', () => {
    expect(preconditionOutcome({ ifNoneMatch: '"other"', ifModifiedSince: later }, v)).toBe('serve');
  });

  test('an If-Modified-Since that is not a date is ignored', () => {
    expect(preconditionOutcome({ ifModifiedSince: 'yesterday-ish' }, v)).toBe('serve');
  });

  test('If-Match needs the current tag strongly, else 412', () => {
    expect(preconditionOutcome({ ifMatch: v.etag }, v)).toBe('serve');
    expect(preconditionOutcome({ ifMatch: `W/${v.etag}` }, v)).toBe('preconditionFailed');
    expect(preconditionOutcome({ ifMatch: '"other"' }, v)).toBe('preconditionFailed');
  });

  test('If-Unmodified-Since before the modification is 412', () => {
    expect(preconditionOutcome({ ifUnmodifiedSince: earlier }, v)).toBe('preconditionFailed');
    expect(preconditionOutcome({ ifUnmodifiedSince: later }, v)).toBe('serve');
  });

  test('If-Range keeps the Range only for the same strong tag or the exact Last-Modified', () => {
    expect(rangeStillValid(undefined, v)).toBe(true);
    expect(rangeStillValid(v.etag, v)).toBe(true);
    expect(rangeStillValid(`W/${v.etag}`, v)).toBe(false);
    expect(rangeStillValid('"other"', v)).toBe(false);
    expect(rangeStillValid(v.lastModified, v)).toBe(true);
    expect(rangeStillValid(later, v)).toBe(false);
  });
});
