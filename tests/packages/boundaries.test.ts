/**
 * The layout's rules (README: Layout): the workspace packages stack asl → sfn-engine →
 * stepfunctions-local; each is reached only through its entry, by name, and only from above; each
 * declares every package it imports, so its install needs nothing the pipeline brings. Tests may
 * reach into a package's modules: they specify those modules.
 */
import { readFileSync } from 'node:fs';
import { builtinModules } from 'node:module';
import { join } from 'node:path';
import {
  type ImportEdge,
  PACKAGE_ORDER,
  ROOT,
  importsOf,
  npmPackageOf,
  packageOf,
  sourceFiles,
  workspaceNamed,
} from './import-graph';

const files = sourceFiles();
const edges: ImportEdge[] = files.flatMap(importsOf);
const describeEdge = (edge: ImportEdge): string => `${edge.from} imports '${edge.specifier}'`;

interface Manifest {
  name: string;
  dependencies?: Record<string, string>;
  devDependencies?: Record<string, string>;
}
const manifestOf = (folder: string): Manifest =>
  JSON.parse(readFileSync(join(ROOT, 'packages', folder, 'package.json'), 'utf8')) as Manifest;

test('every workspace package is named @myblog/<folder> and has one entry, src/index.ts', () => {
  for (const folder of PACKAGE_ORDER) {
    const manifest = manifestOf(folder) as Manifest & { main?: string; types?: string };
    expect({ name: manifest.name, main: manifest.main, types: manifest.types }).toEqual({
      name: `@myblog/${folder}`,
      main: 'src/index.ts',
      types: 'src/index.ts',
    });
  }
});

test('no relative import leaves its package, and none reaches into a package from outside', () => {
  const crossing = edges.filter((edge) => {
    if (edge.resolved === undefined || edge.from.startsWith('tests/')) return false;
    return packageOf(edge.resolved) !== undefined && packageOf(edge.resolved) !== packageOf(edge.from);
  });
  expect(crossing.map(describeEdge)).toEqual([]);
});

test('packages are imported by name through their entry, never a subpath', () => {
  const deep = edges.filter((edge) => (workspaceNamed(edge.specifier)?.subpath ?? '') !== '');
  expect(deep.map(describeEdge)).toEqual([]);
});

test('a package imports only the packages below it', () => {
  const upward = edges.filter((edge) => {
    const from = packageOf(edge.from);
    const to = workspaceNamed(edge.specifier)?.folder;
    if (from === undefined || to === undefined) return false;
    return PACKAGE_ORDER.indexOf(to as never) >= PACKAGE_ORDER.indexOf(from);
  });
  expect(upward.map(describeEdge)).toEqual([]);
});

test('each package declares every npm package its modules import, in its own package.json', () => {
  const builtins = new Set(builtinModules);
  for (const folder of PACKAGE_ORDER) {
    const manifest = manifestOf(folder);
    const declared = new Set([
      ...Object.keys(manifest.dependencies ?? {}),
      ...Object.keys(manifest.devDependencies ?? {}),
    ]);
    const missing = edges
      .filter((edge) => packageOf(edge.from) === folder)
      .filter((edge) => {
        const name = npmPackageOf(edge.specifier);
        return name !== undefined && !builtins.has(name) && !declared.has(name);
      });
    expect(missing.map(describeEdge)).toEqual([]);
  }
});

test('stepfunctions-local, which ships the packages below it bundled, depends on all they depend on', () => {
  const shipped = manifestOf('stepfunctions-local');
  const runtime = new Set(Object.keys(shipped.dependencies ?? {}));
  const below = PACKAGE_ORDER.slice(0, -1).flatMap((folder) =>
    Object.keys(manifestOf(folder).dependencies ?? {}),
  );
  const unmet = below.filter((name) => workspaceNamed(name) === undefined && !runtime.has(name));
  expect(unmet).toEqual([]);
  const workspaceAtRuntime = Object.keys(shipped.dependencies ?? {}).filter((name) => workspaceNamed(name));
  expect(workspaceAtRuntime).toEqual([]);
});

/**
 * Above the packages, the repository is layered too: the topology describes, the pipeline
 * (functions, workflows, the update service) builds on it, infra deploys it and local/ runs it,
 * bench measures all of that, tests specify everything. Imports only point down.
 */
const LAYER: Readonly<Record<string, number>> = {
  packages: 0,
  types: 0,
  topology: 1,
  functions: 2,
  workflows: 2,
  services: 2,
  infra: 3,
  local: 3,
  bench: 4,
  tests: 5,
};

test('the folders above the packages import only the layers below them', () => {
  const folderOf = (file: string): string => file.split('/')[0] as string;
  const upward = edges.filter((edge) => {
    if (edge.resolved === undefined) return false;
    const [from, to] = [folderOf(edge.from), folderOf(edge.resolved)];
    if (from === to || !(from in LAYER) || !(to in LAYER)) return false;
    return (LAYER[to] as number) >= (LAYER[from] as number);
  });
  expect(upward.map(describeEdge)).toEqual([]);
});
