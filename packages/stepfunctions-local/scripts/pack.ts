/**
 * `npm run pack:stepfunctions-local [-- OUT_DIR]`: the tarball others install. In the repository the
 * package runs from TypeScript source and imports the private workspaces (@myblog/asl,
 * @myblog/sfn-engine, ...) by name; the tarball carries none of that. A staging folder gets:
 *   dist/index.js, dist/cli.js   the source bundled to CommonJS with every workspace inside and
 *                                every npm dependency left to `require` (esbuild);
 *   dist/<worker files>          files the code starts by path (the regex sandbox's worker);
 *   dist/console-web/            the console's page, built for browsers (no esbuild when installed);
 *   dist/types/                  declarations of the package and of the workspaces it exposes,
 *                                their `@myblog/*` imports rewritten to relative paths;
 *   bin/, README.md, package.json (main/types → dist, the dependencies, nothing private).
 * Then `npm pack` in it. Each kind of asset is one step in ASSET_STEPS: a new kind is one more
 * function there.
 */
import { execFileSync } from 'node:child_process';
import { cpSync, mkdirSync, readFileSync, readdirSync, rmSync, writeFileSync } from 'node:fs';
import { dirname, join, relative, resolve } from 'node:path';
import { build } from 'esbuild';
import ts from 'typescript';
import { buildConsoleAssets, PREBUILT_FOLDER } from '../src/console/assets';

const PACKAGE_DIR = resolve(__dirname, '..');
const PACKAGES_DIR = dirname(PACKAGE_DIR);
const ROOT = dirname(PACKAGES_DIR);
const WORKSPACE_SCOPE = '@myblog/';
/** Where the root script stages and packs by default (ignored by git and the tools). */
export const DEFAULT_OUT_DIR = join(PACKAGE_DIR, '.pack');

interface Manifest {
  readonly name: string;
  readonly version: string;
  readonly description?: string;
  readonly license?: string;
  readonly keywords?: readonly string[];
  readonly engines?: Readonly<Record<string, string>>;
  readonly bin?: Readonly<Record<string, string>>;
  readonly types?: string;
  readonly dependencies?: Readonly<Record<string, string>>;
}

const readManifest = (folder: string): Manifest =>
  JSON.parse(readFileSync(join(folder, 'package.json'), 'utf8')) as Manifest;

/** What every step is given: the package as it is in the repository, and the folder being filled. */
export interface Staging {
  readonly source: string;
  readonly manifest: Manifest;
  /** The folder `npm pack` runs in. */
  readonly dir: string;
}

/** The entries a user reaches: the library (`main`) and the CLI the bin runs. */
const ENTRIES = ['index', 'cli'] as const;

/** The package's npm dependencies stay `require`s; everything else (the workspaces) is bundled in. */
async function bundleCode(staging: Staging): Promise<void> {
  await build({
    entryPoints: ENTRIES.map((entry) => ({ in: join(staging.source, 'src', `${entry}.ts`), out: entry })),
    outdir: join(staging.dir, 'dist'),
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    external: Object.keys(staging.manifest.dependencies ?? {}),
    // No keepNames: errors carry their names as data (ServiceError's type, StatesError's error),
    // and keepNames wraps every function and class the bundle makes in a naming call, which
    // costs the server some per cent of its CPU per request (bench/README.md, the server's limit).
    logLevel: 'error',
  });
}

/**
 * Files the bundled code opens by path beside itself (`join(__dirname, ...)`), which a bundler
 * cannot follow: the regex sandbox's worker thread (packages/sfn-engine/src/regex/sandbox.ts).
 */
const WORKER_FILES = [join(PACKAGES_DIR, 'sfn-engine', 'src', 'regex', 'regex-worker.mjs')];

function copyWorkerFiles(staging: Staging): void {
  for (const file of WORKER_FILES)
    cpSync(file, join(staging.dir, 'dist', file.split(/[\\/]/).pop() as string));
}

/** The console's page (index.html, console.css, console.js), where the installed server reads it. */
async function buildConsolePage(staging: Staging): Promise<void> {
  await buildConsoleAssets(join(staging.dir, 'dist', PREBUILT_FOLDER));
}

/** The folder the declarations go to; under it each workspace keeps its path from packages/. */
const TYPES_DIR = join('dist', 'types');

/**
 * Declarations by TypeScript itself, for the package and every workspace file its entry reaches
 * (their paths kept, relative to packages/), then each `@myblog/<name>` import pointed at that
 * workspace's declared entry by a relative path: the tarball resolves its types without them.
 */
function emitTypes(staging: Staging): void {
  const config = ts.getParsedCommandLineOfConfigFile(
    join(ROOT, 'tsconfig.json'),
    {},
    {
      ...ts.sys,
      onUnRecoverableConfigFileDiagnostic: (diagnostic) => {
        throw new Error(ts.flattenDiagnosticMessageText(diagnostic.messageText, '\n'));
      },
    },
  );
  if (config === undefined) throw new Error('tsconfig.json could not be read');
  const outDir = join(staging.dir, TYPES_DIR);
  const program = ts.createProgram([join(staging.source, 'src', 'index.ts')], {
    ...config.options,
    noEmit: false,
    declaration: true,
    emitDeclarationOnly: true,
    rootDir: PACKAGES_DIR,
    outDir,
    types: ['node'],
    // Found by name through node_modules, a workspace would count as an installed library and get
    // no declarations of its own; mapped to its source, it is part of the program.
    paths: workspacePaths(),
  });
  const result = program.emit();
  // What stops declarations being right: syntax, options and the declaration emit's own errors
  // (a type it cannot write). Type errors elsewhere are `npm run typecheck`'s to report.
  const problems = [
    ...program.getOptionsDiagnostics(),
    ...program.getSyntacticDiagnostics(),
    ...result.diagnostics,
  ].filter((diagnostic) => diagnostic.category === ts.DiagnosticCategory.Error);
  if (problems.length > 0 || result.emitSkipped)
    throw new Error(
      `declarations could not be emitted:\n${ts.formatDiagnostics(problems, {
        getCanonicalFileName: (name) => name,
        getCurrentDirectory: () => ROOT,
        getNewLine: () => '\n',
      })}`,
    );
  for (const file of declarationFiles(outDir)) {
    const text = readFileSync(file, 'utf8');
    const rewritten = rewriteWorkspaceImports(text, (name) =>
      relativeSpecifier(dirname(file), workspaceEntryDeclaration(outDir, name)),
    );
    if (rewritten !== text) writeFileSync(file, rewritten);
  }
}

function workspacePaths(): Record<string, string[]> {
  const paths: Record<string, string[]> = {};
  for (const folder of readdirSync(PACKAGES_DIR)) {
    const manifest = readManifest(join(PACKAGES_DIR, folder));
    if (manifest.name.startsWith(WORKSPACE_SCOPE) && manifest.types !== undefined)
      paths[manifest.name] = [join(PACKAGES_DIR, folder, manifest.types)];
  }
  return paths;
}

function declarationFiles(dir: string): string[] {
  return readdirSync(dir, { withFileTypes: true, recursive: true })
    .filter((entry) => entry.isFile() && entry.name.endsWith('.d.ts'))
    .map((entry) => join(entry.parentPath, entry.name));
}

/** `@myblog/sfn-engine` → <outDir>/sfn-engine/src/index (its `types` field, without extension). */
function workspaceEntryDeclaration(outDir: string, name: string): string {
  const folder = name.slice(WORKSPACE_SCOPE.length);
  const types = readManifest(join(PACKAGES_DIR, folder)).types ?? 'index.ts';
  return join(outDir, folder, types.replace(/\.ts$/, ''));
}

const relativeSpecifier = (fromDir: string, target: string): string => {
  const path = relative(fromDir, target).split('\\').join('/');
  return path.startsWith('.') ? path : `./${path}`;
};

/** Replaces the quoted specifier of every `from '@myblog/x'` and `import('@myblog/x')`. */
export function rewriteWorkspaceImports(text: string, to: (name: string) => string): string {
  return text.replace(
    /(\bfrom\s+|\bimport\s*\(\s*)(['"])(@myblog\/[a-z0-9-]+)\2/g,
    (_match, lead: string, quote: string, name: string) => `${lead}${quote}${to(name)}${quote}`,
  );
}

function copyBinAndReadme(staging: Staging): void {
  cpSync(join(staging.source, 'bin'), join(staging.dir, 'bin'), { recursive: true });
  cpSync(join(staging.source, 'README.md'), join(staging.dir, 'README.md'));
}

/** The published manifest: the repository's, pointed at dist/, without devDependencies or `private`. */
function writeManifest(staging: Staging): void {
  const { name, version, description, license, keywords, engines, bin, dependencies } = staging.manifest;
  const published = {
    name,
    version,
    description,
    license,
    keywords,
    engines,
    main: 'dist/index.js',
    types: `${TYPES_DIR.split('\\').join('/')}/stepfunctions-local/src/index.d.ts`,
    bin,
    files: ['dist', 'bin', 'README.md'],
    dependencies,
  };
  writeFileSync(join(staging.dir, 'package.json'), `${JSON.stringify(published, null, 2)}\n`);
}

/** The steps that fill the staging folder, in order. */
export const ASSET_STEPS: readonly ((staging: Staging) => void | Promise<void>)[] = [
  bundleCode,
  copyWorkerFiles,
  buildConsolePage,
  emitTypes,
  copyBinAndReadme,
  writeManifest,
];

export interface Packed {
  /** The .tgz `npm pack` wrote. */
  readonly tarball: string;
  /** The folder it was packed from. */
  readonly staging: string;
}

/** Stages the package in `<outDir>/package` and packs it into `outDir`. */
export async function packStepFunctionsLocal(outDir: string = DEFAULT_OUT_DIR): Promise<Packed> {
  const dir = join(outDir, 'package');
  rmSync(dir, { recursive: true, force: true });
  mkdirSync(dir, { recursive: true });
  const staging: Staging = { source: PACKAGE_DIR, manifest: readManifest(PACKAGE_DIR), dir };
  for (const step of ASSET_STEPS) await step(staging);
  const [packed] = JSON.parse(
    execFileSync('npm', ['pack', '--json', '--pack-destination', outDir], { cwd: dir, encoding: 'utf8' }),
  ) as { filename: string }[];
  if (packed === undefined) throw new Error('npm pack reported no tarball');
  return { tarball: join(outDir, packed.filename), staging: dir };
}

if (require.main === module) {
  packStepFunctionsLocal(process.argv[2] === undefined ? undefined : resolve(process.argv[2])).then(
    ({ tarball }) => console.log(tarball),
    (error: unknown) => {
      console.error(`pack: ${error instanceof Error ? error.message : String(error)}`);
      process.exit(1);
    },
  );
}
