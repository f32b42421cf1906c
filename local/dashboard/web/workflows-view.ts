import type { ExecutionRow, WorkflowView } from '../api-types';
import { formatTime, h, on } from './dom';
import { graphView } from './graph-view';

function duration(row: ExecutionRow): string {
  const end = row.stopDate === undefined ? Date.now() : Date.parse(row.stopDate);
  return `${((end - Date.parse(row.startDate)) / 1000).toFixed(1)} s`;
}

/** One execution in a list: its status, name, when, how long, and its error if it failed. */
export function executionRow(row: ExecutionRow, open: (arn: string) => void): HTMLElement {
  return on(
    h(
      'li',
      {
        class: `execution status-${row.status}`,
        'data-status': row.status,
        'data-testid': 'execution',
        tabindex: 0,
      },
      h('span', { class: 'dot' }),
      h('span', { class: 'name' }, row.name),
      h('span', { class: 'when' }, formatTime(row.startDate)),
      h('span', { class: 'took' }, duration(row)),
      row.error === undefined ? null : h('span', { class: 'error-name' }, row.error),
    ),
    'click',
    () => open(row.executionArn),
  );
}

function counts(rows: readonly ExecutionRow[]): HTMLElement {
  const count = (status: string) => rows.filter((row) => row.status === status).length;
  return h(
    'p',
    { class: 'counts' },
    h('span', { class: 'count status-RUNNING' }, `${count('RUNNING')} running`),
    h('span', { class: 'count status-SUCCEEDED' }, `${count('SUCCEEDED')} succeeded`),
    h(
      'span',
      { class: 'count status-FAILED' },
      `${count('FAILED') + count('TIMED_OUT') + count('ABORTED')} failed`,
    ),
  );
}

/** The three workflows side by side: each graph, its counts and its newest executions. */
export function workflowsView(
  workflows: readonly WorkflowView[],
  executions: Readonly<Record<string, readonly ExecutionRow[]>>,
  open: (arn: string) => void,
): HTMLElement {
  return h(
    'div',
    { class: 'workflows' },
    ...workflows.map((workflow) => {
      const rows = executions[workflow.key] ?? [];
      return h(
        'section',
        {
          class: 'card workflow',
          'data-workflow': workflow.key,
          'data-testid': `workflow-${workflow.title}`,
        },
        h('h2', {}, workflow.title),
        counts(rows),
        h('div', { class: 'graph-box' }, graphView(workflow.graph, { maxWidth: 440 })),
        h('h3', {}, 'Executions'),
        rows.length === 0
          ? h('p', { class: 'empty' }, 'None yet.')
          : h('ul', { class: 'executions' }, ...rows.slice(0, 15).map((row) => executionRow(row, open))),
      );
    }),
  );
}
