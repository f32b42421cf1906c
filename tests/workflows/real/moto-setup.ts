import { startMoto } from '../../../local/runtime/moto';

interface SharedMoto {
  stop(): Promise<void>;
  users: number;
}

/**
 * One moto server for the whole run, shared by every project that names this setup (workflows,
 * browser); its endpoint reaches every test file through the environment.
 */
export default async function setup(): Promise<void> {
  const shared = globalThis as { __moto?: SharedMoto };
  if (shared.__moto !== undefined) {
    shared.__moto.users += 1;
    return;
  }
  const moto = await startMoto();
  process.env['MOTO_ENDPOINT'] = moto.endpoint;
  shared.__moto = { stop: () => moto.stop(), users: 1 };
}
