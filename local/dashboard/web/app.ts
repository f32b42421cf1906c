import type { DashboardConfig, ExecutionDetail, ExecutionRow, WorkflowView } from '../api-types';
import { api } from './api';
import { h, on } from './dom';
import { executionView } from './execution-view';
import { layoutOf } from './layouts';
import { deadLetterQueuesView, outboxView, photosView, releasesView } from './pipeline-panels';
import { offloadPanel } from './offload-panel';
import { todoPanel } from './todo-panel';
import { afterHold, redrawsHeld } from './redraw-hold';
import { tryPanel } from './try-panel';
import { remembered, toggleCollapsed } from './view-memory';
import { workflowPage } from './workflow-page';
import { workflowsView } from './workflows-view';

/**
 * The dashboard page: a tab per part of the pipeline, redrawn whenever the server says that
 * executions moved on. The address (#tab, #workflow/<key> or #execution/<arn>) keeps the place
 * on reload.
 */

type Tab = 'workflows' | 'try' | 'outbox' | 'photos' | 'releases' | 'dlqs' | 'todo';
const TABS: readonly [Tab, string][] = [
  ['workflows', 'Workflows'],
  ['try', 'Try it'],
  ['outbox', 'SES outbox'],
  ['photos', 'Thumbnails'],
  ['releases', 'Releases'],
  ['dlqs', 'Dead-letter queues'],
  ['todo', 'MyTodoList'],
];

let workflows: WorkflowView[] = [];
let config: DashboardConfig = { apiUrl: '' };
let selectedState: string | undefined;
/** What the last redrive of each queue did, shown on its card until the next one. */
const redriveResults: Record<string, string> = {};
let drawn = '';
let rendering = false;
let again = false;

function place(): { tab: Tab; execution?: string; workflow?: string } {
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith('execution/')) return { tab: 'workflows', execution: hash.slice('execution/'.length) };
  if (hash.startsWith('workflow/')) return { tab: 'workflows', workflow: hash.slice('workflow/'.length) };
  return { tab: TABS.some(([tab]) => tab === hash) ? (hash as Tab) : 'workflows' };
}

export function openExecution(arn: string): void {
  selectedState = undefined;
  location.hash = `execution/${encodeURIComponent(arn)}`;
}

function openWorkflow(key: string): void {
  location.hash = `workflow/${encodeURIComponent(key)}`;
}

/** Collapses or expands a Map or Parallel in every view of its workflow. */
function toggle(workflow: string, state: string): void {
  toggleCollapsed(workflow, state);
  void render();
}

function knownWorkflow(key: string): WorkflowView {
  const workflow = workflows.find((w) => w.key === key);
  if (workflow === undefined) throw new Error(`No workflow ${key}`);
  return workflow;
}

/** Running executions' durations move on: a time that makes their lists redraw, 0 when none runs. */
const running = (rows: readonly ExecutionRow[]) =>
  rows.some((row) => row.status === 'RUNNING') ? Date.now() : 0;

/** What the current place shows: the data it is drawn from (to skip redrawing the same) and how to draw it. */
interface View {
  readonly data: unknown;
  readonly draw: () => HTMLElement;
}

async function content(): Promise<View> {
  const { tab, execution, workflow: workflowKey } = place();
  if (execution !== undefined) {
    const detail: ExecutionDetail = await api.execution(execution);
    const workflow = knownWorkflow(detail.workflow);
    const layout = await layoutOf(workflow);
    return {
      data: [detail, selectedState, layout.layout],
      draw: () =>
        executionView({
          detail,
          workflow,
          layout,
          selected: selectedState,
          select: (state, from) => {
            selectedState = state;
            // Picked in the history table: the graph brings it into view when redrawn, even when
            // the same state was picked already (and the page would see nothing new to draw).
            if (from === 'history') {
              remembered(`execution:${detail.executionArn}`).reveal = state;
              drawn = '';
            }
            void render();
          },
          toggle: (state) => toggle(workflow.key, state),
          redrive: async () => {
            await api.redriveExecution(detail.executionArn);
            await render();
          },
        }),
    };
  }
  if (workflowKey !== undefined) {
    const workflow = knownWorkflow(workflowKey);
    const [rows, layout] = await Promise.all([api.executions(workflow.key), layoutOf(workflow)]);
    return {
      data: [rows, layout.layout, running(rows)],
      draw: () =>
        workflowPage({
          workflow,
          layout,
          rows,
          openExecution,
          toggle: (state) => toggle(workflow.key, state),
        }),
    };
  }
  switch (tab) {
    case 'workflows': {
      const cards = await Promise.all(
        workflows.map(async (workflow) => {
          const [rows, layout] = await Promise.all([api.executions(workflow.key), layoutOf(workflow)]);
          return { workflow, rows, layout };
        }),
      );
      return {
        data: [
          cards.map((card) => [card.rows, card.layout.layout]),
          running(cards.flatMap((card) => card.rows)),
        ],
        draw: () => workflowsView(cards, { openExecution, openWorkflow, toggle }),
      };
    }
    case 'try':
      // A form being filled in is never redrawn: its data never changes.
      return { data: 'try', draw: () => tryPanel(config.apiUrl) };
    case 'outbox': {
      const emails = await api.emails();
      return { data: emails, draw: () => outboxView(emails) };
    }
    case 'photos': {
      const photos = await api.photos();
      return { data: photos, draw: () => photosView(photos) };
    }
    case 'releases': {
      const releases = await api.releases();
      return { data: releases, draw: () => h('div', {}, offloadPanel(), releasesView(releases)) };
    }
    case 'todo':
      // The panel refreshes itself: reminders and cache counts move without the blog's executions.
      return { data: 'todo', draw: () => todoPanel() };
    case 'dlqs': {
      const queues = await api.deadLetterQueues();
      const results = { ...redriveResults };
      return {
        data: [queues, results],
        draw: () =>
          deadLetterQueuesView(queues, results, async (queue) => {
            try {
              const done = await api.redrive(queue);
              redriveResults[queue] = `moved ${done.moved}, kept ${done.kept}`;
            } catch (error) {
              redriveResults[queue] = (error as Error).message;
            }
            await render();
          }),
      };
    }
  }
}

function renderAgain(): void {
  void render();
}

/** Draws the current place; a change that arrives while drawing draws once more after. */
async function render(): Promise<void> {
  if (rendering) {
    again = true;
    return;
  }
  // Not while a graph is being dragged: it would be replaced under the pointer.
  if (redrawsHeld()) {
    afterHold(renderAgain);
    return;
  }
  rendering = true;
  try {
    const main = document.getElementById('main') as HTMLElement;
    const { tab } = place();
    for (const link of document.querySelectorAll<HTMLAnchorElement>('nav a'))
      link.classList.toggle('active', link.dataset['tab'] === tab);
    let view: View;
    try {
      view = await content();
    } catch (error) {
      const message = (error as Error).message;
      view = { data: message, draw: () => h('p', { class: 'error', 'data-testid': 'load-error' }, message) };
    }
    // Redraw only what changed, so an open <details> or a playing email frame stays as it is.
    const signature = JSON.stringify([location.hash, view.data]);
    if (signature === drawn) return;
    drawn = signature;
    const scroll = [window.scrollX, window.scrollY] as const;
    main.replaceChildren(view.draw());
    window.scrollTo(...scroll);
  } finally {
    rendering = false;
    if (again) {
      again = false;
      void render();
    }
  }
}

async function start(): Promise<void> {
  const nav = document.querySelector('nav') as HTMLElement;
  nav.replaceChildren(
    ...TABS.map(([tab, label]) =>
      h('a', { href: `#${tab}`, 'data-tab': tab, 'data-testid': `tab-${tab}` }, label),
    ),
  );
  [workflows, config] = await Promise.all([api.workflows(), api.config()]);
  on(window as unknown as Element, 'hashchange', () => void render());
  const live = document.getElementById('live') as HTMLElement;
  const changes = new EventSource('/api/changes');
  changes.onopen = () => {
    live.textContent = 'live';
    live.className = 'live on';
  };
  changes.onerror = () => {
    live.textContent = 'disconnected';
    live.className = 'live off';
  };
  changes.onmessage = () => void render();
  // Queues, buckets and tables also change without any execution moving on (a DLQ filling up).
  setInterval(() => void render(), 2000);
  await render();
  document.body.dataset['ready'] = 'true';
}

void start();
