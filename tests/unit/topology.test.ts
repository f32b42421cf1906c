import { existsSync } from 'node:fs';
import { join } from 'node:path';
import { describeOpenApi } from '../../functions/blog-api/openapi';
import { pipeline } from '../../topology/pipeline';

const root = join(__dirname, '..', '..');

test('every function in the topology has a handler in functions/', () => {
  const missing = Object.values(pipeline.functions)
    .map((fn) => join('functions', fn.dir, 'handler.ts'))
    .filter((path) => !existsSync(join(root, path)));
  expect(missing).toEqual([]);
});

test('an environment variable means the same resource in every function that has it', () => {
  // Functions run in one process locally; a name with two meanings would break one of them.
  const meanings = new Map<string, string>();
  const conflicts: string[] = [];
  for (const fn of Object.values(pipeline.functions)) {
    for (const [name, ref] of Object.entries(fn.environment)) {
      const meaning = JSON.stringify(ref);
      if (meanings.has(name) && meanings.get(name) !== meaning) conflicts.push(name);
      meanings.set(name, meaning);
    }
  }
  expect(conflicts).toEqual([]);
});

test('every queue fed by a source has a dead-letter queue, and dead-letter queues have none', () => {
  const sourceQueues = pipeline.pipes.flatMap((pipe) => (pipe.kind === 'queue' ? [pipe.queue] : []));
  for (const queue of sourceQueues) {
    const dlq = pipeline.queues[queue].deadLetter?.queue;
    expect(dlq).toBeDefined();
    expect(pipeline.queues[dlq as keyof typeof pipeline.queues].deadLetter).toBeUndefined();
  }
});

test('every stream source has a dead-letter queue for batches that keep failing', () => {
  for (const pipe of pipeline.pipes) {
    if (pipe.kind === 'tableStream') expect(pipeline.queues[pipe.deadLetterQueue]).toBeDefined();
  }
  for (const consumer of pipeline.streamConsumers)
    expect(pipeline.queues[consumer.deadLetterQueue]).toBeDefined();
});

test('a table feeding a pipe has a stream', () => {
  for (const pipe of pipeline.pipes) {
    if (pipe.kind === 'tableStream') expect(pipeline.tables[pipe.table].stream).toBeDefined();
  }
});

describe('the API routes', () => {
  test('API Gateway has exactly the routes the function answers (its OpenAPI document)', () => {
    const documented = Object.entries(
      describeOpenApi()['paths'] as Record<string, Record<string, unknown>>,
    ).flatMap(([path, operations]) =>
      Object.keys(operations).map((method) => `${method.toUpperCase()} ${path}`),
    );
    expect(pipeline.api.routes.map((route) => `${route.method} ${route.path}`).sort()).toEqual(
      documented.sort(),
    );
  });
});
