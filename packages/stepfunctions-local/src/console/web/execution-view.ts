import type { ExecutionDetail, MapRunView, WorkflowView } from '../api-types';
import type { StateVisit } from '../execution-path';
import { takenEdges } from '../path-on-graph';
import { h, on, pretty } from './dom';
import { graphCanvas } from './graph-canvas';
import { historyTable, seconds } from './history-table';
import type { WorkflowLayout } from './layouts';

function block(title: string, text: string | undefined, testId?: string): HTMLElement | null {
  if (text === undefined) return null;
  return h('div', { class: 'io' }, h('h4', {}, title), h('pre', { 'data-testid': testId }, pretty(text)));
}

function visitView(visit: StateVisit, index: number, of: number): HTMLElement {
  return h(
    'div',
    { class: `visit status-${visit.status}`, 'data-testid': 'visit' },
    h(
      'p',
      { class: 'visit-head' },
      h('span', { class: `badge status-${visit.status}` }, visit.status),
      of > 1 ? ` visit ${index + 1} of ${of}` : '',
      visit.attempts > 1 ? ` · ${visit.attempts} attempts` : '',
    ),
    visit.error === undefined
      ? null
      : h('p', { class: 'error' }, h('strong', {}, visit.error), visit.cause ? `: ${visit.cause}` : ''),
    block('Input', visit.input, 'state-input'),
    block('Output', visit.output, 'state-output'),
  );
}

function statePanel(detail: ExecutionDetail, state: string | undefined): HTMLElement {
  if (state === undefined)
    return h(
      'section',
      { class: 'card state-panel' },
      h('p', { class: 'hint' }, 'Click a state to see its input and output.'),
    );
  const visits = detail.path.visits.filter((visit) => visit.state === state);
  return h(
    'section',
    { class: 'card state-panel', 'data-testid': 'state-panel' },
    h('h3', {}, state),
    visits.length === 0
      ? h('p', { class: 'hint' }, 'This execution did not reach this state.')
      : h('div', {}, ...visits.slice(0, 20).map((visit, i) => visitView(visit, i, visits.length))),
    visits.length > 20 ? h('p', { class: 'hint' }, `… and ${visits.length - 20} more visits`) : null,
  );
}

/** The execution's Distributed Map runs: each one's status and item counts (DescribeMapRun). */
function mapRunsView(runs: readonly MapRunView[]): HTMLElement {
  return h(
    'section',
    { class: 'card', 'data-testid': 'map-runs' },
    h('h3', {}, 'Map runs'),
    h(
      'ul',
      { class: 'map-runs' },
      ...runs.map((run) =>
        h(
          'li',
          { 'data-testid': 'map-run', 'data-status': run.status },
          h('span', { class: `badge status-${run.status}` }, run.status),
          ` ${run.mapRunArn.split(':').slice(-2).join(':')} · `,
          Object.entries(run.itemCounts)
            .filter(([, count]) => count > 0)
            .map(([name, count]) => `${count} ${name}`)
            .join(', '),
        ),
      ),
    ),
  );
}

/** RedriveExecution from the page; a refusal is shown on the button. */
function redriveButton(redrive: () => Promise<void>): HTMLElement {
  const button = h(
    'button',
    {
      type: 'button',
      'data-testid': 'redrive-execution',
      title: 'Go on from the state it ended in (RedriveExecution)',
    },
    'Redrive',
  );
  return on(button, 'click', () => {
    button.disabled = true;
    button.textContent = 'Redriving…';
    redrive().catch((error: unknown) => {
      button.textContent = (error as Error).message;
    });
  });
}

export interface ExecutionViewOptions {
  readonly detail: ExecutionDetail;
  readonly workflow: WorkflowView;
  /** The workflow's graph as its reader left it (containers collapsed). */
  readonly layout: WorkflowLayout;
  readonly selected: string | undefined;
  /** Watching read-only: no Redrive button. */
  readonly readOnly: boolean;
  /** A state picked in the graph (`from: 'graph'`) or in the history table. */
  readonly select: (state: string, from: 'graph' | 'history') => void;
  readonly toggle: (state: string) => void;
  readonly redrive: () => Promise<void>;
}

/** Where the graph's frame ends: the window's bottom, less the page's head and the execution's. */
const frameHeight = (graphHeight: number) =>
  `min(${Math.ceil(graphHeight) + 48}px, max(360px, 100vh - 250px))`;

/** One execution: its graph coloured by the path it took, its error, a state's I/O and its history. */
export function executionView(options: ExecutionViewOptions): HTMLElement {
  const { detail, workflow, layout, selected, select, redrive } = options;
  const start = detail.startDate;
  return h(
    'div',
    { class: 'execution-detail', 'data-testid': 'execution-detail', 'data-status': detail.status },
    h(
      'header',
      { class: 'execution-head' },
      h('a', { href: '#workflows', class: 'back' }, '← Workflows'),
      h('h2', {}, `${workflow.title} / ${detail.name}`),
      h('span', { class: `badge status-${detail.status}`, 'data-testid': 'execution-status' }, detail.status),
      h('span', { class: 'when' }, `started ${new Date(start).toLocaleString()}`),
      detail.stopDate === undefined
        ? null
        : h('span', { class: 'took' }, `took ${seconds(start, detail.stopDate)}`),
      detail.redriveCount === 0
        ? null
        : h(
            'span',
            { class: 'when', 'data-testid': 'redrive-count' },
            `redriven ${detail.redriveCount} time${detail.redriveCount === 1 ? '' : 's'}`,
          ),
      detail.redrivable && !options.readOnly ? redriveButton(redrive) : null,
    ),
    detail.error === undefined
      ? null
      : h(
          'p',
          { class: 'error execution-error', 'data-testid': 'execution-error' },
          h('strong', {}, detail.error),
          detail.cause === undefined ? '' : `: ${detail.cause}`,
        ),
    h(
      'div',
      { class: 'execution-body' },
      h(
        'section',
        { class: 'card graph-box', 'data-testid': 'execution-graph' },
        graphCanvas({
          key: `execution:${detail.executionArn}`,
          graph: layout.graph,
          layout: layout.layout,
          mode: 'full',
          height: frameHeight(layout.graph.height),
          statuses: detail.path.states,
          taken: takenEdges(layout.graph.edges, detail.path.transitions),
          ...(selected === undefined ? {} : { selected }),
          onSelect: (state) => select(state, 'graph'),
          onToggle: options.toggle,
          testId: 'execution-canvas',
        }),
        h(
          'p',
          { class: 'legend' },
          ...(['succeeded', 'retried', 'caught', 'failed', 'running', 'none'] as const).map((status) =>
            h('span', { class: `badge status-${status}` }, status === 'none' ? 'not run' : status),
          ),
        ),
      ),
      h(
        'div',
        { class: 'side' },
        statePanel(detail, selected),
        h(
          'section',
          { class: 'card' },
          h('h3', {}, 'Execution'),
          block('Input', detail.input, 'execution-input'),
          block('Output', detail.output, 'execution-output'),
        ),
      ),
    ),
    detail.mapRuns.length === 0 ? null : mapRunsView(detail.mapRuns),
    h(
      'section',
      { class: 'card' },
      h(
        'h3',
        {},
        `Event history (${detail.events.length}${detail.truncated ? ', the newest left out' : ''})`,
      ),
      historyTable(detail.events, start, selected, (state) => select(state, 'history')),
    ),
  );
}
