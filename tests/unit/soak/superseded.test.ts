import { supersededBy } from '../../../local/soak/superseded';

const stale = (currentVersion: string | null) => ({
  release: { version: '8.3.0' },
  currentVersion,
  isNewer: false,
});

describe('a release the soak counts as superseded', () => {
  it('is one whose execution ended stale behind a newer release that was announced', () => {
    expect(supersededBy(stale('8.5.0'), '8.3.0', new Map([['8.5.0', 1]]))).toBe('8.5.0');
  });

  it('is not one behind a newer release that was never announced', () => {
    expect(supersededBy(stale('8.5.0'), '8.3.0', new Map())).toBeUndefined();
  });

  it('is not the release latest.json already points at (a rerun that refreshes it)', () => {
    expect(supersededBy(stale('8.3.0'), '8.3.0', new Map([['8.3.0', 1]]))).toBeUndefined();
  });

  it('is not one that was newer than the current release', () => {
    expect(
      supersededBy({ ...stale('8.2.0'), isNewer: true }, '8.3.0', new Map([['8.2.0', 1]])),
    ).toBeUndefined();
  });

  it('is not one when nothing was published before it', () => {
    expect(supersededBy(stale(null), '8.3.0', new Map())).toBeUndefined();
  });

  it('is not an execution whose output says nothing of versions', () => {
    expect(supersededBy({ status: 'published' }, '8.3.0', new Map([['8.5.0', 1]]))).toBeUndefined();
    expect(supersededBy(undefined, '8.3.0', new Map([['8.5.0', 1]]))).toBeUndefined();
  });
});
