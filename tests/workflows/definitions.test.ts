import { readFileSync } from 'node:fs';
import { basename } from 'node:path';
import aslValidator from 'asl-validator';
import { pipeline } from '../../topology/pipeline';
import { todo } from '../../topology/todo';
import { canonicalWorkflowText } from '../../packages/asl/src/canonical';
import { workflowFiles } from '../../workflows/tools/files';
import { placeholdersIn } from '../../packages/asl/src/substitutions';
import {
  allStates,
  graphProblems,
  isJsonObject,
  type JsonObject,
  type StateNode,
} from '../../packages/asl/src/graph';

const files = workflowFiles();
const workflows = files.map((file) => {
  const text = readFileSync(file, 'utf8');
  return { file: basename(file), text, definition: JSON.parse(text) as JsonObject };
});

/** The blog's workflows and MyTodoList's share workflows/. */
const specs = [...Object.values(pipeline.workflows), ...Object.values(todo.workflows)];
const specFor = (file: string) => specs.find((spec) => spec.file === file);

const usesCatch = (node: StateNode): boolean =>
  [node, ...node.enclosing].some((state) => Array.isArray(state.definition['Catch']));

test('the topologies name exactly the workflow files in workflows/', () => {
  expect(workflows.map((w) => w.file).sort()).toEqual(specs.map((spec) => spec.file).sort());
});

describe.each(workflows)('$file', ({ file, text, definition }) => {
  test('is in canonical form, as Workflow Studio writes it (`npm run workflows:format` after a hand edit)', () => {
    expect(text).toBe(canonicalWorkflowText(text));
  });

  test('passes asl-validator', () => {
    const result = aslValidator(structuredClone(definition));
    expect(result.errors).toEqual([]);
    expect(result.isValid).toBe(true);
  });

  test('has no missing transition targets and no unreachable states', () => {
    expect(graphProblems(definition)).toEqual([]);
  });

  test('gives every Task a Retry for transient errors', () => {
    const tasks = allStates(definition).filter((node) => node.definition['Type'] === 'Task');
    const withoutRetry = tasks.filter((node) => !Array.isArray(node.definition['Retry'])).map((n) => n.path);
    expect(withoutRetry).toEqual([]);
  });

  test('catches the errors of every Task, on the Task or on the Map/Parallel around it', () => {
    const tasks = allStates(definition).filter((node) => node.definition['Type'] === 'Task');
    expect(tasks.filter((node) => !usesCatch(node)).map((n) => n.path)).toEqual([]);
  });

  test('uses only substitutions the topology fills, and all of them', () => {
    const spec = specFor(file);
    expect(spec).toBeDefined();
    expect([...placeholdersIn(text)].sort()).toEqual(Object.keys(spec?.substitutions ?? {}).sort());
  });

  test('writes no resource ARN or account id literally (an export from a deployed machine: `npm run workflows:placeholders`)', () => {
    expect(text).not.toMatch(/arn:aws:(lambda|sns|sqs|dynamodb|s3|kinesis):/);
    expect(text).not.toMatch(/\b\d{12}\b/);
  });
});

describe('together, the workflows', () => {
  const states = workflows.flatMap((w) => allStates(w.definition));
  const types = new Set(states.map((node) => node.definition['Type']));

  test.each(['Task', 'Choice', 'Parallel', 'Map', 'Wait', 'Pass', 'Succeed', 'Fail'])(
    'use a %s state',
    (type) => {
      expect(types).toContain(type);
    },
  );

  test('use Retry with exponential back-off, MaxDelaySeconds and FULL jitter', () => {
    const retriers = states.flatMap((node) => {
      const retry = node.definition['Retry'];
      return Array.isArray(retry) ? retry.filter(isJsonObject) : [];
    });
    expect(retriers.some((r) => (r['BackoffRate'] as number) > 1 && r['MaxDelaySeconds'] !== undefined)).toBe(
      true,
    );
    expect(retriers.every((r) => r['JitterStrategy'] === 'FULL')).toBe(true);
  });

  test('use both query languages, and JSONata variables with Assign', () => {
    const languages = new Set(workflows.map((w) => w.definition['QueryLanguage'] ?? 'JSONPath'));
    expect(languages).toEqual(new Set(['JSONPath', 'JSONata']));
    expect(states.some((node) => isJsonObject(node.definition['Assign']))).toBe(true);
  });

  test('use an inline Map and a distributed Map with a failure tolerance', () => {
    const maps = states.filter((node) => node.definition['Type'] === 'Map');
    const modes = maps.map((node) => {
      const processor = node.definition['ItemProcessor'];
      const config = isJsonObject(processor) ? processor['ProcessorConfig'] : undefined;
      return isJsonObject(config) ? config['Mode'] : 'INLINE';
    });
    expect(modes).toEqual(expect.arrayContaining(['INLINE', 'DISTRIBUTED']));
    expect(maps.some((node) => node.definition['ToleratedFailurePercentage'] !== undefined)).toBe(true);
  });
});
