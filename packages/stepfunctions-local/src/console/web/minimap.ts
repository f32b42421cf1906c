import type { StateStatus } from '../execution-path';
import type { LaidOutGraph } from '../graph-layout';
import { contentBox } from '../placed-state';
import { type Point, type Size, type View, visibleBox } from '../viewport';
import { on, s } from './dom';
import { holdRedraws } from './redraw-hold';

export interface Minimap {
  readonly element: SVGSVGElement;
  /** Shows where the frame is looking, and hides the map when the frame shows everything. */
  update(view: View, frame: Size, showsAll: boolean): void;
}

export interface MinimapOptions {
  readonly statuses?: Readonly<Record<string, StateStatus>>;
  readonly taken?: ReadonlySet<string>;
  /** The reader pointed at a world point: centre the frame on it. */
  readonly onPick: (point: Point) => void;
}

/** The map's longer side, in px. */
const SIDE = 180;

/**
 * The whole graph in small, with the execution's path on it and a box for the part the frame
 * shows: drag in it to move around a graph larger than its frame.
 */
export function minimap(graph: LaidOutGraph, options: MinimapOptions): Minimap {
  const box = contentBox(graph);
  const ratio = box.width / Math.max(1, box.height);
  const width = ratio >= 1 ? SIDE : Math.max(60, SIDE * ratio);
  const height = ratio >= 1 ? Math.max(40, SIDE / ratio) : SIDE;
  const element = s('svg', {
    class: 'minimap',
    'data-testid': 'minimap',
    width,
    height,
    viewBox: `${box.x} ${box.y} ${box.width} ${box.height}`,
    'aria-hidden': 'true',
  }) as SVGSVGElement;
  const statuses = options.statuses ?? {};
  for (const node of graph.nodes) {
    const status = statuses[node.id];
    element.append(
      s('rect', {
        x: node.x,
        y: node.y,
        width: node.width,
        height: node.height,
        class: `mini-node${node.container ? ' mini-container' : ''} status-${status ?? 'none'}`,
        'data-mini-state': node.id,
      }),
    );
  }
  for (const edge of graph.edges) {
    if (options.taken?.has(edge.id) !== true) continue;
    element.append(
      s('polyline', { points: edge.points.map(([x, y]) => `${x},${y}`).join(' '), class: 'mini-taken' }),
    );
  }
  const sight = s('rect', { class: 'mini-view', 'data-testid': 'minimap-view' });
  element.append(sight);

  const pick = (event: PointerEvent) => {
    const matrix = element.getScreenCTM();
    if (matrix === null) return;
    const point = new DOMPoint(event.clientX, event.clientY).matrixTransform(matrix.inverse());
    options.onPick({ x: point.x, y: point.y });
  };
  let release: (() => void) | undefined;
  on(element, 'pointerdown', (event) => {
    const pointer = event as PointerEvent;
    // The map is its own control: the frame underneath must not start a drag of its own.
    event.stopPropagation();
    element.setPointerCapture(pointer.pointerId);
    release = holdRedraws();
    pick(pointer);
  });
  on(element, 'pointermove', (event) => {
    const pointer = event as PointerEvent;
    if (element.hasPointerCapture(pointer.pointerId)) pick(pointer);
  });
  const end = () => {
    release?.();
    release = undefined;
  };
  on(element, 'pointerup', end);
  on(element, 'pointercancel', end);
  on(element, 'click', (event) => event.stopPropagation());

  return {
    element,
    update(view, frame, showsAll) {
      element.toggleAttribute('hidden', showsAll);
      const seen = visibleBox(view, frame);
      sight.setAttribute('x', String(seen.x));
      sight.setAttribute('y', String(seen.y));
      sight.setAttribute('width', String(seen.width));
      sight.setAttribute('height', String(seen.height));
    },
  };
}
