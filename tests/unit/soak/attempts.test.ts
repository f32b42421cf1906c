import type { HistoryEvent } from '@aws-sdk/client-sfn';
import { taskAttempts } from '../../../local/soak/attempts';

const entered = (name: string): HistoryEvent =>
  ({ type: 'TaskStateEntered', stateEnteredEventDetails: { name } }) as HistoryEvent;

test("lists each Task state's attempts in order, with the error each failed with", () => {
  const history = [
    entered('Send welcome email'),
    { type: 'TaskScheduled' },
    { type: 'TaskFailed', taskFailedEventDetails: { error: 'Sandbox.Timedout' } },
    { type: 'TaskScheduled' },
    { type: 'TaskSucceeded' },
    entered('Record welcome sent'),
    { type: 'TaskSucceeded' },
  ] as HistoryEvent[];
  expect(taskAttempts(history)).toBe('Send welcome email: Sandbox.Timedout, ok; Record welcome sent: ok');
});

test('counts a Task timeout and a plain Lambda ARN task as attempts too', () => {
  const history = [
    entered('Inspect image'),
    { type: 'LambdaFunctionFailed', lambdaFunctionFailedEventDetails: { error: 'Lambda.ServiceException' } },
    { type: 'TaskTimedOut', taskTimedOutEventDetails: { error: 'States.Timeout' } },
    { type: 'LambdaFunctionSucceeded' },
  ] as HistoryEvent[];
  expect(taskAttempts(history)).toBe('Inspect image: Lambda.ServiceException, States.Timeout, ok');
});

test('says nothing for an execution that ran no Task', () => {
  expect(taskAttempts([entered('Already welcomed?'), { type: 'ChoiceStateExited' }] as HistoryEvent[])).toBe(
    '',
  );
});
