import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';
import { holdIdleConnections } from '@myblog/stepfunctions-local';

/** A local HTTP server that is up, with its address and a way to stop it. */
export interface Listening {
  /** `http://127.0.0.1:<port>`, without a trailing slash. */
  readonly url: string;
  close(): Promise<void>;
}

/**
 * Listens on loopback only (nothing local is meant for the network) and resolves once up; a port
 * in use rejects with EADDRINUSE. Closing drops open keep-alive connections, so it never hangs.
 */
export async function listenOnLoopback(server: Server, port = 0): Promise<Listening> {
  holdIdleConnections(server);
  await new Promise<void>((resolve, reject) => {
    server.once('error', reject);
    server.listen(port, '127.0.0.1', () => resolve());
  });
  const address = server.address() as AddressInfo;
  return {
    url: `http://127.0.0.1:${address.port}`,
    close: async () => {
      server.closeAllConnections();
      await new Promise<void>((resolve) => server.close(() => resolve()));
    },
  };
}
