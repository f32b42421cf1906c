import type { ExecutionRow, WorkflowView } from '../api-types';
import { formatTime, h, on } from './dom';
import { graphCanvas } from './graph-canvas';
import type { WorkflowLayout } from './layouts';

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

/** The newest executions, or a word that there are none (and why, for an Express machine on AWS). */
export function executionList(
  rows: readonly ExecutionRow[],
  open: (arn: string) => void,
  type = 'STANDARD',
): HTMLElement {
  return rows.length === 0
    ? h(
        'p',
        { class: 'empty' },
        type === 'EXPRESS'
          ? 'None listed (AWS lists no Express executions: their history is in CloudWatch Logs).'
          : 'None yet.',
      )
    : h('ul', { class: 'executions' }, ...rows.slice(0, 15).map((row) => executionRow(row, open)));
}

export function counts(rows: readonly ExecutionRow[]): HTMLElement {
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

/** A workflow as the overview shows it. */
export interface WorkflowCard {
  readonly workflow: WorkflowView;
  readonly layout: WorkflowLayout;
  readonly rows: readonly ExecutionRow[];
}

export interface WorkflowsViewActions {
  readonly openExecution: (arn: string) => void;
  readonly openWorkflow: (workflow: string) => void;
  readonly toggle: (workflow: string, state: string) => void;
}

/** The overview's frame: as tall as the graph at most, and no taller than a card should be. */
const frameHeight = (graphHeight: number) => `${Math.min(480, Math.ceil(graphHeight) + 24)}px`;

/**
 * Every workflow, one to a row: its graph drawn at a legible scale (never shrunk to the card: a
 * large one is shown from its start, to be dragged or opened in full), its counts and its newest
 * executions.
 */
export function workflowsView(cards: readonly WorkflowCard[], actions: WorkflowsViewActions): HTMLElement {
  return h(
    'div',
    { class: 'workflows' },
    ...cards.map(({ workflow, layout, rows }) =>
      h(
        'section',
        {
          class: 'card workflow',
          'data-workflow': workflow.key,
          'data-testid': `workflow-${workflow.title}`,
        },
        h(
          'div',
          { class: 'workflow-graph' },
          h('h2', {}, h('a', { href: `#workflow/${encodeURIComponent(workflow.key)}` }, workflow.title)),
          counts(rows),
          graphCanvas({
            key: `overview:${workflow.key}`,
            graph: layout.graph,
            layout: layout.layout,
            mode: 'overview',
            height: frameHeight(layout.graph.height),
            onOpen: () => actions.openWorkflow(workflow.key),
            onToggle: (state) => actions.toggle(workflow.key, state),
            testId: 'overview-graph',
          }),
        ),
        h(
          'div',
          { class: 'workflow-executions' },
          h('h3', {}, 'Executions'),
          executionList(rows, actions.openExecution, workflow.type),
        ),
      ),
    ),
  );
}
