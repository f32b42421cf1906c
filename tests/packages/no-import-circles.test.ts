/**
 * No package has a circle of imports among its modules, type-only imports included: every
 * package is layers, each module importing only modules below it, so any one can be read,
 * tested or moved with only what is under it.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import { type ImportGraph, importCircles, packageGraphs } from './import-circles';
import { ROOT } from './import-graph';

const graphs = packageGraphs();

describe('circles of imports', () => {
  it.each([...graphs.keys()])('%s has no circle of imports among its modules', (folder) => {
    const graph = graphs.get(folder) as ImportGraph;
    const prefix = `packages/${folder}/`;
    const circles = importCircles(graph).map((circle) => circle.map((file) => file.slice(prefix.length)));
    expect(circles).toEqual([]);
  });

  it('reads every package', () => {
    expect([...graphs.keys()]).toEqual(expect.arrayContaining(['asl', 'sfn-engine', 'stepfunctions-local']));
  });

  it('counts a type-only import as an edge', () => {
    const file = 'packages/sfn-engine/src/execution/frame.ts';
    // The witness: frame.ts names ExecutionRun with `import type` and nothing else from services.ts.
    expect(readFileSync(join(ROOT, file), 'utf8')).toContain(
      "import type { ExecutionRun } from './services';",
    );
    expect(graphs.get('sfn-engine')?.get(file)).toContain('packages/sfn-engine/src/execution/services.ts');
  });
});

describe('importCircles', () => {
  const graph = (edges: Record<string, string[]>): ImportGraph => new Map(Object.entries(edges));

  it('finds nothing in layers', () => {
    expect(importCircles(graph({ top: ['middle', 'bottom'], middle: ['bottom'], bottom: [] }))).toEqual([]);
  });

  it('finds each strongly connected component once, with every module in it', () => {
    const found = importCircles(graph({ a: ['b'], b: ['c'], c: ['a', 'd'], d: ['e'], e: ['d'], f: ['a'] }));
    expect(found).toEqual([
      ['a', 'b', 'c'],
      ['d', 'e'],
    ]);
  });

  it('finds a module that imports itself', () => {
    expect(importCircles(graph({ self: ['self', 'other'], other: [] }))).toEqual([['self']]);
  });
});
