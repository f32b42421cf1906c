import { jsonataBodies } from '../../packages/sfn-engine/src/definition/jsonata-bodies';

// What withDefinitionParsed prepares ahead of a create: every whole `{% %}` string, anywhere.

test('finds the body of every whole {% %} string, in objects and arrays at any depth', () => {
  const definition = {
    QueryLanguage: 'JSONata',
    StartAt: 'A',
    States: {
      A: {
        Type: 'Pass',
        Output: { x: '{% $states.input.x %}', list: ['{%1 + 2%}', { deep: '{% $y %}' }] },
        Next: 'B',
      },
      B: { Type: 'Choice', Choices: [{ Condition: '{% true %}', Next: 'A' }], Default: 'A' },
    },
  };
  expect(jsonataBodies(JSON.stringify(definition)).sort()).toEqual([
    '$states.input.x',
    '$y',
    '1 + 2',
    'true',
  ]);
});

test('leaves out strings that only start or end like one, and text that is not JSON', () => {
  expect(jsonataBodies({ a: '{% 1', b: 'x %}', c: 'plain' })).toEqual([]);
  expect(jsonataBodies('{"StartAt": ')).toEqual([]);
});
