import {
  createServer,
  request as httpRequest,
  type IncomingMessage,
  type IncomingHttpHeaders,
} from 'node:http';
import {
  checkHost,
  handleWith,
  type HttpError,
  type Listening,
  listenOnLoopback,
  MisdirectedRequest,
  PayloadTooLarge,
  readBody,
  sendJson,
} from '@myblog/local-http';

/** DynamoDB's largest request (a BatchWriteItem's total): 16 MB. */
const MAX_REQUEST_BYTES = 16 * 1024 * 1024;

/**
 * DAX's two caches, played in front of moto's DynamoDB as a DynamoDB-compatible endpoint, so the
 * API reads through it as it reads through a DAX cluster in AWS:
 * - the item cache answers an eventually consistent GetItem (a miss, an absent item included, is
 *   read from DynamoDB and kept for the item TTL); a write through it (PutItem, UpdateItem,
 *   DeleteItem) goes to DynamoDB and then replaces or drops the item's entry (write-through);
 * - the query cache answers a Query with the same parameters for the query TTL, and is not
 *   touched by writes: DAX does not know which results a write changes, so a cached Query can be
 *   stale until its TTL runs out (why topology/todo.ts keeps that TTL short).
 * Strongly consistent reads and every other operation pass through uncached, as DAX passes them.
 * Only one DAX node is played: a cluster's nodes each have their own caches.
 */

export interface DaxCacheSettings {
  readonly itemTtlSeconds: number;
  readonly queryTtlSeconds: number;
  readonly now?: () => number;
}

export interface DaxCacheCounts {
  itemHits: number;
  itemMisses: number;
  queryHits: number;
  queryMisses: number;
  writesThrough: number;
}

interface Answer {
  readonly status: number;
  readonly headers: IncomingHttpHeaders;
  readonly body: Buffer;
}

interface Entry {
  readonly expires: number;
  readonly answer: Answer;
}

/** JSON with its object keys sorted: equal requests give equal cache keys. */
function canonical(value: unknown): string {
  if (Array.isArray(value)) return `[${value.map(canonical).join(',')}]`;
  if (typeof value === 'object' && value !== null)
    return `{${Object.keys(value)
      .sort()
      .map((key) => `${JSON.stringify(key)}:${canonical((value as Record<string, unknown>)[key])}`)
      .join(',')}}`;
  return JSON.stringify(value);
}

const itemKey = (request: Record<string, unknown>) =>
  `${String(request['TableName'])}|${canonical(request['Key'])}`;

/** The cache decisions, apart from HTTP: what to answer from, what to keep, what to drop. */
export class DaxCaches {
  readonly counts: DaxCacheCounts = {
    itemHits: 0,
    itemMisses: 0,
    queryHits: 0,
    queryMisses: 0,
    writesThrough: 0,
  };
  private readonly items = new Map<string, Entry>();
  private readonly queries = new Map<string, Entry>();
  private readonly now: () => number;

  constructor(private readonly settings: DaxCacheSettings) {
    this.now = settings.now ?? Date.now;
  }

  private fresh(map: Map<string, Entry>, key: string): Answer | undefined {
    const entry = map.get(key);
    if (entry === undefined) return undefined;
    if (entry.expires > this.now()) return entry.answer;
    map.delete(key);
    return undefined;
  }

  /** Answers the request from a cache, or calls `dynamodb` and caches or writes through. */
  async handle(
    operation: string,
    request: Record<string, unknown>,
    dynamodb: () => Promise<Answer>,
  ): Promise<Answer> {
    const consistent = request['ConsistentRead'] === true;
    const cacheable = (op: string) =>
      !consistent &&
      request['ProjectionExpression'] === undefined &&
      request['AttributesToGet'] === undefined &&
      operation === op;
    if (cacheable('GetItem')) {
      const key = itemKey(request);
      const cached = this.fresh(this.items, key);
      if (cached !== undefined) {
        this.counts.itemHits += 1;
        return cached;
      }
      this.counts.itemMisses += 1;
      const answer = await dynamodb();
      if (answer.status === 200)
        this.items.set(key, { expires: this.now() + this.settings.itemTtlSeconds * 1000, answer });
      return answer;
    }
    if (cacheable('Query')) {
      const key = canonical(request);
      const cached = this.fresh(this.queries, key);
      if (cached !== undefined) {
        this.counts.queryHits += 1;
        return cached;
      }
      this.counts.queryMisses += 1;
      const answer = await dynamodb();
      if (answer.status === 200)
        this.queries.set(key, { expires: this.now() + this.settings.queryTtlSeconds * 1000, answer });
      return answer;
    }
    const answer = await dynamodb();
    if (answer.status === 200 && ['PutItem', 'UpdateItem', 'DeleteItem'].includes(operation)) {
      this.counts.writesThrough += 1;
      this.evict(operation, request);
    }
    return answer;
  }

  /**
   * Drops the written item's entry: the next read fetches it as stored. A PutItem names no key
   * apart from its item, so each cached key of its table is matched against the item's attributes.
   */
  private evict(operation: string, request: Record<string, unknown>): void {
    if (operation !== 'PutItem') {
      this.items.delete(itemKey(request));
      return;
    }
    const item = (request['Item'] ?? {}) as Record<string, unknown>;
    for (const cached of [...this.items.keys()]) {
      const split = cached.indexOf('|');
      if (cached.slice(0, split) !== String(request['TableName'])) continue;
      const key = JSON.parse(cached.slice(split + 1)) as Record<string, unknown>;
      if (Object.entries(key).every(([name, value]) => canonical(item[name]) === canonical(value)))
        this.items.delete(cached);
    }
  }
}
/** All of an answer from moto (its size is moto's to bound). */
function readAnswer(incoming: IncomingMessage): Promise<Buffer> {
  return new Promise((resolve, reject) => {
    const chunks: Buffer[] = [];
    incoming.on('data', (chunk: Buffer) => chunks.push(chunk));
    incoming.on('end', () => resolve(Buffer.concat(chunks)));
    incoming.on('error', reject);
  });
}

/** A refusal of the shared HTTP layer as DynamoDB's AWS JSON error type. */
function awsTypeOf(error: HttpError): string {
  if (error instanceof MisdirectedRequest) return 'MisdirectedRequest';
  if (error instanceof PayloadTooLarge) return 'RequestEntityTooLargeException';
  return error.status >= 500 ? 'InternalServerError' : 'ValidationException';
}

/** The caches served over DynamoDB's own protocol (AWS JSON 1.0), in front of `motoEndpoint`. */
export async function startDaxCache(
  motoEndpoint: string,
  settings: DaxCacheSettings,
  port = 0,
): Promise<Listening & { readonly caches: DaxCaches }> {
  const moto = new URL(motoEndpoint);
  const caches = new DaxCaches(settings);
  const forward = (incoming: IncomingMessage, body: Buffer): Promise<Answer> =>
    new Promise((resolve, reject) => {
      const outgoing = httpRequest(
        {
          hostname: moto.hostname,
          port: moto.port,
          method: incoming.method,
          path: incoming.url,
          headers: { ...incoming.headers, host: moto.host, 'content-length': String(body.length) },
        },
        (answer) => {
          readAnswer(answer).then(
            (data) => resolve({ status: answer.statusCode ?? 502, headers: answer.headers, body: data }),
            reject,
          );
        },
      );
      outgoing.on('error', reject);
      outgoing.end(body);
    });
  const server = createServer(
    handleWith(
      async (incoming, response) => {
        checkHost(incoming);
        const body = await readBody(incoming, { limitBytes: MAX_REQUEST_BYTES });
        const operation = String(incoming.headers['x-amz-target'] ?? '').replace(/^DynamoDB_20120810\./, '');
        let request: Record<string, unknown> = {};
        try {
          request = JSON.parse(body.toString('utf8') || '{}') as Record<string, unknown>;
        } catch {
          // Not JSON: DynamoDB (moto) answers it with its own error.
        }
        const answer = await caches.handle(operation, request, () => forward(incoming, body));
        const { 'transfer-encoding': _chunked, connection: _connection, ...headers } = answer.headers;
        response.writeHead(answer.status, { ...headers, 'content-length': String(answer.body.length) });
        response.end(answer.body);
      },
      (error, _incoming, response) =>
        sendJson(
          response,
          error.status,
          { __type: awsTypeOf(error), message: error.message },
          {},
          'application/x-amz-json-1.0',
        ),
    ),
  );
  const listening = await listenOnLoopback(server, { port });
  return { ...listening, caches };
}
