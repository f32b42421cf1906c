/** Stops the moto server moto-setup started, once the last project using it is done. */
export default async function teardown(): Promise<void> {
  const shared = globalThis as { __moto?: { stop(): Promise<void>; users: number } };
  if (shared.__moto === undefined) return;
  shared.__moto.users -= 1;
  if (shared.__moto.users > 0) return;
  await shared.__moto.stop();
  shared.__moto = undefined;
}
