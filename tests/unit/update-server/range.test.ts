import { contentRange, rangeOf, unsatisfiedRange } from '../../../services/update-server/src/range';

describe('Range header of a GET (RFC 9110 §14)', () => {
  test('no Range header serves the whole file', () => {
    expect(rangeOf(undefined, 100)).toEqual({ kind: 'whole' });
  });

  test('bytes=10-19 is the ten bytes from offset 10', () => {
    expect(rangeOf('bytes=10-19', 100)).toEqual({ kind: 'partial', range: { first: 10, last: 19 } });
  });

  test('an open range bytes=90- runs to the last byte', () => {
    expect(rangeOf('bytes=90-', 100)).toEqual({ kind: 'partial', range: { first: 90, last: 99 } });
  });

  test('a suffix range bytes=-5 is the last five bytes', () => {
    expect(rangeOf('bytes=-5', 100)).toEqual({ kind: 'partial', range: { first: 95, last: 99 } });
  });

  test('a suffix longer than the file is the whole file as one range', () => {
    expect(rangeOf('bytes=-500', 100)).toEqual({ kind: 'partial', range: { first: 0, last: 99 } });
  });

  test('a last byte past the end is cut to the end', () => {
    expect(rangeOf('bytes=50-1000', 100)).toEqual({ kind: 'partial', range: { first: 50, last: 99 } });
  });

  test('a first byte at or past the end cannot be satisfied', () => {
    expect(rangeOf('bytes=100-', 100)).toEqual({ kind: 'unsatisfiable' });
    expect(rangeOf('bytes=-0', 100)).toEqual({ kind: 'unsatisfiable' });
  });

  test('any range of an empty file cannot be satisfied', () => {
    expect(rangeOf('bytes=0-', 0)).toEqual({ kind: 'unsatisfiable' });
  });

  test('invalid syntax, another unit or a reversed range is ignored: the whole file', () => {
    for (const header of ['bytes=20-10', 'items=0-1', 'bytes=a-b', 'bytes=-', 'bytes 0-1'])
      expect(rangeOf(header, 100)).toEqual({ kind: 'whole' });
  });

  test('several ranges are answered with the whole file rather than multipart/byteranges', () => {
    expect(rangeOf('bytes=0-1, 5-6', 100)).toEqual({ kind: 'whole' });
  });

  test('Content-Range is written as bytes first-last/size, and */size when unsatisfied', () => {
    expect(contentRange({ first: 0, last: 9 }, 100)).toBe('bytes 0-9/100');
    expect(unsatisfiedRange(100)).toBe('bytes */100');
  });
});
