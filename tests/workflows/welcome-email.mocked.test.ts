import { attemptsOf, workflowUnderTest, type WorkflowUnderTest } from './harness';

let workflow: WorkflowUnderTest;
beforeAll(async () => {
  workflow = await workflowUnderTest('welcome-email');
});
afterAll(() => workflow.close());

const HAPPY_PATH = [
  'Validate subscriber',
  'Check whether already welcomed',
  'Already welcomed?',
  'Render welcome email',
  'Send welcome email',
  'Record welcome sent',
  'Welcome email sent',
];

describe('welcome-email (mock config test cases)', () => {
  test('HappyPath: validates, renders, sends once and records it', async () => {
    const run = await workflow.run('HappyPath');
    expect(run.output).toEqual({ status: 'sent', email: 'ana@example.com', messageId: 'msg-1' });
    expect(run.entered).toEqual(HAPPY_PATH);
  });

  test('AlreadyWelcomed: the sent-log has the address, nothing is sent', async () => {
    const run = await workflow.run('AlreadyWelcomed');
    expect(run.output).toEqual({ status: 'already-welcomed', email: 'ana@example.com' });
    expect(run.entered).toEqual([
      'Validate subscriber',
      'Check whether already welcomed',
      'Already welcomed?',
      'Skip: already welcomed',
    ]);
  });

  test('InvalidSubscriber: ends in the named error without retrying', async () => {
    const run = await workflow.run('InvalidSubscriber');
    expect(run).toMatchObject({
      status: 'FAILED',
      error: 'InvalidSubscriber',
      cause: 'email: not an email address',
    });
    expect(run.entered).toEqual(['Validate subscriber', 'Reject invalid subscriber']);
    expect(attemptsOf(run, 'Validate subscriber').attempts).toBe(1);
  });

  test('SendThrottledThenSent: throttling is retried with capped, jittered back-off', async () => {
    const run = await workflow.run('SendThrottledThenSent');
    expect(run.output).toEqual({ status: 'sent', email: 'ana@example.com', messageId: 'msg-2' });
    expect(run.entered).toEqual(HAPPY_PATH);
    const { attempts, waits } = attemptsOf(run, 'Send welcome email');
    expect(attempts).toBe(3);
    // IntervalSeconds 2, BackoffRate 2, JitterStrategy FULL: each wait is at most 2 s, then 4 s.
    expect(waits).toHaveLength(2);
    waits.forEach((wait, i) => expect(wait).toBeLessThanOrEqual(2 * 2 ** i));
  });

  test('SendConcurrencyThrottledThenSent: a burst past the reserved concurrency waits, with more attempts than a service error gets', async () => {
    const run = await workflow.run('SendConcurrencyThrottledThenSent');
    expect(run.output).toEqual({ status: 'sent', email: 'ana@example.com', messageId: 'msg-2' });
    const { attempts, waits } = attemptsOf(run, 'Send welcome email');
    expect(attempts).toBe(6);
    // IntervalSeconds 1, BackoffRate 2, MaxDelaySeconds 30, JitterStrategy FULL.
    waits.forEach((wait, i) => expect(wait).toBeLessThanOrEqual(Math.min(2 ** i, 30)));
  });

  test('SendFailsForGood: after the retries run out the failure is recorded and operations told', async () => {
    const run = await workflow.run('SendFailsForGood');
    expect(run).toMatchObject({ status: 'FAILED', error: 'EmailThrottled' });
    expect(attemptsOf(run, 'Send welcome email').attempts).toBe(7);
    expect(run.entered.slice(-4)).toEqual([
      'Send welcome email',
      'Record welcome failure',
      'Notify operations',
      'Welcome email failed',
    ]);
  });

  test('ValidationServiceErrorRetriedThenValid: a Lambda service error is retried once', async () => {
    const run = await workflow.run('ValidationServiceErrorRetriedThenValid');
    expect(run.status).toBe('SUCCEEDED');
    const { attempts, waits } = attemptsOf(run, 'Validate subscriber');
    expect(attempts).toBe(2);
    expect(waits[0]).toBeLessThanOrEqual(1);
  });

  test('RenderTimedOutThenRendered: a function that ran past its timeout is retried', async () => {
    const run = await workflow.run('RenderTimedOutThenRendered');
    expect(run.status).toBe('SUCCEEDED');
    expect(attemptsOf(run, 'Render welcome email').attempts).toBe(2);
  });

  test('SentLogUnavailable: DynamoDB throttling past its retries ends in the failure path', async () => {
    const run = await workflow.run('SentLogUnavailable');
    expect(run).toMatchObject({ status: 'FAILED', error: 'DynamoDB.ThrottlingException' });
    expect(attemptsOf(run, 'Check whether already welcomed').attempts).toBe(5);
    expect(run.entered).toEqual([
      'Validate subscriber',
      'Check whether already welcomed',
      'Record welcome failure',
      'Notify operations',
      'Welcome email failed',
    ]);
  });

  test('RecordedByAnotherExecution: a lost race on the sent-log is still a single send', async () => {
    const run = await workflow.run('RecordedByAnotherExecution');
    expect(run.output).toEqual({ status: 'sent', email: 'ana@example.com', messageId: 'msg-1' });
    expect(run.entered).toEqual(HAPPY_PATH);
  });
});
