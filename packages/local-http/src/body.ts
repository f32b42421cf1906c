import type { IncomingMessage } from 'node:http';
import { ClientGone, PayloadTooLarge } from './errors';

/**
 * How many body bytes all requests together may hold in memory at once. A request is admitted
 * only when its whole body fits (its Content-Length, or the per-request limit when it does not
 * say), so admitted requests always finish and free their share: waiting ones stay unread in their
 * sockets (a few KiB each) until then, instead of each buffering its own body in full.
 */
export class BodyBudget {
  private free: number;
  private readonly waiting: { bytes: number; admit: () => void }[] = [];

  constructor(readonly totalBytes: number) {
    this.free = totalBytes;
  }

  /** Resolves with the function that gives the bytes back, once they fit (first come, first served). */
  reserve(bytes: number): Promise<() => void> {
    const wanted = Math.min(bytes, this.totalBytes);
    return new Promise((resolve) => {
      const admit = () => {
        this.free -= wanted;
        let released = false;
        resolve(() => {
          if (released) return;
          released = true;
          this.free += wanted;
          this.admitWaiting();
        });
      };
      this.waiting.push({ bytes: wanted, admit });
      this.admitWaiting();
    });
  }

  private admitWaiting(): void {
    while (this.waiting.length > 0 && (this.waiting[0] as { bytes: number }).bytes <= this.free) {
      (this.waiting.shift() as { admit: () => void }).admit();
    }
  }
}

export interface BodyLimits {
  /** The most one body may hold; a larger one is refused with PayloadTooLarge. */
  readonly limitBytes: number;
  /** Shared by all requests of a server that must bound its memory under load. */
  readonly budget?: BodyBudget;
}

/** The body's declared length, or undefined when it does not say (chunked) or says nonsense. */
function declaredLength(request: IncomingMessage): number | undefined {
  const header = request.headers['content-length'];
  if (header === undefined || !/^\d+$/.test(header)) return undefined;
  return Number(header);
}

const EMPTY = Buffer.alloc(0);

/**
 * Reads a request body of at most `limitBytes`. A body that says it is larger is refused before a
 * byte of it is read; one that turns out larger while streaming is refused as soon as it crosses
 * the limit. Either way nothing past the limit is kept, and the rest is read and dropped so the
 * client reads the 413 instead of a reset connection.
 */
export async function readBody(request: IncomingMessage, limits: BodyLimits): Promise<Buffer> {
  const { limitBytes, budget } = limits;
  const declared = declaredLength(request);
  if (declared !== undefined && declared > limitBytes) {
    request.resume();
    throw new PayloadTooLarge(limitBytes);
  }
  if (declared === 0) return EMPTY;
  const release = budget === undefined ? undefined : await budget.reserve(declared ?? limitBytes);
  try {
    if (request.destroyed) throw new ClientGone('The client closed the connection while its request waited');
    return await collect(request, limitBytes);
  } finally {
    release?.();
  }
}

function collect(request: IncomingMessage, limitBytes: number): Promise<Buffer> {
  return new Promise<Buffer>((resolve, reject) => {
    const chunks: Buffer[] = [];
    let size = 0;
    const onData = (chunk: Buffer) => {
      size += chunk.length;
      if (size > limitBytes) {
        stop();
        chunks.length = 0;
        // Flowing with no listener: node reads and drops the rest.
        request.resume();
        reject(new PayloadTooLarge(limitBytes));
        return;
      }
      chunks.push(chunk);
    };
    const onEnd = () => {
      stop();
      resolve(Buffer.concat(chunks, size));
    };
    // A client that hangs up mid-body (or that Node cut off for taking too long) shows as an
    // 'aborted' error before 'close': it is gone, not a fault of the server's to log.
    const onError = (error: NodeJS.ErrnoException) => {
      stop();
      reject(
        error.code === 'ECONNRESET' || request.socket.destroyed
          ? new ClientGone('The client closed the connection before the request body ended')
          : error,
      );
    };
    // A client gone mid-body: a budget's reservation must come back, or it shrinks for good.
    const onClose = () => {
      stop();
      reject(new ClientGone('The client closed the connection before the request body ended'));
    };
    const stop = () => {
      request.off('data', onData);
      request.off('end', onEnd);
      request.off('error', onError);
      request.off('close', onClose);
    };
    request.on('data', onData);
    request.on('end', onEnd);
    request.on('error', onError);
    request.on('close', onClose);
  });
}

/** Reads the body as text (UTF-8) under the limit. */
export async function readText(request: IncomingMessage, limits: BodyLimits): Promise<string> {
  return (await readBody(request, limits)).toString('utf8');
}
