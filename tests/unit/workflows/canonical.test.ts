import { canonicalWorkflowText } from '../../../workflows/tools/canonical';

test('orders ASL keys of the machine, states, retriers and catchers, whatever order they came in', () => {
  const exported = JSON.stringify({
    States: {
      A: {
        Next: 'B',
        Catch: [{ Next: 'B', ErrorEquals: ['States.ALL'] }],
        Retry: [{ MaxAttempts: 2, ErrorEquals: ['X'] }],
        Resource: 'arn:aws:states:::lambda:invoke',
        Type: 'Task',
      },
      B: { End: true, Type: 'Pass' },
    },
    StartAt: 'A',
    Comment: 'c',
  });
  expect(JSON.parse(canonicalWorkflowText(exported))).toEqual({
    Comment: 'c',
    StartAt: 'A',
    States: {
      A: {
        Type: 'Task',
        Resource: 'arn:aws:states:::lambda:invoke',
        Retry: [{ ErrorEquals: ['X'], MaxAttempts: 2 }],
        Catch: [{ ErrorEquals: ['States.ALL'], Next: 'B' }],
        Next: 'B',
      },
      B: { Type: 'Pass', End: true },
    },
  });
  const keys = Object.keys(
    (JSON.parse(canonicalWorkflowText(exported)) as { States: { A: object } }).States.A,
  );
  expect(keys).toEqual(['Type', 'Resource', 'Retry', 'Catch', 'Next']);
});

test('keeps the author order inside payload templates such as Parameters', () => {
  const text = JSON.stringify({
    StartAt: 'A',
    States: { A: { Type: 'Pass', Parameters: { zeta: 1, alpha: 2 }, End: true } },
  });
  const canonical = canonicalWorkflowText(text);
  expect(canonical.indexOf('"zeta"')).toBeLessThan(canonical.indexOf('"alpha"'));
});

test('orders keys inside Parallel branches and Map processors too', () => {
  const text = JSON.stringify({
    StartAt: 'P',
    States: {
      P: {
        End: true,
        Type: 'Parallel',
        Branches: [{ States: { X: { End: true, Type: 'Pass' } }, StartAt: 'X' }],
      },
    },
  });
  const parsed = JSON.parse(canonicalWorkflowText(text)) as {
    States: { P: { Branches: { States: { X: object } }[] } };
  };
  const branch = parsed.States.P.Branches[0] as { States: { X: object } };
  expect(Object.keys(branch)).toEqual(['StartAt', 'States']);
  expect(Object.keys(branch.States.X)).toEqual(['Type', 'End']);
});

test('writes 2-space indentation and ends with a newline, and is stable', () => {
  const once = canonicalWorkflowText('{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}');
  expect(once).toMatch(/^\{\n {2}"StartAt"/);
  expect(once.endsWith('}\n')).toBe(true);
  expect(canonicalWorkflowText(once)).toBe(once);
});

test('refuses a file that is not a JSON object', () => {
  expect(() => canonicalWorkflowText('[1]')).toThrow(SyntaxError);
  expect(() => canonicalWorkflowText('{ // comment\n}')).toThrow(SyntaxError);
});
