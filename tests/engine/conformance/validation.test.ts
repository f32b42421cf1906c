import type { JsonObject } from '../../../packages/asl/src/json';
import { RETRIER_LIMITS } from '../../../packages/sfn-engine/src/definition/retry-rules';
import { validateDefinition } from '../../../packages/sfn-engine/src/definition/validate';
import { engineWith, type ConformanceCase, conformance } from '../harness';

/**
 * The whole InvalidDefinition message for these problems (each `CODE: message at /location`),
 * as the service prints it: one problem quoted once, several each quoted and the list quoted.
 */
function refusedWith(...problems: string[]): RegExp {
  const inner = problems.length === 1 ? problems[0] : problems.map((p) => `'${p}'`).join(', ');
  const text = `Invalid State Machine Definition: '${inner}'`;
  return new RegExp(`^${text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&')}$`);
}

const invalid = (name: string, definition: JsonObject, message: RegExp): ConformanceCase => ({
  name,
  definition,
  expect: { invalid: message },
});
const pass = { Type: 'Pass', End: true };
const lambda = 'arn:aws:lambda:us-east-1:123456789012:function:f';
const task = (fields: JsonObject): JsonObject => ({
  StartAt: 'T',
  States: { T: { Type: 'Task', Resource: lambda, End: true, ...fields } },
});

describe('The graph of states: targets, terminal states, reachability, names', () => {
  conformance([
    invalid(
      'a machine that no path can end (A → B → A) is MISSING_END_STATE, with no location',
      { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } } },
      refusedWith('MISSING_END_STATE: Workflow has no terminal state at null'),
    ),
    invalid(
      'MISSING_END_STATE is reported alone: the unreachable states of a machine without an end are not',
      {
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Next: 'B' },
          B: { Type: 'Pass', Next: 'A' },
          Unused: { Type: 'Pass', Next: 'A' },
        },
      },
      refusedWith('MISSING_END_STATE: Workflow has no terminal state at null'),
    ),
    invalid(
      'with a terminal state present, a state nothing reaches is MISSING_TRANSITION_TARGET',
      {
        StartAt: 'A',
        States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' }, C: pass },
      },
      refusedWith('MISSING_TRANSITION_TARGET: State "C" is not reachable. at /States/C'),
    ),
    invalid(
      'a Next naming no state is a missing target, then the machine has no terminal state',
      { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' } } },
      refusedWith(
        "MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /States/A/Next",
        'MISSING_END_STATE: Workflow has no terminal state at null',
      ),
    ),
    invalid(
      'StartAt naming no state is a missing target at /StartAt, and every state is unreachable',
      { StartAt: 'B', States: { A: pass } },
      refusedWith(
        "MISSING_TRANSITION_TARGET: Missing 'Next' target: B at /StartAt",
        'MISSING_TRANSITION_TARGET: State "A" is not reachable. at /States/A',
      ),
    ),
    invalid(
      'a Catch Next naming no state is located with the catcher in brackets',
      task({ Catch: [{ ErrorEquals: ['States.ALL'], Next: 'X' }] }),
      refusedWith("MISSING_TRANSITION_TARGET: Missing 'Next' target: X at /States/T/Catch[0]/Next"),
    ),
    invalid(
      'a Choice rule Next naming no state is located with the rule in brackets',
      {
        StartAt: 'C',
        States: {
          C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'Z' }], Default: 'D' },
          D: { Type: 'Succeed' },
        },
      },
      refusedWith("MISSING_TRANSITION_TARGET: Missing 'Next' target: Z at /States/C/Choices[0]/Next"),
    ),
    invalid(
      'a Choice Default naming no state is a missing target at Default',
      {
        StartAt: 'C',
        States: {
          C: { Type: 'Choice', Choices: [{ Variable: '$.a', IsPresent: true, Next: 'D' }], Default: 'Z' },
          D: { Type: 'Succeed' },
        },
      },
      refusedWith("MISSING_TRANSITION_TARGET: Missing 'Next' target: Z at /States/C/Default"),
    ),
    invalid(
      'an unreachable state inside a Parallel branch is located through the branch index',
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            Branches: [{ StartAt: 'W', States: { W: pass, Ghost: pass } }],
            End: true,
          },
        },
      },
      refusedWith(
        'MISSING_TRANSITION_TARGET: State "Ghost" is not reachable. at /States/P/Branches[0]/States/Ghost',
      ),
    ),
    invalid(
      'a missing StartAt target inside a Map processor is located through the processor',
      {
        StartAt: 'M',
        States: { M: { Type: 'Map', ItemProcessor: { StartAt: 'Nope', States: { A: pass } }, End: true } },
      },
      refusedWith(
        "MISSING_TRANSITION_TARGET: Missing 'Next' target: Nope at /States/M/ItemProcessor/StartAt",
        'MISSING_TRANSITION_TARGET: State "A" is not reachable. at /States/M/ItemProcessor/States/A',
      ),
    ),
    invalid(
      'state names are the whole machine’s: two Parallel branches may not share one',
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'X', States: { X: pass } },
              { StartAt: 'X', States: { X: pass } },
            ],
            End: true,
          },
        },
      },
      refusedWith('DUPLICATE_STATE_NAME: Duplicate State name: X at /States/P/Branches[1]/States/X'),
    ),
    invalid(
      'a state name over 80 characters is INVALID_STATE_NAME',
      { StartAt: 'x'.repeat(81), States: { ['x'.repeat(81)]: pass } },
      refusedWith(
        `INVALID_STATE_NAME: State name '${'x'.repeat(81)}' exceeds the 80-character limit allowed by the service at /States/${'x'.repeat(81)}`,
      ),
    ),
  ]);

  test('the service checks terminal states at the top level only: a loop inside a Map is accepted', () => {
    const loopInside = {
      StartAt: 'M',
      States: {
        M: {
          Type: 'Map',
          ItemProcessor: {
            StartAt: 'A',
            States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } },
          },
          End: true,
        },
      },
    };
    expect(validateDefinition(loopInside)).toEqual([]);
  });
});

describe('The fields of the machine and of each state, in the service’s words', () => {
  conformance([
    invalid(
      'an empty object lacks both required fields, named in one problem at the root',
      {},
      refusedWith('SCHEMA_VALIDATION_FAILED: These fields are required: [States, StartAt] at /'),
    ),
    invalid(
      'a missing StartAt',
      { States: { A: pass } },
      refusedWith('SCHEMA_VALIDATION_FAILED: These fields are required: [StartAt] at /'),
    ),
    invalid(
      'an empty States object',
      { StartAt: 'A', States: {} },
      refusedWith(
        'SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States',
        "MISSING_TRANSITION_TARGET: Missing 'Next' target: A at /StartAt",
      ),
    ),
    invalid(
      'a field the machine does not have is not supported, at the root',
      { StartAt: 'A', States: { A: pass }, Timeout: 5 },
      refusedWith("SCHEMA_VALIDATION_FAILED: Field 'Timeout' is not supported at /"),
    ),
    invalid(
      'an ASL Version other than 1.0',
      { Version: '2.0', StartAt: 'A', States: { A: pass } },
      refusedWith('SCHEMA_VALIDATION_FAILED: Value should be one of the following: [1.0] at /Version'),
    ),
    invalid(
      'an unknown QueryLanguage is reported at its own field',
      { QueryLanguage: 'XPath', StartAt: 'A', States: { A: pass } },
      refusedWith(
        'SCHEMA_VALIDATION_FAILED: Value should be one of the following: [JSONPath, JSONata] at /QueryLanguage',
      ),
    ),
    invalid(
      'a non-positive TimeoutSeconds on the machine',
      { TimeoutSeconds: 0, StartAt: 'A', States: { A: pass } },
      refusedWith('SCHEMA_VALIDATION_FAILED: Minimum value is 1 at /TimeoutSeconds'),
    ),
    invalid(
      'a field the state type does not have is not supported, located at the state',
      { StartAt: 'A', States: { A: { Type: 'Pass', Resource: 'x', End: true } } },
      refusedWith("SCHEMA_VALIDATION_FAILED: Field 'Resource' is not supported at /States/A"),
    ),
    invalid(
      'several fields a state does not have are each reported, in the order the state lists them',
      {
        StartAt: 'X',
        States: { X: { Type: 'Pass', TimeoutSeconds: 5, Catch: [], Retry: [], End: true } },
      },
      refusedWith(
        "SCHEMA_VALIDATION_FAILED: Field 'TimeoutSeconds' is not supported at /States/X",
        "SCHEMA_VALIDATION_FAILED: Field 'Catch' is not supported at /States/X",
        "SCHEMA_VALIDATION_FAILED: Field 'Retry' is not supported at /States/X",
      ),
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
      refusedWith("SCHEMA_VALIDATION_FAILED: Field 'End' is not supported at /States/C"),
    ),
    invalid(
      'an unknown state Type',
      { StartAt: 'A', States: { A: { Type: 'Sleep', End: true } } },
      refusedWith(
        'SCHEMA_VALIDATION_FAILED: Value should be one of the following: [Pass, Task, Choice, Wait, Succeed, Fail, Parallel, Map] at /States/A/Type',
      ),
    ),
    invalid(
      'a state with neither Next nor End',
      { StartAt: 'A', States: { A: { Type: 'Pass' }, B: pass } },
      refusedWith(
        'SCHEMA_VALIDATION_FAILED: This object should have only one of the following fields: [Next, End] at /States/A',
        'MISSING_TRANSITION_TARGET: State "B" is not reachable. at /States/B',
      ),
    ),
    invalid(
      'a state with both Next and End',
      { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B', End: true }, B: pass } },
      refusedWith(
        'SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: [Next, End] at /States/A',
      ),
    ),
    invalid(
      'a Task without Resource',
      { StartAt: 'A', States: { A: { Type: 'Task', End: true } } },
      refusedWith('SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] at /States/A'),
    ),
    invalid(
      'TimeoutSeconds and TimeoutSecondsPath together',
      task({ TimeoutSeconds: 1, TimeoutSecondsPath: '$.t' }),
      refusedWith(
        'SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: [TimeoutSeconds, TimeoutSecondsPath] at /States/T/TimeoutSeconds',
      ),
    ),
    invalid(
      'a TimeoutSeconds of 0',
      task({ TimeoutSeconds: 0 }),
      refusedWith('SCHEMA_VALIDATION_FAILED: Minimum value is 1 at /States/T/TimeoutSeconds'),
    ),
    invalid(
      'a TimeoutSeconds that is not an integer',
      task({ TimeoutSeconds: 1.5 }),
      refusedWith('SCHEMA_VALIDATION_FAILED: Expected value of type Integer at /States/T/TimeoutSeconds'),
    ),
    invalid(
      'HeartbeatSeconds not below TimeoutSeconds',
      task({ TimeoutSeconds: 10, HeartbeatSeconds: 10 }),
      /HeartbeatSeconds.*at \/States\/T\/HeartbeatSeconds'$/,
    ),
    invalid(
      'a Choice with no rules',
      { StartAt: 'C', States: { C: { Type: 'Choice', Choices: [], Default: 'D' }, D: { Type: 'Succeed' } } },
      refusedWith('SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/C/Choices'),
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
      refusedWith('SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at /States/C/Choices[0]'),
    ),
    invalid(
      'a Choice rule with two kinds of test',
      {
        StartAt: 'C',
        States: {
          C: {
            Type: 'Choice',
            Choices: [
              { Variable: '$.a', IsPresent: true, Not: { Variable: '$.b', IsPresent: true }, Next: 'D' },
            ],
          },
          D: { Type: 'Succeed' },
        },
      },
      refusedWith(
        'SCHEMA_VALIDATION_FAILED: The object must have only one of the following fields, [And, Or, Not, Variable, Condition] at /States/C/Choices[0]',
      ),
    ),
    invalid(
      'a Next inside a nested Choice rule',
      {
        StartAt: 'C',
        States: {
          C: {
            Type: 'Choice',
            Choices: [
              {
                And: [
                  { Variable: '$.a', IsPresent: true },
                  { Variable: '$.b', IsPresent: true, Next: 'D' },
                ],
                Next: 'D',
              },
            ],
          },
          D: { Type: 'Succeed' },
        },
      },
      refusedWith("SCHEMA_VALIDATION_FAILED: Field 'Next' is not supported at /States/C/Choices[0]/And[1]"),
    ),
    invalid(
      'a Choice Variable that is not a path',
      {
        StartAt: 'C',
        States: {
          C: { Type: 'Choice', Choices: [{ Variable: 'a', IsPresent: true, Next: 'D' }] },
          D: { Type: 'Succeed' },
        },
      },
      refusedWith(
        "SCHEMA_VALIDATION_FAILED: Value is not a Reference Path: Reference path didn't start with '$' at /States/C/Choices[0]/Variable",
      ),
    ),
    invalid(
      'a JSONata Choice rule without Condition',
      {
        QueryLanguage: 'JSONata',
        StartAt: 'C',
        States: { C: { Type: 'Choice', Choices: [{ Next: 'D' }] }, D: { Type: 'Succeed' } },
      },
      refusedWith('SCHEMA_VALIDATION_FAILED: These fields are required: [Condition] at /States/C/Choices[0]'),
    ),
    invalid(
      'a Wait with two of its timing fields',
      { StartAt: 'W', States: { W: { Type: 'Wait', Seconds: 1, SecondsPath: '$.s', End: true } } },
      refusedWith(
        'SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: [SecondsPath, Seconds, TimestampPath, Timestamp] at /States/W',
      ),
    ),
    invalid(
      'a Wait Timestamp that is not RFC 3339',
      { StartAt: 'W', States: { W: { Type: 'Wait', Timestamp: '2030-01-01 00:00:00', End: true } } },
      refusedWith('SCHEMA_VALIDATION_FAILED: String does not match RFC3339 timestamp at /States/W/Timestamp'),
    ),
    invalid(
      'a Parallel with no branches',
      { StartAt: 'P', States: { P: { Type: 'Parallel', Branches: [], End: true } } },
      refusedWith('SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/P/Branches'),
    ),
    invalid(
      'a Parallel branch may not set its own QueryLanguage',
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            Branches: [{ QueryLanguage: 'JSONata', StartAt: 'X', States: { X: pass } }],
            End: true,
          },
        },
      },
      refusedWith(
        "SCHEMA_VALIDATION_FAILED: Field 'QueryLanguage' is not supported at /States/P/Branches[0]",
      ),
    ),
    invalid(
      'a problem inside a Parallel branch names its path',
      {
        StartAt: 'P',
        States: {
          P: {
            Type: 'Parallel',
            Branches: [{ StartAt: 'X', States: { X: { Type: 'Task', End: true } } }],
            End: true,
          },
        },
      },
      refusedWith(
        'SCHEMA_VALIDATION_FAILED: These fields are required: [Resource] at /States/P/Branches[0]/States/X',
      ),
    ),
    invalid(
      'a Map without ItemProcessor',
      { StartAt: 'M', States: { M: { Type: 'Map', End: true } } },
      refusedWith(
        'SCHEMA_VALIDATION_FAILED: This object should have only one of the following fields: [ItemProcessor, Iterator] at /States/M',
      ),
    ),
    invalid(
      'a negative MaxConcurrency',
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            MaxConcurrency: -1,
            ItemProcessor: { StartAt: 'X', States: { X: pass } },
            End: true,
          },
        },
      },
      refusedWith('SCHEMA_VALIDATION_FAILED: Minimum value is 0 at /States/M/MaxConcurrency'),
    ),
    invalid(
      'a distributed Map needs an ExecutionType',
      {
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            ItemProcessor: { ProcessorConfig: { Mode: 'DISTRIBUTED' }, StartAt: 'X', States: { X: pass } },
            End: true,
          },
        },
      },
      refusedWith(
        'SCHEMA_VALIDATION_FAILED: These fields are required: [ExecutionType] at /States/M/ItemProcessor/ProcessorConfig',
      ),
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
      refusedWith("SCHEMA_VALIDATION_FAILED: Field 'ItemReader' is not supported at /States/M"),
    ),
    invalid(
      'a Fail with both Error and ErrorPath',
      { StartAt: 'F', States: { F: { Type: 'Fail', Error: 'E', ErrorPath: '$.e' } } },
      refusedWith(
        'SCHEMA_VALIDATION_FAILED: There should only be one of the following fields: [Error, ErrorPath] at /States/F/Error',
      ),
    ),
  ]);
});

describe('Query languages', () => {
  conformance([
    invalid(
      'a JSONata state with JSONPath fields names each field, at the state',
      {
        QueryLanguage: 'JSONata',
        StartAt: 'X',
        States: { X: { Type: 'Pass', InputPath: '$.a', OutputPath: '$.b', End: true } },
      },
      refusedWith(
        "SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'InputPath' is only supported for the 'JSONPath' QueryLanguage at /States/X",
        "SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONata', but field 'OutputPath' is only supported for the 'JSONPath' QueryLanguage at /States/X",
      ),
    ),
    invalid(
      'a JSONPath state with a JSONata field',
      { StartAt: 'T', States: { T: { Type: 'Task', Resource: lambda, Arguments: { a: 1 }, End: true } } },
      refusedWith(
        "SCHEMA_VALIDATION_FAILED: The QueryLanguage is set to 'JSONPath', but field 'Arguments' is only supported for the 'JSONata' QueryLanguage at /States/T",
      ),
    ),
    invalid(
      'a state falling back to JSONPath in a JSONata machine is reported for that alone',
      {
        QueryLanguage: 'JSONata',
        StartAt: 'X',
        States: { X: { Type: 'Pass', QueryLanguage: 'JSONPath', Output: { v: '{% 1 %}' }, End: true } },
      },
      refusedWith(
        "SCHEMA_VALIDATION_FAILED: 'QueryLanguage' can not be 'JSONPath' if set to 'JSONata' for whole state machine at /States/X",
      ),
    ),
    invalid(
      'a JSONata syntax error is INVALID_JSONATA_EXPRESSION in the parser’s words, at the field',
      {
        QueryLanguage: 'JSONata',
        StartAt: 'P',
        States: { P: { Type: 'Pass', Output: { a: { b: '{% 1 + %}' } }, End: true } },
      },
      refusedWith('INVALID_JSONATA_EXPRESSION: Unexpected end of expression at /States/P/Output'),
    ),
    invalid(
      'a string that opens an expression and does not close it',
      { QueryLanguage: 'JSONata', StartAt: 'P', States: { P: { Type: 'Pass', Output: '{% 1', End: true } } },
      refusedWith(
        'SCHEMA_VALIDATION_FAILED: JSONata string must start with {% and end with %} at /States/P/Output',
      ),
    ),
  ]);
});

describe('Paths, templates and variables', () => {
  conformance([
    invalid(
      'a path that is not JSONPath',
      { StartAt: 'A', States: { A: { Type: 'Pass', InputPath: 'a.b', End: true } } },
      refusedWith('SCHEMA_VALIDATION_FAILED: Value must be a valid JSONPath. at /States/A/InputPath'),
    ),
    invalid(
      'a ResultPath that selects more than one node is not a Reference Path',
      { StartAt: 'A', States: { A: { Type: 'Pass', ResultPath: '$.a[*]', End: true } } },
      refusedWith('SCHEMA_VALIDATION_FAILED: Value is not a Reference Path at /States/A/ResultPath'),
    ),
    invalid(
      'an intrinsic with a syntax error',
      {
        StartAt: 'A',
        States: { A: { Type: 'Pass', Parameters: { 'x.$': "States.Format('a', " }, End: true } },
      },
      /at \/States\/A\/Parameters'$/,
    ),
    invalid(
      'an unknown intrinsic function',
      { StartAt: 'A', States: { A: { Type: 'Pass', Parameters: { 'x.$': 'States.Nope(1)' }, End: true } } },
      /States\.Nope.* at \/States\/A\/Parameters'$/,
    ),
    invalid(
      'a variable name with characters a name may not have is INVALID_VARIABLE_NAME',
      { StartAt: 'A', States: { A: { Type: 'Pass', Assign: { 'bad-name': 1 }, End: true } } },
      refusedWith(
        "INVALID_VARIABLE_NAME: Invalid variable name 'bad-name': the variable name contains invalid characters. at /States/A/Assign/bad-name",
      ),
    ),
    invalid(
      'assigning $states is RESERVED_VARIABLE_NAME',
      { StartAt: 'A', States: { A: { Type: 'Pass', Assign: { states: 1 }, End: true } } },
      refusedWith(
        "RESERVED_VARIABLE_NAME: Cannot assign to reserved variable '$states'. at /States/A/Assign/states",
      ),
    ),
  ]);
});

describe('Retry and Catch', () => {
  conformance([
    invalid(
      'a Retry with an empty ErrorEquals',
      task({ Retry: [{ ErrorEquals: [] }] }),
      refusedWith('SCHEMA_VALIDATION_FAILED: Value cannot be empty at /States/T/Retry[0]/ErrorEquals'),
    ),
    invalid(
      'a retrier without ErrorEquals',
      task({ Retry: [{ MaxAttempts: 1 }] }),
      refusedWith('SCHEMA_VALIDATION_FAILED: These fields are required: [ErrorEquals] at /States/T/Retry[0]'),
    ),
    invalid(
      'States.ALL with other names',
      task({ Catch: [{ ErrorEquals: ['States.ALL', 'Boom'], Next: 'T' }] }),
      refusedWith(
        'SCHEMA_VALIDATION_FAILED: States.ALL must appear alone and at end of list at /States/T/Catch[0]/ErrorEquals',
      ),
    ),
    invalid(
      'a catcher without Next',
      task({ Catch: [{ ErrorEquals: ['States.ALL'] }] }),
      refusedWith('SCHEMA_VALIDATION_FAILED: These fields are required: [Next] at /States/T/Catch[0]'),
    ),
    invalid(
      'a field a retrier does not have',
      task({ Retry: [{ ErrorEquals: ['E'], Interval: 1 }] }),
      refusedWith("SCHEMA_VALIDATION_FAILED: Field 'Interval' is not supported at /States/T/Retry[0]"),
    ),
    invalid(
      'an IntervalSeconds of 0 (AWS documents a positive integer)',
      task({ Retry: [{ ErrorEquals: ['E'], IntervalSeconds: 0 }] }),
      refusedWith('SCHEMA_VALIDATION_FAILED: Minimum value is 1 at /States/T/Retry[0]/IntervalSeconds'),
    ),
    invalid(
      'a negative MaxAttempts',
      task({ Retry: [{ ErrorEquals: ['E'], MaxAttempts: -1 }] }),
      refusedWith('SCHEMA_VALIDATION_FAILED: Minimum value is 0 at /States/T/Retry[0]/MaxAttempts'),
    ),
    invalid(
      'a MaxDelaySeconds over a year and a day',
      task({ Retry: [{ ErrorEquals: ['E'], MaxDelaySeconds: 31622401 }] }),
      refusedWith(
        'SCHEMA_VALIDATION_FAILED: Maximum value is 31622400 at /States/T/Retry[0]/MaxDelaySeconds',
      ),
    ),
    invalid(
      'an unknown JitterStrategy',
      task({ Retry: [{ ErrorEquals: ['E'], JitterStrategy: 'SOME' }] }),
      refusedWith(
        'SCHEMA_VALIDATION_FAILED: Value should be one of the following: [NONE, FULL] at /States/T/Retry[0]/JitterStrategy',
      ),
    ),
  ]);
});

test('the Retry bounds are one table a compatibility mode can replace (IntervalSeconds 0 through)', () => {
  const definition = task({ Retry: [{ ErrorEquals: ['E'], IntervalSeconds: 0 }] });
  const retrierLimits = { ...RETRIER_LIMITS, IntervalSeconds: { min: 0, max: 99999999 } };
  expect(validateDefinition(definition)).toHaveLength(1);
  expect(validateDefinition(definition, { retrierLimits })).toEqual([]);
});

describe('Task resources', () => {
  conformance([
    invalid(
      'a Resource that is not an ARN',
      task({ Resource: 'my-function' }),
      refusedWith('SCHEMA_VALIDATION_FAILED: Value is not a valid resource ARN at /States/T/Resource'),
    ),
    invalid(
      'an integration pattern the service does not offer (.sync on Lambda)',
      task({ Resource: 'arn:aws:states:::lambda:invoke.sync' }),
      refusedWith(
        'SCHEMA_VALIDATION_FAILED: The resource provided arn:aws:states:::lambda:invoke.sync is not recognized. The value is not a valid resource ARN, or the resource is not available in this region. at /States/T/Resource',
      ),
    ),
    invalid(
      '.sync:2 on anything but a nested state machine',
      task({ Resource: 'arn:aws:states:::batch:submitJob.sync:2' }),
      /The resource provided arn:aws:states:::batch:submitJob\.sync:2 is not recognized/,
    ),
  ]);
});

describe('Express state machines', () => {
  const express = (definition: JsonObject) => validateDefinition(definition, { type: 'EXPRESS' });

  test('refuse the callback pattern, with the service’s message (and its trailing space)', () => {
    expect(express(task({ Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken' }))).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        path: '/States/T/Resource',
        message: "Express state machine does not support '.waitForTaskToken' service integration ",
      },
    ]);
  });

  test('refuse the job pattern', () => {
    expect(express(task({ Resource: 'arn:aws:states:::states:startExecution.sync' }))).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        path: '/States/T/Resource',
        message: "Express state machine does not support '.sync' service integration",
      },
    ]);
  });

  test('refuse activities', () => {
    expect(express(task({ Resource: 'arn:aws:states:us-east-1:123456789012:activity:work' }))).toEqual([
      {
        code: 'SCHEMA_VALIDATION_FAILED',
        path: '/States/T/Resource',
        message: 'Express state machine does not support Activity ARN',
      },
    ]);
  });

  test('accept the same resources in a Standard state machine', () => {
    for (const resource of [
      'arn:aws:states:::sqs:sendMessage.waitForTaskToken',
      'arn:aws:states:::states:startExecution.sync',
      'arn:aws:states:us-east-1:123456789012:activity:work',
    ])
      expect(validateDefinition(task({ Resource: resource }))).toEqual([]);
  });

  test('CreateStateMachine of an Express machine with a callback Task is InvalidDefinition', () => {
    expect(() =>
      engineWith().createStateMachine({
        name: 'express-callback',
        type: 'EXPRESS',
        definition: task({ Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken' }),
      }),
    ).toThrow(
      refusedWith(
        "SCHEMA_VALIDATION_FAILED: Express state machine does not support '.waitForTaskToken' service integration  at /States/T/Resource",
      ),
    );
  });
});
