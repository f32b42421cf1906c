import { execFile } from 'node:child_process';
import { existsSync, readFileSync } from 'node:fs';
import { mkdir, mkdtemp, rename, rm } from 'node:fs/promises';
import { join } from 'node:path';
import { promisify } from 'node:util';

/** Debian's Chromium (`apt-get install -y chromium`). */
export const SYSTEM_CHROMIUM = '/usr/bin/chromium';

/** A Chromium shipped inside an npm package, as compressed files to extract before it can run. */
export interface PackagedChromium {
  /** Names the extracted copy, so that a new version is never run from an old version's files. */
  readonly version: string;
  /** Where extracted copies are kept, one folder per version. */
  readonly cacheDir: string;
  /** Extracts the binary, named `chromium`, and the libraries it loads from beside it into `directory`. */
  extractInto(directory: string): Promise<void>;
}

const execFileAsync = promisify(execFile);
const PACKAGE = '@sparticuz/chromium';

/**
 * @sparticuz/chromium (a devDependency, so `npm install` brings it): headless Chromium built to run
 * on bare Linux hosts, with no download at run time. Its copies are kept in node_modules/.cache,
 * next to the package, so a fresh install starts from a fresh copy.
 */
export function sparticuzChromium(): PackagedChromium {
  const entry = require.resolve(PACKAGE);
  // The package exports no package.json; its folder is where its name ends in the entry's path.
  const folder = join('node_modules', PACKAGE);
  const root = entry.slice(0, entry.lastIndexOf(folder) + folder.length);
  const { version } = JSON.parse(readFileSync(join(root, 'package.json'), 'utf8')) as { version: string };
  return {
    version,
    cacheDir: join(root, '..', '..', '.cache'),
    async extractInto(directory) {
      // The package always extracts into the OS temp folder (Lambda's /tmp), and takes any
      // `chromium` already there for a whole one. Run in a child whose TMPDIR is our empty folder,
      // it extracts every file afresh and only there, and its Lambda set-up (it edits
      // process.env on Amazon Linux) stays out of this process.
      const script = `require(${JSON.stringify(entry)}).executablePath().then((path) => process.stdout.write(path))`;
      const { stdout } = await execFileAsync(process.execPath, ['-e', script], {
        env: { ...process.env, TMPDIR: directory },
        // ~3 s on an idle machine, ~30 s on a busy one: a limit only so that a stuck child cannot hold the run.
        timeout: 300_000,
      });
      if (stdout !== join(directory, 'chromium'))
        throw new Error(`${PACKAGE} extracted Chromium to ${stdout}, not into ${directory}`);
    },
  };
}

/**
 * The packaged Chromium's binary, extracted on first use. Each extraction writes into a folder of
 * its own and renames it into place when complete, so neither two extractions at once (two jest
 * workers, two runs on one machine) nor one cut off half way can leave a half-written binary
 * where a later run would take it for a whole one.
 */
export async function extractedOnce(packaged: PackagedChromium): Promise<string> {
  const home = join(packaged.cacheDir, `chromium-${packaged.version}`);
  const binary = join(home, 'chromium');
  if (existsSync(binary)) return binary;
  await mkdir(packaged.cacheDir, { recursive: true });
  const staging = await mkdtemp(join(packaged.cacheDir, `.chromium-${packaged.version}-`));
  try {
    await packaged.extractInto(staging);
    if (!existsSync(join(staging, 'chromium')))
      throw new Error(`the extraction left no chromium in ${staging}`);
    await rename(staging, home);
  } catch (error) {
    await rm(staging, { recursive: true, force: true });
    // Renaming onto a folder that has files fails: another extraction finished first, whole.
    if (!existsSync(binary)) throw error;
  }
  return binary;
}

export interface ChromiumChoice {
  readonly env?: NodeJS.ProcessEnv;
  readonly systemChromium?: string;
  readonly packaged?: () => PackagedChromium;
}

/**
 * The Chromium the browser tests drive: CHROMIUM_PATH when it is set, else Debian's when it is
 * installed (it needs no extraction), else the one the npm package ships, so that `npm install`
 * is the whole set-up.
 */
export async function chromiumPath(choice: ChromiumChoice = {}): Promise<string> {
  const env = choice.env ?? process.env;
  const system = choice.systemChromium ?? SYSTEM_CHROMIUM;
  const chosen = env['CHROMIUM_PATH'];
  if (chosen !== undefined && chosen !== '') {
    // Named on purpose, so never passed over for another one.
    if (!existsSync(chosen)) throw new Error(`CHROMIUM_PATH is ${chosen}, and there is no file there`);
    return chosen;
  }
  if (existsSync(system)) return system;
  try {
    return await extractedOnce((choice.packaged ?? sparticuzChromium)());
  } catch (error) {
    throw new Error(
      `No Chromium to drive: CHROMIUM_PATH is not set, ${system} is not there, and the one ${PACKAGE} ` +
        `ships could not be extracted (${(error as Error).message}). Run npm install, or set ` +
        `CHROMIUM_PATH to a Chromium, or apt-get install -y chromium.`,
      { cause: error },
    );
  }
}
