import { existsSync, mkdirSync, readFileSync, writeFileSync } from 'node:fs';
import { join } from 'node:path';
import type * as Esbuild from 'esbuild';

/**
 * The console's page: index.html, console.css and console.js (web/app.ts bundled for browsers).
 * The installed package has no esbuild, so `npm pack` builds them into a folder beside the
 * bundled code (buildConsoleAssets) and the server reads them from there; in this repository,
 * where nothing is built, the server bundles web/ itself when it starts.
 */
export interface ConsoleAssets {
  readonly 'index.html': string;
  readonly 'console.css': string;
  readonly 'console.js': string;
}

const WEB = join(__dirname, 'web');
/** Where the pack build puts the assets: beside the bundle the server runs from. */
export const PREBUILT_FOLDER = 'console-web';

/** web/app.ts bundled for the browser (esbuild, present where the source is: the repo and pack time). */
async function bundleScript(): Promise<string> {
  // Loaded only here, by a name that is no literal so that the pack's bundler leaves it alone:
  // the installed package never gets this far (its assets are prebuilt) and has no esbuild.
  const name = 'esbuild';
  const esbuild = (await import(name)) as typeof Esbuild;
  try {
    const result = await esbuild.build({
      entryPoints: [join(WEB, 'app.ts')],
      bundle: true,
      write: false,
      format: 'esm',
      target: 'es2022',
      platform: 'browser',
      logLevel: 'silent',
    });
    return result.outputFiles[0]?.text ?? '';
  } finally {
    // build() starts an esbuild service process that esbuild keeps until node exits; no more
    // builds follow here, so it is stopped now, as esbuild's docs advise (one per jest file otherwise).
    await esbuild.stop();
  }
}

/** Builds the page into `folder` (the pack build's step; the server reads it from there). */
export async function buildConsoleAssets(folder: string): Promise<void> {
  const script = await bundleScript();
  mkdirSync(folder, { recursive: true });
  writeFileSync(join(folder, 'index.html'), readFileSync(join(WEB, 'index.html')));
  writeFileSync(join(folder, 'console.css'), readFileSync(join(WEB, 'style.css')));
  writeFileSync(join(folder, 'console.js'), script);
}

// One bundle per process: every console started in it serves the same page.
let bundled: Promise<ConsoleAssets> | undefined;

/** The prebuilt page when the package was packed; else the page bundled from web/ now. */
export function consoleAssets(): Promise<ConsoleAssets> {
  const prebuilt = join(__dirname, PREBUILT_FOLDER);
  if (existsSync(join(prebuilt, 'console.js')))
    return Promise.resolve({
      'index.html': readFileSync(join(prebuilt, 'index.html'), 'utf8'),
      'console.css': readFileSync(join(prebuilt, 'console.css'), 'utf8'),
      'console.js': readFileSync(join(prebuilt, 'console.js'), 'utf8'),
    });
  bundled ??= (async () => ({
    'index.html': readFileSync(join(WEB, 'index.html'), 'utf8'),
    'console.css': readFileSync(join(WEB, 'style.css'), 'utf8'),
    'console.js': await bundleScript(),
  }))();
  return bundled;
}
