/** Stops the moto server moto-setup started. */
export default async function teardown(): Promise<void> {
  await (globalThis as { __moto?: { stop(): Promise<void> } }).__moto?.stop();
}
