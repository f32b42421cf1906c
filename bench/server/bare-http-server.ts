/**
 * The limit the server is measured against: a bare Node HTTP server that reads each request's
 * body and answers the JSON it was given (what our server answered to the same request), with the
 * headers ours sends. No routing, no parsing, no engine: what any Node server on this machine
 * costs per request. `node --import tsx bench/server/bare-http-server.ts <port>`, the answer's
 * JSON on stdin; prints `ready` once it listens.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { text } from 'node:stream/consumers';

async function main(): Promise<void> {
  const port = Number(process.argv[2]);
  const answer = Buffer.from(await text(process.stdin));
  const server = createServer((request, response) => {
    request.on('data', () => undefined);
    request.on('end', () => {
      response.writeHead(200, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': answer.length,
        'x-amzn-requestid': randomUUID(),
      });
      response.end(answer);
    });
  });
  // As ours holds idle connections (@myblog/local-http listen holds them a minute).
  server.keepAliveTimeout = 60_000;
  server.headersTimeout = 61_000;
  server.listen(port, '127.0.0.1', () => process.stdout.write('ready\n'));
  // An exit of its own on SIGTERM, so a profile it was started with (--cpu-prof) is written.
  process.once('SIGTERM', () => process.exit(0));
}

void main();
