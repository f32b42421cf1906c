import type { ConsoleConfig, ExecutionDetail, ExecutionRow, StartedView, WorkflowView } from '../api-types';
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
async function post<T>(path: string, body: unknown): Promise<T> {
  const response = await fetch(path, {
    method: 'POST',
    headers: { 'Content-Type': 'application/json' },
    body: JSON.stringify(body),
  });
  const text = await response.text();
  if (!response.ok) {
    let message = text;
    try {
      message = (JSON.parse(text) as { error?: string }).error ?? text;
    } catch {
      // Not JSON: the text as it came.
    }
    throw new Error(message);
  }
  return JSON.parse(text) as T;
}

const machine = (arn: string) => `/api/state-machines/${encodeURIComponent(arn)}`;

/** The console server's JSON API, typed as the server answers it. */
export const api = {
  config: () => get<ConsoleConfig>('/api/console'),
  workflows: () => get<WorkflowView[]>('/api/workflows'),
  /** A state machine's graph laid out with the named Map and Parallel states collapsed. */
  graph: (stateMachineArn: string, collapsed: readonly string[]) =>
    get<LaidOutGraph>(
      `${machine(stateMachineArn)}/graph?${collapsed
        .map((state) => `collapsed=${encodeURIComponent(state)}`)
        .join('&')}`,
    ),
  executions: (stateMachineArn: string) => get<ExecutionRow[]>(`${machine(stateMachineArn)}/executions`),
  execution: (arn: string) => get<ExecutionDetail>(`/api/executions/${encodeURIComponent(arn)}`),
  startExecution: (stateMachineArn: string, name: string, input: string) =>
    post<StartedView>(`${machine(stateMachineArn)}/executions`, { name, input }),
  redriveExecution: (arn: string) => post<unknown>(`/api/executions/${encodeURIComponent(arn)}/redrive`, {}),
};
