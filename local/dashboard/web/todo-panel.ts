import type { TodoDashboardView } from '../todo-types';
import { h } from './dom';

const REFRESH_MS = 2000;

const ratio = (counts: { hits: number; misses: number }) => {
  const total = counts.hits + counts.misses;
  return total === 0
    ? 'no reads yet'
    : `${counts.hits} hits, ${counts.misses} misses (${Math.round((100 * counts.hits) / total)}% from cache)`;
};

function draw(view: Extract<TodoDashboardView, { enabled: true }>): HTMLElement {
  const row = (label: string, value: string) =>
    h('tr', {}, h('th', {}, label), h('td', {}, h('code', {}, value)));
  return h(
    'div',
    {},
    h(
      'section',
      { class: 'card', 'data-testid': 'todo-sign-in' },
      h('h3', {}, 'Sign in from a client'),
      h(
        'table',
        {},
        row('API (Authorization: the ID token)', view.apiUrl),
        row('User pool (moto)', view.userPoolId),
        row('App client', view.userPoolClientId),
        row('Identity pool', `${view.identityPoolId} at ${view.identityPoolUrl}`),
        row('Attachments S3 (private/<identity id>/ only)', view.storageUrl),
      ),
    ),
    h(
      'section',
      { class: 'card', 'data-testid': 'todo-caches' },
      h('h3', {}, 'Read caches'),
      h(
        'table',
        {},
        row('API Gateway stage cache (per user)', ratio(view.caches.stage)),
        row('DAX item cache', ratio(view.caches.daxItems)),
        row('DAX query cache', ratio(view.caches.daxQueries)),
        row('Writes through DAX', String(view.caches.writesThrough)),
      ),
    ),
    h(
      'section',
      { class: 'card', 'data-testid': 'todo-reminders' },
      h('h3', {}, 'Reminders (todo-reminder executions, newest first)'),
      view.reminders.length === 0
        ? h('p', { class: 'empty' }, 'No to-do has changed yet.')
        : h(
            'table',
            {},
            h(
              'tr',
              {},
              h('th', {}, 'started'),
              h('th', {}, 'to-do'),
              h('th', {}, 'change'),
              h('th', {}, 'status'),
              h('th', {}, 'outcome'),
            ),
            ...view.reminders.map((r) =>
              h(
                'tr',
                { class: `status-${r.status.toLowerCase()}` },
                h('td', {}, new Date(r.startDate).toLocaleTimeString()),
                h('td', {}, h('code', {}, r.todoId.slice(0, 8))),
                h('td', {}, r.change),
                h('td', {}, r.status),
                h(
                  'td',
                  {},
                  r.error ?? r.outcome ?? (r.status === 'RUNNING' ? 'waiting for the due time' : ''),
                ),
              ),
            ),
          ),
    ),
  );
}

/** The MyTodoList tab: how to sign in, the caches' counts, and the reminder executions, refreshed every 2 s. */
export function todoPanel(): HTMLElement {
  const body = h('p', { class: 'empty' }, 'Reading MyTodoList…');
  const holder = h('div', { 'data-testid': 'todo' }, body);
  let shown: HTMLElement = body;
  const refresh = async () => {
    try {
      const view = (await (await fetch('/api/todo')).json()) as TodoDashboardView;
      const next = view.enabled
        ? draw(view)
        : h('p', { class: 'empty' }, 'MyTodoList is not running in this process.');
      shown.replaceWith(next);
      shown = next;
    } catch {
      // The server is going away: the next refresh, if any, says so.
    }
    setTimeout(() => {
      if (holder.isConnected) void refresh();
    }, REFRESH_MS);
  };
  void refresh();
  return holder;
}
