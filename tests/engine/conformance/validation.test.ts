import type { JsonObject } from '../../../local/engine/json';
import { type ConformanceCase, conformance } from '../harness';

const invalid = (name: string, definition: JsonObject, message: RegExp): ConformanceCase => ({
  name,
  definition,
  expect: { invalid: message },
});
const pass = { Type: 'Pass', End: true };

describe('Definitions the service refuses, with the path of the problem', () => {
  conformance([
    invalid('a missing StartAt', { States: { A: pass } }, /\/StartAt/),
    invalid('StartAt naming no state', { StartAt: 'B', States: { A: pass } }, /\/StartAt/),
    invalid('no States', { StartAt: 'A', States: {} }, /\/States/),
    invalid(
      'Next naming no state',
      { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } },
      /\/States\/A\/Next/,
    ),
    invalid(
      'a Catch Next naming no state',
      {
        StartAt: 'A',
        States: {
          A: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:us-east-1:1:function:f',
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'X' }],
            End: true,
          },
        },
      },
      /\/States\/A\/Catch\/0\/Next/,
    ),
    invalid(
      'a Choice Default naming no state',
      {
        StartAt: 'C',
        States: {
          C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'D' }], Default: 'Z' },
          D: { Type: 'Succeed' },
        },
      },
      /\/States\/C\/Default/,
    ),
    invalid('an unreachable state', { StartAt: 'A', States: { A: pass, B: pass } }, /\/States\/B/),
    invalid(
      'a state with neither Next nor End',
      { StartAt: 'A', States: { A: { Type: 'Pass' } } },
      /Next or/,
    ),
    invalid(
      'a state with both Next and End',
      { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B', End: true }, B: pass } },
      /both "Next" and "End"/,
    ),
    invalid(
      'an unknown state Type',
      { StartAt: 'A', States: { A: { Type: 'Sleep', End: true } } },
      /\/States\/A\/Type/,
    ),
    invalid(
      'a field the state type does not have',
      { StartAt: 'A', States: { A: { Type: 'Pass', Resource: 'x', End: true } } },
      /\/States\/A\/Resource/,
    ),
    invalid(
      'a Task without Resource',
      { StartAt: 'A', States: { A: { Type: 'Task', End: true } } },
      /\/States\/A\/Resource/,
    ),
    invalid(
      'TimeoutSeconds and TimeoutSecondsPath together',
      {
        StartAt: 'A',
        States: {
          A: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:us-east-1:1:function:f',
            TimeoutSeconds: 1,
            TimeoutSecondsPath: '$.t',
            End: true,
          },
        },
      },
      /TimeoutSecondsPath/,
    ),
    invalid(
      'HeartbeatSeconds not below TimeoutSeconds',
      {
        StartAt: 'A',
        States: {
          A: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:us-east-1:1:function:f',
            TimeoutSeconds: 10,
            HeartbeatSeconds: 10,
            End: true,
          },
        },
      },
      /HeartbeatSeconds/,
    ),
    invalid(
      'a Choice with no rules',
      { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [], Default: 'D' }, D: { Type: 'Succeed' } } },
      /\/States\/C\/Choices/,
    ),
    invalid(
      'a Choice rule without Next',
      {
        StartAt: 'C',
        States: {
          C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true }], Default: 'D' },
          D: { Type: 'Succeed' },
        },
      },
      /Choices\/0\/Next/,
    ),
    invalid(
      'a JSONata Choice rule without Condition',
      {
        QueryLanguage: 'JSONata',
        StartAt: 'C',
        States: { C: { Type: 'Choice', Choices: [{ Next: 'D' }] }, D: { Type: 'Succeed' } },
      },
      /Condition/,
    ),
    invalid(
      'a Choice state with End',
      {
        StartAt: 'C',
        States: {
          C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'D' }], End: true },
          D: { Type: 'Succeed' },
        },
      },
      /\/States\/C\/End/,
    ),
    invalid(
      'a Parallel with no branches',
      { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [], End: true } } },
      /Branches/,
    ),
    invalid(
      'a problem inside a Parallel branch names its path',
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            Branches: [{ StartAt: 'X', States: { X: { Type: 'Pass', Next: 'Y' } } }],
            End: true,
          },
        },
      },
      /\/States\/P\/Branches\/0\/States\/X\/Next/,
    ),
    invalid(
      'a Map without ItemProcessor',
      { StartAt: 'M', States: { M: { Type: 'Map', End: true } } },
      /ItemProcessor/,
    ),
    invalid(
      'a problem inside a Map processor names its path',
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemProcessor: { StartAt: 'X', States: { X: { Type: 'Task', End: true } } },
            End: true,
          },
        },
      },
      /\/States\/M\/ItemProcessor\/States\/X\/Resource/,
    ),
    invalid(
      'ItemReader on an inline Map',
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemReader: { Resource: 'arn:aws:states:::s3:getObject' },
            ItemProcessor: { StartAt: 'X', States: { X: pass } },
            End: true,
          },
        },
      },
      /DISTRIBUTED/,
    ),
    invalid(
      'a Fail with both Error and ErrorPath',
      { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E', ErrorPath: '$.e' } } },
      /ErrorPath/,
    ),
    invalid(
      'a path that is not JSONPath',
      { StartAt: 'A', States: { A: { Type: 'Pass', InputPath: 'a.b', End: true } } },
      /\/States\/A\/InputPath/,
    ),
    invalid(
      'an intrinsic with a syntax error',
      {
        StartAt: 'A',
        States: { A: { Type: 'Pass', Parameters: { 'x.$': "States.Format('a', " }, End: true } },
      },
      /\/States\/A\/Parameters/,
    ),
    invalid(
      'an unknown intrinsic function',
      { StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { 'x.$': 'States.Nope(1)' }, End: true } } },
      /States\.Nope/,
    ),
    invalid(
      'an unknown QueryLanguage',
      { QueryLanguage: 'XPath', StartAt: 'A', States: { A: pass } },
      /QueryLanguage/,
    ),
    invalid(
      'a non-positive TimeoutSeconds on the machine',
      { TimeoutSeconds: 0, StartAt: 'A', States: { A: pass } },
      /\/TimeoutSeconds/,
    ),
    invalid(
      'a state name over 80 characters',
      { StartAt: 'x'.repeat(81), States: { ['x'.repeat(81)]: pass } },
      /80 characters/,
    ),
    invalid(
      'a Retry with an empty ErrorEquals',
      {
        StartAt: 'A',
        States: {
          A: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:us-east-1:1:function:f',
            Retry: [{ ErrorEquals: [] }],
            End: true,
          },
        },
      },
      /Retry\/0\/ErrorEquals/,
    ),
    invalid(
      'a negative MaxAttempts',
      {
        StartAt: 'A',
        States: {
          A: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:us-east-1:1:function:f',
            Retry: [{ ErrorEquals: ['E'], MaxAttempts: -1 }],
            End: true,
          },
        },
      },
      /MaxAttempts/,
    ),
    invalid(
      'every problem is reported, not only the first',
      { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'X' }, B: { Type: 'Pass', Next: 'Y' } } },
      /\/States\/A\/Next.*\/States\/B\/Next/s,
    ),
  ]);
});
