/**
 * API Gateway's stage cache (REST APIs) as both local gateways play it: the blog API's
 * (api-server.ts) and MyTodoList's (todo/api-gateway.ts). What each route caches, for how long and
 * under which key comes from the topology the infra configures the stage from (`cacheSeconds` per
 * route becomes the stage's MethodSettings, path parameters and `cacheKeyQuery` its cache key
 * parameters), so locally and in AWS the same answers are cached for the same time.
 *
 * How the stage lets go of an entry, and how the local one does:
 * - its TTL runs out (the route's `cacheSeconds`);
 * - the stage cache is flushed (FlushStageCache, or a new cache cluster): `flush()`;
 * - a client's `Cache-Control: max-age=0` invalidates an entry only when the caller is authorized
 *   to (execute-api:InvalidateCache, so a SigV4-signed caller) while the stage requires it,
 *   which is the stage's default and all CloudFormation leaves it at: its MethodSetting has no
 *   requireAuthorizationForCacheControl nor unauthorizedCacheControlHeaderStrategy. Neither API
 *   takes IAM callers, so the header is ignored and the answer says so in a Warning header (the
 *   default strategy, SUCCEED_WITH_RESPONSE_HEADER);
 * - a write is NOT an invalidation: API Gateway does not know that POST /subscribers or a release
 *   published behind its back changes a GET's answer, so a cached GET answers what it answered
 *   until its entry expires, here as there.
 */

/** A route as the stage caches it: the topology's route specs of both APIs have this shape. */
export interface CacheableRoute {
  readonly method: string;
  /** API Gateway resource path, e.g. `/releases/{version}`. */
  readonly path: string;
  /** Seconds a GET answer is cached (the method's CacheTtlInSeconds); not cached when absent. */
  readonly cacheSeconds?: number;
  /** Query string parameters that are part of the cache key; other parameters are not. */
  readonly cacheKeyQuery?: readonly string[];
}

/** A route as API Gateway matches a request path to it: its resource path as a pattern. */
export interface MatchedRoute<Route extends CacheableRoute> {
  readonly spec: Route;
  readonly pattern: RegExp;
  /** The path parameters' names, in the order the pattern captures them. */
  readonly names: readonly string[];
}

export function compileRoute<Route extends CacheableRoute>(spec: Route): MatchedRoute<Route> {
  const names: string[] = [];
  const body = spec.path
    .split('/')
    .map((segment) => {
      const parameter = /^\{(\w+)\}$/.exec(segment);
      if (parameter === null) return segment.replace(/[.*+?^$()|[\]\\]/g, '\\$&');
      names.push(parameter[1] as string);
      return '([^/]+)';
    })
    .join('/');
  return { spec, pattern: new RegExp(`^${body}$`), names };
}

/**
 * The route a request path matches, preferring one with its method (as API Gateway prefers a
 * resource's own method), and its path parameters, decoded. A literal segment wins over a
 * parameter (`/releases/latest` over `/releases/{version}`), as API Gateway picks the most specific.
 */
export function matchRoute<Route extends CacheableRoute>(
  routes: readonly MatchedRoute<Route>[],
  method: string,
  path: string,
): { route: MatchedRoute<Route>; parameters: Record<string, string> } | undefined {
  const onPath = routes.filter((route) => route.pattern.test(path));
  if (onPath.length === 0) return undefined;
  const literalFirst = [...onPath].sort((a, b) => a.names.length - b.names.length);
  const route = literalFirst.find((candidate) => candidate.spec.method === method) ?? literalFirst[0];
  const match = route?.pattern.exec(path);
  if (route === undefined || match === null || match === undefined) return undefined;
  const parameters: Record<string, string> = {};
  route.names.forEach((name, i) => {
    const raw = match[i + 1] ?? '';
    try {
      parameters[name] = decodeURIComponent(raw);
    } catch {
      parameters[name] = raw;
    }
  });
  return { route, parameters };
}

export interface CachedAnswer {
  readonly statusCode: number;
  readonly headers: Readonly<Record<string, string>>;
  readonly body: string;
}

/** The largest answer the stage caches: "The maximum size of a response that can be cached is 1048576 bytes". */
export const MAX_CACHED_BODY_BYTES = 1_048_576;

/** The header the stage adds when it ignored a caller's Cache-Control (SUCCEED_WITH_RESPONSE_HEADER). */
export const IGNORED_CACHE_CONTROL_WARNING =
  '199 "Cache-Control headers were ignored because the caller was unauthorized."';

/** A request as the stage cache sees it. */
export interface StageRequest {
  readonly method: string;
  /** The route the request matched, with its path parameters; undefined when it matched none. */
  readonly matched:
    | { readonly route: MatchedRoute<CacheableRoute>; readonly parameters: Readonly<Record<string, string>> }
    | undefined;
  readonly url: URL;
  /** Headers that are cache key parameters of this method, by lower-case name (Authorization, per user). */
  readonly keyHeaders?: Readonly<Record<string, string | undefined>>;
  /** The request's Cache-Control header. */
  readonly cacheControl?: string | undefined;
}

/** What the stage does with a request: answer it from the cache, or go to the integration. */
export type StageDecision =
  | { readonly kind: 'hit'; readonly answer: CachedAnswer }
  | {
      readonly kind: 'miss';
      /** Headers the stage adds to the integration's answer. */
      readonly headers: Readonly<Record<string, string>>;
      /** Keeps the integration's answer for the route's TTL (when the method is cached). */
      store(answer: CachedAnswer): void;
    };

const NOTHING_TO_STORE = (): void => undefined;
/** A stage without a cache cluster: every request goes to the integration, as it is. */
export const NO_STAGE_CACHE: StageDecision = { kind: 'miss', headers: {}, store: NOTHING_TO_STORE };
const asksToInvalidate = (cacheControl: string | undefined) =>
  /(^|,)\s*max-age\s*=\s*0\s*(,|$)/i.test(cacheControl ?? '');

/**
 * The stage's cache. Only successful (2xx) answers are kept, and none over the size limit; the
 * clock is injectable so a test sees an entry expire without waiting for it.
 */
export class ApiResponseCache {
  readonly counts = { hits: 0, misses: 0 };
  private readonly entries = new Map<string, { expires: number; answer: CachedAnswer }>();

  constructor(private readonly now: () => number = Date.now) {}

  /** What the stage does with this request; a request of an uncached method is a miss with nothing to store. */
  decide(request: StageRequest): StageDecision {
    const route = request.matched?.route.spec;
    const seconds =
      request.method === 'GET' &&
      route?.method === 'GET' &&
      route.cacheSeconds !== undefined &&
      route.cacheSeconds > 0
        ? route.cacheSeconds
        : undefined;
    // An unauthorized caller's max-age=0 is ignored, and the answer says so.
    const warning: Record<string, string> = asksToInvalidate(request.cacheControl)
      ? { Warning: IGNORED_CACHE_CONTROL_WARNING }
      : {};
    if (seconds === undefined || route === undefined)
      return { kind: 'miss', headers: warning, store: NOTHING_TO_STORE };
    const key = cacheKey(request, route);
    const entry = this.entries.get(key);
    if (entry !== undefined && entry.expires > this.now()) {
      this.counts.hits += 1;
      return { kind: 'hit', answer: { ...entry.answer, headers: { ...entry.answer.headers, ...warning } } };
    }
    this.entries.delete(key);
    this.counts.misses += 1;
    return {
      kind: 'miss',
      headers: warning,
      store: (answer) => {
        const ok = answer.statusCode >= 200 && answer.statusCode < 300;
        if (ok && Buffer.byteLength(answer.body) <= MAX_CACHED_BODY_BYTES)
          this.entries.set(key, { expires: this.now() + seconds * 1000, answer });
      },
    };
  }

  /** Every entry gone, as FlushStageCache does. */
  flush(): void {
    this.entries.clear();
  }
}

/**
 * The key: the method and resource, then each cache key parameter's value (path parameters, the
 * declared query parameters, the declared headers). A query parameter that is not a key parameter
 * does not make another entry.
 */
function cacheKey(request: StageRequest, route: CacheableRoute): string {
  const parts = [`${request.method} ${route.path}`];
  for (const [name, value] of Object.entries(request.matched?.parameters ?? {}))
    parts.push(`path.${name}=${value}`);
  for (const name of route.cacheKeyQuery ?? [])
    parts.push(`querystring.${name}=${request.url.searchParams.get(name) ?? ''}`);
  for (const [name, value] of Object.entries(request.keyHeaders ?? {}))
    parts.push(`header.${name}=${value ?? ''}`);
  return parts.map((part) => encodeURIComponent(part)).join('&');
}
