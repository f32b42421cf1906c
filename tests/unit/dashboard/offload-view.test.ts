import { offloadView } from '../../../local/dashboard/offload-view';

test('with releases served from the distribution bucket only, the offload view says it is off', () => {
  expect(offloadView({ updateOrigin: undefined })).toEqual({ enabled: false });
});

test('with an update origin, the view carries its addresses and the edge and origin counters', () => {
  const edge = { requests: 5, hits: 4, misses: 1, revalidated: 0, bytesToClients: 500, bytesFromOrigin: 100 };
  const origin = { requests: 1, bytesServed: 100 };
  const view = offloadView({
    updateOrigin: {
      dir: '/tmp/x',
      originUrl: 'http://127.0.0.1:1',
      edgeUrl: 'http://127.0.0.1:2',
      traffic: () => ({ edge, origin, invalidations: 2 }),
      stop: async () => undefined,
    },
  });
  expect(view).toEqual({
    enabled: true,
    originUrl: 'http://127.0.0.1:1',
    edgeUrl: 'http://127.0.0.1:2',
    edge,
    origin,
    invalidations: 2,
  });
});
