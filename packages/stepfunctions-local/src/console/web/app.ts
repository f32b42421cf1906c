import type { ConsoleConfig, ExecutionDetail, ExecutionRow, WorkflowView } from '../api-types';
import { api } from './api';
import { h, on } from './dom';
import { executionView } from './execution-view';
import type { ConsoleExtensionModule, ConsoleTab, TabView } from './extension';
import { layoutOf } from './layouts';
import { afterHold, redrawsHeld } from './redraw-hold';
import { remembered, toggleCollapsed } from './view-memory';
import { workflowPage } from './workflow-page';
import { workflowsView } from './workflows-view';

/**
 * The console page: every state machine of the endpoint watched, redrawn on each poll of the
 * API. The address (#workflows, #workflow/<name>, #execution/<arn> or an extension's #tab) keeps
 * the place on reload.
 */

let config: ConsoleConfig;
let workflows: WorkflowView[] = [];
let tabs: readonly ConsoleTab[] = [];
let selectedState: string | undefined;
let drawn = '';
let rendering = false;
let again = false;

function place(): { tab: string; execution?: string; workflow?: string } {
  const hash = decodeURIComponent(location.hash.slice(1));
  if (hash.startsWith('execution/')) return { tab: 'workflows', execution: hash.slice('execution/'.length) };
  if (hash.startsWith('workflow/')) return { tab: 'workflows', workflow: hash.slice('workflow/'.length) };
  return { tab: tabs.some((tab) => tab.id === hash) ? hash : 'workflows' };
}

function openExecution(arn: string): void {
  selectedState = undefined;
  location.hash = `execution/${encodeURIComponent(arn)}`;
}

function openWorkflow(key: string): void {
  location.hash = `workflow/${encodeURIComponent(key)}`;
}

/** Collapses or expands a Map or Parallel in every view of its state machine. */
function toggle(workflow: string, state: string): void {
  toggleCollapsed(workflow, state);
  void render();
}

/** A state machine by name; one created since the page loaded is fetched with the list again. */
async function knownWorkflow(key: string): Promise<WorkflowView> {
  let workflow = workflows.find((w) => w.key === key);
  if (workflow === undefined) {
    workflows = await api.workflows();
    machinesReadAt = Date.now();
    workflow = workflows.find((w) => w.key === key);
  }
  if (workflow === undefined) throw new Error(`No state machine ${key}`);
  return workflow;
}

/** Running executions' durations move on: a time that makes their lists redraw, 0 when none runs. */
const running = (rows: readonly ExecutionRow[]) =>
  rows.some((row) => row.status === 'RUNNING') ? Date.now() : 0;

async function executionPlace(arn: string): Promise<TabView> {
  const detail: ExecutionDetail = await api.execution(arn);
  const workflow = await knownWorkflow(detail.workflow);
  const layout = await layoutOf(workflow);
  return {
    data: [detail, selectedState, layout.layout],
    draw: () =>
      executionView({
        detail,
        workflow,
        layout,
        selected: selectedState,
        readOnly: config.readOnly,
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

async function workflowPlace(key: string): Promise<TabView> {
  const workflow = await knownWorkflow(key);
  const [rows, layout] = await Promise.all([api.executions(workflow.stateMachineArn), layoutOf(workflow)]);
  return {
    data: [rows, layout.layout, running(rows)],
    draw: () =>
      workflowPage({
        workflow,
        layout,
        rows,
        readOnly: config.readOnly,
        openExecution,
        start: async (name, input) => {
          const started = await api.startExecution(workflow.stateMachineArn, name, input);
          openExecution(started.executionArn);
        },
        toggle: (state) => toggle(workflow.key, state),
      }),
  };
}

/**
 * The list of state machines is read again at most this often (ms): each read is a
 * ListStateMachines and a DescribeStateMachine per machine, far more than a poll of executions,
 * and machines come and go far less often than executions.
 */
const MACHINES_REREAD_MS = 5000;
let machinesReadAt = 0;

async function overview(): Promise<TabView> {
  if (Date.now() - machinesReadAt > MACHINES_REREAD_MS) {
    workflows = await api.workflows();
    machinesReadAt = Date.now();
  }
  const cards = await Promise.all(
    workflows.map(async (workflow) => {
      const [rows, layout] = await Promise.all([
        api.executions(workflow.stateMachineArn),
        layoutOf(workflow),
      ]);
      return { workflow, rows, layout };
    }),
  );
  return {
    data: [
      cards.map((card) => [card.workflow.stateMachineArn, card.rows, card.layout.layout]),
      running(cards.flatMap((card) => card.rows)),
    ],
    draw: () => workflowsView(cards, { openExecution, openWorkflow, toggle }),
  };
}

function content(): Promise<TabView> {
  const { tab, execution, workflow } = place();
  if (execution !== undefined) return executionPlace(execution);
  if (workflow !== undefined) return workflowPlace(workflow);
  const extension = tabs.find((candidate) => candidate.id === tab);
  if (extension !== undefined) return extension.view(() => void render());
  return overview();
}

function renderAgain(): void {
  void render();
}

/** Says whether the last poll reached the API. */
function showLive(reached: boolean): void {
  const live = document.getElementById('live') as HTMLElement;
  live.textContent = reached ? 'live' : 'disconnected';
  live.className = `live ${reached ? 'on' : 'off'}`;
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
    let view: TabView;
    try {
      view = await content();
      showLive(true);
    } catch (error) {
      const message = (error as Error).message;
      showLive(!(error instanceof TypeError));
      view = { data: message, draw: () => h('p', { class: 'error', 'data-testid': 'load-error' }, message) };
    }
    // Redraw only what changed, so an open <details> or a form being filled in stays as it is.
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

/** The tabs the server's extensions add (their modules are served beside the console). */
async function loadExtensions(): Promise<readonly ConsoleTab[]> {
  for (const href of config.extensionStyles) document.head.append(h('link', { rel: 'stylesheet', href }));
  const modules = await Promise.all(
    config.extensionScripts.map((src) => import(src) as Promise<{ default: ConsoleExtensionModule }>),
  );
  return modules.flatMap((module) => module.default());
}

async function start(): Promise<void> {
  config = await api.config();
  tabs = await loadExtensions();
  document.title = config.title;
  (document.getElementById('title') as HTMLElement).textContent = config.title;
  const watching = document.getElementById('watching') as HTMLElement;
  watching.textContent = config.readOnly ? `${config.watching} · read-only` : config.watching;
  watching.dataset['readOnly'] = String(config.readOnly);
  const nav = document.querySelector('nav') as HTMLElement;
  nav.replaceChildren(
    ...[{ id: 'workflows', label: 'Workflows' }, ...tabs].map(({ id, label }) =>
      h('a', { href: `#${id}`, 'data-tab': id, 'data-testid': `tab-${id}` }, label),
    ),
  );
  on(window as unknown as Element, 'hashchange', () => void render());
  // Live by polling: the API has no feed of changes, and this works against any endpoint.
  setInterval(() => void render(), config.pollIntervalMs);
  await render();
  document.body.dataset['ready'] = 'true';
}

void start();
