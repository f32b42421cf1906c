import type { Json, JsonObject } from '../../../packages/asl/src/json';
import { type ConformanceCase, conformance, fail, fn, passComputing, runDefinition } from '../harness';

const ata = (definition: JsonObject): JsonObject => ({ QueryLanguage: 'JSONata', ...definition });
const expression = (name: string, text: string, input: Json, output: Json): ConformanceCase => ({
  name,
  definition: passComputing(`{% ${text} %}`, 'JSONata'),
  input,
  expect: { output },
});
const evaluationError = (name: string, text: string, input: Json, cause?: RegExp): ConformanceCase => ({
  name,
  definition: passComputing(`{% ${text} %}`, 'JSONata'),
  input,
  expect: { error: 'States.QueryEvaluationError', ...(cause === undefined ? {} : { cause }) },
});

describe('JSONata expressions and $states', () => {
  conformance([
    expression('reads $states.input', '$states.input.customer.name', { customer: { name: 'Ana' } }, 'Ana'),
    expression(
      'computes with JSONata operators',
      '$states.input.price * $states.input.quantity',
      { price: 2.5, quantity: 4 },
      10,
    ),
    expression(
      'concatenates strings with &',
      "'Hello, ' & $states.input.name & '!'",
      { name: 'Bo' },
      'Hello, Bo!',
    ),
    expression(
      'filters an array with a predicate',
      '$states.input.items[price > 10].name',
      {
        items: [
          { name: 'a', price: 5 },
          { name: 'b', price: 20 },
        ],
      },
      'b',
    ),
    expression(
      'maps an array with a path',
      '$states.input.items.id',
      { items: [{ id: 1 }, { id: 2 }] },
      [1, 2],
    ),
    expression('uses a JSONata builtin ($sum)', '$sum($states.input.n)', { n: [1, 2, 3] }, 6),
    expression('builds an object', '{"total": $count($states.input.a)}', { a: [1, 1] }, { total: 2 }),
    expression('uses a conditional', "$states.input.n > 1 ? 'many' : 'one'", { n: 2 }, 'many'),
    expression('binds local variables in a block', '($x := 2; $y := 3; $x * $y)', {}, 6),
    expression('reads the context object', '$states.context.State.Name', {}, 'P'),
    expression(
      'reads the execution input from the context',
      '$states.context.Execution.Input.k',
      { k: 'v' },
      'v',
    ),
    expression('$partition splits an array (AWS function)', '$partition([1,2,3,4], 2)', {}, [
      [1, 2],
      [3, 4],
    ]),
    expression('$range makes a range (AWS function)', '$range(0, 10, 2)', {}, [0, 2, 4, 6, 8, 10]),
    expression(
      '$hash hashes (AWS function)',
      "$hash('input data', 'SHA-1')",
      {},
      'aaff4a450a104cd177d28d18d74485e8cae074b7',
    ),
    expression('$parse parses JSON text (AWS function)', '$parse(\'{"a": [1, 2]}\')', {}, { a: [1, 2] }),
    expression('$random with a seed repeats (AWS function)', '$random(7) = $random(7)', {}, true),
    expression('$random draws from [0, 1)', '($r := $random(); $r >= 0 and $r < 1)', {}, true),
    expression(
      '$uuid makes a v4 UUID (AWS function)',
      '$match($uuid(), /^[0-9a-f]{8}-[0-9a-f]{4}-4[0-9a-f]{3}-[89ab][0-9a-f]{3}-[0-9a-f]{12}$/) ? true : false',
      {},
      true,
    ),
    evaluationError(
      'an expression that yields nothing is an error',
      '$states.input.missing',
      {},
      /returned nothing|undefined/,
    ),
    evaluationError('a runtime JSONata error is an error', '$number("abc")', {}),
    evaluationError(
      '$partition of a zero size gives nothing',
      '$partition([1,2], 0)',
      {},
      /returned nothing/,
    ),
    {
      name: 'a JSONata string that is not a whole expression is literal',
      definition: passComputing('price is {% 1 %} euros', 'JSONata'),
      expect: { output: 'price is {% 1 %} euros' },
    },
    {
      name: 'templates mix literal values and expressions',
      definition: passComputing('{% {"a": 1} %}', 'JSONata'),
      expect: { output: { a: 1 } },
    },
    {
      name: 'Output may be a template object',
      definition: ata({
        StartAt: 'P',
        States: {
          P: {
            Type: 'Pass',
            Output: { fixed: 1, computed: '{% $states.input.x + 1 %}', list: ['{% $states.input.x %}', 'x'] },
            End: true,
          },
        },
      }),
      input: { x: 1 },
      expect: { output: { fixed: 1, computed: 2, list: [1, 'x'] } },
    },
    {
      name: 'a JSONata syntax error is refused at creation with its path',
      definition: passComputing('{% $states.input. %}', 'JSONata'),
      expect: { invalid: /\/States\/P\/Output/ },
    },
    {
      name: 'JSONPath-only fields are refused in a JSONata state',
      definition: ata({ StartAt: 'P', States: { P: { Type: 'Pass', InputPath: '$.a', End: true } } }),
      expect: { invalid: /InputPath/ },
    },
    {
      name: 'JSONata-only fields are refused in a JSONPath state',
      definition: { StartAt: 'P', States: { P: { Type: 'Pass', Output: '{% 1 %}', End: true } } },
      expect: { invalid: /Output/ },
    },
    {
      name: 'a state may opt into JSONata in a JSONPath machine',
      definition: {
        StartAt: 'P',
        States: { P: { Type: 'Pass', QueryLanguage: 'JSONata', Output: '{% $states.input.a %}', End: true } },
      },
      input: { a: 9 },
      expect: { output: 9 },
    },
    {
      name: 'a state may not fall back to JSONPath in a JSONata machine',
      definition: ata({
        StartAt: 'P',
        States: { P: { Type: 'Pass', QueryLanguage: 'JSONPath', End: true } },
      }),
      expect: { invalid: /JSONPath/ },
    },
  ]);
});

/*
 * The functions Step Functions adds to JSONata, as AWS answers them: values measured on AWS and
 * published in floci-io/floci issue 2662 and PR 2676 (Floci's implementation of the same
 * functions, each case measured against the service).
 */
describe('Step Functions functions in JSONata', () => {
  conformance([
    expression('$range includes the end when a step lands on it', '$range(0, 6, 2)', {}, [0, 2, 4, 6]),
    expression('$range drops fractions towards zero', '$range(-1.7, 2, 1)', {}, [-1, 0, 1, 2]),
    expression('$range of one number is that number', '$range(3, 3, 1)', {}, 3),
    expression('$range has no 1000-item limit', '$count($range(1, 2000, 1))', {}, 2000),
    evaluationError('$range with a step of 0 gives nothing', '$range(1, 5, 0)', {}, /returned nothing/),
    evaluationError(
      '$range pointing away from its end gives nothing',
      '$range(5, 1, 1)',
      {},
      /returned nothing/,
    ),
    evaluationError('$range without a step gives nothing', '$range(1, 5)', {}, /returned nothing/),
    expression('$partition drops the fraction of a size', '$partition([1,2,3], 1.9)', {}, [[1], [2], [3]]),
    expression('$partition with a size past the end makes one chunk', '$partition([1,2,3], 10)', {}, [
      [1, 2, 3],
    ]),
    expression('$partition without a size makes one chunk', '$partition([1,2,3])', {}, [[1, 2, 3]]),
    expression('$partition of one item keeps its chunk an array', '$partition([0], 1)', {}, [[0]]),
    evaluationError(
      '$partition of an empty array gives nothing',
      '$partition([], 2)',
      {},
      /returned nothing/,
    ),
    evaluationError(
      '$partition refuses a negative size',
      '$partition([1,2], -1)',
      {},
      /D3137: Second argument must be zero or greater/,
    ),
    evaluationError(
      '$partition refuses an argument too many, naming it',
      '$partition([1,2], 1, 1)',
      {},
      /Argument 3 of function "partition" does not match function signature/,
    ),
    expression(
      '$hash hashes with SHA-1 as AWS does',
      "$hash('input', 'SHA-1')",
      {},
      '140f86aae51ab9e1cda9b4254fe98a74eb54c1a1',
    ),
    evaluationError(
      '$hash refuses an unknown algorithm in the service words',
      "$hash('a', 'SHA-3')",
      {},
      /D3137: Hash algorithm 'SHA-3' must be one of SHA-1, SHA-384, SHA-256, SHA-512, MD5/,
    ),
    evaluationError(
      '$hash refuses data that is not a string',
      "$hash(1, 'MD5')",
      {},
      /T0410: Argument 1 of function "hash" does not match function signature/,
    ),
    evaluationError('$hash without an algorithm gives nothing', "$hash('a')", {}, /returned nothing/),
    expression('$random with a seed is java.util.Random as on AWS', '$random(42)', {}, 0.7275636800328681),
    expression('$random drops the fraction of a seed', '$random(42.9) = $random(42)', {}, true),
    evaluationError('$uuid refuses an argument', '$uuid(1)', {}, /Argument 1 of function "uuid"/),
    expression('$parse reads a field of parsed text', '$parse(\'{"a": 1}\').a', {}, 1),
    evaluationError('$parse refuses an empty string', "$parse('')", {}, /D3137: Invalid JSON/),
    evaluationError('$parse refuses text that is not JSON', "$parse('[1')", {}, /D3137: Invalid JSON/),
    evaluationError('$parse refuses a number', '$parse(1)', {}, /Argument 1 of function "parse"/),
    expression(
      'a mapping that selects one object gives the object, not a one-item array',
      '$states.input.Items.{"id": id}',
      { Items: [{ id: 7, other: 1 }] },
      { id: 7 },
    ),
  ]);
});

describe('JSONata in every kind of state', () => {
  const echo = fn('echo');
  conformance([
    {
      name: 'Task Arguments and Output',
      definition: ata({
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: echo,
            Arguments: { n: '{% $states.input.n * 2 %}' },
            Output: '{% $states.result.n + 1 %}',
            End: true,
          },
        },
      }),
      input: { n: 5 },
      tasks: { [echo]: (p) => p },
      expect: { output: 11 },
    },
    {
      name: 'Task output defaults to the result',
      definition: ata({ StartAt: 'T', States: { T: { Type: 'Task', Resource: echo, End: true } } }),
      input: { n: 5 },
      tasks: { [echo]: () => ({ answer: 42 }) },
      expect: { output: { answer: 42 } },
    },
    {
      name: 'Choice Condition picks a branch',
      definition: ata({
        StartAt: 'C',
        States: {
          C: {
            Type: 'Choice',
            Choices: [{ Condition: '{% $states.input.n > 3 %}', Next: 'Big' }],
            Default: 'Small',
          },
          Big: { Type: 'Pass', Output: 'big', End: true },
          Small: { Type: 'Pass', Output: 'small', End: true },
        },
      }),
      input: { n: 5 },
      expect: { output: 'big' },
    },
    {
      name: 'Choice rule Output shapes what the next state gets',
      definition: ata({
        StartAt: 'C',
        States: {
          C: {
            Type: 'Choice',
            Choices: [{ Condition: '{% true %}', Output: { picked: '{% $states.input.n %}' }, Next: 'End' }],
          },
          End: { Type: 'Succeed' },
        },
      }),
      input: { n: 1 },
      expect: { output: { picked: 1 } },
    },
    {
      name: 'Choice Condition that is not a boolean is an error',
      definition: ata({
        StartAt: 'C',
        States: {
          C: { Type: 'Choice', Choices: [{ Condition: '{% 1 %}', Next: 'E' }] },
          E: { Type: 'Succeed' },
        },
      }),
      expect: { error: 'States.QueryEvaluationError', cause: /boolean/ },
    },
    {
      name: 'Map Items and ItemSelector',
      definition: ata({
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            Items: '{% $states.input.list %}',
            ItemSelector: {
              value: '{% $states.context.Map.Item.Value %}',
              index: '{% $states.context.Map.Item.Index %}',
            },
            ItemProcessor: {
              StartAt: 'P',
              States: {
                P: {
                  Type: 'Pass',
                  Output: '{% $states.input.value * 10 + $states.input.index %}',
                  End: true,
                },
              },
            },
            End: true,
          },
        },
      }),
      input: { list: [1, 2, 3] },
      expect: { output: [10, 21, 32] },
    },
    {
      name: 'Map Items that are not an array is an error',
      definition: ata({
        StartAt: 'M',
        States: {
          M: {
            Type: 'Map',
            Items: '{% "abc" %}',
            ItemProcessor: { StartAt: 'P', States: { P: { Type: 'Pass', End: true } } },
            End: true,
          },
        },
      }),
      expect: { error: 'States.QueryEvaluationError', cause: /array/ },
    },
    {
      name: 'Parallel Arguments feed every branch',
      definition: ata({
        StartAt: 'Par',
        States: {
          Par: {
            Type: 'Parallel',
            Arguments: { n: '{% $states.input.n %}' },
            Branches: [
              {
                StartAt: 'A',
                States: { A: { Type: 'Pass', Output: '{% $states.input.n + 1 %}', End: true } },
              },
              {
                StartAt: 'B',
                States: { B: { Type: 'Pass', Output: '{% $states.input.n + 2 %}', End: true } },
              },
            ],
            Output: '{% $sum($states.result) %}',
            End: true,
          },
        },
      }),
      input: { n: 1 },
      expect: { output: 5 },
    },
    {
      name: 'Wait Seconds from an expression',
      definition: ata({
        StartAt: 'W',
        States: { W: { Type: 'Wait', Seconds: '{% $states.input.delay %}', End: true } },
      }),
      input: { delay: 30 },
      expect: { output: { delay: 30 } },
    },
    {
      name: 'Fail Error and Cause from expressions',
      definition: ata({
        StartAt: 'F',
        States: {
          F: {
            Type: 'Fail',
            Error: '{% $states.input.code %}',
            Cause: "{% 'because ' & $states.input.why %}",
          },
        },
      }),
      input: { code: 'Bad.Thing', why: 'reasons' },
      expect: { error: 'Bad.Thing', cause: /^because reasons$/ },
    },
    {
      name: 'Succeed Output',
      definition: ata({ StartAt: 'S', States: { S: { Type: 'Succeed', Output: '{% $states.input.a %}' } } }),
      input: { a: 'done' },
      expect: { output: 'done' },
    },
    {
      name: 'Catch Output reads $states.errorOutput',
      definition: ata({
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: echo,
            Catch: [
              {
                ErrorEquals: ['States.ALL'],
                Output: '{% $states.errorOutput.Error & ":" & $states.errorOutput.Cause %}',
                Next: 'Done',
              },
            ],
            End: true,
          },
          Done: { Type: 'Succeed' },
        },
      }),
      tasks: {
        [echo]: () => {
          throw fail('Custom.Error', 'it broke');
        },
      },
      expect: { output: 'Custom.Error:it broke' },
    },
    {
      name: 'Catch without Output passes the error output on',
      definition: ata({
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: echo,
            Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Done' }],
            End: true,
          },
          Done: { Type: 'Succeed' },
        },
      }),
      tasks: {
        [echo]: () => {
          throw fail('E', 'c');
        },
      },
      expect: { output: { Error: 'E', Cause: 'c' } },
    },
    {
      name: 'TimeoutSeconds from an expression times the task out',
      definition: ata({
        StartAt: 'T',
        States: { T: { Type: 'Task', Resource: echo, TimeoutSeconds: '{% $states.input.t %}', End: true } },
      }),
      input: { t: 5 },
      tasks: {
        [echo]: (_p, invocation) =>
          new Promise((_resolve, reject) =>
            invocation.signal.addEventListener('abort', () => reject(invocation.signal.reason as Error)),
          ),
      },
      expect: { error: 'States.Timeout' },
    },
  ]);
});

describe('a JSONata expression from a definition', () => {
  // A definition is input from whoever reaches the server: its expressions must not reach the
  // prototypes every object shares (jsonata 2.2.1 closed CVE-2026-12208).
  const attempts = [
    '$ ~> | $ | {"__proto__": {"polluted": true}} |',
    '$ ~> | __proto__ | {"polluted": true} |',
    '$ ~> | constructor.prototype | {"polluted": true} |',
    '$merge([{}, {"__proto__": {"polluted": true}}])',
  ];

  test('reads a variable named __proto__ like any other', async () => {
    const definition = JSON.parse(
      '{"QueryLanguage":"JSONata","StartAt":"P","States":{"P":{"Type":"Pass","Assign":{"__proto__":5},"Next":"Q"},"Q":{"Type":"Pass","Output":"{% $__proto__ %}","End":true}}}',
    ) as JsonObject;
    const { execution } = await runDefinition(definition, {});
    expect(execution.output).toBe('5');
  });

  test('keeps an Output field named __proto__ as data', async () => {
    const definition = passComputing('{% $states.input %}', 'JSONata');
    ((definition['States'] as JsonObject)['P'] as JsonObject)['Output'] = JSON.parse(
      '{"__proto__": "{% $states.input.a %}"}',
    ) as JsonObject;
    const { execution } = await runDefinition(definition, { a: 1 });
    expect(execution.output).toBe('{"__proto__":1}');
  });

  test.each(attempts)('cannot pollute the object prototype: %s', async (text) => {
    const { execution } = await runDefinition(passComputing(`{% ${text} %}`, 'JSONata'), { a: 1 });
    expect(execution.status).not.toBe('RUNNING');
    expect(({} as { polluted?: unknown }).polluted).toBeUndefined();
  });
});
