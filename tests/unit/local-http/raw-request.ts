import { createServer, request, type RequestListener } from 'node:http';
import { type Listening, listenOnLoopback } from '@myblog/local-http';

/** What came back, as a client saw it. */
export interface Answer {
  readonly status: number;
  readonly headers: Record<string, string | string[] | undefined>;
  readonly text: string;
}

/**
 * One request exactly as given: the path unparsed and the headers as written (Host, Origin and
 * Sec-Fetch-Site included, which a browser sets and a page cannot). A body given as chunks is sent
 * chunked (no Content-Length).
 */
export function send(
  base: string,
  options: {
    method?: string;
    path?: string;
    headers?: Record<string, string>;
    body?: string | Buffer;
    chunks?: readonly Buffer[];
  } = {},
): Promise<Answer> {
  const url = new URL(base);
  return new Promise((resolve, reject) => {
    const outgoing = request(
      {
        host: url.hostname,
        port: url.port,
        method: options.method ?? 'GET',
        path: options.path ?? '/',
        headers: options.headers ?? {},
        agent: false,
      },
      (incoming) => {
        const parts: Buffer[] = [];
        incoming.on('data', (chunk: Buffer) => parts.push(chunk));
        incoming.on('end', () =>
          resolve({
            status: incoming.statusCode ?? 0,
            headers: incoming.headers,
            text: Buffer.concat(parts).toString('utf8'),
          }),
        );
        incoming.on('error', reject);
      },
    );
    outgoing.on('error', reject);
    if (options.chunks === undefined) {
      outgoing.end(options.body);
      return;
    }
    for (const chunk of options.chunks) outgoing.write(chunk);
    outgoing.end();
  });
}

/** A server on a free loopback port for one test; the caller closes it. */
export function serve(listener: RequestListener): Promise<Listening> {
  return listenOnLoopback(createServer(listener));
}
