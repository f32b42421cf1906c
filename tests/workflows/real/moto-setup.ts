import { startMoto } from '../../../local/runtime/moto';

/** One moto server for the whole run; its endpoint reaches every test file through the environment. */
export default async function setup(): Promise<void> {
  const moto = await startMoto();
  process.env['MOTO_ENDPOINT'] = moto.endpoint;
  (globalThis as { __moto?: { stop(): Promise<void> } }).__moto = moto;
}
