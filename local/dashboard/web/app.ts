import type { DashboardConfig, ExecutionDetail, WorkflowView } from '../api-types';
import { api } from './api';
import { h, on } from './dom';
import { executionView } from './execution-view';
import { deadLetterQueuesView, outboxView, photosView, releasesView } from './pipeline-panels';
import { tryPanel } from './try-panel';
import { workflowsView } from './workflows-view';

/**
 * The dashboard page: a tab per part of the pipeline, redrawn whenever the server says that
 * executions moved on. The address (#tab or #execution/<arn>) keeps the place on reload.
 */

type Tab = 'workflows' | 'try' | 'outbox' | 'photos' | 'releases' | 'dlqs';
const TABS: readonly [Tab, string][] = [
  ['workflows', 'Workflows'],
  ['try', 'Try it'],
  ['outbox', 'SES outbox'],
  ['photos', 'Thumbnails'],
  ['releases', 'Releases'],
  ['dlqs', 'Dead-letter queues'],
];

let workflows: WorkflowView[] = [];
let config: DashboardConfig = { apiUrl: '' };
let selectedState: string | undefined;
/** What the last redrive of each queue did, shown on its card until the next one. */
const redriveResults: Record<string, string> = {};
let drawn = '';
let rendering = false;
let again = false;

function place(): { tab: Tab; execution?: string } {
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith('execution/')) return { tab: 'workflows', execution: hash.slice('execution/'.length) };
  return { tab: TABS.some(([tab]) => tab === hash) ? (hash as Tab) : 'workflows' };
}

export function openExecution(arn: string): void {
  selectedState = undefined;
  location.hash = `execution/${encodeURIComponent(arn)}`;
}

/** What the current place shows: the data it is drawn from (to skip redrawing the same) and how to draw it. */
interface View {
  readonly data: unknown;
  readonly draw: () => HTMLElement;
}

async function content(): Promise<View> {
  const { tab, execution } = place();
  if (execution !== undefined) {
    const detail: ExecutionDetail = await api.execution(execution);
    const workflow = workflows.find((w) => w.key === detail.workflow);
    if (workflow === undefined) throw new Error(`The execution's workflow ${detail.workflow} is not known`);
    return {
      data: [detail, selectedState],
      draw: () =>
        executionView(
          detail,
          workflow,
          selectedState,
          (state) => {
            selectedState = state;
            void render();
          },
          async () => {
            await api.redriveExecution(detail.executionArn);
            await render();
          },
        ),
    };
  }
  switch (tab) {
    case 'workflows': {
      const lists = await Promise.all(workflows.map((workflow) => api.executions(workflow.key)));
      const byWorkflow = Object.fromEntries(workflows.map((workflow, i) => [workflow.key, lists[i] ?? []]));
      // Running executions' durations move on: redraw them even when nothing else changed.
      return {
        data: [byWorkflow, Date.now()],
        draw: () => workflowsView(workflows, byWorkflow, openExecution),
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
      return { data: releases, draw: () => releasesView(releases) };
    }
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

/** Draws the current place; a change that arrives while drawing draws once more after. */
async function render(): Promise<void> {
  if (rendering) {
    again = true;
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
