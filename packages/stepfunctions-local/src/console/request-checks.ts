import type { IncomingMessage } from 'node:http';

/**
 * What the console checks of every request before it reads Step Functions for it. It listens on
 * loopback only, but a web page the developer has open can still reach loopback: by making the
 * browser send a request (cross-site request forgery) or by DNS rebinding, where a name of the
 * page's own site is made to resolve to 127.0.0.1. Watching an AWS account with the developer's
 * credentials makes both worth stopping. (The same rules as the pipeline's local servers; they
 * move to the shared local HTTP module when it lands.)
 */

/** Why a request is refused: the HTTP status to answer and a sentence saying what to do. */
export class Refused extends Error {
  override readonly name = 'Refused';
  constructor(
    readonly status: number,
    message: string,
  ) {
    super(message);
  }
}

/** The names loopback is reached by; browsers never let DNS answer for `localhost`. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;

/**
 * 421 Misdirected Request unless the Host is a loopback name with the port the connection came
 * in on: under DNS rebinding the Host is the attacker's name, so the page never reads an answer.
 */
export function checkHost(request: IncomingMessage): void {
  const port = request.socket.localPort;
  const host = request.headers.host?.toLowerCase();
  const allowed = port === undefined ? [] : LOOPBACK_NAMES.map((name) => `${name}:${port}`);
  if (host !== undefined && allowed.includes(host)) return;
  throw new Refused(
    421,
    `${host === undefined ? 'No Host header' : `Host ${host}`} is not this server: it answers to ${allowed.join(', ')} only (a page reaching it under another name, e.g. by DNS rebinding, is refused)`,
  );
}

/**
 * A request that changes something (every method but GET and HEAD) must come from the console's
 * own page. Three checks, each enough alone against a page elsewhere: Sec-Fetch-Site (the
 * browser's verdict) same-origin when sent; Origin this server's when sent; and a body declared
 * application/json, which no page can send to another origin without a CORS preflight, which
 * this server never grants.
 */
export function checkSameOrigin(request: IncomingMessage): void {
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  const own = `http://${request.headers.host ?? ''}`;
  if (site !== undefined && site !== 'same-origin')
    throw new Refused(
      403,
      `Cross-site request refused (Sec-Fetch-Site: ${site}): only the console's page may change state`,
    );
  if (origin !== undefined && origin !== own)
    throw new Refused(
      403,
      `Cross-origin request refused (Origin: ${origin}): only the console's page at ${own} may change state`,
    );
  const type = request.headers['content-type'] ?? '';
  if (!/^application\/json\s*(;|$)/i.test(type))
    throw new Refused(
      415,
      `Send state-changing requests as application/json, not ${type === '' ? 'without a type' : type}`,
    );
}

/** The request's URL, or a 400 when it cannot be parsed. */
export function requestUrl(request: IncomingMessage): URL {
  try {
    return new URL(request.url ?? '/', 'http://localhost');
  } catch {
    throw new Refused(400, `The request target ${request.url ?? ''} is not a URL`);
  }
}

/** A %-encoded path part decoded, or a 400 naming it when an escape in it is malformed. */
export function decodedPart(part: string): string {
  try {
    return decodeURIComponent(part);
  } catch {
    throw new Refused(400, `${part} is not valid URL encoding (a malformed % escape)`);
  }
}
