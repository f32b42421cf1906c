import { mkdirSync } from 'node:fs';
import { join } from 'node:path';
import { type Browser, chromium, type Page } from 'playwright-core';
import { chromiumPath } from './chromium-path';

export const ARTIFACTS = join(__dirname, '..', '..', 'test-artifacts');

/**
 * Chromium, headless: the one chromiumPath chooses (the browser project's globalSetup chose it
 * already and put it in CHROMIUM_PATH). The flags keep it off the network this machine does not
 * have (background updates, sync) and let it run as root in CI. They are ours for every Chromium,
 * not the packaged one's own list, which is for Lambda (--single-process, --disable-web-security).
 */
export async function launchChromium(): Promise<Browser> {
  return chromium.launch({
    executablePath: await chromiumPath(),
    args: [
      '--no-sandbox',
      '--disable-gpu',
      '--disable-quic',
      '--no-first-run',
      '--disable-background-networking',
      '--disable-component-update',
      '--disable-sync',
    ],
  });
}

/** Keeps what the page looked like as a test artefact (test-artifacts/, not committed). */
export async function screenshot(page: Page, name: string): Promise<void> {
  mkdirSync(ARTIFACTS, { recursive: true });
  await page.screenshot({ path: join(ARTIFACTS, `${name}.png`), fullPage: true });
}

export { settled } from '../support/settled';
