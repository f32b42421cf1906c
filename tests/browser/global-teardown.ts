import motoTeardown from '../workflows/real/moto-teardown';

/**
 * The browser project's own teardown, though it only lets go of the shared moto server: jest runs
 * each distinct globalSetup and globalTeardown module once, so a project with a set-up of its own
 * needs a teardown of its own too, or with the workflows project in the same run moto's user count
 * never reaches zero and moto outlives the run.
 */
export default async function teardown(): Promise<void> {
  await motoTeardown();
}
