import { existsSync, mkdtempSync, readdirSync, readFileSync, rmSync, writeFileSync } from 'node:fs';
import { appendFile, writeFile } from 'node:fs/promises';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import { chromiumPath, extractedOnce, type PackagedChromium } from './chromium-path';

let scratch: string;
beforeEach(() => {
  scratch = mkdtempSync(join(tmpdir(), 'chromium-path-'));
});
afterEach(() => rmSync(scratch, { recursive: true, force: true }));

const pause = (ms: number) => new Promise((resolve) => setTimeout(resolve, ms));

/** A file standing for a Chromium binary. */
function aFile(name: string): string {
  const path = join(scratch, name);
  writeFileSync(path, 'binary');
  return path;
}

/**
 * A package whose "binary" is written in two halves with a pause between, as a real extraction
 * writes a large file bit by bit, and which counts its extractions.
 */
function slowPackage(options: { failHalfWay?: boolean } = {}): PackagedChromium & { extractions: number } {
  return {
    version: '1.0.0',
    cacheDir: join(scratch, 'cache'),
    extractions: 0,
    async extractInto(directory) {
      this.extractions += 1;
      await writeFile(join(directory, 'chromium'), 'first half,');
      await pause(50);
      if (options.failHalfWay === true) throw new Error('cut off');
      await appendFile(join(directory, 'chromium'), 'second half');
    },
  };
}

describe('Which Chromium the browser tests drive', () => {
  test('CHROMIUM_PATH, when set, over any other', async () => {
    const mine = aFile('my-chromium');
    const system = aFile('system-chromium');
    expect(await chromiumPath({ env: { CHROMIUM_PATH: mine }, systemChromium: system })).toBe(mine);
  });

  test('a CHROMIUM_PATH naming no file is an error that says so, not a reason to drive another', async () => {
    await expect(
      chromiumPath({ env: { CHROMIUM_PATH: join(scratch, 'nothing') }, systemChromium: aFile('system') }),
    ).rejects.toThrow(`CHROMIUM_PATH is ${join(scratch, 'nothing')}, and there is no file there`);
  });

  test("without CHROMIUM_PATH, Debian's Chromium when it is installed", async () => {
    const system = aFile('system-chromium');
    const packaged = slowPackage();
    expect(await chromiumPath({ env: {}, systemChromium: system, packaged: () => packaged })).toBe(system);
    expect(packaged.extractions).toBe(0);
  });

  test('without either, the Chromium the npm package ships, extracted', async () => {
    const binary = await chromiumPath({
      env: {},
      systemChromium: join(scratch, 'not-installed'),
      packaged: () => slowPackage(),
    });
    expect(binary).toBe(join(scratch, 'cache', 'chromium-1.0.0', 'chromium'));
    expect(readFileSync(binary, 'utf8')).toBe('first half,second half');
  });

  test('when none is to be had, the error says what was tried and how to get one', async () => {
    const failing = () => slowPackage({ failHalfWay: true });
    await expect(
      chromiumPath({ env: {}, systemChromium: '/not/installed', packaged: failing }),
    ).rejects.toThrow(
      'No Chromium to drive: CHROMIUM_PATH is not set, /not/installed is not there, and the one ' +
        '@sparticuz/chromium ships could not be extracted (cut off). Run npm install, or set ' +
        'CHROMIUM_PATH to a Chromium, or apt-get install -y chromium.',
    );
  });
});

describe('The packaged Chromium is extracted once, and never used half-written', () => {
  test('a copy already extracted is used as it is', async () => {
    const packaged = slowPackage();
    const first = await extractedOnce(packaged);
    expect(await extractedOnce(packaged)).toBe(first);
    expect(packaged.extractions).toBe(1);
  });

  test('two extractions at once (two workers, two runs) both get the one whole binary', async () => {
    const [one, two] = await Promise.all([extractedOnce(slowPackage()), extractedOnce(slowPackage())]);
    expect(one).toBe(two);
    expect(readFileSync(one, 'utf8')).toBe('first half,second half');
    // The loser's own copy is gone, not left beside the winner's.
    expect(readdirSync(join(scratch, 'cache'))).toEqual(['chromium-1.0.0']);
  });

  test('an extraction cut off half way leaves nothing a later run would take for a binary', async () => {
    await expect(extractedOnce(slowPackage({ failHalfWay: true }))).rejects.toThrow('cut off');
    expect(readdirSync(join(scratch, 'cache'))).toEqual([]);
    const binary = await extractedOnce(slowPackage());
    expect(readFileSync(binary, 'utf8')).toBe('first half,second half');
  });

  test('each version has its own copy, so a new version never runs an old one', async () => {
    const old = await extractedOnce(slowPackage());
    const newer = await extractedOnce({ ...slowPackage(), version: '2.0.0' });
    expect(newer).not.toBe(old);
    expect(existsSync(newer)).toBe(true);
  });
});
