import type {
  DashboardConfig,
  DeadLetterQueueView,
  EmailView,
  PhotoView,
  RedriveView,
  ReleaseView,
} from '../api-types';

async function get<T>(path: string): Promise<T> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/**
 * A state-changing call: declared JSON, as the server requires of every POST (a page on another
 * site cannot send that type here without a preflight the server never grants).
 */
const post = (path: string) =>
  fetch(path, { method: 'POST', headers: { 'Content-Type': 'application/json' }, body: '{}' });

/** The dashboard's own JSON API (the pipeline's panels), typed as the server answers it. */
export const api = {
  config: () => get<DashboardConfig>('/api/config'),
  emails: () => get<EmailView[]>('/api/emails'),
  photos: () => get<PhotoView[]>('/api/photos'),
  releases: () => get<ReleaseView[]>('/api/releases'),
  deadLetterQueues: () => get<DeadLetterQueueView[]>('/api/dlqs'),
  redrive: async (queue: string): Promise<RedriveView> => {
    const response = await post(`/api/dlqs/${encodeURIComponent(queue)}/redrive`);
    if (!response.ok) throw new Error(`redrive ${queue}: ${response.status} ${await response.text()}`);
    return (await response.json()) as RedriveView;
  },
};
