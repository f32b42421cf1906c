import type { LaidOutGraph, PlacedEdge, PlacedNode } from '../graph-layout';
import type { StateStatus } from '../execution-path';
import { placedState } from '../placed-state';
import { on, s } from './dom';

export interface GraphViewOptions {
  /** Each state's status in one execution; states not in it are drawn as not run. */
  readonly statuses?: Readonly<Record<string, StateStatus>>;
  /** The ids of the edges the execution went along (see takenEdges). */
  readonly taken?: ReadonlySet<string>;
  readonly selected?: string;
  readonly onSelect?: (state: string) => void;
  /** Collapses or expands a Map or Parallel; without it containers have no button. */
  readonly onToggle?: (state: string) => void;
}

/**
 * Text sizes (px at scale 1), set on each text rather than in the style sheet so that the
 * smallest is known here: the overview never draws below MIN_LABEL_PX (see LEGIBLE_SCALE).
 */
export const FONT = { name: 12, type: 11, edge: 11, container: 12, marker: 12, toggle: 14 } as const;

/** The smallest rendered label the overview allows, in screen pixels. */
export const MIN_LABEL_PX = 10;

/** The scale at which the smallest text is MIN_LABEL_PX high. */
export const LEGIBLE_SCALE =
  MIN_LABEL_PX / Math.min(FONT.name, FONT.type, FONT.edge, FONT.container, FONT.marker);

const MARKER_KINDS = ['next', 'catch', 'choice', 'default', 'end', 'taken'] as const;

const edgePath = (edge: PlacedEdge): string =>
  edge.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x},${y}`).join(' ');

const canCollapse = (node: PlacedNode) => node.kind === 'Map' || node.kind === 'Parallel';

/** The button that shuts or opens a container, at (x, y) (its top-left corner). */
function toggleButton(node: PlacedNode, x: number, y: number, toggle: (state: string) => void): SVGElement {
  const shut = node.collapsed === true;
  const button = s(
    'g',
    {
      class: 'toggle',
      role: 'button',
      tabindex: 0,
      'data-testid': shut ? 'expand-container' : 'collapse-container',
      'data-container': node.id,
      'aria-label': `${shut ? 'Expand' : 'Collapse'} ${node.label}`,
    },
    s('title', {}, shut ? `Show the states inside ${node.label}` : `Collapse ${node.label} into one box`),
    s('rect', { x, y, width: 20, height: 20, rx: 4 }),
    s('text', { x: x + 10, y: y + 15, 'text-anchor': 'middle', 'font-size': FONT.toggle }, shut ? '+' : '−'),
  );
  const act = (event: Event) => {
    // Neither a selection of the container nor a click that opens the full view.
    event.stopPropagation();
    toggle(node.id);
  };
  on(button, 'click', act);
  on(button, 'pointerdown', (event) => event.stopPropagation());
  on(button, 'keydown', (event) => {
    if ((event as KeyboardEvent).key === 'Enter' || (event as KeyboardEvent).key === ' ') {
      event.preventDefault();
      act(event);
    }
  });
  return button;
}

function drawContainer(
  node: PlacedNode,
  status: StateStatus | undefined,
  selected: boolean,
  toggle: ((state: string) => void) | undefined,
): SVGElement {
  const group = s(
    'g',
    {
      class: `container kind-${node.kind}${status === undefined ? '' : ` status-${status}`}${selected ? ' selected' : ''}`,
      'data-state': node.kind === 'Branch' ? undefined : node.id,
      'data-status': status,
    },
    s('rect', { x: node.x, y: node.y, width: node.width, height: node.height, rx: 10 }),
    s(
      'text',
      { x: node.x + 12, y: node.y + 20, class: 'container-label', 'font-size': FONT.container },
      node.kind === 'Branch' ? node.label : `${node.label}  ·  ${node.kind}`,
    ),
  );
  if (toggle !== undefined && canCollapse(node))
    group.append(toggleButton(node, node.x + node.width - 28, node.y + 6, toggle));
  return group;
}

function drawState(
  node: PlacedNode,
  status: StateStatus | undefined,
  selected: boolean,
  toggle: ((state: string) => void) | undefined,
): SVGElement {
  const { x, y } = node;
  if (node.kind === 'Start' || node.kind === 'End') {
    return s(
      'g',
      { class: 'marker' },
      s('rect', { x, y, width: node.width, height: node.height, rx: node.height / 2 }),
      s(
        'text',
        {
          x: x + node.width / 2,
          y: y + node.height / 2 + 4,
          'text-anchor': 'middle',
          'font-size': FONT.marker,
        },
        node.label,
      ),
    );
  }
  const shut = node.collapsed === true;
  // A collapsed container's text sits left of its expand button.
  const middle = x + (shut ? node.width - 28 : node.width) / 2;
  const inside = node.hides?.length ?? 0;
  const group = s(
    'g',
    {
      class: `state kind-${node.kind} status-${status ?? 'none'}${selected ? ' selected' : ''}${shut ? ' collapsed' : ''}`,
      'data-state': node.id,
      'data-status': status ?? 'none',
      'data-collapsed': shut ? 'true' : undefined,
    },
    s('rect', { x, y, width: node.width, height: node.height, rx: 6 }),
    s(
      'text',
      { x: middle, y: y + 18, 'text-anchor': 'middle', class: 'state-name', 'font-size': FONT.name },
      node.label,
    ),
    s(
      'text',
      { x: middle, y: y + 33, 'text-anchor': 'middle', class: 'state-type', 'font-size': FONT.type },
      shut ? `${node.kind} · ${inside} state${inside === 1 ? '' : 's'} inside` : node.kind,
    ),
  );
  if (shut && toggle !== undefined) group.append(toggleButton(node, x + node.width - 26, y + 11, toggle));
  return group;
}

/** Selects on click, and on Enter or Space when focused (the boxes are in the tab order). */
function selectable(element: SVGElement, state: string, select: (state: string) => void): SVGElement {
  element.setAttribute('tabindex', '0');
  on(element, 'click', (event) => {
    event.stopPropagation();
    select(state);
  });
  on(element, 'keydown', (event) => {
    const key = (event as KeyboardEvent).key;
    if (event.target !== element || (key !== 'Enter' && key !== ' ')) return;
    event.preventDefault();
    select(state);
  });
  return element;
}

function arrowheads(): SVGElement {
  return s(
    'defs',
    {},
    ...MARKER_KINDS.map((kind) =>
      s(
        'marker',
        {
          id: `arrow-${kind}`,
          viewBox: '0 0 10 10',
          refX: 9,
          refY: 5,
          markerWidth: 7,
          markerHeight: 7,
          orient: 'auto',
        },
        s('path', { d: 'M0,0 L10,5 L0,10 z', class: `arrowhead edge-${kind}` }),
      ),
    ),
  );
}

export interface DrawnGraph {
  readonly svg: SVGSVGElement;
  /** Holds everything drawn, in layout coordinates: the canvas moves and scales it. */
  readonly world: SVGGElement;
}

/**
 * The workflow drawn as Workflow Studio's design view does, coloured by an execution's path. It
 * has no size of its own: graph-canvas.ts fits it to its frame and pans and zooms it.
 */
export function drawGraph(graph: LaidOutGraph, options: GraphViewOptions = {}): DrawnGraph {
  const svg = s('svg', { class: 'graph' }) as SVGSVGElement;
  const world = s('g', { class: 'world' }) as SVGGElement;
  svg.append(arrowheads(), world);
  const statuses = options.statuses ?? {};
  const selected = options.selected === undefined ? undefined : placedState(graph, options.selected)?.id;
  const select = options.onSelect;
  for (const node of graph.nodes) {
    if (!node.container) continue;
    const drawn = drawContainer(node, statuses[node.id], selected === node.id, options.onToggle);
    world.append(select !== undefined && node.kind !== 'Branch' ? selectable(drawn, node.id, select) : drawn);
  }
  for (const edge of graph.edges) {
    const taken = options.taken?.has(edge.id) === true;
    world.append(
      s('path', {
        d: edgePath(edge),
        class: `edge edge-${edge.kind}${taken ? ' edge-taken' : ''}`,
        'data-edge': `${edge.from}→${edge.to}`,
        'data-taken': options.taken === undefined ? undefined : String(taken),
        'marker-end': `url(#arrow-${taken ? 'taken' : edge.kind})`,
      }),
    );
    if (edge.label !== undefined && edge.labelAt !== undefined) {
      world.append(
        s(
          'text',
          {
            x: edge.labelAt[0],
            y: edge.labelAt[1] + 10,
            class: `edge-label edge-${edge.kind}`,
            'font-size': FONT.edge,
          },
          edge.label,
        ),
      );
    }
  }
  for (const node of graph.nodes) {
    if (node.container) continue;
    const drawn = drawState(node, statuses[node.id], selected === node.id, options.onToggle);
    const marker = node.kind === 'Start' || node.kind === 'End';
    world.append(select !== undefined && !marker ? selectable(drawn, node.id, select) : drawn);
  }
  return { svg, world };
}
