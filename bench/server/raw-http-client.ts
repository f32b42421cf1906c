import { type Socket, connect } from 'node:net';

/**
 * A minimal HTTP/1.1 keep-alive client for measuring servers: one socket, one request at a time,
 * the request's bytes made once, the answer read by its Content-Length. Node's own http client
 * costs more per request than a bare server does to answer it, so under 50 connections it, not
 * the server, would set the pace.
 */
export interface RawAnswer {
  readonly status: number;
  readonly body: string;
}

const HEADER_END = Buffer.from('\r\n\r\n');

/** The bytes of a POST of `body` to `/` with these headers. */
export function rawPost(host: string, port: number, headers: Record<string, string>, body: string): Buffer {
  const lines = [`POST / HTTP/1.1`, `Host: ${host}:${port}`, `Connection: keep-alive`];
  for (const [name, value] of Object.entries(headers)) lines.push(`${name}: ${value}`);
  lines.push(`Content-Length: ${Buffer.byteLength(body)}`);
  return Buffer.concat([Buffer.from(`${lines.join('\r\n')}\r\n\r\n`), Buffer.from(body)]);
}

export class RawConnection {
  private readonly socket: Socket;
  private readonly ready: Promise<void>;
  private buffered: Buffer = Buffer.alloc(0);
  private pending: { resolve: (answer: RawAnswer) => void; reject: (error: Error) => void } | undefined;

  constructor(host: string, port: number) {
    this.socket = connect({ host, port, noDelay: true });
    this.ready = new Promise((resolve, reject) => {
      this.socket.once('connect', resolve);
      this.socket.once('error', reject);
    });
    this.socket.on('data', (chunk: Buffer) => this.received(chunk));
    this.socket.on('error', (error) => this.fail(error));
    this.socket.on('close', () => this.fail(new Error('the server closed the connection')));
  }

  async send(request: Buffer): Promise<RawAnswer> {
    await this.ready;
    return new Promise((resolve, reject) => {
      this.pending = { resolve, reject };
      this.socket.write(request);
    });
  }

  close(): void {
    this.socket.destroy();
  }

  private fail(error: Error): void {
    const pending = this.pending;
    this.pending = undefined;
    pending?.reject(error);
  }

  private received(chunk: Buffer): void {
    this.buffered = this.buffered.length === 0 ? chunk : Buffer.concat([this.buffered, chunk]);
    const headerEnd = this.buffered.indexOf(HEADER_END);
    if (headerEnd < 0) return;
    const head = this.buffered.subarray(0, headerEnd).toString('latin1');
    const status = Number(head.slice(9, 12));
    const length = /\r\ncontent-length: *(\d+)/i.exec(head);
    if (length === null) return this.fail(new Error(`no Content-Length in ${head}`));
    const end = headerEnd + HEADER_END.length + Number(length[1]);
    if (this.buffered.length < end) return;
    const body = this.buffered.subarray(headerEnd + HEADER_END.length, end).toString('utf8');
    this.buffered = this.buffered.subarray(end);
    const pending = this.pending;
    this.pending = undefined;
    pending?.resolve({ status, body });
  }
}
