import type { ExecutionDetail, HistoryEventView, WorkflowView } from '../api-types';
import type { StateVisit } from '../execution-path';
import { h, on, pretty } from './dom';
import { takenEdges } from '../path-on-graph';
import { graphView } from './graph-view';

const seconds = (from: string, to: string) => `${((Date.parse(to) - Date.parse(from)) / 1000).toFixed(3)} s`;

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

function eventRow(event: HistoryEventView, start: string): HTMLElement {
  const name = typeof event.details['name'] === 'string' ? event.details['name'] : '';
  const failed = /Failed|TimedOut|Aborted/.test(event.type);
  return h(
    'tr',
    { class: failed ? 'event failed' : 'event', 'data-type': event.type },
    h('td', {}, event.id),
    h('td', {}, event.previousEventId),
    h('td', { class: 'type' }, event.type),
    h('td', {}, name),
    h('td', { class: 'elapsed' }, seconds(start, event.timestamp)),
    h(
      'td',
      {},
      Object.keys(event.details).length === 0
        ? ''
        : h('details', {}, h('summary', {}, 'details'), h('pre', {}, JSON.stringify(event.details, null, 2))),
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

/** One execution: its graph coloured by the path it took, its error, a state's I/O and its history. */
export function executionView(
  detail: ExecutionDetail,
  workflow: WorkflowView,
  selected: string | undefined,
  select: (state: string) => void,
  redrive: () => Promise<void>,
): HTMLElement {
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
      detail.redrivable ? redriveButton(redrive) : null,
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
        graphView(workflow.graph, {
          statuses: detail.path.states,
          taken: takenEdges(workflow.graph.edges, detail.path.transitions),
          selected,
          onSelect: select,
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
    h(
      'section',
      { class: 'card' },
      h('h3', {}, `Event history (${detail.events.length})`),
      h(
        'table',
        { class: 'events', 'data-testid': 'events' },
        h(
          'thead',
          {},
          h(
            'tr',
            {},
            h('th', {}, 'ID'),
            h('th', {}, 'Prev'),
            h('th', {}, 'Type'),
            h('th', {}, 'State'),
            h('th', {}, 'Elapsed'),
            h('th', {}, ''),
          ),
        ),
        h('tbody', {}, ...detail.events.map((event) => eventRow(event, start))),
      ),
    ),
  );
}
