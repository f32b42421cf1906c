/**
 * Circles of imports among a package's modules, found with Tarjan's strongly connected
 * components over the import graph (import-graph.ts reads every import, type-only ones too).
 * A type-only circle costs nothing at run time, but it still means neither module can be read,
 * tested or moved without the other: the package's layers are no longer layers.
 */
import { importsOf, packageOf, sourceFiles } from './import-graph';

/** Each module of one package and the modules of the same package it imports. */
export type ImportGraph = ReadonlyMap<string, readonly string[]>;

/** The import graph of every package's own modules, one graph per package folder. */
export function packageGraphs(files: readonly string[] = sourceFiles()): Map<string, ImportGraph> {
  const graphs = new Map<string, Map<string, string[]>>();
  for (const file of files) {
    const folder = packageOf(file);
    if (folder === undefined) continue;
    const targets = importsOf(file)
      .map((edge) => edge.resolved)
      .filter((target): target is string => target !== undefined && packageOf(target) === folder);
    let graph = graphs.get(folder);
    if (graph === undefined) graphs.set(folder, (graph = new Map()));
    graph.set(file, [...new Set(targets)]);
  }
  return graphs;
}

/**
 * The circles of a graph: every strongly connected component of more than one module, and every
 * module that imports itself. Each is sorted, and the list is sorted by its first module, so the
 * answer does not depend on the order files were read in.
 */
export function importCircles(graph: ImportGraph): string[][] {
  const index = new Map<string, number>();
  const lowLink = new Map<string, number>();
  const stack: string[] = [];
  const onStack = new Set<string>();
  const circles: string[][] = [];
  let next = 0;
  const visit = (module: string): void => {
    index.set(module, next);
    lowLink.set(module, next);
    next += 1;
    stack.push(module);
    onStack.add(module);
    for (const target of graph.get(module) ?? []) {
      if (!index.has(target)) {
        visit(target);
        lowLink.set(module, Math.min(lowLink.get(module) as number, lowLink.get(target) as number));
      } else if (onStack.has(target)) {
        lowLink.set(module, Math.min(lowLink.get(module) as number, index.get(target) as number));
      }
    }
    if (lowLink.get(module) !== index.get(module)) return;
    const component: string[] = [];
    let member: string;
    do {
      member = stack.pop() as string;
      onStack.delete(member);
      component.push(member);
    } while (member !== module);
    if (component.length > 1 || (graph.get(module) ?? []).includes(module)) circles.push(component.sort());
  };
  for (const module of graph.keys()) if (!index.has(module)) visit(module);
  return circles.sort((a, b) => (a[0] as string).localeCompare(b[0] as string));
}
