import type { IncomingMessage } from 'node:http';
import { CrossSiteRequest, MisdirectedRequest, UnsupportedMediaType } from './errors';

/**
 * What a loopback server checks before it does anything with a request. Listening on loopback
 * keeps the network out, but a web page the developer has open can still reach loopback: by making
 * the browser send a request (cross-site request forgery), or by DNS rebinding, where a name of
 * the page's own site is made to resolve to 127.0.0.1 so that the browser sends it, as
 * same-origin, to a local server and lets the page read the answer. `checkHost` stops rebinding;
 * `checkBrowserOrigin` stops forgery, under the policy the server's callers call for.
 */

/** The names loopback is reached by; browsers never let DNS answer for `localhost`. */
const LOOPBACK_NAMES = ['127.0.0.1', 'localhost', '[::1]'] as const;

/** The Host values a server on loopback port `port` answers to. */
export const loopbackHosts = (port: number): string[] => LOOPBACK_NAMES.map((name) => `${name}:${port}`);

/**
 * 421 Misdirected Request ("not able or willing to produce an authoritative response for the
 * target URI", RFC 9110 §15.5.20) unless Host is a loopback name with the port the connection came
 * in on: under DNS rebinding the Host is the attacker's name (evil.example:8080), so the page never
 * reads an answer. Needs no configuration: the port is the connection's own.
 */
export function checkHost(request: IncomingMessage): void {
  const port = request.socket.localPort;
  const host = request.headers.host?.toLowerCase();
  const allowed = port === undefined ? [] : loopbackHosts(port);
  if (host !== undefined && allowed.includes(host)) return;
  throw new MisdirectedRequest(
    `${host === undefined ? 'No Host header' : `Host ${host}`} is not this server: it answers to ${allowed.join(', ')} only (a page reaching it under another name, e.g. by DNS rebinding, is refused)`,
  );
}

/** An Origin of a page served from loopback (a local dashboard, a local copy of the site): any port. */
export function isLoopbackOrigin(origin: string): boolean {
  return LOOPBACK_NAMES.some((name) =>
    new RegExp(`^http://${name.replace(/[[\].]/g, '\\$&')}(:\\d+)?$`).test(origin),
  );
}

/**
 * Which pages may use a loopback server through the developer's browser:
 * - `none`: an API for SDKs and processes only; anything a browser sends on a page's behalf is
 *   refused, reads included.
 * - `loopback-pages`: an API pages call across origins by design (CORS); requests that change
 *   something (every method but GET and HEAD, the CORS preflight included, so the browser is
 *   told no before it sends the POST) only from pages served from loopback.
 * - `same-origin`: a server with its own page (a console); requests that change something only
 *   from that page, and only as JSON, which no page elsewhere can send without a preflight that
 *   such a server never grants.
 * Clients that are not browsers (curl, SDKs, tests) send neither Origin nor Sec-Fetch-Site, and are
 * not what forgery is about: a local process can already do anything these servers do.
 */
export type OriginPolicy =
  | { readonly kind: 'none' }
  | { readonly kind: 'loopback-pages'; readonly server?: string }
  | { readonly kind: 'same-origin'; readonly page?: string };

const changesState = (request: IncomingMessage) => request.method !== 'GET' && request.method !== 'HEAD';

/**
 * Refuses a request a browser sent for a page the policy does not trust: 403 CrossSiteRequest,
 * or 415 UnsupportedMediaType for a same-origin server's non-JSON write. Reads `Origin` (sent by
 * browsers on every cross-origin request and every POST) and `Sec-Fetch-Site` (the browser's own
 * verdict, which a page cannot set).
 */
export function checkBrowserOrigin(request: IncomingMessage, policy: OriginPolicy): void {
  const origin = request.headers.origin;
  const site = request.headers['sec-fetch-site'];
  switch (policy.kind) {
    case 'none':
      if (origin !== undefined || site !== undefined)
        throw new CrossSiteRequest(
          `A request from a web page (${origin ?? `Sec-Fetch-Site: ${site}`}) is refused: this server is for programs, not pages`,
        );
      return;
    case 'loopback-pages':
      if (!changesState(request)) return;
      if (origin !== undefined && !isLoopbackOrigin(origin))
        throw new CrossSiteRequest(
          `Request from ${origin} refused: locally, ${policy.server ?? 'this server'} takes requests that change something only from pages served from this machine (127.0.0.1, localhost)`,
        );
      if (origin === undefined && site === 'cross-site')
        throw new CrossSiteRequest('Cross-site request refused: it came from a page on another site');
      return;
    case 'same-origin': {
      if (!changesState(request)) return;
      const page = policy.page ?? "this server's page";
      const own = `http://${request.headers.host ?? ''}`;
      if (site !== undefined && site !== 'same-origin')
        throw new CrossSiteRequest(
          `Cross-site request refused (Sec-Fetch-Site: ${site}): only ${page} may change state`,
        );
      if (origin !== undefined && origin !== own)
        throw new CrossSiteRequest(
          `Cross-origin request refused (Origin: ${origin}): only ${page} at ${own} may change state`,
        );
      const type = request.headers['content-type'] ?? '';
      if (!/^application\/json\s*(;|$)/i.test(type))
        throw new UnsupportedMediaType(
          `Send state-changing requests as application/json, not ${type === '' ? 'without a type' : type}`,
        );
      return;
    }
  }
}
