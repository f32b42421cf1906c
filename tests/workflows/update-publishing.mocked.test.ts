import { attemptsOf, workflowUnderTest, type WorkflowUnderTest } from './harness';

let workflow: WorkflowUnderTest;
beforeAll(async () => {
  workflow = await workflowUnderTest('update-publishing');
});
afterAll(() => workflow.close());

const count = (names: string[], name: string) => names.filter((n) => n === name).length;

describe('update-publishing (mock config test cases)', () => {
  test('HappyPath: claimed, verified, copied, put in place, invalidated (InProgress twice, then Completed), recorded, announced', async () => {
    const run = await workflow.run('HappyPath');
    expect(run.status).toBe('SUCCEEDED');
    expect(count(run.entered, 'Check invalidation')).toBe(3);
    expect(count(run.entered, 'Wait for invalidation')).toBe(3);
    for (const state of [
      'Claim the release',
      'Verify checksum',
      'Copy to distribution bucket',
      'Cache invalidated',
    ])
      expect(run.entered).toContain(state);
    const at = (state: string) => run.entered.indexOf(state);
    expect(at('Claim the release')).toBeLessThan(at('Verify checksum'));
    expect(at('Record the release manifest')).toBeLessThan(at('Point latest at the new release'));
    expect(at('Point latest at the new release')).toBeLessThan(at('Invalidate CDN cache'));
    expect(at('Point latest at the new release')).toBeLessThan(at('Record release event'));
    expect(run.entered.slice(-2)).toEqual(['Announce update available', 'Release published']);
    const output = run.output as {
      announcement: unknown;
      refresh: unknown[];
      copies: unknown[];
      latestRelease: unknown;
    };
    expect(output.latestRelease).toEqual({ outcome: 'moved', version: '2.1.0' });
    expect(output.announcement).toEqual({ messageId: 'm-1' });
    expect(output.refresh[1]).toEqual({ sequenceNumber: '1' });
    expect(output.copies).toEqual([{ key: 'releases/2.1.0/app.zip', bytes: 10, parts: 1 }]);
  });

  test('ClaimedByAnother: a notification delivered twice finds the release claimed and does nothing', async () => {
    const run = await workflow.run('ClaimedByAnother');
    expect(run.status).toBe('SUCCEEDED');
    expect(run.entered.slice(-2)).toEqual(['Claim the release', 'Another execution has this release']);
  });

  test('AnnouncingLeftUnfinished: a rerun of the release latest.json points at only refreshes and announces', async () => {
    const run = await workflow.run('AnnouncingLeftUnfinished');
    expect(run.status).toBe('SUCCEEDED');
    expect(run.entered).not.toContain('Verify and copy each file');
    expect(run.entered).not.toContain('Point latest at the new release');
    expect(run.entered).toContain('Already in place?');
    expect(run.entered.slice(-2)).toEqual(['Announce update available', 'Release published']);
  });

  test('AlreadyAnnounced: a repeated notification of the published release is not announced again', async () => {
    const run = await workflow.run('AlreadyAnnounced');
    expect(run.status).toBe('SUCCEEDED');
    expect(run.entered).not.toContain('Announce update available');
    expect(run.entered.at(-1)).toBe('Another execution has this release');
  });

  test('TestEvent: the s3:TestEvent S3 sends when the notification is set up ends as a no-op', async () => {
    const run = await workflow.run('TestEvent');
    expect(run.status).toBe('SUCCEEDED');
    expect(run.entered).toEqual(['Read release notification', 'Is it a test event?', 'Ignore test event']);
  });

  test('the invalidation is polled every 20 s of (virtual) time', async () => {
    const run = await workflow.run('HappyPath');
    const waits = run.events
      .filter((e) => e.type === 'WaitStateExited')
      .map((e) => (e.timestamp as Date).getTime());
    const entered = run.events
      .filter((e) => e.type === 'WaitStateEntered')
      .map((e) => (e.timestamp as Date).getTime());
    expect(waits.map((at, i) => (at - (entered[i] as number)) / 1000)).toEqual([20, 20, 20]);
  });

  test('StaleRelease: a release that is not newer does nothing', async () => {
    const run = await workflow.run('StaleRelease');
    expect(run.status).toBe('SUCCEEDED');
    expect(run.entered).toEqual([
      'Read release notification',
      'Is it a test event?',
      'Load release manifest',
      'Note where releases are served',
      'Is this release newer?',
      'Stale release: nothing to do',
    ]);
  });

  test('ChecksumMismatch: a Map item failing fails the release, removes partial copies and gives the claim back', async () => {
    const run = await workflow.run('ChecksumMismatch');
    expect(run).toMatchObject({ status: 'FAILED', error: 'ChecksumMismatch' });
    expect(run.entered).not.toContain('Copy to distribution bucket');
    expect(run.entered.slice(-5)).toEqual([
      'Remove partial copies',
      'Remove from the update server too?',
      'Release the claim',
      'Notify operations',
      'Release failed',
    ]);
  });

  test('AnnouncementFails: the announcement failing after its retries keeps the release in place and gives the claim back', async () => {
    const run = await workflow.run('AnnouncementFails');
    expect(run).toMatchObject({ status: 'FAILED', error: 'SNS.InternalErrorException' });
    expect(attemptsOf(run, 'Announce update available').attempts).toBe(5);
    expect(run.entered).toContain('Point latest at the new release');
    expect(run.entered).not.toContain('Remove partial copies');
    expect(run.entered.slice(-3)).toEqual(['Release the claim', 'Notify operations', 'Release failed']);
  });

  test('SupersededWhileCopying: a newer release took latest.json first; this one leaves it, keeps its files and is still recorded and announced', async () => {
    const run = await workflow.run('SupersededWhileCopying');
    expect(run.status).toBe('SUCCEEDED');
    expect((run.output as { latestRelease: unknown }).latestRelease).toEqual({
      outcome: 'superseded',
      version: '2.2.0',
    });
    expect(attemptsOf(run, 'Point latest at the new release').attempts).toBe(1);
    expect(run.entered).not.toContain('Remove partial copies');
    expect(run.entered).not.toContain('Release the claim');
    expect(run.entered).toContain('Record release event');
    expect(run.entered.slice(-2)).toEqual(['Announce update available', 'Release published']);
  });

  test('PointLatestContendedThenMoved: latest.json changing under every conditional write is retried, then moved', async () => {
    const run = await workflow.run('PointLatestContendedThenMoved');
    expect(run.status).toBe('SUCCEEDED');
    expect(attemptsOf(run, 'Point latest at the new release').attempts).toBe(2);
    expect((run.output as { latestRelease: unknown }).latestRelease).toEqual({
      outcome: 'moved',
      version: '2.1.0',
    });
  });

  test('PointLatestFails: latest.json cannot be written after the retries; copies removed, claim given back, nothing announced', async () => {
    const run = await workflow.run('PointLatestFails');
    expect(run).toMatchObject({ status: 'FAILED', error: 'TransientStorageError' });
    expect(attemptsOf(run, 'Point latest at the new release').attempts).toBe(4);
    expect(run.entered).not.toContain('Announce update available');
    expect(run.entered).not.toContain('Record release event');
    expect(run.entered.slice(-5)).toEqual([
      'Remove partial copies',
      'Remove from the update server too?',
      'Release the claim',
      'Notify operations',
      'Release failed',
    ]);
  });

  test('CopyThrottledThenCopied: a throttled copy is retried after at most 2 s', async () => {
    const run = await workflow.run('CopyThrottledThenCopied');
    expect(run.status).toBe('SUCCEEDED');
  });

  test('InvalidationNeverCompletes: after 30 checks the release fails', async () => {
    const run = await workflow.run('InvalidationNeverCompletes');
    expect(run).toMatchObject({ status: 'FAILED' });
    expect(count(run.entered, 'Check invalidation')).toBe(30);
    expect(run.entered).toContain('Invalidation took too long');
    expect(run.entered).not.toContain('Announce update available');
    expect(run.entered.slice(-3)).toEqual(['Release the claim', 'Notify operations', 'Release failed']);
  });

  test('MalformedNotification: a bad event ends in the named error and operations are told', async () => {
    const run = await workflow.run('MalformedNotification');
    expect(run).toMatchObject({ status: 'FAILED', error: 'MalformedEvent' });
    expect(run.entered).toEqual([
      'Read release notification',
      'Keep notification error',
      'Notify operations',
      'Release failed',
    ]);
  });
});
