/**
 * The limits the server is measured against, each a bare Node HTTP server with the headers ours
 * sends. `node --import tsx bench/server/bare-http-server.ts <port> [bare|json]`, ours's answer
 * on stdin; prints `ready` once it listens.
 *
 * - `bare`: reads each request's body and answers the JSON ours answered, as bytes made once. No
 *   routing, no parsing, no engine: what any Node server on this machine costs per request.
 * - `json`: the least any JSON API must add to that for this call: it parses the request and the
 *   execution's input in it (the service refuses input that is not JSON), and serializes an
 *   answer of the same shape afresh (a new name and ARN, the dates of now, the input's text, the
 *   output value). Still no engine, no state, no checks: the floor under any server that speaks
 *   this protocol in JavaScript.
 */
import { randomUUID } from 'node:crypto';
import { createServer } from 'node:http';
import { text } from 'node:stream/consumers';

type Mode = 'bare' | 'json';

interface SyncAnswer {
  readonly executionArn: string;
  readonly output: string;
  readonly [field: string]: unknown;
}

/** The `json` mode's answer to one request: its input parsed, the answer serialized afresh. */
function answerAfresh(sample: SyncAnswer, outputValue: unknown, requestBody: string): string {
  const request = JSON.parse(requestBody) as { input?: string };
  const inputText = request.input ?? '{}';
  JSON.parse(inputText);
  const name = randomUUID();
  const now = Date.now() / 1000;
  return JSON.stringify({
    ...sample,
    executionArn: `${sample.executionArn.slice(0, sample.executionArn.lastIndexOf(':') + 1)}${name}`,
    name,
    startDate: now,
    stopDate: now,
    input: inputText,
    output: JSON.stringify(outputValue),
  });
}

async function main(): Promise<void> {
  const port = Number(process.argv[2]);
  const mode: Mode = process.argv[3] === 'json' ? 'json' : 'bare';
  const sampleText = await text(process.stdin);
  const answer = Buffer.from(sampleText);
  const sample = JSON.parse(sampleText) as SyncAnswer;
  const outputValue: unknown = JSON.parse(sample.output);
  const server = createServer((request, response) => {
    const chunks: Buffer[] = [];
    request.on('data', (chunk: Buffer) => {
      if (mode === 'json') chunks.push(chunk);
    });
    request.on('end', () => {
      const body =
        mode === 'json' ? answerAfresh(sample, outputValue, Buffer.concat(chunks).toString('utf8')) : answer;
      response.writeHead(200, {
        'content-type': 'application/x-amz-json-1.0',
        'content-length': Buffer.byteLength(body),
        'x-amzn-requestid': randomUUID(),
      });
      response.end(body);
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
