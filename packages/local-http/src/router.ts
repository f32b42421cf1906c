import { MethodNotAllowed, NotFound } from './errors';
import { decodeUrlPart } from './request-url';

/** The path parameters a route's pattern captured, %-decoded. */
export type PathParams = Readonly<Record<string, string>>;

export interface Matched<H> {
  readonly handler: H;
  readonly params: PathParams;
  /** The pattern as written, e.g. `/todos/{id}` (API Gateway's `resource`). */
  readonly pattern: string;
}

interface CompiledRoute<H> {
  readonly method: string;
  readonly pattern: string;
  readonly regex: RegExp;
  readonly names: readonly string[];
  readonly handler: H;
}

const escapeRegex = (text: string) => text.replace(/[.*+?^$()|[\]{}\\]/g, '\\$&');

/**
 * A path pattern as API Gateway writes resource paths: literal segments, `{name}` for one
 * segment, and `{name+}` (last only) for the rest of the path, slashes included.
 */
function compile(pattern: string): { regex: RegExp; names: string[] } {
  const names: string[] = [];
  const body = pattern
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)(\+?)\}$/.exec(segment);
      if (parameter === null) return escapeRegex(segment);
      names.push(parameter[1] as string);
      return parameter[2] === '+' ? '(.+)' : '([^/]+)';
    })
    .join('/');
  return { regex: new RegExp(`^${body}$`), names };
}

/**
 * Method + path pattern → handler. Pure: `match` finds the route or throws the refusal the server
 * answers (404 for an unknown path, 405 with Allow for a known path and another method), so the
 * routing rules are the same on every server and testable without a socket. Routes are tried in
 * the order added. HEAD finds a GET route unless HEAD has its own (RFC 9110 §9.3.2).
 */
export class Router<H> {
  private readonly routes: CompiledRoute<H>[] = [];

  add(method: string, pattern: string, handler: H): this {
    this.routes.push({ method: method.toUpperCase(), pattern, handler, ...compile(pattern) });
    return this;
  }

  match(method: string, path: string): Matched<H> {
    const onPath = this.routes
      .map((route) => ({ route, found: route.regex.exec(path) }))
      .filter(
        (candidate): candidate is { route: CompiledRoute<H>; found: RegExpExecArray } =>
          candidate.found !== null,
      );
    if (onPath.length === 0) throw new NotFound(`No route for ${path}`);
    const chosen =
      onPath.find(({ route }) => route.method === method) ??
      (method === 'HEAD' ? onPath.find(({ route }) => route.method === 'GET') : undefined);
    if (chosen === undefined) {
      const allowed = [...new Set(onPath.map(({ route }) => route.method))];
      if (allowed.includes('GET') && !allowed.includes('HEAD'))
        allowed.splice(allowed.indexOf('GET') + 1, 0, 'HEAD');
      throw new MethodNotAllowed(method, path, allowed);
    }
    const params: Record<string, string> = {};
    chosen.route.names.forEach((name, i) => {
      params[name] = decodeUrlPart(chosen.found[i + 1] as string);
    });
    return { handler: chosen.route.handler, params, pattern: chosen.route.pattern };
  }
}
