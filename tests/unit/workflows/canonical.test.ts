import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import { canonicalWorkflowText } from '../../../packages/asl/src/canonical';

/**
 * Definitions written the way Workflow Studio writes them: its state templates' key orders (a
 * Lambda Invoke with OutputPath before Parameters, SDK tasks with Parameters before Resource, a
 * distributed Map's ItemReader/ReaderConfig/ResultWriter/ItemBatcher as it nests them), fields
 * added later in its form placed last, QueryLanguage first in newer exports and last in JSONata
 * ones, non-ASCII text unescaped, and no line break after the closing brace as the console's
 * export ends (one of them ends with one, as an editor saving it adds).
 */
const STUDIO = join(__dirname, 'fixtures', 'workflow-studio');
const exports = readdirSync(STUDIO)
  .filter((name) => name.endsWith('.asl.json'))
  .map((name) => ({ name, text: readFileSync(join(STUDIO, name), 'utf8') }));

test('the Workflow Studio fixtures are there to check', () => {
  expect(exports.map((e) => e.name).sort()).toEqual([
    'distributed-map.asl.json',
    'jsonata.asl.json',
    'jsonpath-tasks.asl.json',
  ]);
});

test.each(exports)('leaves the Workflow Studio export $name byte for byte', ({ text }) => {
  expect(canonicalWorkflowText(text)).toBe(text);
});

const stateKeys = (text: string, state: string): string[] =>
  Object.keys(
    (JSON.parse(canonicalWorkflowText(text)) as { States: Record<string, object> }).States[state] ?? {},
  );

test('keeps the keys of every object in the order they were written', () => {
  const text = JSON.stringify({
    StartAt: 'A',
    States: {
      A: {
        Next: 'B',
        Parameters: { zeta: 1, alpha: 2 },
        Resource: 'arn:aws:states:::aws-sdk:s3:listBuckets',
        Type: 'Task',
      },
      B: { End: true, Type: 'Pass' },
    },
    QueryLanguage: 'JSONPath',
  });
  const canonical = canonicalWorkflowText(text);
  expect(Object.keys(JSON.parse(canonical) as object)).toEqual(['StartAt', 'States', 'QueryLanguage']);
  expect(stateKeys(text, 'A')).toEqual(['Next', 'Parameters', 'Resource', 'Type']);
  expect(canonical.indexOf('"zeta"')).toBeLessThan(canonical.indexOf('"alpha"'));
});

test('indents with two spaces, one key or item per line, as Workflow Studio writes', () => {
  const compact = '{"StartAt":"A","States":{"A":{"Type":"Fail","Error":"E"}},"Comment":"x"}';
  const fourSpaces = JSON.stringify(JSON.parse(compact), null, 4);
  const expected = [
    '{',
    '  "StartAt": "A",',
    '  "States": {',
    '    "A": {',
    '      "Type": "Fail",',
    '      "Error": "E"',
    '    }',
    '  },',
    '  "Comment": "x"',
    '}',
  ].join('\n');
  expect(canonicalWorkflowText(compact)).toBe(expected);
  expect(canonicalWorkflowText(fourSpaces)).toBe(expected);
});

test('writes numbers and strings as JavaScript prints them: 2.0 is 2, é is not escaped', () => {
  const text =
    '{"StartAt":"A","States":{"A":{"Type":"Pass","Result":{"rate":2.0,"big":1E3,"name":"caf\\u00e9 \\/ bar"},"End":true}}}';
  const canonical = canonicalWorkflowText(text);
  expect(canonical).toContain('"rate": 2,');
  expect(canonical).toContain('"big": 1000,');
  expect(canonical).toContain('"name": "café / bar"');
});

test('keeps a final line break when the file has one and adds none when it has none', () => {
  const body = '{\n  "StartAt": "A",\n  "States": {\n    "A": {\n      "Type": "Succeed"\n    }\n  }\n}';
  expect(canonicalWorkflowText(body)).toBe(body);
  expect(canonicalWorkflowText(`${body}\n`)).toBe(`${body}\n`);
  expect(canonicalWorkflowText(`${body}\n\n  \n`)).toBe(`${body}\n`);
  expect(canonicalWorkflowText(body.replace(/\n/g, '\r\n') + '\r\n')).toBe(`${body}\n`);
  expect(canonicalWorkflowText(`${body}  `)).toBe(body);
});

test('is stable: formatting canonical text changes nothing', () => {
  const once = canonicalWorkflowText('{"StartAt":"A","States":{"A":{"Type":"Succeed"}}}\n');
  expect(canonicalWorkflowText(once)).toBe(once);
});

test('refuses a file that is not one JSON object', () => {
  expect(() => canonicalWorkflowText('[1]')).toThrow(SyntaxError);
  expect(() => canonicalWorkflowText('null')).toThrow(SyntaxError);
  expect(() => canonicalWorkflowText('{ // comment\n}')).toThrow(SyntaxError);
});
