import type { AddressInfo } from 'node:net';
import { jsonLogger } from './log';
import { createUpdateServer } from './server';

/**
 * The container's entry: UPDATES_DIR (the EFS mount in AWS, a folder locally), PORT (8080),
 * HOST (0.0.0.0), LATEST_MAX_AGE_SECONDS (60). Stops on SIGTERM once open requests finish, as ECS
 * asks before a task is replaced.
 */
const log = jsonLogger();

function setting(name: string, fallback?: string): string {
  const value = process.env[name] ?? fallback;
  if (value === undefined || value === '') {
    log('error', `${name} is not set`);
    process.exit(2);
  }
  return value;
}

async function main(): Promise<void> {
  const root = setting('UPDATES_DIR');
  const port = Number(setting('PORT', '8080'));
  const latestMaxAgeSeconds = Number(setting('LATEST_MAX_AGE_SECONDS', '60'));
  const server = await createUpdateServer({ root, latestMaxAgeSeconds, log });
  // Longer than the ALB's idle timeout (60 s), so the load balancer closes idle connections first.
  server.keepAliveTimeout = 65_000;
  server.listen(port, setting('HOST', '0.0.0.0'), () => {
    log('info', 'listening', { port: (server.address() as AddressInfo).port, root });
  });
  const stop = (signal: string) => {
    log('info', 'stopping', { signal });
    server.close(() => process.exit(0));
    server.closeIdleConnections();
  };
  process.once('SIGTERM', () => stop('SIGTERM'));
  process.once('SIGINT', () => stop('SIGINT'));
}

main().catch((error: unknown) => {
  log('error', 'could not start', { error: (error as Error).message });
  process.exit(1);
});
