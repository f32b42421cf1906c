import type { Server } from 'node:http';
import type { AddressInfo } from 'node:net';

/** A server that is up, with its address and a way to stop it. */
export interface Listening {
  /** `http://<host>:<port>`, without a trailing slash. */
  readonly url: string;
  /** The port bound: the one asked for, or the free one chosen for port 0. */
  readonly port: number;
  close(): Promise<void>;
}

export interface ListenOptions {
  /** 0 (the default) lets the system choose a free port. */
  readonly port?: number;
  /** Loopback unless asked otherwise: nothing local is meant for the network. */
  readonly host?: string;
}

/**
 * Keeps an idle keep-alive connection open for a minute (Node closes it after 5 s). A client that
 * sends on a pooled connection just as the server closes it gets ECONNRESET; the SDKs and fetch
 * keep idle connections longer than 5 s, and on a busy machine their own timers run late, so with
 * Node's default that race is lost every few thousand requests. A minute, as AWS's load balancers
 * keep one; the headers timeout stays above it, but never above the server's request timeout: Node
 * stops enforcing a request timeout shorter than the headers timeout (Node 20, measured).
 */
export function holdIdleConnections(server: Server): void {
  server.keepAliveTimeout = 60_000;
  const requestTimeout = server.requestTimeout > 0 ? server.requestTimeout : Number.POSITIVE_INFINITY;
  server.headersTimeout = Math.min(61_000, requestTimeout);
}

/**
 * Stops accepting and resolves once the server is closed. Idle keep-alive connections are dropped
 * at once (a pooled client would otherwise hold `close` for the minute they are kept); so are
 * connections with a request still in flight, so that `close` never waits on a slow client or a
 * long download.
 */
export function closeServer(server: Server): Promise<void> {
  return new Promise<void>((resolve) => {
    server.close(() => resolve());
    server.closeAllConnections();
  });
}

/**
 * Listens (on 127.0.0.1 unless told otherwise) and resolves once up, with the port resolved; a
 * port in use rejects with EADDRINUSE. Idle connections are held a minute (holdIdleConnections).
 */
export async function listenOnLoopback(server: Server, options: ListenOptions = {}): Promise<Listening> {
  const host = options.host ?? '127.0.0.1';
  holdIdleConnections(server);
  await new Promise<void>((resolve, reject) => {
    const failed = (error: Error) => reject(error);
    server.once('error', failed);
    server.listen(options.port ?? 0, host, () => {
      server.off('error', failed);
      resolve();
    });
  });
  const { port } = server.address() as AddressInfo;
  const shown = host.includes(':') ? `[${host}]` : host;
  return { url: `http://${shown}:${port}`, port, close: () => closeServer(server) };
}
