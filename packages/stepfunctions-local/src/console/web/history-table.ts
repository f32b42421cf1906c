import type { HistoryEventView } from '../api-types';
import { h, on } from './dom';

export const seconds = (from: string, to: string): string =>
  `${((Date.parse(to) - Date.parse(from)) / 1000).toFixed(3)} s`;

function eventRow(
  event: HistoryEventView,
  start: string,
  selected: string | undefined,
  select: (state: string) => void,
): HTMLElement {
  const name = typeof event.details['name'] === 'string' ? event.details['name'] : '';
  const failed = /Failed|TimedOut|Aborted/.test(event.type);
  const state = event.state;
  const chosen = state !== undefined && state === selected;
  const row = h(
    'tr',
    {
      class: `event${failed ? ' failed' : ''}${state === undefined ? '' : ' of-state'}${chosen ? ' selected' : ''}`,
      'data-type': event.type,
      'data-state': state,
      'aria-selected': state === undefined ? undefined : String(chosen),
      title: state === undefined ? undefined : `Show ${state} in the graph`,
    },
    h('td', {}, event.id),
    h('td', {}, event.previousEventId),
    h('td', { class: 'type' }, event.type),
    // The state each event belongs to, as the console's Step column shows it (not only on StateEntered/Exited).
    h('td', { class: name === '' ? 'state-of muted' : 'state-of' }, state ?? name),
    h('td', { class: 'elapsed' }, seconds(start, event.timestamp)),
    h(
      'td',
      {},
      Object.keys(event.details).length === 0
        ? ''
        : h('details', {}, h('summary', {}, 'details'), h('pre', {}, JSON.stringify(event.details, null, 2))),
    ),
  );
  if (state === undefined) return row;
  return on(row, 'click', (click) => {
    // Opening an event's details is not a choice of its state.
    if ((click.target as Element).closest('details') !== null) return;
    select(state);
  });
}

/**
 * The execution's event history; a click on an event of a state picks that state (shown in the
 * graph), and the events of the picked state are highlighted.
 */
export function historyTable(
  events: readonly HistoryEventView[],
  start: string,
  selected: string | undefined,
  select: (state: string) => void,
): HTMLElement {
  return h(
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
    h('tbody', {}, ...events.map((event) => eventRow(event, start, selected, select))),
  );
}
