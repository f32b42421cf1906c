import type { LaidOutGraph } from '../graph-layout';
import { contentBox, placedState, startPoint } from '../placed-state';
import {
  centreOn,
  fitView,
  keepInSight,
  reveal,
  showsAll,
  type Point,
  type Size,
  type View,
  type ZoomLimits,
  zoomAt,
  panBy,
} from '../viewport';
import { bindCanvasInput } from './canvas-input';
import { canvasToolbar } from './canvas-toolbar';
import { h, on } from './dom';
import { drawGraph, type GraphViewOptions, LEGIBLE_SCALE } from './graph-view';
import { minimap } from './minimap';
import { remembered } from './view-memory';

export interface GraphCanvasOptions extends GraphViewOptions {
  /** Names what is remembered of this canvas across redraws (view-memory.ts), e.g. `workflow:thumbnail`. */
  readonly key: string;
  readonly graph: LaidOutGraph;
  /** Which layout this is (the containers collapsed in it): a view chosen on another one is dropped. */
  readonly layout?: string;
  /**
   * `overview`: drawn no smaller than legible (LEGIBLE_SCALE), starting at the Start marker; the
   * wheel zooms only with Ctrl; a click opens `onOpen`. `full`: fitted whole, the wheel zooms,
   * and the graph can be expanded over the window.
   */
  readonly mode: 'overview' | 'full';
  /** The frame's height (CSS). */
  readonly height: string;
  readonly onOpen?: () => void;
  readonly testId?: string;
}

const MARGIN = { overview: 12, full: 24 } as const;
const MAX_SCALE = 3;

/**
 * A graph in a frame that pans (drag, arrows), zooms (wheel, buttons, + and -), fits itself on
 * open, shows a minimap when part of it is out of view, and can be expanded over the window.
 * What its reader did to it outlives the page's redraws (view-memory.ts).
 */
export function graphCanvas(options: GraphCanvasOptions): HTMLElement {
  const { graph, mode } = options;
  const memory = remembered(options.key);
  const layout = options.layout ?? '';
  if (memory.layout !== layout) {
    memory.layout = layout;
    memory.view = undefined;
  }
  const content = contentBox(graph);
  const { svg, world } = drawGraph(graph, options);
  const frame = h('div', {
    class: 'canvas-frame',
    tabindex: 0,
    'data-testid': 'graph-frame',
    'aria-label': 'Workflow graph: drag or use the arrow keys to move, + and - to zoom, 0 to fit',
  });
  frame.style.setProperty('--frame-height', options.height);
  let size: Size | undefined;
  let view: View = memory.view ?? { scale: 1, x: 0, y: 0 };

  const fitted = (frameSize: Size): View =>
    fitView(content, frameSize, {
      margin: MARGIN[mode],
      min: mode === 'overview' ? LEGIBLE_SCALE : 0,
      max: 1,
      ...(mode === 'overview' ? { anchor: startPoint(graph) } : {}),
    });
  const limits = (frameSize: Size): ZoomLimits => ({
    // Out to a little less than the fitted whole, never below legible in the overview.
    min: mode === 'overview' ? LEGIBLE_SCALE : Math.min(0.25, fitted(frameSize).scale * 0.8),
    max: MAX_SCALE,
  });

  const toolbar = canvasToolbar({
    zoomIn: () => zoom(1.25),
    zoomOut: () => zoom(1 / 1.25),
    fit: () => fit(),
    actualSize: () => zoom(1 / view.scale),
    ...(mode === 'full' ? { toggleExpanded: () => setExpanded(!memory.expanded) } : {}),
    ...(options.onOpen === undefined ? {} : { open: options.onOpen }),
  });
  const map = minimap(graph, {
    ...(options.statuses === undefined ? {} : { statuses: options.statuses }),
    ...(options.taken === undefined ? {} : { taken: options.taken }),
    onPick: (point: Point) => {
      if (size !== undefined) apply(centreOn(view, point, size), true);
    },
  });
  frame.append(svg, map.element);
  const wrapper = h(
    'div',
    { class: `canvas mode-${mode}`, 'data-testid': options.testId },
    toolbar.element,
    frame,
    mode === 'overview'
      ? h('p', { class: 'canvas-hint' }, 'Drag to move · Ctrl+wheel to zoom · click to open the full view')
      : null,
  );

  /** Shows a view; `chosen` when the reader chose it, rather than it being the fit. */
  function apply(next: View, chosen: boolean): void {
    view = size === undefined ? next : keepInSight(next, content, size);
    memory.view = chosen ? view : undefined;
    world.setAttribute('transform', `translate(${view.x} ${view.y}) scale(${view.scale})`);
    // The path taken keeps a visible width however far out the graph is zoomed (style.css).
    svg.style.setProperty('--zoom', String(view.scale));
    frame.dataset['scale'] = view.scale.toFixed(4);
    toolbar.showScale(view.scale);
    if (size !== undefined) map.update(view, size, showsAll(view, content, size));
  }
  function zoom(factor: number, at?: Point): void {
    if (size === undefined) return;
    const centre = at ?? { x: size.width / 2, y: size.height / 2 };
    apply(zoomAt(view, factor, centre, limits(size)), true);
  }
  function fit(): void {
    if (size !== undefined) apply(fitted(size), false);
  }
  function setExpanded(expanded: boolean): void {
    memory.expanded = expanded;
    wrapper.classList.toggle('expanded', expanded);
    toolbar.showExpanded(expanded);
    // Fitted again to the new frame when the resize arrives.
    memory.view = undefined;
    if (expanded) frame.focus({ preventScroll: true });
  }
  if (memory.expanded) setExpanded(true);
  toolbar.showExpanded(memory.expanded);
  apply(view, memory.view !== undefined);

  bindCanvasInput(
    frame,
    {
      zoomBy: zoom,
      panBy: (dx, dy) => apply(panBy(view, dx, dy), true),
      fit,
      actualSize: () => zoom(1 / view.scale),
      ...(options.onOpen === undefined ? {} : { open: options.onOpen }),
    },
    { wheel: mode === 'overview' ? 'ctrl' : 'zoom' },
  );
  on(wrapper, 'keydown', (event) => {
    if ((event as KeyboardEvent).key !== 'Escape' || !memory.expanded) return;
    event.preventDefault();
    setExpanded(false);
  });
  on(wrapper, 'focusin', (event) => {
    memory.focused = true;
    // A state reached with Tab is brought into view (a click lands on one already in sight).
    const target = event.target as Element;
    const state = target.getAttribute('data-state');
    if (state === null || size === undefined || !target.matches(':focus-visible')) return;
    const node = placedState(graph, state);
    if (node !== undefined) apply(reveal(view, node, size), true);
  });
  on(wrapper, 'focusout', () => {
    // Chromium blurs an element as a redraw removes it: only a graph still on the page that no
    // longer holds the focus was left by its reader.
    queueMicrotask(() => {
      if (wrapper.isConnected && !wrapper.contains(document.activeElement)) memory.focused = false;
    });
  });

  // Sized by the page's layout: fitted (or given back its reader's view) once the frame has a size.
  const observer = new ResizeObserver((entries) => {
    const box = entries[0]?.contentRect;
    if (!frame.isConnected || box === undefined) {
      observer.disconnect();
      return;
    }
    if (box.width === 0 || box.height === 0) return;
    const first = size === undefined;
    size = { width: box.width, height: box.height };
    apply(memory.view ?? fitted(size), memory.view !== undefined);
    if (!first) return;
    const wanted = memory.reveal === undefined ? undefined : placedState(graph, memory.reveal);
    memory.reveal = undefined;
    if (wanted !== undefined) {
      const next = reveal(view, wanted, size);
      if (next !== view) apply(next, true);
      wrapper.scrollIntoView({ block: 'nearest' });
    }
    if (memory.focused || memory.expanded) frame.focus({ preventScroll: true });
    frame.dataset['ready'] = 'true';
  });
  observer.observe(frame);
  return wrapper;
}
