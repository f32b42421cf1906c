import { behaviorFor, edgeTtl, invalidates } from '../../../local/edge/cache-rules';

const files = { pathPattern: '/updates/*', minTtl: 86_400, defaultTtl: 31_536_000, maxTtl: 31_536_000 };
const latest = { pathPattern: '/updates/latest.json', minTtl: 0, defaultTtl: 60, maxTtl: 60 };
const fallback = { pathPattern: '*', minTtl: 0, defaultTtl: 86_400, maxTtl: 31_536_000 };

describe('edge TTLs as a CloudFront cache policy sets them', () => {
  test("the origin's max-age applies within the policy's bounds", () => {
    expect(edgeTtl('public, max-age=300', latest)).toBe(60);
    expect(edgeTtl('public, max-age=30', latest)).toBe(30);
    expect(edgeTtl('public, max-age=60', files)).toBe(86_400);
  });

  test('s-maxage wins over max-age for a shared cache', () => {
    expect(edgeTtl('max-age=5, s-maxage=50', latest)).toBe(50);
  });

  test('no Cache-Control gives the default TTL', () => {
    expect(edgeTtl(undefined, files)).toBe(31_536_000);
  });

  test('no-store, no-cache and private are not cached when the minimum TTL is 0', () => {
    expect(edgeTtl('no-store', latest)).toBe(0);
    expect(edgeTtl('private, max-age=60', latest)).toBe(0);
    expect(edgeTtl('no-cache', files)).toBe(86_400);
  });

  test('the first behavior whose pattern matches applies, in order', () => {
    const ordered = [latest, files];
    expect(behaviorFor('/updates/latest.json', ordered, fallback)).toBe(latest);
    expect(behaviorFor('/updates/2.1.0/app.zip', ordered, fallback)).toBe(files);
    expect(behaviorFor('/health', ordered, fallback)).toBe(fallback);
  });

  test('an invalidation path covers the same path, or every path under a trailing *', () => {
    expect(invalidates('/updates/latest.json', '/updates/latest.json')).toBe(true);
    expect(invalidates('/updates/2.1.0/*', '/updates/2.1.0/packs/a.pak')).toBe(true);
    expect(invalidates('/updates/2.1.0/*', '/updates/2.1.1/a.pak')).toBe(false);
    expect(invalidates('/updates/latest.json', '/updates/latest.json.bak')).toBe(false);
  });
});
