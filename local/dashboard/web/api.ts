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

async function get<T>(path: string): Promise<T> {
  const response = await fetch(path);
  if (!response.ok) throw new Error(`${path}: ${response.status} ${await response.text()}`);
  return (await response.json()) as T;
}

/** The dashboard server's JSON API, typed as the server answers it. */
export const api = {
  config: () => get<DashboardConfig>('/api/config'),
  workflows: () => get<WorkflowView[]>('/api/workflows'),
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
    const response = await fetch(`/api/dlqs/${encodeURIComponent(queue)}/redrive`, { method: 'POST' });
    if (!response.ok) throw new Error(`redrive ${queue}: ${response.status} ${await response.text()}`);
    return (await response.json()) as RedriveView;
  },
  redriveExecution: async (arn: string): Promise<void> => {
    const response = await fetch(`/api/executions/${encodeURIComponent(arn)}/redrive`, { method: 'POST' });
    if (!response.ok) throw new Error(`redrive: ${response.status} ${await response.text()}`);
  },
};
