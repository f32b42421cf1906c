import { readdirSync, readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Browser, Locator, Page } from 'playwright-core';
import { type Dashboard, startDashboard } from '../../local/dashboard/server';
import { signUp } from '../../local/demo/events';
import type { JsonObject } from '../../packages/asl/src/json';
import type { Runtime } from '../../local/runtime/runtime';
import { pipeline } from '../../topology/pipeline';
import type { WorkflowName } from '../../topology/types';
import { stopAll } from '../support/stop-all';
import { executionFor, startPipeline } from '../workflows/real/local-pipeline';
import { launchChromium, screenshot, settled } from './browser';
import {
  centreOf,
  outOfView,
  placements,
  renderedLabelSizes,
  scaleOf,
  takenArrowWidths,
} from './graph-geometry';

jest.setTimeout(120_000);

const WORKFLOWS = join(__dirname, '..', '..', 'workflows');
/**
 * Every blog workflow in the folder, so one added later is checked too. MyTodoList's (topology/todo.ts)
 * share the folder but not this dashboard's Workflows tab: the pipeline started here has none of them.
 */
const BLOG_FILES = new Set(Object.values(pipeline.workflows).map((workflow) => workflow.file));
const FILES = readdirSync(WORKFLOWS).filter((file) => file.endsWith('.asl.json') && BLOG_FILES.has(file));
const titleOf = (file: string) => file.replace(/\.asl\.json$/, '');
/** The name of the state machine the pipeline made of a workflow: what the console calls it. */
const machine = (workflow: WorkflowName): string =>
  runtime.stateMachineArns[workflow].split(':stateMachine:')[1] as string;
const machineOf = (file: string): string =>
  machine(
    (Object.keys(pipeline.workflows) as WorkflowName[]).find(
      (workflow) => pipeline.workflows[workflow].file === file,
    ) as WorkflowName,
  );

/** Every state name of a definition, nested ones included. */
function stateNames(states: JsonObject): string[] {
  return Object.entries(states).flatMap(([name, value]) => {
    const state = value as JsonObject;
    const processor = (state['ItemProcessor'] ?? state['Iterator']) as JsonObject | undefined;
    const branches = (state['Branches'] ?? []) as JsonObject[];
    return [
      name,
      ...(processor === undefined ? [] : stateNames(processor['States'] as JsonObject)),
      ...branches.flatMap((branch) => stateNames(branch['States'] as JsonObject)),
    ];
  });
}
const statesOf = (file: string) =>
  stateNames((JSON.parse(readFileSync(join(WORKFLOWS, file), 'utf8')) as JsonObject)['States'] as JsonObject);

// Set by beforeAll one after another: those after a step that threw stay undefined.
let runtime: Runtime;
let dashboard: Dashboard;
let browser: Browser;
let page: Page;
/** welcome-email's execution for an imported row the workflow rejects (InvalidSubscriber). */
let failedArn: string;
/** welcome-email's execution whose email could not be rendered: it went down the failure path. */
let renderFailedArn: string;

/** The marker in a subscriber's address that makes rendering their email fail. */
const UNRENDERABLE = 'unrenderable';

/** The render function, failing for one subscriber as a broken template would. */
const breakRendering: NonNullable<Parameters<typeof startPipeline>[2]> = (name, handler) =>
  name !== 'renderWelcomeEmail'
    ? handler
    : async (event, context) => {
        if (JSON.stringify(event).includes(UNRENDERABLE))
          throw Object.assign(new Error('No template for this locale'), { name: 'TemplateMissing' });
        return handler(event, context);
      };

/** Loads the page afresh at a place, so nothing a test before did to a graph is remembered. */
async function openFresh(hash: string): Promise<void> {
  await page.goto('about:blank');
  await page.goto(`${dashboard.url}#${hash}`);
  await page.waitForSelector('body[data-ready]');
}

/** A canvas, once it has fitted itself to its frame. */
async function readyCanvas(testId: string, within?: Locator): Promise<Locator> {
  const canvas = (within ?? page).locator(`[data-testid="${testId}"]`);
  await canvas.locator('[data-testid="graph-frame"][data-ready]').waitFor();
  return canvas;
}

async function workflowKey(file: string): Promise<string> {
  await page.goto(`${dashboard.url}#workflows`);
  const card = page.locator(`[data-testid="workflow-${machineOf(file)}"]`);
  return (await card.getAttribute('data-workflow', { timeout: 10_000 })) ?? '';
}

async function openWorkflowPage(file: string): Promise<Locator> {
  await openFresh(`workflow/${await workflowKey(file)}`);
  return readyCanvas('workflow-canvas');
}

async function openFailedExecution(arn = failedArn): Promise<Locator> {
  await openFresh(`execution/${encodeURIComponent(arn)}`);
  await page.waitForSelector('[data-testid="execution-detail"][data-status="FAILED"]');
  return readyCanvas('execution-canvas');
}

const frameOf = (canvas: Locator) => canvas.locator('[data-testid="graph-frame"]');

beforeAll(async () => {
  runtime = await startPipeline({}, 0.05, breakRendering);
  dashboard = await startDashboard({ runtime, port: 0, changeIntervalMs: 100 });
  const imported = `imported-${Date.now()}@invalid`;
  const unrenderable = `${UNRENDERABLE}.${Date.now()}@example.com`;
  await signUp(runtime.clients, runtime.resources, imported, 'Imported');
  await signUp(runtime.clients, runtime.resources, unrenderable, 'Unrenderable');
  failedArn = (await executionFor(runtime, 'welcomeEmail', imported)).executionArn;
  renderFailedArn = (await executionFor(runtime, 'welcomeEmail', unrenderable)).executionArn;
  browser = await launchChromium();
  page = await browser.newPage({ viewport: { width: 1500, height: 1000 } });
});

afterAll(() =>
  stopAll(
    () => browser?.close(),
    () => dashboard?.close(),
    () => runtime?.stop(),
  ),
);

describe('Every workflow in workflows/, in the full view', () => {
  test.each(FILES)(
    '%s: after fit-to-view, every state is drawn and every box lies inside the visible frame',
    async (file) => {
      const canvas = await openWorkflowPage(file);
      const drawn = await placements(canvas);
      expect(drawn.map((p) => p.state).sort()).toEqual(statesOf(file).sort());
      expect(await outOfView(canvas)).toEqual([]);
      await screenshot(page, `graph-fit-${titleOf(file)}`);
    },
  );
});

describe('The overview', () => {
  test.each(FILES)('%s: every label is rendered at 10 px or more', async (file) => {
    await openFresh('workflows');
    const canvas = await readyCanvas(
      'overview-graph',
      page.locator(`[data-testid="workflow-${machineOf(file)}"]`),
    );
    const sizes = await renderedLabelSizes(canvas);
    expect(sizes.length).toBeGreaterThan(statesOf(file).length);
    expect(sizes.filter((label) => label.px < 10)).toEqual([]);
  });

  test('shows each workflow from its start, and a click on the graph opens its full view', async () => {
    await openFresh('workflows');
    await screenshot(page, 'graph-overview');
    const card = page.locator(`[data-testid="workflow-${machine('updatePublishing')}"]`);
    const canvas = await readyCanvas('overview-graph', card);
    await canvas.scrollIntoViewIfNeeded();
    // Too large for its card at a legible scale: its start is in view, and the minimap shows where.
    const start = (await placements(canvas)).find((p) => p.state === 'Read release notification');
    expect(start?.inView).toBe(true);
    expect(await canvas.locator('[data-testid="minimap"]').isVisible()).toBe(true);
    await frameOf(canvas).click({ position: { x: 8, y: 8 } });
    await page.waitForSelector(
      `[data-testid="workflow-page"][data-workflow="${machine('updatePublishing')}"]`,
    );
    expect(page.url()).toMatch(new RegExp(`#workflow/${machine('updatePublishing')}$`));
  });

  test('dragging the overview graph moves it and does not open the full view', async () => {
    await openFresh('workflows');
    const canvas = await readyCanvas(
      'overview-graph',
      page.locator(`[data-testid="workflow-${machine('updatePublishing')}"]`),
    );
    await canvas.scrollIntoViewIfNeeded();
    const before = await centreOf(canvas, 'Read release notification');
    const frame = await frameOf(canvas).boundingBox();
    if (frame === null) throw new Error('no frame');
    await page.mouse.move(frame.x + 20, frame.y + frame.height - 20);
    await page.mouse.down();
    await page.mouse.move(frame.x + 60, frame.y + frame.height - 120, { steps: 5 });
    await page.mouse.up();
    const after = await centreOf(canvas, 'Read release notification');
    expect([Math.round(after.x - before.x), Math.round(after.y - before.y)]).toEqual([40, -100]);
    expect(page.url()).toMatch(/#workflows$/);
  });
});

describe("welcome-email's failed execution", () => {
  test('after fit, the whole graph is in view, the failure path included', async () => {
    const canvas = await openFailedExecution();
    const seen = await placements(canvas);
    for (const state of ['Record welcome failure', 'Notify operations', 'Welcome email failed'])
      expect(seen.find((p) => p.state === state)?.inView).toBe(true);
    expect(await outOfView(canvas)).toEqual([]);
    expect(await canvas.locator('[data-testid="minimap"]').isVisible()).toBe(false);
    await screenshot(page, 'graph-failed-execution-fitted');
  });

  test('one that failed to render went down the failure path, and after fit that path is in view and drawn as taken', async () => {
    const canvas = await openFailedExecution(renderFailedArn);
    const seen = await placements(canvas);
    const path = [
      'Render welcome email',
      'Record welcome failure',
      'Notify operations',
      'Welcome email failed',
    ];
    expect(path.map((state) => seen.find((p) => p.state === state)?.inView)).toEqual([
      true,
      true,
      true,
      true,
    ]);
    expect(await outOfView(canvas)).toEqual([]);
    const status = (state: string) =>
      canvas.locator(`g.state[data-state="${state}"]`).getAttribute('data-status');
    expect(await status('Render welcome email')).toBe('caught');
    expect(await status('Welcome email failed')).toBe('failed');
    const taken = (edge: string) =>
      canvas.locator(`[data-edge="${edge}"]`).first().getAttribute('data-taken');
    expect(await taken('Render welcome email→Record welcome failure')).toBe('true');
    expect(await taken('Record welcome failure→Notify operations')).toBe('true');
    expect(await taken('Notify operations→Welcome email failed')).toBe('true');
    await screenshot(page, 'graph-failure-path-fitted');
  });

  test('picking a state in the history table highlights it in the graph and brings it into view', async () => {
    const canvas = await openFailedExecution();
    // Zoomed in on the other side of the graph, so the state picked is out of sight.
    const far = await centreOf(canvas, 'Welcome email failed');
    await page.mouse.move(far.x, far.y);
    for (let i = 0; i < 6; i += 1) await page.mouse.wheel(0, -200);
    const zoomed = await scaleOf(canvas);
    expect(zoomed).toBeGreaterThan(1.5);
    expect((await placements(canvas)).find((p) => p.state === 'Reject invalid subscriber')?.inView).toBe(
      false,
    );

    await page.locator('[data-testid="events"] tr[data-state="Reject invalid subscriber"]').first().click();
    const picked = page.locator('[data-testid="execution-canvas"] g.state.selected');
    expect(
      await settled(
        () => picked.getAttribute('data-state'),
        (s) => s === 'Reject invalid subscriber',
      ),
    ).toBe('Reject invalid subscriber');
    const redrawn = await readyCanvas('execution-canvas');
    expect((await placements(redrawn)).find((p) => p.state === 'Reject invalid subscriber')?.inView).toBe(
      true,
    );
    // Brought into view at the reader's zoom, not fitted again.
    expect(await scaleOf(redrawn)).toBeCloseTo(zoomed, 3);
    expect(await page.locator('[data-testid="state-panel"] h3').textContent()).toBe(
      'Reject invalid subscriber',
    );
    await screenshot(page, 'graph-history-picks-state');
  });

  test("picking a state in the graph highlights that state's events in the history table", async () => {
    const canvas = await openFailedExecution();
    await canvas.locator('g.state[data-state="Validate subscriber"]').click();
    const selectedRows = page.locator('[data-testid="events"] tr.selected');
    expect(
      await settled(
        () => selectedRows.count(),
        (n) => n > 0,
      ),
    ).toBeGreaterThanOrEqual(3);
    const states = await selectedRows.evaluateAll((rows) =>
      rows.map((row) =>
        (row as unknown as { getAttribute(name: string): string | null }).getAttribute('data-state'),
      ),
    );
    expect(new Set(states)).toEqual(new Set(['Validate subscriber']));
    const all = await page.locator('[data-testid="events"] tr[data-state="Validate subscriber"]').count();
    expect(await selectedRows.count()).toBe(all);
  });

  test('the path taken stays in sight when zoomed: its arrows keep 2 px on screen, and the minimap draws it', async () => {
    const canvas = await openFailedExecution();
    const frame = frameOf(canvas);
    await frame.focus();
    // As far out as it goes: the arrows are scaled down with everything else, but not below 2 px.
    for (let i = 0; i < 12; i += 1) await page.keyboard.press('-');
    const widths = await takenArrowWidths(canvas);
    expect(widths.length).toBe(2);
    for (const width of widths) expect(width).toBeGreaterThanOrEqual(2);
    // Zoomed in past the frame: the minimap shows the path and where the frame is.
    await page.keyboard.press('0');
    for (let i = 0; i < 6; i += 1) await page.keyboard.press('+');
    const minimap = canvas.locator('[data-testid="minimap"]');
    expect(await minimap.isVisible()).toBe(true);
    expect(await minimap.locator('.mini-taken').count()).toBe(2);
    expect(await minimap.locator('.mini-node.status-failed').count()).toBe(1);
    await screenshot(page, 'graph-zoomed-with-minimap');
  });

  test('the view survives the redraws the page makes: picking a state keeps zoom, position and focus', async () => {
    const canvas = await openFailedExecution();
    await frameOf(canvas).focus();
    await page.keyboard.press('+');
    await page.keyboard.press('+');
    await page.keyboard.press('ArrowRight');
    const scale = await scaleOf(canvas);
    const seen = (await placements(canvas)).filter((p) => p.inView);
    const state = seen[0]?.state ?? 'none in view';
    const before = await centreOf(canvas, state);
    await canvas.locator(`g.state[data-state="${state}"]`).click();
    await page.waitForSelector('[data-testid="state-panel"]');
    const redrawn = await readyCanvas('execution-canvas');
    expect(await scaleOf(redrawn)).toBeCloseTo(scale, 3);
    const after = await centreOf(redrawn, state);
    expect([Math.round(after.x - before.x), Math.round(after.y - before.y)]).toEqual([0, 0]);
    // The keyboard still works the graph: the redrawn frame took the focus back.
    await page.keyboard.press('+');
    expect(await scaleOf(redrawn)).toBeCloseTo(Math.min(3, scale * 1.25), 3);
  });
});

describe('Pan and zoom', () => {
  test('the wheel zooms about the pointer: the state under it stays where it is', async () => {
    const canvas = await openWorkflowPage('welcome-email.asl.json');
    const scale = await scaleOf(canvas);
    const before = await centreOf(canvas, 'Send welcome email');
    await page.mouse.move(before.x, before.y);
    await page.mouse.wheel(0, -300);
    expect(
      await settled(
        () => scaleOf(canvas),
        (s) => s > scale,
      ),
    ).toBeGreaterThan(scale);
    const after = await centreOf(canvas, 'Send welcome email');
    expect(Math.abs(after.x - before.x)).toBeLessThan(1);
    expect(Math.abs(after.y - before.y)).toBeLessThan(1);
    // The wheel zoomed the graph, it did not scroll the page.
    expect(await page.evaluate('window.scrollY')).toBe(0);
  });

  test('dragging pans the graph by the distance dragged, and selects nothing', async () => {
    const canvas = await openFailedExecution();
    const before = await centreOf(canvas, 'Validate subscriber');
    const frame = await frameOf(canvas).boundingBox();
    if (frame === null) throw new Error('no frame');
    // From an empty corner of the frame (the fit leaves a margin), across the boxes.
    await page.mouse.move(frame.x + 6, frame.y + 6);
    await page.mouse.down();
    await page.mouse.move(frame.x + 126, frame.y + 86, { steps: 6 });
    await page.mouse.move(before.x + 120, before.y + 80, { steps: 6 });
    await page.mouse.up();
    const after = await centreOf(canvas, 'Validate subscriber');
    expect([Math.round(after.x - before.x), Math.round(after.y - before.y)]).toEqual([
      Math.round(before.x + 120 - (frame.x + 6)),
      Math.round(before.y + 80 - (frame.y + 6)),
    ]);
    expect(await page.locator('[data-testid="state-panel"]').count()).toBe(0);
  });

  test('a state reached with Tab is brought into view', async () => {
    const canvas = await openFailedExecution();
    const far = await centreOf(canvas, 'Welcome email failed');
    await page.mouse.move(far.x, far.y);
    for (let i = 0; i < 6; i += 1) await page.mouse.wheel(0, -200);
    const first = 'Validate subscriber';
    expect((await placements(canvas)).find((p) => p.state === first)?.inView).toBe(false);
    await frameOf(canvas).focus();
    await page.keyboard.press('Tab');
    expect(
      await canvas
        .locator(`g.state[data-state="${first}"]`)
        .evaluate(
          (g) => g === (g as { ownerDocument: { activeElement: unknown } }).ownerDocument.activeElement,
        ),
    ).toBe(true);
    expect((await placements(canvas)).find((p) => p.state === first)?.inView).toBe(true);
  });

  test('the buttons and the keys zoom, pan and fit', async () => {
    const canvas = await openWorkflowPage('thumbnail.asl.json');
    const fitted = await scaleOf(canvas);
    await canvas.locator('[data-testid="zoom-in"]').click();
    expect(await scaleOf(canvas)).toBeCloseTo(fitted * 1.25, 3);
    await canvas.locator('[data-testid="zoom-actual"]').click();
    expect(await scaleOf(canvas)).toBe(1);
    expect(await canvas.locator('[data-testid="zoom-level"]').textContent()).toBe('100%');
    await frameOf(canvas).focus();
    await page.keyboard.press('-');
    expect(await scaleOf(canvas)).toBeCloseTo(0.8, 3);
    const before = await centreOf(canvas, 'Inspect image');
    await page.keyboard.press('ArrowDown');
    const after = await centreOf(canvas, 'Inspect image');
    expect(Math.round(before.y - after.y)).toBe(60);
    expect(await outOfView(canvas)).not.toEqual([]);
    await page.keyboard.press('0');
    expect(await scaleOf(canvas)).toBeCloseTo(fitted, 3);
    expect(await outOfView(canvas)).toEqual([]);
    await canvas.locator('[data-testid="zoom-in"]').click();
    await canvas.locator('[data-testid="zoom-fit"]').click();
    expect(await outOfView(canvas)).toEqual([]);
  });

  test('a point picked in the minimap is brought to the middle of the frame', async () => {
    const canvas = await openWorkflowPage('update-publishing.asl.json');
    await canvas.locator('[data-testid="zoom-actual"]').click();
    const minimap = canvas.locator('[data-testid="minimap"]');
    expect(await minimap.isVisible()).toBe(true);
    const target = await centreOf(canvas, 'Release failed');
    expect((await placements(canvas)).find((p) => p.state === 'Release failed')?.inView).toBe(false);
    // Where that state is in the map, drawn small.
    const spot = await minimap.locator('rect[data-mini-state="Release failed"]').boundingBox();
    if (spot === null) throw new Error('not in the minimap');
    await page.mouse.click(spot.x + spot.width / 2, spot.y + spot.height / 2);
    const frame = await frameOf(canvas).boundingBox();
    if (frame === null) throw new Error('no frame');
    const moved = await centreOf(canvas, 'Release failed');
    // One pixel of the map is some sixteen of the graph at 100 %.
    expect(Math.abs(moved.x - (frame.x + frame.width / 2))).toBeLessThan(20);
    expect(Math.abs(moved.y - (frame.y + frame.height / 2))).toBeLessThan(20);
    expect(moved).not.toEqual(target);
  });

  test('Expand draws the graph over the whole window, fitted again; Escape closes it', async () => {
    const canvas = await openWorkflowPage('update-publishing.asl.json');
    const fitted = await scaleOf(canvas);
    await canvas.locator('[data-testid="expand"]').click();
    const expanded = await settled(
      () => frameOf(canvas).boundingBox(),
      (box) => box !== null && box.height > 900,
    );
    expect(expanded?.width).toBeGreaterThan(1400);
    expect(
      await settled(
        () => scaleOf(canvas),
        (s) => s > fitted,
      ),
    ).toBeGreaterThan(fitted);
    expect(await outOfView(canvas)).toEqual([]);
    await screenshot(page, 'graph-expanded');
    await page.keyboard.press('Escape');
    expect(
      await settled(
        () => scaleOf(canvas),
        (s) => Math.abs(s - fitted) < 1e-3,
      ),
    ).toBeCloseTo(fitted, 3);
    expect(await canvas.getAttribute('class')).not.toContain('expanded');
  });
});

describe('Map and Parallel containers', () => {
  const parallel = 'Refresh the CDN and record the event';

  test('a Parallel collapses into one box and expands again, in view each time', async () => {
    const canvas = await openWorkflowPage('update-publishing.asl.json');
    const inside = 'Count invalidation check';
    expect((await placements(canvas)).some((p) => p.state === inside)).toBe(true);
    await canvas.locator(`[data-testid="collapse-container"][data-container="${parallel}"]`).click();
    const shut = canvas.locator(`g.state[data-state="${parallel}"][data-collapsed="true"]`);
    await shut.waitFor();
    const collapsed = await readyCanvas('workflow-canvas');
    expect((await placements(collapsed)).some((p) => p.state === inside)).toBe(false);
    expect(await shut.locator('.state-type').textContent()).toMatch(/^Parallel · \d+ states inside$/);
    expect(await outOfView(collapsed)).toEqual([]);
    await screenshot(page, 'graph-parallel-collapsed');

    await collapsed.locator(`[data-testid="expand-container"][data-container="${parallel}"]`).click();
    await page.locator(`[data-testid="workflow-canvas"] g.container[data-state="${parallel}"]`).waitFor();
    const open = await readyCanvas('workflow-canvas');
    expect((await placements(open)).some((p) => p.state === inside)).toBe(true);
    expect(await outOfView(open)).toEqual([]);
  });

  test('a Map collapsed in the full view is collapsed in the overview too, one box naming what it holds', async () => {
    const map = 'Make thumbnails for each photo';
    const canvas = await openWorkflowPage('thumbnail.asl.json');
    await canvas.locator(`[data-testid="collapse-container"][data-container="${map}"]`).click();
    const shut = `g.state[data-state="${map}"][data-collapsed="true"]`;
    await page.locator(`[data-testid="workflow-canvas"] ${shut}`).waitFor();
    expect(await page.locator(`[data-testid="workflow-canvas"] ${shut} .state-type`).textContent()).toMatch(
      /^Map · \d+ states inside$/,
    );
    expect(await outOfView(await readyCanvas('workflow-canvas'))).toEqual([]);
    await page.click('[data-testid="workflow-page"] a.back');
    const card = page.locator(`[data-testid="workflow-${machine('thumbnail')}"]`);
    await card.locator(shut).waitFor();
    expect(await card.locator('g.state[data-state="Make thumbnail"]').count()).toBe(0);
  });

  test('the dashboard refuses to collapse a state that is no Map or Parallel', async () => {
    const arn = encodeURIComponent(runtime.stateMachineArns.thumbnail);
    const response = await fetch(
      new URL(`/api/state-machines/${arn}/graph?collapsed=Inspect%20image`, dashboard.url),
    );
    expect(response.status).toBe(400);
    expect(await response.json()).toEqual({
      error: `${machine('thumbnail')} has no Map or Parallel state named Inspect image to collapse`,
    });
  });
});
