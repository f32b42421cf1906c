import type { RuntimeBase } from '../runtime/runtime';
import type { OffloadView } from './offload-types';

/** The update server's traffic as GET /api/offload answers it. */
export function offloadView(runtime: Pick<RuntimeBase, 'updateOrigin'>): OffloadView {
  const origin = runtime.updateOrigin;
  if (origin === undefined) return { enabled: false };
  const traffic = origin.traffic();
  return {
    enabled: true,
    edgeUrl: origin.edgeUrl,
    originUrl: origin.originUrl,
    edge: traffic.edge,
    origin: traffic.origin,
    invalidations: traffic.invalidations,
  };
}
