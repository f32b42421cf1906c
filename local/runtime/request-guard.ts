import type { IncomingMessage } from 'node:http';

/**
 * What every local HTTP server checks before it does anything with a request (the dashboard, the
 * blog API's local API Gateway, the upload gate, the local CDN, the Lambda endpoint). They listen
 * on loopback only, but a web page the developer has open can still reach loopback: by sending a
 * request from the browser (cross-site request forgery), or by DNS rebinding, where a name of the
 * page's own site is made to resolve to 127.0.0.1 so that the browser sends it, as same-origin,
 * to a local server, and lets the page read the answer. These checks stop both; each server
 * answers a refusal in its own shape (JSON, problem+json, S3's XML, text).
 */

/** Why a request is refused: the HTTP status to answer and a sentence saying what to do. */
export interface Refusal {
  readonly status: number;
  readonly message: string;
}

/** The names loopback is reached by; browsers never let DNS answer for `localhost`. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;

/** The Host values a server on loopback port `port` answers to. */
export const loopbackHosts = (port: number): string[] => LOOPBACK_NAMES.map((name) => `${name}:${port}`);

/**
 * A request whose Host is not a loopback name with the port it arrived on is refused with 421
 * Misdirected Request ("not able or willing to produce an authoritative response for the target
 * URI"): under DNS rebinding the Host is the attacker's name (evil.example:8080), which no
 * loopback name is, so the page never reads an answer. The check needs no configuration: the
 * port is the one the connection came in on.
 */
export function misdirected(request: IncomingMessage): Refusal | undefined {
  const port = request.socket.localPort;
  const host = request.headers.host?.toLowerCase();
  const allowed = port === undefined ? [] : loopbackHosts(port);
  if (host !== undefined && allowed.includes(host)) return undefined;
  return {
    status: 421,
    message: `${host === undefined ? 'No Host header' : `Host ${host}`} is not this server: it answers to ${allowed.join(', ')} only (a page reaching it under another name, e.g. by DNS rebinding, is refused)`,
  };
}

/** An Origin of a page served from loopback (the dashboard, a local copy of the site): any port. */
export function isLoopbackOrigin(origin: string): boolean {
  return LOOPBACK_NAMES.some((name) =>
    new RegExp(`^http://${name.replace(/[[\].]/g, '\\$&')}(:\\d+)?$`).test(origin),
  );
}

/**
 * A request a browser sent on behalf of a page, with where that page is from: `Origin` (sent by
 * browsers on every cross-origin request and every POST) and `Sec-Fetch-Site` (the browser's own
 * verdict on where the request comes from, which a page cannot set). Clients that are not
 * browsers (curl, the SDKs, tests) send neither, and they are not what forgery is about: a local
 * process can already do anything these servers do.
 */
export function browserContext(request: IncomingMessage): {
  readonly origin: string | undefined;
  readonly site: string | undefined;
} {
  return { origin: request.headers.origin, site: request.headers['sec-fetch-site'] };
}

/** The request's URL, or a 400 refusal when it cannot be parsed. */
export function requestUrl(request: IncomingMessage): URL | Refusal {
  try {
    return new URL(request.url ?? '/', 'http://localhost');
  } catch {
    return { status: 400, message: `The request target ${request.url ?? ''} is not a URL` };
  }
}

/** A %-encoded URL part decoded, or undefined when an escape in it is malformed (`%zz`, `%e9`). */
export function decodeUrlPart(part: string): string | undefined {
  try {
    return decodeURIComponent(part);
  } catch {
    return undefined;
  }
}

export const isRefusal = (value: unknown): value is Refusal =>
  typeof value === 'object' && value !== null && 'status' in value && 'message' in value;
