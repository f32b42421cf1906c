import type { ExecutionRow, WorkflowView } from '../api-types';
import { h } from './dom';
import { graphCanvas } from './graph-canvas';
import type { WorkflowLayout } from './layouts';
import { startForm } from './start-form';
import { counts, executionList } from './workflows-view';

export interface WorkflowPageOptions {
  readonly workflow: WorkflowView;
  readonly layout: WorkflowLayout;
  readonly rows: readonly ExecutionRow[];
  /** Watching read-only: no form to start an execution. */
  readonly readOnly: boolean;
  readonly openExecution: (arn: string) => void;
  readonly start: (name: string, input: string) => Promise<void>;
  readonly toggle: (state: string) => void;
}

/** One state machine on a page of its own: its whole graph fitted to the window, and its executions. */
export function workflowPage(options: WorkflowPageOptions): HTMLElement {
  const { workflow, layout, rows } = options;
  return h(
    'div',
    { class: 'workflow-page', 'data-testid': 'workflow-page', 'data-workflow': workflow.key },
    h(
      'header',
      { class: 'execution-head' },
      h('a', { href: '#workflows', class: 'back' }, '← Workflows'),
      h('h2', {}, workflow.title),
      counts(rows),
    ),
    h(
      'section',
      { class: 'card graph-box' },
      graphCanvas({
        key: `workflow:${workflow.key}`,
        graph: layout.graph,
        layout: layout.layout,
        mode: 'full',
        height: 'max(360px, 100vh - 170px)',
        onToggle: options.toggle,
        testId: 'workflow-canvas',
      }),
    ),
    h(
      'section',
      { class: 'card' },
      h('h3', {}, 'Executions'),
      executionList(rows, options.openExecution, workflow.type),
    ),
    options.readOnly ? null : startForm(options.start),
  );
}
