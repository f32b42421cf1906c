import type { JsonObject } from '../../../packages/asl/src/json';
import { type ConformanceCase, conformance, fail, fn } from '../harness';

const ata = (definition: JsonObject): JsonObject => ({ QueryLanguage: 'JSONata', ...definition });
const echo = fn('echo');

describe('Variables in JSONata', () => {
  conformance([
    {
      name: 'a variable assigned in one state is read in a later one',
      definition: ata({
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Assign: { who: '{% $states.input.name %}' }, Next: 'B' },
          B: { Type: 'Pass', Output: "{% 'hi ' & $who %}", End: true },
        },
      }),
      input: { name: 'Ana' },
      expect: { output: 'hi Ana' },
    },
    {
      name: 'assignments in one Assign all see the values from before the state',
      definition: ata({
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' },
          B: { Type: 'Pass', Assign: { x: 2, previous: '{% $x %}' }, Next: 'C' },
          C: { Type: 'Pass', Output: { x: '{% $x %}', previous: '{% $previous %}' }, End: true },
        },
      }),
      expect: { output: { x: 2, previous: 1 } },
    },
    {
      name: "a state's Output does not see the variables it assigns",
      definition: ata({
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Assign: { x: 1 }, Next: 'B' },
          B: { Type: 'Pass', Assign: { x: 5 }, Output: '{% $x %}', End: true },
        },
      }),
      expect: { output: 1 },
    },
    {
      name: 'Assign reads the task result',
      definition: ata({
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: echo,
            Assign: { total: '{% $states.result.total %}' },
            Output: {},
            Next: 'U',
          },
          U: { Type: 'Pass', Output: '{% $total %}', End: true },
        },
      }),
      tasks: { [echo]: () => ({ total: 99 }) },
      expect: { output: 99 },
    },
    {
      name: 'a Parallel branch reads outer variables',
      definition: ata({
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Assign: { base: 10 }, Next: 'P' },
          P: {
            Type: 'Parallel',
            Branches: [
              { StartAt: 'B', States: { B: { Type: 'Pass', Output: '{% $base + 1 %}', End: true } } },
            ],
            End: true,
          },
        },
      }),
      expect: { output: [11] },
    },
    {
      name: 'assignments inside a branch do not leak out',
      definition: ata({
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Assign: { v: 'outer' }, Next: 'P' },
          P: {
            Type: 'Parallel',
            Branches: [
              {
                StartAt: 'B',
                States: {
                  B: { Type: 'Pass', Assign: { v: 'inner' }, Next: 'C' },
                  C: { Type: 'Pass', Output: '{% $v %}', End: true },
                },
              },
            ],
            Next: 'After',
          },
          After: {
            Type: 'Pass',
            Output: { outside: '{% $v %}', branch: '{% $states.input[0] %}' },
            End: true,
          },
        },
      }),
      expect: { output: { outside: 'outer', branch: 'inner' } },
    },
    {
      name: 'a Map iteration reads outer variables',
      definition: ata({
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Assign: { factor: 3 }, Next: 'M' },
          M: {
            Type: 'Map',
            Items: '{% [1, 2] %}',
            ItemProcessor: {
              StartAt: 'P',
              States: { P: { Type: 'Pass', Output: '{% $states.input * $factor %}', End: true } },
            },
            End: true,
          },
        },
      }),
      expect: { output: [3, 6] },
    },
    {
      name: 'the Map state itself may assign from its result',
      definition: ata({
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            Items: '{% [1, 2, 3] %}',
            ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
            Assign: { count: '{% $count($states.result) %}' },
            Next: 'R',
          },
          R: { Type: 'Pass', Output: '{% $count %}', End: true },
        },
      }),
      expect: { output: 3 },
    },
    {
      name: 'Catch Assign stores the error',
      definition: ata({
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: echo,
            Catch: [
              {
                ErrorEquals: ['States.ALL'],
                Assign: { problem: '{% $states.errorOutput.Error %}' },
                Next: 'R',
              },
            ],
            End: true,
          },
          R: { Type: 'Pass', Output: '{% $problem %}', End: true },
        },
      }),
      tasks: {
        [echo]: () => {
          throw fail('Oops');
        },
      },
      expect: { output: 'Oops' },
    },
    {
      name: 'Choice state-level Assign applies with the matched rule Assign',
      definition: ata({
        StartAt: 'C',
        States: {
          C: {
            Type: 'Choice',
            Assign: { always: 1 },
            Choices: [{ Condition: '{% true %}', Assign: { rule: 2 }, Next: 'R' }],
          },
          R: { Type: 'Pass', Output: '{% [$always, $rule] %}', End: true },
        },
      }),
      expect: { output: [1, 2] },
    },
    {
      name: 'a variable may hold any JSON value',
      definition: ata({
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Assign: { o: { list: [1, null, true] } }, Next: 'B' },
          B: { Type: 'Pass', Output: '{% $o.list[2] %}', End: true },
        },
      }),
      expect: { output: true },
    },
    // AWS: LocalStack's test_assign_reference_variables snapshot (test_undefined_reference),
    // recorded on AWS: the machine is created, and the state fails when it runs.
    {
      name: 'reading a variable that is never assigned fails the state as returning nothing',
      definition: ata({ StartAt: 'A', States: { A: { Type: 'Pass', Output: '{% $nowhere %}', End: true } } }),
      expect: {
        error: 'States.QueryEvaluationError',
        cause:
          /The JSONata expression '\$nowhere' specified for the field 'Output' returned nothing \(undefined\)\.$/,
      },
    },
    {
      name: 'an Assign of a variable that is never assigned fails the state, naming the variable field',
      definition: ata({
        StartAt: 'A',
        States: { A: { Type: 'Pass', Assign: { result: '{% $doesNotExist %}' }, End: true } },
      }),
      expect: {
        error: 'States.QueryEvaluationError',
        cause:
          /The JSONata expression '\$doesNotExist' specified for the field 'Assign\/result' returned nothing \(undefined\)\.$/,
      },
    },
    {
      name: 'a variable that is never assigned may still be tested for',
      definition: ata({
        StartAt: 'A',
        States: { A: { Type: 'Pass', Output: '{% $exists($maybe) %}', End: true } },
      }),
      expect: { output: false },
    },
    {
      name: 'a variable name that is not an identifier is refused',
      definition: ata({
        StartAt: 'A',
        States: { A: { Type: 'Pass', Assign: { 'bad-name': 1 }, End: true } },
      }),
      expect: { invalid: /bad-name/ },
    },
    {
      name: 'the name states is reserved',
      definition: ata({ StartAt: 'A', States: { A: { Type: 'Pass', Assign: { states: 1 }, End: true } } }),
      expect: { invalid: /states/ },
    },
    {
      name: 'local JSONata bindings are not workflow variables',
      definition: ata({
        StartAt: 'A',
        States: {
          A: {
            Type: 'Pass',
            Output: '{% ($local := 2; $map([1,2], function($v) { $v * $local })) %}',
            End: true,
          },
        },
      }),
      expect: { output: [2, 4] },
    },
  ]);
});

describe('Variables in JSONPath', () => {
  conformance([
    {
      name: 'Assign with .$ paths and a later $variable reference',
      definition: {
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Assign: { 'product.$': '$.product', count: 2 }, Next: 'B' },
          B: { Type: 'Pass', Parameters: { 'name.$': '$product.name', 'count.$': '$count' }, End: true },
        },
      },
      input: { product: { name: 'lamp' } },
      expect: { output: { name: 'lamp', count: 2 } },
    },
    {
      name: 'Assign reads the raw task result, before ResultSelector',
      definition: {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: echo,
            ResultSelector: { 'kept.$': '$.a' },
            Assign: { 'dropped.$': '$.b' },
            Next: 'U',
          },
          U: { Type: 'Pass', Parameters: { 'output.$': '$', 'dropped.$': '$dropped' }, End: true },
        },
      },
      tasks: { [echo]: () => ({ a: 1, b: 2 }) },
      expect: { output: { output: { kept: 1 }, dropped: 2 } },
    },
    {
      name: 'Assign may call intrinsic functions',
      definition: {
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Assign: { 'greeting.$': "States.Format('hi {}', $.n)" }, Next: 'B' },
          B: { Type: 'Pass', Parameters: { 'g.$': '$greeting' }, End: true },
        },
      },
      input: { n: 'Bo' },
      expect: { output: { g: 'hi Bo' } },
    },
    {
      name: 'a Choice rule compares against a variable',
      definition: {
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Assign: { limit: 5 }, Next: 'C' },
          C: {
            Type: 'Choice',
            Choices: [{ Variable: '$.n', NumericGreaterThanPath: '$limit', Next: 'Over' }],
            Default: 'Under',
          },
          Over: { Type: 'Pass', Result: 'over', End: true },
          Under: { Type: 'Pass', Result: 'under', End: true },
        },
      },
      input: { n: 9 },
      expect: { output: 'over' },
    },
    {
      name: 'a Choice rule Assign is applied when it matches',
      definition: {
        StartAt: 'C',
        States: {
          C: {
            Type: 'Choice',
            Choices: [{ Variable: '$.n', IsPresent: true, Assign: { 'seen.$': '$.n' }, Next: 'R' }],
          },
          R: { Type: 'Pass', Parameters: { 'seen.$': '$seen' }, End: true },
        },
      },
      input: { n: 4 },
      expect: { output: { seen: 4 } },
    },
    {
      name: 'a variable path that selects nothing fails',
      definition: {
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Assign: { v: { a: 1 } }, Next: 'B' },
          B: { Type: 'Pass', Parameters: { 'x.$': '$v.b' }, End: true },
        },
      },
      expect: { error: 'States.Runtime', cause: /\$v\.b/ },
    },
    // AWS: LocalStack's test_assign_reference_variables snapshot (test_reference_in_map_state),
    // recorded on AWS, where the variables hold the numbers as text.
    {
      name: 'MaxConcurrencyPath takes a number written as text from a variable',
      definition: {
        StartAt: 'Start',
        States: {
          Start: {
            Type: 'Pass',
            Assign: { maxConcurrency: '1' },
            Result: { Values: [1, 2, 3] },
            Next: 'Map',
          },
          Map: {
            Type: 'Map',
            ItemsPath: '$.Values',
            MaxConcurrencyPath: '$maxConcurrency',
            ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      },
      expect: { output: [1, 2, 3] },
    },
    {
      name: 'the ToleratedFailure paths take numbers written as text from variables',
      definition: {
        StartAt: 'Start',
        States: {
          Start: {
            Type: 'Pass',
            Assign: { toleratedFailurePercentage: '1', toleratedFailureCount: '1' },
            Result: { Values: [1, 2, 3] },
            Next: 'Map',
          },
          Map: {
            Type: 'Map',
            ItemsPath: '$.Values',
            MaxConcurrency: 1,
            ItemProcessor: {
              ProcessorConfig: { Mode: 'DISTRIBUTED', ExecutionType: 'STANDARD' },
              StartAt: 'Item',
              States: { Item: { Type: 'Pass', End: true } },
            },
            ToleratedFailurePercentagePath: '$toleratedFailurePercentage',
            ToleratedFailureCountPath: '$toleratedFailureCount',
            End: true,
          },
        },
      },
      expect: { output: [1, 2, 3] },
    },
    {
      name: 'MaxConcurrencyPath still refuses text that is not a whole number',
      definition: {
        StartAt: 'Map',
        States: {
          Map: {
            Type: 'Map',
            MaxConcurrencyPath: '$.m',
            ItemsPath: '$.items',
            ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      },
      input: { m: '1.5', items: [1] },
      expect: { error: 'States.Runtime', cause: /MaxConcurrencyPath/ },
    },
    {
      name: 'referencing an unassigned variable is refused at creation',
      definition: {
        StartAt: 'B',
        States: { B: { Type: 'Pass', Parameters: { 'x.$': '$ghost' }, End: true } },
      },
      expect: { invalid: /\$ghost/ },
    },
  ] as ConformanceCase[]);
});
