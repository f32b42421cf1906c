import semver from 'semver';
import { seededRandom } from '../../../local/seeded-random';
import { LatestReleaseContended } from '../../../functions/shared/errors';
import type { LatestRelease } from '../../../functions/shared/latest-release';
import {
  MAX_ATTEMPTS,
  pointLatestAt,
  type LatestStore,
} from '../../../functions/point-latest-release/point-latest';

/**
 * latest.json as S3 keeps it: a body and an ETag that changes with every write, replaced only
 * when the caller's ETag still matches. `pause` runs between reading and answering, where another
 * writer may get in; every body ever stored is kept, in order.
 */
class InMemoryLatest implements LatestStore {
  private current: { body: string; etag: string } | null = null;
  private writes = 0;
  readonly history: string[] = [];
  constructor(private readonly pause: () => Promise<void> = () => Promise.resolve()) {}

  put(body: string): void {
    this.writes += 1;
    this.current = { body, etag: `"e${this.writes}"` };
    this.history.push(body);
  }

  async read(): Promise<LatestRelease | null> {
    const seen = this.current;
    await this.pause();
    if (seen === null) return null;
    const { version } = JSON.parse(seen.body) as { version?: unknown };
    return { version: typeof version === 'string' ? version : null, etag: seen.etag };
  }

  async replaceIfUnchanged(body: string, readEtag: string | null): Promise<'replaced' | 'changed'> {
    await this.pause();
    if ((this.current?.etag ?? null) !== readEtag) return 'changed';
    this.put(body);
    return 'replaced';
  }

  versions(): string[] {
    return this.history.map((body) => (JSON.parse(body) as { version: string }).version);
  }
}

const manifest = (version: string) => JSON.stringify({ version });
const point = (store: LatestStore, version: string) => pointLatestAt(store, version, manifest(version));

test('the first release creates latest.json', async () => {
  const store = new InMemoryLatest();
  await expect(point(store, '1.0.0')).resolves.toEqual({ outcome: 'moved', latestVersion: '1.0.0' });
  expect(store.versions()).toEqual(['1.0.0']);
});

test('a higher version moves latest.json; the same one finds it in place; a lower one leaves it', async () => {
  const store = new InMemoryLatest();
  store.put(manifest('1.9.3'));
  await expect(point(store, '1.10.0')).resolves.toEqual({ outcome: 'moved', latestVersion: '1.10.0' });
  await expect(point(store, '1.10.0')).resolves.toEqual({
    outcome: 'alreadyLatest',
    latestVersion: '1.10.0',
  });
  await expect(point(store, '1.9.9')).resolves.toEqual({ outcome: 'superseded', latestVersion: '1.10.0' });
  expect(store.versions()).toEqual(['1.9.3', '1.10.0']);
});

test('versions are compared as semantic versions, pre-releases below their release', async () => {
  const store = new InMemoryLatest();
  store.put(manifest('2.0.0-rc.1'));
  await expect(point(store, '2.0.0-beta.11')).resolves.toMatchObject({ outcome: 'superseded' });
  await expect(point(store, '2.0.0')).resolves.toMatchObject({ outcome: 'moved' });
  await expect(point(store, '2.0.0-rc.2')).resolves.toMatchObject({ outcome: 'superseded' });
});

test('a latest.json that names no version is replaced, conditionally like any other', async () => {
  const store = new InMemoryLatest();
  store.put('{"note":"written by hand"}');
  await expect(point(store, '1.0.0')).resolves.toMatchObject({ outcome: 'moved' });
  expect(store.versions().at(-1)).toBe('1.0.0');
});

test('a newer release written between the read and the write wins: the older one reads again and leaves it', async () => {
  const store = new InMemoryLatest();
  store.put(manifest('29.0.0'));
  const racing: LatestStore = {
    read: () => store.read(),
    async replaceIfUnchanged(body, etag) {
      // 31.0.0 gets there first, after 30.0.0 compared itself with 29.0.0.
      if (
        (JSON.parse(body) as { version: string }).version === '30.0.0' &&
        store.versions().at(-1) === '29.0.0'
      )
        await point(store, '31.0.0');
      return store.replaceIfUnchanged(body, etag);
    },
  };
  await expect(point(racing, '30.0.0')).resolves.toEqual({ outcome: 'superseded', latestVersion: '31.0.0' });
  expect(store.versions()).toEqual(['29.0.0', '31.0.0']);
});

test('an older release written between the read and the write does not stop a newer one', async () => {
  const store = new InMemoryLatest();
  store.put(manifest('29.0.0'));
  let raced = false;
  const racing: LatestStore = {
    read: () => store.read(),
    async replaceIfUnchanged(body, etag) {
      if (!raced) {
        raced = true;
        await point(store, '30.0.0');
      }
      return store.replaceIfUnchanged(body, etag);
    },
  };
  await expect(point(racing, '31.0.0')).resolves.toEqual({ outcome: 'moved', latestVersion: '31.0.0' });
  expect(store.versions()).toEqual(['29.0.0', '30.0.0', '31.0.0']);
});

test('losing every attempt is LatestReleaseContended, which the workflow retries later', async () => {
  const store: LatestStore = {
    read: () => Promise.resolve({ version: '1.0.0', etag: '"e"' }),
    replaceIfUnchanged: jest.fn(() => Promise.resolve('changed' as const)),
  };
  const attempt = point(store, '2.0.0');
  await expect(attempt).rejects.toThrow(LatestReleaseContended);
  await expect(attempt).rejects.toMatchObject({ name: 'LatestReleaseContended', transient: true });
  expect(store.replaceIfUnchanged).toHaveBeenCalledTimes(MAX_ATTEMPTS);
});

test.each([1, 2, 3, 4, 5, 6, 7, 8])(
  'any number of releases pointing at once, interleaved at random (seed %i): latest.json only moves up and ends on the highest',
  async (seed) => {
    const random = seededRandom(seed);
    // Each read and write yields a random number of turns, so the writers interleave differently per seed.
    const pause = async () => {
      for (let turns = Math.floor(random() * 4); turns > 0; turns -= 1) await Promise.resolve();
    };
    const store = new InMemoryLatest(pause);
    store.put(manifest('1.0.0'));
    const versions = ['3.0.0', '2.0.0', '2.5.0-beta.1', '4.0.0', '2.5.0', '3.1.0', '1.0.1'];
    // Contention here is far above any real release day: allow attempts enough for every writer.
    const results = await Promise.all(
      versions.map((version) => pointLatestAt(store, version, manifest(version), versions.length + 1)),
    );
    const stored = store.versions();
    for (let i = 1; i < stored.length; i += 1)
      expect(semver.gt(stored[i] as string, stored[i - 1] as string)).toBe(true);
    expect(stored.at(-1)).toBe('4.0.0');
    expect(results.find((_r, i) => versions[i] === '4.0.0')?.outcome).toBe('moved');
    for (const result of results) expect(semver.lte(result.latestVersion, '4.0.0')).toBe(true);
  },
);
