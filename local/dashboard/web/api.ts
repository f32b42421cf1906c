import type {
  DashboardConfig,
  DeadLetterQueueView,
  EmailView,
  ExecutionDetail,
  ExecutionRow,
  PhotoView,
  RedriveView,
  ReleaseView,
  WorkflowView,
} from '../api-types';
import type { LaidOutGraph } from '../graph-layout';

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

/** The dashboard server's JSON API, typed as the server answers it. */
export const api = {
  config: () => get<DashboardConfig>('/api/config'),
  workflows: () => get<WorkflowView[]>('/api/workflows'),
  /** A workflow's graph laid out with the named Map and Parallel states collapsed. */
  graph: (workflow: string, collapsed: readonly string[]) =>
    get<LaidOutGraph>(
      `/api/workflows/${encodeURIComponent(workflow)}/graph?${collapsed
        .map((state) => `collapsed=${encodeURIComponent(state)}`)
        .join('&')}`,
    ),
  executions: (workflow?: string) =>
    get<ExecutionRow[]>(
      `/api/executions${workflow === undefined ? '' : `?workflow=${encodeURIComponent(workflow)}`}`,
    ),
  execution: (arn: string) => get<ExecutionDetail>(`/api/executions/${encodeURIComponent(arn)}`),
  emails: () => get<EmailView[]>('/api/emails'),
  photos: () => get<PhotoView[]>('/api/photos'),
  releases: () => get<ReleaseView[]>('/api/releases'),
  deadLetterQueues: () => get<DeadLetterQueueView[]>('/api/dlqs'),
  redrive: async (queue: string): Promise<RedriveView> => {
    const response = await post(`/api/dlqs/${encodeURIComponent(queue)}/redrive`);
    if (!response.ok) throw new Error(`redrive ${queue}: ${response.status} ${await response.text()}`);
    return (await response.json()) as RedriveView;
  },
  redriveExecution: async (arn: string): Promise<void> => {
    const response = await post(`/api/executions/${encodeURIComponent(arn)}/redrive`);
    if (!response.ok) throw new Error(`redrive: ${response.status} ${await response.text()}`);
  },
};
