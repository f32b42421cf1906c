/**
 * The repository's imports as data, read with TypeScript's own pre-processor (static, dynamic and
 * type-only imports, `export … from`, `require`), so the boundary specification checks what the
 * compiler and Node would load rather than what a regular expression guesses.
 */
import { execFileSync } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { dirname, join, normalize, relative } from 'node:path';
import ts from 'typescript';

export const ROOT = join(__dirname, '..', '..');

/** The workspace packages, lowest first: each may import only those before it. */
export const PACKAGE_ORDER = ['local-http', 'asl', 'sfn-engine', 'stepfunctions-local'] as const;
export type PackageFolder = (typeof PACKAGE_ORDER)[number];
export const PACKAGE_SCOPE = '@myblog/';

export interface ImportEdge {
  /** Importing file, relative to the repository root with `/` separators. */
  from: string;
  /** The specifier as written. */
  specifier: string;
  /** For a relative specifier, the file it resolves to (relative to the root); else undefined. */
  resolved: string | undefined;
}

const SOURCE = /\.(ts|mts|cts|mjs|cjs)$/;

/** Every tracked source file (git's view, so build output and node_modules never count). */
export function sourceFiles(): string[] {
  return execFileSync('git', ['ls-files', '-co', '--exclude-standard'], { cwd: ROOT, encoding: 'utf8' })
    .split('\n')
    .filter((file) => SOURCE.test(file) && !file.startsWith('cdk.out/') && existsSync(join(ROOT, file)));
}

function resolveRelative(from: string, specifier: string): string | undefined {
  const base = normalize(join(dirname(from), specifier));
  for (const candidate of [base, `${base}.ts`, `${base}.mjs`, join(base, 'index.ts')]) {
    const absolute = join(ROOT, candidate);
    if (existsSync(absolute) && SOURCE.test(candidate)) return relative(ROOT, absolute).split('\\').join('/');
  }
  return undefined;
}

export function importsOf(file: string): ImportEdge[] {
  const text = readFileSync(join(ROOT, file), 'utf8');
  const info = ts.preProcessFile(text, true, true);
  return info.importedFiles.map(({ fileName }) => ({
    from: file,
    specifier: fileName,
    resolved: fileName.startsWith('.') ? resolveRelative(file, fileName) : undefined,
  }));
}

/** The workspace package a file belongs to, or undefined for the pipeline, tools and tests. */
export function packageOf(file: string): PackageFolder | undefined {
  const match = /^packages\/([^/]+)\//.exec(file);
  return PACKAGE_ORDER.find((name) => name === match?.[1]);
}

/** `@myblog/sfn-engine` → `sfn-engine`; `@myblog/sfn-engine/src/x` → `sfn-engine` too. */
export function workspaceNamed(specifier: string): { folder: string; subpath: string } | undefined {
  if (!specifier.startsWith(PACKAGE_SCOPE)) return undefined;
  const [folder = '', ...rest] = specifier.slice(PACKAGE_SCOPE.length).split('/');
  return { folder, subpath: rest.join('/') };
}

/** The npm package a bare specifier names: `@aws-sdk/client-s3/x` → `@aws-sdk/client-s3`. */
export function npmPackageOf(specifier: string): string | undefined {
  if (specifier.startsWith('.') || specifier.startsWith('node:')) return undefined;
  const parts = specifier.split('/');
  return specifier.startsWith('@') ? parts.slice(0, 2).join('/') : parts[0];
}
