import type { ServerResponse } from 'node:http';
import type { HttpError } from './errors';

/** Writes `body` as JSON with its length (so keep-alive needs no chunking). */
export function sendJson(
  response: ServerResponse,
  status: number,
  body: unknown,
  headers: Readonly<Record<string, string>> = {},
  contentType = 'application/json',
): void {
  const text = JSON.stringify(body);
  response.writeHead(status, {
    'Content-Type': contentType,
    'Content-Length': String(Buffer.byteLength(text)),
    ...headers,
  });
  response.end(text);
}

/** Writes a line of text (a refusal for clients that read no JSON: a CDN, a download). */
export function sendText(
  response: ServerResponse,
  status: number,
  text: string,
  headers: Readonly<Record<string, string>> = {},
): void {
  const body = `${text}\n`;
  response.writeHead(status, {
    'Content-Type': 'text/plain; charset=utf-8',
    'Content-Length': String(Buffer.byteLength(body)),
    ...headers,
  });
  response.end(body);
}

/** An RFC 9457 problem details object; extension members beside the standard five. */
export interface Problem {
  /** A URI naming the kind of problem; `about:blank` when it says no more than the status. */
  readonly type: string;
  readonly title: string;
  readonly status: number;
  readonly detail?: string;
  readonly instance?: string;
  readonly [extension: string]: unknown;
}

/** Writes a problem as `application/problem+json` (RFC 9457 §3), its status the answer's. */
export function sendProblem(
  response: ServerResponse,
  problem: Problem,
  headers: Readonly<Record<string, string>> = {},
): void {
  sendJson(response, problem.status, problem, headers, 'application/problem+json');
}

/** A refusal as a problem: `type` from the caller's namespace (or about:blank), its headers kept. */
export function problemOf(error: HttpError, type = 'about:blank', title = error.name): Problem {
  return { type, title, status: error.status, detail: error.message };
}
