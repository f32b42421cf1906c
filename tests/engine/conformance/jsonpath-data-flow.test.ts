import type { JsonObject } from '../../../packages/asl/src/json';
import { type ConformanceCase, conformance, engineWith, fn, single } from '../harness';

const hello = fn('HelloFunction');
const helloTask = { [hello]: (p: unknown) => `Hello, ${(p as JsonObject)['who'] as string}!` };
const docsInput = {
  comment: 'This is a test of the input and output of a Task state.',
  details: 'Default example',
  who: 'AWS Step Functions',
};
const task = (fields: JsonObject): JsonObject => single({ Type: 'Task', Resource: hello, ...fields });
const pass = (fields: JsonObject): JsonObject => single({ Type: 'Pass', ...fields });

describe('InputPath and Parameters', () => {
  conformance([
    {
      name: 'InputPath selects part of the input',
      definition: pass({ InputPath: '$.a' }),
      input: { a: { b: 1 }, c: 2 },
      expect: { output: { b: 1 } },
    },
    {
      name: 'InputPath $ passes the whole input',
      definition: pass({ InputPath: '$' }),
      input: { a: 1 },
      expect: { output: { a: 1 } },
    },
    {
      name: 'InputPath null gives an empty object',
      definition: pass({ InputPath: null }),
      input: { a: 1 },
      expect: { output: {} },
    },
    {
      name: 'InputPath may select an array item',
      definition: pass({ InputPath: '$.list[1]' }),
      input: { list: ['x', 'y'] },
      expect: { output: 'y' },
    },
    {
      name: 'InputPath that selects nothing is a States.Runtime error',
      definition: pass({ InputPath: '$.missing' }),
      input: { a: 1 },
      expect: { error: 'States.Runtime', cause: /\$\.missing/ },
    },
    {
      name: 'Parameters mixes static values and paths (docs example)',
      definition: pass({
        Parameters: {
          comment: 'Selecting what I care about.',
          'MyDetails.$': '$.product.details',
          'MyPrice.$': '$.product.price',
        },
      }),
      input: {
        product: {
          details: { color: 'blue', size: 'small', material: 'cotton' },
          availability: 'in stock',
          sku: '2317',
          cost: '$23',
        },
        price: 1,
      },
      expect: { error: 'States.Runtime', cause: /\$\.product\.price/ },
    },
    {
      name: 'Parameters selects nested fields',
      definition: pass({
        Parameters: {
          comment: 'Selecting what I care about.',
          MyDetails: { 'size.$': '$.product.details.size', 'exists.$': '$.product.availability' },
        },
      }),
      input: {
        product: {
          details: { color: 'blue', size: 'small', material: 'cotton' },
          availability: 'in stock',
          sku: '2317',
          cost: '$23',
        },
      },
      expect: {
        output: { comment: 'Selecting what I care about.', MyDetails: { size: 'small', exists: 'in stock' } },
      },
    },
    {
      name: 'Parameters applies after InputPath',
      definition: pass({ InputPath: '$.inner', Parameters: { 'v.$': '$.v' } }),
      input: { inner: { v: 7 } },
      expect: { output: { v: 7 } },
    },
    {
      name: 'Parameters keeps arrays of templates',
      definition: pass({ Parameters: { list: [{ 'a.$': '$.a' }, 'literal', 3] } }),
      input: { a: 1 },
      expect: { output: { list: [{ a: 1 }, 'literal', 3] } },
    },
    {
      name: 'Parameters reads the context object',
      definition: pass({
        Parameters: {
          'state.$': '$$.State.Name',
          'machine.$': '$$.StateMachine.Name',
        },
      }),
      expect: {
        output: {
          state: 'S',
          machine: expect.stringMatching(/^conformance-/) as unknown as string,
        },
      },
    },
    {
      // AWS: LocalStack's test_context_object snapshot (test_input_path[$$]), recorded on AWS.
      name: "a Pass state's $$.State has its name and entered time, and no RetryCount",
      definition: pass({ Parameters: { 'state.$': '$$.State' } }),
      expect: {
        output: { state: { Name: 'S', EnteredTime: expect.any(String) as unknown as string } },
      },
    },
    {
      name: "a Task state's $$.State has a RetryCount, 0 on the first attempt",
      definition: task({ Parameters: { 'state.$': '$$.State' } }),
      tasks: { [hello]: (p: unknown) => p as JsonObject },
      expect: {
        output: { state: { Name: 'S', EnteredTime: expect.any(String) as unknown as string, RetryCount: 0 } },
      },
    },
    {
      name: "a Map state's $$.State has a RetryCount too",
      definition: single({
        Type: 'Map',
        ItemsPath: '$.items',
        ItemSelector: { 'retries.$': '$$.State.RetryCount' },
        ItemProcessor: { StartAt: 'Item', States: { Item: { Type: 'Pass', End: true } } },
      }),
      input: { items: [1] },
      expect: { output: [{ retries: 0 }] },
    },
    {
      name: "a Pass state's $$.State.RetryCount selects nothing",
      definition: pass({ Parameters: { 'retries.$': '$$.State.RetryCount' } }),
      expect: { error: 'States.Runtime' },
    },
    {
      name: 'Parameters reads the execution input from the context',
      definition: pass({ InputPath: '$.a', Parameters: { 'original.$': '$$.Execution.Input' } }),
      input: { a: 1 },
      expect: { output: { original: { a: 1 } } },
    },
    {
      name: 'Parameters query path returns every match as an array',
      definition: pass({ Parameters: { 'ids.$': '$.items[*].id' } }),
      input: { items: [{ id: 'a' }, { id: 'b' }] },
      expect: { output: { ids: ['a', 'b'] } },
    },
    {
      name: 'Parameters filter expression selects matching items',
      definition: pass({ Parameters: { 'big.$': '$.items[?(@.n > 1)].n' } }),
      input: { items: [{ n: 1 }, { n: 2 }, { n: 3 }] },
      expect: { output: { big: [2, 3] } },
    },
    {
      name: 'Parameters recursive descent finds nested names',
      definition: pass({ Parameters: { 'names.$': '$..name' } }),
      input: { a: { name: 'x', b: { name: 'y' } } },
      expect: { output: { names: ['x', 'y'] } },
    },
    {
      name: 'Parameters slice selects a range',
      definition: pass({ Parameters: { 'middle.$': '$.a[1:3]' } }),
      input: { a: [0, 1, 2, 3] },
      expect: { output: { middle: [1, 2] } },
    },
    {
      name: 'Parameters field with a quoted key',
      definition: pass({ Parameters: { 'v.$': "$['a key']" } }),
      input: { 'a key': 5 },
      expect: { output: { v: 5 } },
    },
    {
      name: 'Parameters keep a field named __proto__ as data',
      // Written as JSON: in a JavaScript literal, __proto__ would set the prototype instead.
      definition: pass({
        Parameters: JSON.parse('{"__proto__": {"polluted": true}, "b.$": "$.a"}') as JsonObject,
      }),
      input: { a: 1 },
      expect: { output: JSON.parse('{"__proto__": {"polluted": true}, "b": 1}') as JsonObject },
    },
    {
      name: 'a .$ value that is not a string is refused',
      definition: pass({ Parameters: { 'v.$': 5 } }),
      expect: { invalid: /v\.\$/ },
    },
  ]);
});

describe('a JSONPath filter expression from a definition', () => {
  // Anyone who can reach the server can create a state machine: its paths must not run code.
  // Filters only compare (as the service's Jayway JsonPath does), so these never reach jsonpath-plus.
  const attempts = [
    "$.items[?(@.constructor.constructor('globalThis.jsonPathRanCode = true')())]",
    "$.items[?(@.n && this.constructor.constructor('globalThis.jsonPathRanCode = true')())]",
  ];

  test.each(attempts)('cannot run code: %s is refused when the machine is created', (path) => {
    const engine = engineWith();
    expect(() =>
      engine.createStateMachine({ name: 'runs-code', definition: pass({ Parameters: { 'v.$': path } }) }),
    ).toThrow(expect.objectContaining({ name: 'InvalidDefinition' }) as Error);
    expect((globalThis as { jsonPathRanCode?: boolean }).jsonPathRanCode).toBeUndefined();
  });
});

describe('Result, ResultSelector, ResultPath and OutputPath', () => {
  conformance([
    {
      name: 'ResultPath $ replaces the input with the result (docs example)',
      definition: task({ ResultPath: '$' }),
      input: docsInput,
      expect: { output: 'Hello, AWS Step Functions!' },
      tasks: helloTask,
    },
    {
      name: 'no ResultPath means $',
      definition: task({}),
      input: docsInput,
      expect: { output: 'Hello, AWS Step Functions!' },
      tasks: helloTask,
    },
    {
      name: 'ResultPath adds the result to the input (docs example)',
      definition: task({ ResultPath: '$.taskresult' }),
      input: docsInput,
      tasks: helloTask,
      expect: { output: { ...docsInput, taskresult: 'Hello, AWS Step Functions!' } },
    },
    {
      name: 'ResultPath null discards the result (docs example)',
      definition: task({ ResultPath: null }),
      input: docsInput,
      tasks: helloTask,
      expect: { output: docsInput },
    },
    {
      name: 'ResultPath overwrites an existing field (docs example)',
      definition: task({ ResultPath: '$.details' }),
      input: docsInput,
      tasks: helloTask,
      expect: { output: { ...docsInput, details: 'Hello, AWS Step Functions!' } },
    },
    {
      name: 'ResultPath creates intermediate objects',
      definition: task({ ResultPath: '$.strings.lambdaresult' }),
      input: docsInput,
      tasks: helloTask,
      expect: { output: { ...docsInput, strings: { lambdaresult: 'Hello, AWS Step Functions!' } } },
    },
    {
      name: 'ResultPath into a string input is States.ResultPathMatchFailure',
      definition: pass({ Result: 1, ResultPath: '$.r' }),
      input: 'just text',
      expect: { error: 'States.ResultPathMatchFailure' },
    },
    {
      name: 'ResultPathMatchFailure can be caught by the task',
      definition: {
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: hello,
            ResultPath: '$.r.deeper',
            Catch: [{ ErrorEquals: ['States.ResultPathMatchFailure'], Next: 'Caught' }],
            End: true,
          },
          Caught: { Type: 'Pass', Result: 'caught', End: true },
        },
      },
      input: { who: 'x', r: 'not an object' },
      tasks: helloTask,
      expect: { output: 'caught' },
    },
    {
      name: 'ResultSelector reshapes the raw result (docs example)',
      definition: single({
        Type: 'Task',
        Resource: fn('emr'),
        ResultSelector: { 'ClusterId.$': '$.output.ClusterId', 'ResourceType.$': '$.resourceType' },
        ResultPath: '$.EMROutput',
      }),
      input: { cluster: 'c' },
      tasks: {
        [fn('emr')]: () => ({
          resourceType: 'elasticmapreduce',
          resource: 'createCluster.sync',
          output: { SdkHttpMetadata: {}, ClusterId: 'AKIAIOSFODNN7EXAMPLE' },
        }),
      },
      expect: {
        output: {
          cluster: 'c',
          EMROutput: { ClusterId: 'AKIAIOSFODNN7EXAMPLE', ResourceType: 'elasticmapreduce' },
        },
      },
    },
    {
      name: 'ResultSelector path that selects nothing fails the state',
      definition: single({ Type: 'Task', Resource: hello, ResultSelector: { 'x.$': '$.nothing' } }),
      input: { who: 'x' },
      tasks: { [hello]: () => ({ a: 1 }) },
      expect: { error: 'States.Runtime', cause: /\$\.nothing/ },
    },
    {
      name: 'OutputPath selects part of the output',
      definition: pass({ Result: { a: { b: 2 } }, OutputPath: '$.a' }),
      expect: { output: { b: 2 } },
    },
    {
      name: 'OutputPath null gives an empty object',
      definition: pass({ OutputPath: null }),
      input: { a: 1 },
      expect: { output: {} },
    },
    {
      name: 'OutputPath that selects nothing is a States.Runtime error',
      definition: pass({ OutputPath: '$.gone' }),
      input: { a: 1 },
      expect: { error: 'States.Runtime', cause: /\$\.gone/ },
    },
    {
      name: 'Pass Result replaces the input',
      definition: pass({ Result: { x: 1 } }),
      input: { a: 1 },
      expect: { output: { x: 1 } },
    },
    {
      name: 'Pass Result with ResultPath merges',
      definition: pass({ Result: { x: 1 }, ResultPath: '$.r' }),
      input: { a: 1 },
      expect: { output: { a: 1, r: { x: 1 } } },
    },
    {
      name: 'Pass with Parameters outputs them',
      definition: pass({ Parameters: { 'y.$': '$.a' } }),
      input: { a: 1 },
      expect: { output: { y: 1 } },
    },
    {
      name: 'Pass without fields passes its input through',
      definition: pass({}),
      input: { a: [1, 2] },
      expect: { output: { a: [1, 2] } },
    },
    {
      name: 'Pass Result may be any JSON value',
      definition: pass({ Result: [1, 'two', null, false] }),
      expect: { output: [1, 'two', null, false] },
    },
    {
      name: 'the whole chain: InputPath, Parameters, ResultSelector, ResultPath, OutputPath',
      definition: single({
        Type: 'Task',
        Resource: fn('echo'),
        InputPath: '$.request',
        Parameters: { 'value.$': '$.value' },
        ResultSelector: { 'doubled.$': '$.doubled' },
        ResultPath: '$.request.answer',
        OutputPath: '$.request',
      }),
      input: { request: { value: 21 }, other: true },
      tasks: { [fn('echo')]: (p) => ({ doubled: ((p as JsonObject)['value'] as number) * 2, noise: 'x' }) },
      expect: { output: { value: 21, answer: { doubled: 42 } } },
    },
    {
      name: 'Succeed applies InputPath and OutputPath',
      definition: single({ Type: 'Succeed', InputPath: '$.a', OutputPath: '$.b' }),
      input: { a: { b: 'done' } },
      expect: { output: 'done' },
    },
  ] as ConformanceCase[]);
});
