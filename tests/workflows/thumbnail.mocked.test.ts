import { attemptsOf, workflowUnderTest, type WorkflowUnderTest } from './harness';

let workflow: WorkflowUnderTest;
beforeAll(async () => {
  workflow = await workflowUnderTest('thumbnail');
});
afterAll(() => workflow.close());

type Result = { photoId?: string; status?: string; thumbnails?: unknown[]; Error?: string };
const results = (output: unknown): Result[] => (output as { results: Result[] }).results;

describe('thumbnail (mock config test cases)', () => {
  test('HappyPath: one photo, six thumbnail sizes, metadata recorded', async () => {
    const run = await workflow.run('HappyPath');
    expect(run.status).toBe('SUCCEEDED');
    expect(results(run.output)).toEqual([expect.objectContaining({ photoId: 'p-cat', status: 'DONE' })]);
    expect(results(run.output)[0]?.thumbnails).toHaveLength(6);
    expect(run.entered).toEqual([
      'Read photo notification',
      'Is it a test event?',
      'Make thumbnails for each photo',
      'Thumbnails made',
    ]);
  });

  test('TestEvent: the S3 test event is ignored', async () => {
    const run = await workflow.run('TestEvent');
    expect(run.status).toBe('SUCCEEDED');
    expect(run.entered).toEqual(['Read photo notification', 'Is it a test event?', 'Ignore test event']);
  });

  test('UnsupportedImage: the only photo fails, beyond the 50% tolerance, and operations are told', async () => {
    const run = await workflow.run('UnsupportedImage');
    expect(run).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
    expect(run.entered.slice(-2)).toEqual(['Notify operations', 'Thumbnail workflow failed']);
  });

  test('OneOfTwoFailsWithinTolerance: one photo done, the other reported with its error', async () => {
    const run = await workflow.run('OneOfTwoFailsWithinTolerance');
    expect(run.status).toBe('SUCCEEDED');
    expect(results(run.output)).toEqual([
      expect.objectContaining({ status: 'DONE' }),
      expect.objectContaining({ Error: 'UnsupportedImageType' }),
    ]);
  });

  test('BothFailBeyondTolerance: two of two failing is past 50%', async () => {
    const run = await workflow.run('BothFailBeyondTolerance');
    expect(run).toMatchObject({ status: 'FAILED', error: 'States.ExceedToleratedFailureThreshold' });
    expect(run.entered).toEqual([
      'Read photo notification',
      'Is it a test event?',
      'Make thumbnails for each photo',
      'Notify operations',
      'Thumbnail workflow failed',
    ]);
  });

  test('TransientStorageErrorRetried: a storage hiccup while inspecting is retried', async () => {
    const run = await workflow.run('TransientStorageErrorRetried');
    expect(run.status).toBe('SUCCEEDED');
    expect(results(run.output)[0]).toMatchObject({ status: 'DONE' });
  });

  test('MalformedNotification: a bad event ends in the named error and operations are told', async () => {
    const run = await workflow.run('MalformedNotification');
    expect(run).toMatchObject({ status: 'FAILED', error: 'MalformedEvent' });
    expect(run.entered).toEqual([
      'Read photo notification',
      'Keep notification error',
      'Notify operations',
      'Thumbnail workflow failed',
    ]);
    expect(attemptsOf(run, 'Read photo notification').attempts).toBe(1);
  });
});
