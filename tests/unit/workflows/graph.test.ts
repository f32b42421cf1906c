import { graphProblems, type JsonObject } from '../../../packages/asl/src/graph';

test('reports a Next that names no state, with its path, then the missing terminal state', () => {
  const machine: JsonObject = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Nowhere' } } };
  expect(graphProblems(machine)).toEqual([
    { code: 'MISSING_TRANSITION_TARGET', path: '/States/A/Next', message: "Missing 'Next' target: Nowhere" },
    { code: 'MISSING_END_STATE', message: 'Workflow has no terminal state' },
  ]);
});

test('reports a state that nothing reaches', () => {
  const machine: JsonObject = {
    StartAt: 'A',
    States: { A: { Type: 'Succeed' }, Orphan: { Type: 'Succeed' } },
  };
  expect(graphProblems(machine)).toEqual([
    {
      code: 'MISSING_TRANSITION_TARGET',
      path: '/States/Orphan',
      message: 'State "Orphan" is not reachable.',
    },
  ]);
});

test('treats Choice, Default and Catch targets as reachable', () => {
  const machine: JsonObject = {
    StartAt: 'C',
    States: {
      C: { Type: 'Choice', Choices: [{ Variable: '$.x', IsPresent: true, Next: 'T' }], Default: 'D' },
      T: { Type: 'Task', Resource: 'r', Catch: [{ ErrorEquals: ['States.ALL'], Next: 'F' }], End: true },
      D: { Type: 'Succeed' },
      F: { Type: 'Fail' },
    },
  };
  expect(graphProblems(machine)).toEqual([]);
});

test('checks each Parallel branch and Map processor as its own scope', () => {
  const machine: JsonObject = {
    StartAt: 'P',
    States: {
      P: {
        Type: 'Parallel',
        End: true,
        Branches: [{ StartAt: 'Missing', States: { X: { Type: 'Pass', Next: 'P' } } }],
      },
    },
  };
  expect(graphProblems(machine)).toEqual([
    {
      code: 'MISSING_TRANSITION_TARGET',
      path: '/States/P/Branches[0]/StartAt',
      message: "Missing 'Next' target: Missing",
    },
    {
      code: 'MISSING_TRANSITION_TARGET',
      path: '/States/P/Branches[0]/States/X/Next',
      message: "Missing 'Next' target: P",
    },
    {
      code: 'MISSING_TRANSITION_TARGET',
      path: '/States/P/Branches[0]/States/X',
      message: 'State "X" is not reachable.',
    },
  ]);
});
