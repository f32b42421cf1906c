import { attemptsOf, workflowUnderTest, type WorkflowUnderTest } from './harness';

let workflow: WorkflowUnderTest;
beforeAll(async () => {
  workflow = await workflowUnderTest('update-publishing');
});
afterAll(() => workflow.close());

const count = (names: string[], name: string) => names.filter((n) => n === name).length;

describe('update-publishing (mock config test cases)', () => {
  test('HappyPath: verified, copied, invalidated (InProgress twice, then Completed), announced, recorded', async () => {
    const run = await workflow.run('HappyPath');
    expect(run.status).toBe('SUCCEEDED');
    expect(count(run.entered, 'Check invalidation')).toBe(3);
    expect(count(run.entered, 'Wait for invalidation')).toBe(3);
    for (const state of [
      'Verify checksum',
      'Copy to distribution bucket',
      'Announce update available',
      'Record release event',
      'Cache invalidated',
    ])
      expect(run.entered).toContain(state);
    expect(run.entered.slice(-3)).toEqual([
      'Record the release manifest',
      'Point latest at the new release',
      'Release published',
    ]);
    const output = run.output as { announcements: unknown[]; copies: unknown[] };
    expect(output.announcements[1]).toEqual({ messageId: 'm-1' });
    expect(output.copies).toEqual([{ key: 'releases/2.1.0/app.zip', bytes: 10, parts: 1 }]);
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
      'Is this release newer?',
      'Stale release: nothing to do',
    ]);
  });

  test('ChecksumMismatch: a Map item failing fails the release and removes partial copies', async () => {
    const run = await workflow.run('ChecksumMismatch');
    expect(run).toMatchObject({ status: 'FAILED', error: 'ChecksumMismatch' });
    expect(run.entered).not.toContain('Copy to distribution bucket');
    expect(run.entered.slice(-3)).toEqual(['Remove partial copies', 'Notify operations', 'Release failed']);
  });

  test('AnnouncementFails: a Parallel branch failing after its retries fails the release', async () => {
    const run = await workflow.run('AnnouncementFails');
    expect(run).toMatchObject({ status: 'FAILED', error: 'SNS.InternalErrorException' });
    expect(attemptsOf(run, 'Announce update available').attempts).toBe(5);
    expect(run.entered).not.toContain('Point latest at the new release');
    expect(run.entered.slice(-3)).toEqual(['Remove partial copies', 'Notify operations', 'Release failed']);
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
