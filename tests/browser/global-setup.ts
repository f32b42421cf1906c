import motoSetup from '../workflows/real/moto-setup';
import { chromiumPath } from './chromium-path';

/**
 * The browser project's set-up: the run's shared moto server, and the Chromium to drive, chosen
 * once. Choosing here, before any test file runs, extracts the packaged Chromium (seconds, the
 * first time) outside the tests' timeouts, and every worker finds the path in CHROMIUM_PATH.
 */
export default async function setup(): Promise<void> {
  try {
    process.env['CHROMIUM_PATH'] = await chromiumPath();
  } catch {
    // Not thrown here, where it would stop every project's tests: launchChromium asks again and
    // the browser tests fail with why.
  }
  await motoSetup();
}
