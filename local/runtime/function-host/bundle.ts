import { mkdtempSync, mkdirSync, readdirSync, rmSync } from 'node:fs';
import { join } from 'node:path';
import { buildSync } from 'esbuild';

const ROOT = join(__dirname, '..', '..', '..');

const isRunning = (pid: number): boolean => {
  try {
    process.kill(pid, 0);
    return true;
  } catch (error) {
    return (error as NodeJS.ErrnoException).code === 'EPERM';
  }
};

/**
 * Where one host's bundles go: inside node_modules, so their package imports resolve from the
 * project. Named after this process, so the folders of processes that ended without stopping
 * their host (killed) are found and removed here.
 */
export function bundleDirectory(): string {
  const parent = join(ROOT, 'node_modules', '.cache', 'local-lambda');
  mkdirSync(parent, { recursive: true });
  for (const name of readdirSync(parent)) {
    const pid = Number(name.split('-')[0]);
    if (Number.isInteger(pid) && pid > 0 && !isRunning(pid))
      rmSync(join(parent, name), { recursive: true, force: true });
  }
  return mkdtempSync(join(parent, `${process.pid}-`));
}

export interface Bundles {
  /** The execution environment's main module. */
  readonly sandbox: string;
  /** Each function's handler module, by the name it was given. */
  readonly handlers: Readonly<Record<string, string>>;
}

/**
 * Bundles each function's handler.ts to one CommonJS file, as `cdk deploy` bundles it for Lambda
 * (esbuild), and the environment's own main module beside them. Packages stay outside the bundle
 * and load from node_modules, so a bundle is the function's own code only and builds in
 * milliseconds. One synchronous esbuild run: it leaves no esbuild service process behind.
 */
export function bundleFunctions(handlerFiles: Readonly<Record<string, string>>, outDir: string): Bundles {
  const entries = Object.fromEntries(
    Object.entries(handlerFiles).map(([name, file]) => [`handlers/${name}`, file] as const),
  );
  buildSync({
    entryPoints: { sandbox: join(__dirname, 'sandbox.ts'), ...entries },
    bundle: true,
    platform: 'node',
    target: 'node20',
    format: 'cjs',
    packages: 'external',
    // Stack traces in a function's errors point at its TypeScript, as in the Lambda console.
    sourcemap: 'inline',
    outdir: outDir,
    outExtension: { '.js': '.cjs' },
    logLevel: 'silent',
  });
  return {
    sandbox: join(outDir, 'sandbox.cjs'),
    handlers: Object.fromEntries(
      Object.keys(handlerFiles).map((name) => [name, join(outDir, 'handlers', `${name}.cjs`)] as const),
    ),
  };
}
