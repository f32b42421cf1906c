import type { OffloadView } from '../offload-types';
import { formatBytes, h } from './dom';

const REFRESH_MS = 2000;

function figures(view: Extract<OffloadView, { enabled: true }>): HTMLElement {
  const { edge, origin } = view;
  // Bytes clients got from the edge per byte the origin sent for them: the offload.
  const ratio = edge.bytesFromOrigin === 0 ? undefined : edge.bytesToClients / edge.bytesFromOrigin;
  return h(
    'dl',
    {},
    h('dt', {}, 'Served by the edge'),
    h(
      'dd',
      { 'data-testid': 'edge-bytes' },
      `${formatBytes(edge.bytesToClients)} in ${edge.requests} requests (${edge.hits} hits, ${edge.misses} misses, ${edge.revalidated} revalidated)`,
    ),
    h('dt', {}, 'Fetched by the edge from the origin'),
    h(
      'dd',
      {},
      formatBytes(edge.bytesFromOrigin),
      ratio === undefined ? '' : ` — ${ratio.toFixed(1)}× offloaded`,
    ),
    h('dt', {}, 'Served by the origin (all clients)'),
    h(
      'dd',
      { 'data-testid': 'origin-bytes' },
      `${formatBytes(origin.bytesServed)} in ${origin.requests} requests`,
    ),
    h('dt', {}, 'Invalidations carried to the edge'),
    h('dd', {}, String(view.invalidations)),
    h('dt', {}, 'Download through the edge'),
    h('dd', {}, h('code', {}, `${view.edgeUrl}/updates/latest.json`)),
    h('dt', {}, 'Or from the origin directly'),
    h('dd', {}, h('code', {}, `${view.originUrl}/updates/latest.json`)),
  );
}

/**
 * The update server's card on the Releases tab: bytes served by the edge and by the origin. It
 * refreshes itself while on the page, since downloads move these numbers and no execution does.
 */
export function offloadPanel(): HTMLElement {
  const body = h('p', { class: 'empty' }, 'Reading the update server’s traffic…');
  const card = h(
    'section',
    { class: 'card offload', 'data-testid': 'offload' },
    h('h3', {}, 'Update server and its edge'),
    body,
  );
  let shown = body;
  const refresh = async () => {
    try {
      const response = await fetch('/api/offload');
      const view = (await response.json()) as OffloadView;
      const next = view.enabled
        ? figures(view)
        : h(
            'p',
            { class: 'empty' },
            'Releases are served from the distribution bucket only (releaseOrigin distributionBucket).',
          );
      shown.replaceWith(next);
      shown = next;
    } catch {
      // The server is going away: the next refresh, if any, says so.
    }
    // Until a redraw takes the card off the page.
    setTimeout(() => {
      if (card.isConnected) void refresh();
    }, REFRESH_MS);
  };
  void refresh();
  return card;
}
