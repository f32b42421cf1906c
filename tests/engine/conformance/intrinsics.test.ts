import { type ConformanceCase, conformance, passComputing } from '../harness';

const escapeRegExp = (text: string): string => text.replace(/[.*+?^${}()|[\]\\]/g, '\\$&');
import type { JsonObject } from '../../../packages/asl/src/json';

const value = (name: string, expression: string, input: JsonObject, output: unknown): ConformanceCase => ({
  name,
  definition: passComputing(expression),
  input,
  expect: { output: output as JsonObject },
});
/**
 * An intrinsic that cannot take its arguments fails the state with States.Runtime, as the
 * service does; the cause names the failing call as written and ends with what was wrong. The
 * cause's opening, naming the state, is the engine's and not checked here.
 */
const failure = (
  name: string,
  expression: string,
  input: JsonObject,
  problem: string,
  call = expression,
): ConformanceCase => ({
  name,
  definition: passComputing(expression),
  input,
  expect: {
    error: 'States.Runtime',
    cause: new RegExp(
      `${escapeRegExp(`There was an error while evaluating the intrinsic function: ${call}. ${problem}`)}$`,
    ),
  },
});
const invalid = (fn: string): string => `Invalid arguments in States.${fn}`;
/** A random result checked by a Choice: the execution succeeds only if the value is in range. */
const checked = (name: string, expression: string, rule: JsonObject): ConformanceCase => ({
  name,
  definition: {
    StartAt: 'Compute',
    States: {
      Compute: { Type: 'Pass', Parameters: { 'r.$': expression }, Next: 'Check' },
      Check: { Type: 'Choice', Choices: [{ ...rule, Next: 'Good' }], Default: 'Bad' },
      Good: { Type: 'Pass', Result: 'in range', End: true },
      Bad: { Type: 'Fail', Error: 'OutOfRange' },
    },
  },
  expect: { output: 'in range' },
});

const nine = { inputArray: [1, 2, 3, 4, 5, 6, 7, 8, 9] };

describe('States.Format', () => {
  conformance([
    value(
      'fills a placeholder from a path (docs example)',
      "States.Format('Hello, my name is {}.', $.name)",
      { name: 'Arnav' },
      'Hello, my name is Arnav.',
    ),
    value(
      'fills several placeholders in order',
      "States.Format('{} + {} = {}', $.a, $.b, $.c)",
      { a: 1, b: 2, c: 3 },
      '1 + 2 = 3',
    ),
    value(
      'writes booleans and null as text',
      "States.Format('{} {} {}', $.t, $.f, $.n)",
      { t: true, f: false, n: null },
      'true false null',
    ),
    value(
      'writes an object as key=value pairs, not as JSON (AWS: test_generic snapshot)',
      "States.Format('fst={}', $.o)",
      { o: { Arg1: 1, Arg2: [] } },
      'fst={Arg1=1, Arg2=[]}',
    ),
    value(
      'writes an array as comma-separated items, strings unquoted',
      "States.Format('{}', $.a)",
      { a: [1, 'x', null, { k: true }] },
      '[1, x, null, {k=true}]',
    ),
    value(
      'writes a JSON string argument as it is',
      "States.Format('{}', $.s)",
      { s: '{"Arg1": 1}' },
      '{"Arg1": 1}',
    ),
    value('writes a decimal as it is', "States.Format('{}', $.n)", { n: 1.1 }, '1.1'),
    value(
      'keeps escaped braces literally',
      "States.Format('\\{\\} is {}', $.x)",
      { x: 'empty' },
      '{} is empty',
    ),
    value(
      'accepts an escaped quote in a literal',
      "States.Format('it\\'s {}', $.x)",
      { x: 'fine' },
      "it's fine",
    ),
    value('takes a template with no placeholders', "States.Format('plain')", {}, 'plain'),
    value('reads the context object', "States.Format('{}', $$.State.Name)", {}, 'P'),
    value(
      'nests another intrinsic',
      "States.Format('{} items', States.ArrayLength($.a))",
      { a: [1, 2, 3] },
      '3 items',
    ),
    failure('refuses too few values', "States.Format('{} {}', $.a)", { a: 1 }, invalid('Format')),
    failure('refuses too many values', "States.Format('{}', $.a, $.b)", { a: 1, b: 2 }, invalid('Format')),
    failure('refuses a template that is not a string', 'States.Format($.n)', { n: 5 }, invalid('Format')),
    failure(
      'names the innermost call that failed',
      "States.Format('{}', States.ArrayGetItem($.a, 5))",
      { a: [1] },
      invalid('ArrayGetItem'),
      'States.ArrayGetItem($.a, 5)',
    ),
    failure(
      'quotes the input when a path argument selects nothing',
      "States.Format('{}', $.missing)",
      { present: 1 },
      `The JsonPath argument for the field '$.missing' could not be found in the input '{"present":1}'`,
    ),
  ]);
});

describe('States.StringToJson and States.JsonToString', () => {
  conformance([
    value(
      'parses a JSON string (docs example)',
      'States.StringToJson($.someString)',
      { someString: '{"number": 20}' },
      { number: 20 },
    ),
    value('parses a JSON array', 'States.StringToJson($.s)', { s: '[1,"a",null]' }, [1, 'a', null]),
    value('parses a JSON scalar', 'States.StringToJson($.s)', { s: '42' }, 42),
    value(
      'parses an empty string as null (AWS: test_json_manipulation snapshot)',
      'States.StringToJson($.s)',
      { s: '' },
      null,
    ),
    value('parses a blank string as null', 'States.StringToJson($.s)', { s: ' ' }, null),
    value('parses -0 as 0', 'States.StringToJson($.s)', { s: '-0' }, 0),
    failure(
      'refuses text that is not JSON',
      'States.StringToJson($.s)',
      { s: '{nope' },
      invalid('StringToJson'),
    ),
    failure('refuses a non-string argument', 'States.StringToJson($.n)', { n: 1 }, invalid('StringToJson')),
    value(
      'serialises an object (docs example)',
      'States.JsonToString($.someJson)',
      { someJson: { name: 'Foo', year: 2020 } },
      '{"name":"Foo","year":2020}',
    ),
    value('serialises an array', 'States.JsonToString($.a)', { a: [1, { b: 2 }] }, '[1,{"b":2}]'),
    value('serialises a string with its quotes', 'States.JsonToString($.s)', { s: 'x' }, '"x"'),
    failure(
      'refuses a second argument',
      'States.JsonToString($.a, $.b)',
      { a: 1, b: 2 },
      invalid('JsonToString'),
    ),
  ]);
});

describe('States.Array and the array functions', () => {
  conformance([
    value(
      'builds an array of mixed values (docs example)',
      "States.Array('Foo', 2020, $.someJson, null)",
      { someJson: { random: 'abcdefg' } },
      ['Foo', 2020, { random: 'abcdefg' }, null],
    ),
    value('builds an empty array', 'States.Array()', {}, []),
    value('builds an array of booleans and decimals', 'States.Array(true, false, 1.5, -2)', {}, [
      true,
      false,
      1.5,
      -2,
    ]),
    value('partitions into chunks (docs example)', 'States.ArrayPartition($.inputArray, 4)', nine, [
      [1, 2, 3, 4],
      [5, 6, 7, 8],
      [9],
    ]),
    value('partitions an empty array into none', 'States.ArrayPartition($.a, 2)', { a: [] }, []),
    value('partitions with a chunk larger than the array', 'States.ArrayPartition($.a, 10)', { a: [1, 2] }, [
      [1, 2],
    ]),
    value('drops the fraction of a chunk size', 'States.ArrayPartition($.a, 2.6)', { a: [1, 2, 3, 4, 5] }, [
      [1, 2],
      [3, 4],
      [5],
    ]),
    failure(
      'refuses a chunk size of zero',
      'States.ArrayPartition($.a, 0)',
      { a: [1] },
      invalid('ArrayPartition'),
    ),
    failure(
      'refuses a chunk size whose whole part is zero',
      'States.ArrayPartition($.a, 0.6)',
      { a: [1] },
      invalid('ArrayPartition'),
    ),
    failure(
      'refuses a non-array to partition',
      'States.ArrayPartition($.a, 2)',
      { a: 'x' },
      invalid('ArrayPartition'),
    ),
    value(
      'finds a value in an array (docs example)',
      'States.ArrayContains($.inputArray, $.lookingFor)',
      { ...nine, lookingFor: 5 },
      true,
    ),
    value('reports a missing value', 'States.ArrayContains($.inputArray, 42)', nine, false),
    value(
      'compares objects by value',
      'States.ArrayContains($.a, $.o)',
      { a: [{ k: 1 }, { k: 2 }], o: { k: 2 } },
      true,
    ),
    value('finds a number given as its digits', "States.ArrayContains($.a, '1')", { a: [1] }, true),
    value('finds true given as text', 'States.ArrayContains($.a, true)', { a: ['true'] }, true),
    value('does not find false among zeros', 'States.ArrayContains($.a, false)', { a: [0] }, false),
    value(
      'does not find an object with its keys in another order',
      'States.ArrayContains($.a, $.o)',
      { a: [{ a: 1, b: 2 }], o: { b: 2, a: 1 } },
      false,
    ),
    value('finds null', 'States.ArrayContains($.a, null)', { a: [1, null] }, true),
    value('makes a range with a step (docs example)', 'States.ArrayRange(1, 9, 2)', {}, [1, 3, 5, 7, 9]),
    value('makes a descending range', 'States.ArrayRange(5, 1, -2)', {}, [5, 3, 1]),
    value('makes a one-item range', 'States.ArrayRange(3, 3, 1)', {}, [3]),
    value('makes an empty range when the step points away', 'States.ArrayRange(1, 3, -1)', {}, []),
    value(
      'makes a range of exactly 1000 items',
      'States.ArrayLength(States.ArrayRange(1, 1000, 1))',
      {},
      1000,
    ),
    value('drops the fractions of its arguments', 'States.ArrayRange(5.4, -0.6, -2.4)', {}, [5, 3, 1]),
    value('drops fractions towards zero', 'States.ArrayRange(1.6, 1.4, 1)', {}, [1]),
    failure('refuses a step of zero', 'States.ArrayRange(1, 3, 0)', {}, invalid('ArrayRange')),
    failure(
      'refuses a step whose whole part is zero',
      'States.ArrayRange(1, 10, 0.49)',
      {},
      invalid('ArrayRange'),
    ),
    failure(
      'refuses a range of more than 1000 items',
      'States.ArrayRange(1, 1001, 1)',
      {},
      invalid('ArrayRange'),
    ),
    failure(
      'refuses a descending range of more than 1000 items',
      'States.ArrayRange(1001, 1, -1)',
      {},
      invalid('ArrayRange'),
    ),
    failure('refuses a bound that is text', "States.ArrayRange('a', 5, 1)", {}, invalid('ArrayRange')),
    value(
      'gets an item by index (docs example)',
      'States.ArrayGetItem($.inputArray, $.index)',
      { ...nine, index: 5 },
      6,
    ),
    value('gets the first item', 'States.ArrayGetItem($.a, 0)', { a: ['x', 'y'] }, 'x'),
    value('drops the fraction of an index', 'States.ArrayGetItem($.a, 1.2)', { a: [10, 20, 30] }, 20),
    value('answers null for any index of an empty array', 'States.ArrayGetItem($.a, 999)', { a: [] }, null),
    failure(
      'refuses an index past the end',
      'States.ArrayGetItem($.a, 2)',
      { a: ['x', 'y'] },
      invalid('ArrayGetItem'),
    ),
    failure(
      'refuses a negative index',
      'States.ArrayGetItem($.a, -1)',
      { a: ['x'] },
      invalid('ArrayGetItem'),
    ),
    failure(
      'refuses an index given as text',
      "States.ArrayGetItem($.a, '1')",
      { a: ['x', 'y'] },
      invalid('ArrayGetItem'),
    ),
    value('counts items (docs example)', 'States.ArrayLength($.inputArray)', nine, 9),
    value('counts an empty array', 'States.ArrayLength($.a)', { a: [] }, 0),
    failure('refuses to count a string', 'States.ArrayLength($.s)', { s: 'abc' }, invalid('ArrayLength')),
    value(
      'removes duplicates keeping the first (docs example)',
      'States.ArrayUnique($.a)',
      { a: [1, 2, 3, 3, 3, 3, 3, 3, 4] },
      [1, 2, 3, 4],
    ),
    value('removes duplicate objects', 'States.ArrayUnique($.a)', { a: [{ k: 1 }, { k: 1 }, { k: 2 }] }, [
      { k: 1 },
      { k: 2 },
    ]),
    value('keeps values of different types apart', 'States.ArrayUnique($.a)', { a: [1, '1', true, 'true'] }, [
      1,
      '1',
      true,
      'true',
    ]),
    value(
      'takes objects with the same members in another order as equal, arrays in another order as not',
      'States.ArrayUnique($.a)',
      { a: [{ k: 1, j: [1, 2] }, { j: [1, 2], k: 1 }, { k: 1, j: [2, 1] }, null, null] },
      [{ k: 1, j: [1, 2] }, { k: 1, j: [2, 1] }, null],
    ),
  ]);
});

describe('Encoding and hashing', () => {
  conformance([
    value(
      'encodes base64 (docs example)',
      "States.Base64Encode('Data to encode')",
      {},
      'RGF0YSB0byBlbmNvZGU=',
    ),
    value(
      'encodes UTF-8 text',
      'States.Base64Encode($.s)',
      { s: 'héllo ✓' },
      Buffer.from('héllo ✓').toString('base64'),
    ),
    value(
      'decodes base64 (docs example)',
      "States.Base64Decode('RGF0YSB0byBlbmNvZGU=')",
      {},
      'Data to encode',
    ),
    value(
      'round-trips through base64',
      'States.Base64Decode(States.Base64Encode($.s))',
      { s: 'a{b}c' },
      'a{b}c',
    ),
    value('decodes without its padding', "States.Base64Decode('YWJjZA')", {}, 'abcd'),
    value('decodes past surrounding spaces', "States.Base64Decode(' YWJjZA== ')", {}, 'abcd'),
    value('decodes past characters outside the alphabet', "States.Base64Decode('YW*Jj!ZA==')", {}, 'abcd'),
    failure('refuses to encode a number', 'States.Base64Encode($.n)', { n: 1 }, invalid('Base64Encode')),
    value(
      'encodes 10,000 characters',
      "States.ArrayLength(States.StringSplit(States.Base64Encode($.s), '='))",
      { s: 'x'.repeat(10_000) },
      1,
    ),
    failure(
      'refuses to encode over 10,000 characters',
      'States.Base64Encode($.s)',
      { s: 'x'.repeat(10_001) },
      invalid('Base64Encode'),
    ),
    failure(
      'refuses to decode over 10,000 characters',
      'States.Base64Decode($.s)',
      { s: 'A'.repeat(10_001) },
      invalid('Base64Decode'),
    ),
    value(
      'hashes with SHA-1 (docs example)',
      "States.Hash($.Data, 'SHA-1')",
      { Data: 'input data' },
      'aaff4a450a104cd177d28d18d74485e8cae074b7',
    ),
    value('hashes with MD5', "States.Hash('input data', 'MD5')", {}, '812f45842bc6d66ee14572ce20db8e86'),
    value(
      'hashes with SHA-256',
      "States.Hash('abc', 'SHA-256')",
      {},
      'ba7816bf8f01cfea414140de5dae2223b00361a396177a9cb410ff61f20015ad',
    ),
    value(
      'hashes with SHA-384',
      "States.Hash('abc', 'SHA-384')",
      {},
      'cb00753f45a35e8bb5a03d699ac65007272c32ab0eded1631a8b605a43ff5bed8086072ba1e7cc2358baeca134c825a7',
    ),
    value(
      'hashes with SHA-512',
      "States.Hash('abc', 'SHA-512')",
      {},
      'ddaf35a193617abacc417349ae20413112e6fa4e89a97ea20a9eeee64b55d39a2192992a274fc1a836ba3c23a3feebbd454d4423643ce80e2a9ac94fa54ca49f',
    ),
    value('hashes a number as its digits', "States.Hash(123, 'MD5')", {}, '202cb962ac59075b964b07152d234b70'),
    value(
      'hashes 10,000 characters',
      "States.Hash($.s, 'MD5')",
      { s: 'a'.repeat(10_000) },
      '0d0c9c4db6953fee9e03f528cafd7d3e',
    ),
    failure(
      'refuses 10,001 characters',
      "States.Hash($.s, 'MD5')",
      { s: 'a'.repeat(10_001) },
      invalid('Hash'),
    ),
    failure('refuses an unknown algorithm', "States.Hash('abc', 'SHA-3')", {}, invalid('Hash')),
    failure('refuses an algorithm in lower case', "States.Hash('abc', 'sha-256')", {}, invalid('Hash')),
    failure('refuses null data', "States.Hash($.n, 'MD5')", { n: null }, invalid('Hash')),
  ]);
});

describe('States.JsonMerge', () => {
  conformance([
    value(
      'merges shallowly, the second winning (docs example)',
      'States.JsonMerge($.json1, $.json2, false)',
      {
        json1: { a: { a1: 1, a2: 2 }, b: 2 },
        json2: { a: { a3: 1, a4: 2 }, c: 3 },
      },
      { a: { a3: 1, a4: 2 }, b: 2, c: 3 },
    ),
    value(
      'merges with an empty object',
      'States.JsonMerge($.a, $.b, false)',
      { a: { x: 1 }, b: {} },
      { x: 1 },
    ),
    failure(
      'refuses a deep merge',
      'States.JsonMerge($.a, $.b, true)',
      { a: {}, b: {} },
      invalid('JsonMerge'),
    ),
    failure(
      'refuses an array to merge',
      'States.JsonMerge($.a, $.b, false)',
      { a: [], b: {} },
      invalid('JsonMerge'),
    ),
  ]);
});

describe('Math, strings and UUID', () => {
  conformance([
    value('adds (docs example)', 'States.MathAdd($.value1, $.step)', { value1: 111, step: -1 }, 110),
    value('adds negative numbers', 'States.MathAdd(-5, -7)', {}, -12),
    // AWS: LocalStack's test_math_operations snapshot (test_math_add), recorded on AWS.
    value('rounds a decimal half up before adding', 'States.MathAdd(1.49, 1.5)', {}, 3),
    value('rounds each argument, not the sum', 'States.MathAdd(1.5, 1.51)', {}, 4),
    value('rounds 2.5 to 3, not to the even 2', 'States.MathAdd(2.5, 0)', {}, 3),
    value('rounds a negative half towards zero', 'States.MathAdd(-1.5, 0)', {}, -1),
    value('rounds -0.5 and 0.5 to 0 and 1', 'States.MathAdd(-0.5, 0.5)', {}, 1),
    value('rounds -1.51 to -2', 'States.MathAdd(-1.5, -1.51)', {}, -3),
    failure('refuses a string number', "States.MathAdd('1', 1)", {}, invalid('MathAdd')),
    failure('refuses a result beyond 32 bits', 'States.MathAdd(2147483647, 1)', {}, invalid('MathAdd')),
    failure(
      'names the call of a failure as AWS does (aws_test_harness)',
      'States.MathAdd($.firstNumber, $.secondNumber)',
      { firstNumber: 1, secondNumber: 'NOT A NUMBER' },
      invalid('MathAdd'),
    ),
    checked('draws a random number in range (docs example)', 'States.MathRandom(1, 999)', {
      And: [
        { Variable: '$.r', NumericGreaterThanEquals: 1 },
        { Variable: '$.r', NumericLessThan: 999 },
      ],
    }),
    checked(
      'draws the same number twice for the same seed',
      'States.Array(States.MathRandom(1, 1000000, 7), States.MathRandom(1, 1000000, 7))',
      {
        Variable: '$.r[0]',
        NumericEqualsPath: '$.r[1]',
      },
    ),
    checked('drops the fractions of its bounds', 'States.MathRandom(1.9, 2.9)', {
      Variable: '$.r',
      NumericEquals: 1,
    }),
    failure('refuses an end not above the start', 'States.MathRandom(5, 5)', {}, invalid('MathRandom')),
    failure(
      'refuses bounds that are one integer once truncated',
      'States.MathRandom(1.4, 1.6)',
      {},
      invalid('MathRandom'),
    ),
    failure('refuses a seed that is text', "States.MathRandom(1, 10, 'seed')", {}, invalid('MathRandom')),
    value(
      'splits on a delimiter (docs example)',
      'States.StringSplit($.inputString, $.splitter)',
      { inputString: '1,2,3,4,5', splitter: ',' },
      ['1', '2', '3', '4', '5'],
    ),
    value(
      'splits on any of several delimiters (docs example)',
      'States.StringSplit($.inputString, $.splitter)',
      {
        inputString: 'This.is+a,test=string',
        splitter: '.+,=',
      },
      ['This', 'is', 'a', 'test', 'string'],
    ),
    value('drops empty parts', "States.StringSplit('a,,b,', ',')", {}, ['a', 'b']),
    failure(
      'refuses a non-string to split',
      "States.StringSplit($.n, ',')",
      { n: 1 },
      invalid('StringSplit'),
    ),
    checked('makes a version 4 UUID', 'States.UUID()', {
      Variable: '$.r',
      StringMatches: '*-*-4*-*-*',
    }),
    failure('refuses arguments to UUID', 'States.UUID(1)', {}, invalid('UUID')),
  ]);
});
