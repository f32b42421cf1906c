import { targetOf, within } from '../../../services/update-server/src/paths';

describe('update server URL space', () => {
  test('/health is the health check', () => {
    expect(targetOf('/health')).toEqual({ kind: 'health' });
  });

  test('/updates/latest.json is the latest pointer', () => {
    expect(targetOf('/updates/latest.json')).toEqual({ kind: 'latest', relativePath: 'latest.json' });
  });

  test('/updates/<version>/<file> is a versioned file, folders inside a release included', () => {
    expect(targetOf('/updates/2.1.0/app.zip')).toEqual({ kind: 'versioned', relativePath: '2.1.0/app.zip' });
    expect(targetOf('/updates/2.1.0-beta.1/packs/base.pak')).toEqual({
      kind: 'versioned',
      relativePath: '2.1.0-beta.1/packs/base.pak',
    });
  });

  test('escapes are decoded per segment', () => {
    expect(targetOf('/updates/2.1.0/app%2Dx.zip')).toEqual({
      kind: 'versioned',
      relativePath: '2.1.0/app-x.zip',
    });
  });

  test('a path that is not a version folder is not found', () => {
    expect(targetOf('/updates/latest/app.zip')).toEqual({ kind: 'notFound' });
    expect(targetOf('/updates/2.1.0')).toEqual({ kind: 'notFound' });
    expect(targetOf('/releases/2.1.0/app.zip')).toEqual({ kind: 'notFound' });
    expect(targetOf('/')).toEqual({ kind: 'notFound' });
  });

  test('dot segments, encoded separators and NUL are refused before any file is read', () => {
    for (const path of [
      '/updates/../etc/passwd',
      '/updates/2.1.0/../../secret',
      '/updates/%2e%2e/secret',
      '/updates/2.1.0/..%2F..%2Fsecret',
      '/updates/2.1.0/a%5C..%5Cb',
      '/updates/2.1.0/a%00',
      '/updates/2.1.0//app.zip',
      '/updates/2.1.0/%E0%A4%A',
    ])
      expect(targetOf(path).kind).toBe('refused');
  });

  test('within() refuses a path that resolves outside the root', () => {
    expect(within('/srv/updates', '2.1.0/app.zip')).toBe('/srv/updates/2.1.0/app.zip');
    expect(within('/srv/updates', '../x')).toBeUndefined();
    expect(within('/srv/updates', '/etc/passwd')).toBeUndefined();
    expect(within('/srv/updates', '')).toBeUndefined();
  });
});
