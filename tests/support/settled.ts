/**
 * Reads `read` until `ok` holds or the time is up, and returns the last value read (for expect).
 * The limit is generous (a minute): it only ends a wait that will never be met, on a busy machine too.
 */
export async function settled<T>(
  read: () => Promise<T>,
  ok: (value: T) => boolean,
  timeoutMs = 60_000,
): Promise<T> {
  const deadline = Date.now() + timeoutMs;
  for (;;) {
    const value = await read();
    if (ok(value) || Date.now() > deadline) return value;
    await new Promise((resolve) => setTimeout(resolve, 100));
  }
}
