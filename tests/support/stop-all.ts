/**
 * Runs the steps in order, each one even when one before it failed, then throws what failed: an
 * afterAll that stops what its beforeAll started must stop all of it even when the start or one
 * stop went wrong, or what is left running keeps jest from exiting.
 */
export async function stopAll(...steps: (() => unknown)[]): Promise<void> {
  const failures: unknown[] = [];
  for (const step of steps) {
    try {
      await step();
    } catch (error) {
      failures.push(error);
    }
  }
  if (failures.length === 1) throw failures[0];
  if (failures.length > 1) throw new AggregateError(failures, `${failures.length} steps failed to stop`);
}
