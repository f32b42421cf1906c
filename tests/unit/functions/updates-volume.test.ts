import {
  existsSync,
  mkdirSync,
  mkdtempSync,
  readdirSync,
  readFileSync,
  rmSync,
  utimesSync,
  writeFileSync,
} from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { Readable } from 'node:stream';
import { GetObjectCommand, S3Client } from '@aws-sdk/client-s3';
import { sdkStreamMixin } from '@smithy/util-stream';
import { mockClient } from 'aws-sdk-client-mock';
import { writeToVolume } from '../../../functions/copy-release-file/to-volume';
import { pointLatestAt } from '../../../functions/point-latest-release/point-latest';
import { volumeLatestStore } from '../../../functions/point-latest-release/volume-latest-store';
import { removeVersionFolder } from '../../../functions/remove-release-copies/remove-from-volume';
import { ChecksumMismatch, UpdatesVolumeNotMounted } from '../../../functions/shared/errors';
import { updatesVolumeRoot, volumePath, withLatestLock } from '../../../functions/shared/updates-volume';
import { sha256 } from '../../support/releases';

// The update server's volume as update-publishing writes it: files, latest.json, and clean-up.

const s3 = mockClient(S3Client);
let root: string;
beforeEach(() => {
  s3.reset();
  root = mkdtempSync(join(tmpdir(), 'volume-'));
});
afterEach(() => rmSync(root, { recursive: true, force: true }));

const body = (data: Buffer) => ({
  Body: sdkStreamMixin(Readable.from([data.subarray(0, 7), data.subarray(7)])),
});
const manifest = (version: string) => JSON.stringify({ version, files: [] });

describe('release files on the update server volume', () => {
  test('a file whose SHA-256 and size match is put in place under <version>/<name>, nothing else left', async () => {
    const data = Buffer.from('the monthly pack, in bytes');
    s3.on(GetObjectCommand).resolves(body(data));
    const path = volumePath(root, '3.0.0', 'packs/base.pak');
    const file = { name: 'packs/base.pak', size: data.length, sha256: sha256(data) };
    await expect(
      writeToVolume(new S3Client({}), { bucket: 'releases', key: '3.0.0/packs/base.pak' }, file, path),
    ).resolves.toBe(data.length);
    expect(readFileSync(path)).toEqual(data);
    expect(readdirSync(join(root, '3.0.0', 'packs'))).toEqual(['base.pak']);
  });

  test('bytes that differ from the manifest are ChecksumMismatch and leave no file behind', async () => {
    const data = Buffer.from('changed since it was verified');
    s3.on(GetObjectCommand).resolves(body(data));
    const path = volumePath(root, '3.0.0', 'app.zip');
    const file = { name: 'app.zip', size: data.length, sha256: sha256('something else') };
    await expect(
      writeToVolume(new S3Client({}), { bucket: 'b', key: 'k' }, file, path),
    ).rejects.toBeInstanceOf(ChecksumMismatch);
    expect(readdirSync(join(root, '3.0.0'))).toEqual([]);
  });

  test('a name that would leave the volume is refused', () => {
    expect(() => volumePath(root, '3.0.0', '../../etc/passwd')).toThrow();
  });

  test('without UPDATES_VOLUME_PATH the function says it has no volume', () => {
    expect(() => updatesVolumeRoot({})).toThrow(UpdatesVolumeNotMounted);
  });

  test("a failed version's folder is removed with the count of its files", async () => {
    mkdirSync(join(root, '3.0.0', 'packs'), { recursive: true });
    writeFileSync(join(root, '3.0.0', 'a.bin'), 'a');
    writeFileSync(join(root, '3.0.0', 'packs', 'b.bin'), 'b');
    await expect(removeVersionFolder(join(root, '3.0.0'))).resolves.toBe(2);
    expect(existsSync(join(root, '3.0.0'))).toBe(false);
    await expect(removeVersionFolder(join(root, '3.0.0'))).resolves.toBe(0);
  });
});

describe("the update server's latest.json", () => {
  test('moves up to a newer release and not back to an older one', async () => {
    const store = volumeLatestStore(root);
    await expect(pointLatestAt(store, '3.0.0', manifest('3.0.0'))).resolves.toEqual({
      outcome: 'moved',
      latestVersion: '3.0.0',
    });
    await expect(pointLatestAt(store, '2.9.0', manifest('2.9.0'))).resolves.toEqual({
      outcome: 'superseded',
      latestVersion: '3.0.0',
    });
    await expect(pointLatestAt(store, '3.0.0', manifest('3.0.0'))).resolves.toEqual({
      outcome: 'alreadyLatest',
      latestVersion: '3.0.0',
    });
    expect(JSON.parse(readFileSync(join(root, 'latest.json'), 'utf8'))).toEqual({
      version: '3.0.0',
      files: [],
    });
  });

  test('a write based on a latest.json that changed since it was read is refused as changed', async () => {
    const store = volumeLatestStore(root);
    await pointLatestAt(store, '1.0.0', manifest('1.0.0'));
    const read = await store.read();
    await pointLatestAt(store, '1.1.0', manifest('1.1.0'));
    await expect(store.replaceIfUnchanged(manifest('1.0.5'), read?.etag ?? null)).resolves.toBe('changed');
  });

  test('releases finishing at the same moment leave latest.json at the highest version', async () => {
    const store = volumeLatestStore(root);
    const versions = ['4.0.0', '4.0.3', '4.0.1', '4.0.2', '3.9.9'];
    await Promise.all(versions.map((version) => pointLatestAt(store, version, manifest(version), 20)));
    expect((await store.read())?.version).toBe('4.0.3');
  });

  test('a lock left by a stopped invocation is broken once it is stale', async () => {
    mkdirSync(join(root, '.latest.lock'));
    const old = new Date(Date.now() - 10 * 60_000);
    utimesSync(join(root, '.latest.lock'), old, old);
    await expect(withLatestLock(root, async () => 'done', 1000)).resolves.toBe('done');
    expect(existsSync(join(root, '.latest.lock'))).toBe(false);
  });
});
