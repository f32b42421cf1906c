import { type ConformanceCase, conformance, passComputing } from '../harness';
import type { JsonObject } from '../../../local/engine/json';

const value = (name: string, expression: string, input: JsonObject, output: unknown): ConformanceCase => ({
  name,
  definition: passComputing(expression),
  input,
  expect: { output: output as JsonObject },
});
const failure = (name: string, expression: string, input: JsonObject, cause: RegExp): ConformanceCase => ({
  name,
  definition: passComputing(expression),
  input,
  expect: { error: 'States.IntrinsicFailure', cause },
});
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
      'writes objects and arrays as JSON',
      "States.Format('{} {}', $.o, $.a)",
      { o: { k: 'v' }, a: [1, 2] },
      '{"k":"v"} [1,2]',
    ),
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
    failure('refuses too few values', "States.Format('{} {}', $.a)", { a: 1 }, /placeholder/),
    failure('refuses too many values', "States.Format('{}', $.a, $.b)", { a: 1, b: 2 }, /placeholder/),
    failure('refuses a template that is not a string', 'States.Format($.n)', { n: 5 }, /string/),
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
    failure('refuses text that is not JSON', 'States.StringToJson($.s)', { s: '{nope' }, /not valid JSON/),
    failure('refuses a non-string argument', 'States.StringToJson($.n)', { n: 1 }, /string/),
    value(
      'serialises an object (docs example)',
      'States.JsonToString($.someJson)',
      { someJson: { name: 'Foo', year: 2020 } },
      '{"name":"Foo","year":2020}',
    ),
    value('serialises an array', 'States.JsonToString($.a)', { a: [1, { b: 2 }] }, '[1,{"b":2}]'),
    value('serialises a string with its quotes', 'States.JsonToString($.s)', { s: 'x' }, '"x"'),
    failure('refuses a second argument', 'States.JsonToString($.a, $.b)', { a: 1, b: 2 }, /1 argument/),
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
    failure('refuses a chunk size of zero', 'States.ArrayPartition($.a, 0)', { a: [1] }, /positive/),
    failure('refuses a non-array to partition', 'States.ArrayPartition($.a, 2)', { a: 'x' }, /array/),
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
    value('does not confuse a number with its text', "States.ArrayContains($.a, '1')", { a: [1] }, false),
    value('makes a range with a step (docs example)', 'States.ArrayRange(1, 9, 2)', {}, [1, 3, 5, 7, 9]),
    value('makes a descending range', 'States.ArrayRange(5, 1, -2)', {}, [5, 3, 1]),
    value('makes a one-item range', 'States.ArrayRange(3, 3, 1)', {}, [3]),
    value('makes an empty range when the step points away', 'States.ArrayRange(1, 3, -1)', {}, []),
    failure('refuses a step of zero', 'States.ArrayRange(1, 3, 0)', {}, /step/),
    failure('refuses a range of more than 1000 items', 'States.ArrayRange(1, 2000, 1)', {}, /1000/),
    failure('refuses a decimal bound', 'States.ArrayRange(1.5, 3, 1)', {}, /integer/),
    value(
      'gets an item by index (docs example)',
      'States.ArrayGetItem($.inputArray, $.index)',
      { ...nine, index: 5 },
      6,
    ),
    value('gets the first item', 'States.ArrayGetItem($.a, 0)', { a: ['x', 'y'] }, 'x'),
    failure(
      'refuses an index past the end',
      'States.ArrayGetItem($.a, 2)',
      { a: ['x', 'y'] },
      /out of bounds/,
    ),
    failure('refuses a negative index', 'States.ArrayGetItem($.a, -1)', { a: ['x'] }, /out of bounds/),
    value('counts items (docs example)', 'States.ArrayLength($.inputArray)', nine, 9),
    value('counts an empty array', 'States.ArrayLength($.a)', { a: [] }, 0),
    failure('refuses to count a string', 'States.ArrayLength($.s)', { s: 'abc' }, /array/),
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
    failure('refuses invalid base64', "States.Base64Decode('***')", {}, /base64/),
    failure('refuses to encode a number', 'States.Base64Encode($.n)', { n: 1 }, /string/),
    failure(
      'refuses input over 10,000 characters',
      'States.Base64Encode($.s)',
      { s: 'x'.repeat(10_001) },
      /10000/,
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
    failure('refuses an unknown algorithm', "States.Hash('abc', 'SHA-3')", {}, /algorithm/),
    failure('refuses null data', "States.Hash($.n, 'MD5')", { n: null }, /null/),
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
    failure('refuses a deep merge', 'States.JsonMerge($.a, $.b, true)', { a: {}, b: {} }, /shallow/),
    failure('refuses an array to merge', 'States.JsonMerge($.a, $.b, false)', { a: [], b: {} }, /object/),
  ]);
});

describe('Math, strings and UUID', () => {
  conformance([
    value('adds (docs example)', 'States.MathAdd($.value1, $.step)', { value1: 111, step: -1 }, 110),
    value('adds negative numbers', 'States.MathAdd(-5, -7)', {}, -12),
    failure('refuses a decimal', 'States.MathAdd(1.5, 1)', {}, /integer/),
    failure('refuses a string number', "States.MathAdd('1', 1)", {}, /number/),
    failure('refuses a result beyond 32 bits', 'States.MathAdd(2147483647, 1)', {}, /32-bit/),
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
    failure('refuses an end not above the start', 'States.MathRandom(5, 5)', {}, /greater/),
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
    failure('refuses a non-string to split', "States.StringSplit($.n, ',')", { n: 1 }, /string/),
    checked('makes a version 4 UUID', 'States.UUID()', {
      Variable: '$.r',
      StringMatches: '*-*-4*-*-*',
    }),
    failure('refuses arguments to UUID', 'States.UUID(1)', {}, /0 argument/),
  ]);
});
