import type { LaidOutGraph, PlacedEdge, PlacedNode } from '../graph-layout';
import type { StateStatus } from '../execution-path';
import { on, s } from './dom';

export interface GraphViewOptions {
  /** Each state's status in one execution; states not in it are drawn as not run. */
  readonly statuses?: Readonly<Record<string, StateStatus>>;
  /** The ids of the edges the execution went along (see takenEdges). */
  readonly taken?: ReadonlySet<string>;
  readonly selected?: string;
  readonly onSelect?: (state: string) => void;
  /** Draws at most this wide (px), scaling down; default: natural size. */
  readonly maxWidth?: number;
}

const PAD = 8;

function edgePath(edge: PlacedEdge): string {
  return edge.points.map(([x, y], i) => `${i === 0 ? 'M' : 'L'}${x + PAD},${y + PAD}`).join(' ');
}

function drawContainer(node: PlacedNode, status: StateStatus | undefined): SVGElement {
  return s(
    'g',
    {
      class: `container kind-${node.kind}${status === undefined ? '' : ` status-${status}`}`,
      'data-state': node.kind === 'Branch' ? undefined : node.id,
      'data-status': status,
    },
    s('rect', { x: node.x + PAD, y: node.y + PAD, width: node.width, height: node.height, rx: 10 }),
    s(
      'text',
      { x: node.x + PAD + 12, y: node.y + PAD + 20, class: 'container-label' },
      node.kind === 'Branch' ? node.label : `${node.label}  ·  ${node.kind}`,
    ),
  );
}

function drawState(node: PlacedNode, status: StateStatus | undefined, selected: boolean): SVGElement {
  const x = node.x + PAD;
  const y = node.y + PAD;
  if (node.kind === 'Start' || node.kind === 'End') {
    return s(
      'g',
      { class: 'marker' },
      s('rect', { x, y, width: node.width, height: node.height, rx: node.height / 2 }),
      s('text', { x: x + node.width / 2, y: y + node.height / 2 + 4, 'text-anchor': 'middle' }, node.label),
    );
  }
  return s(
    'g',
    {
      class: `state kind-${node.kind} status-${status ?? 'none'}${selected ? ' selected' : ''}`,
      'data-state': node.id,
      'data-status': status ?? 'none',
      tabindex: 0,
    },
    s('rect', { x, y, width: node.width, height: node.height, rx: 6 }),
    s('text', { x: x + node.width / 2, y: y + 18, 'text-anchor': 'middle', class: 'state-name' }, node.label),
    s('text', { x: x + node.width / 2, y: y + 33, 'text-anchor': 'middle', class: 'state-type' }, node.kind),
  );
}

/** The workflow drawn as Workflow Studio's design view does, coloured by an execution's path. */
export function graphView(graph: LaidOutGraph, options: GraphViewOptions = {}): SVGElement {
  const width = graph.width + PAD * 2;
  const height = graph.height + PAD * 2;
  const scale = options.maxWidth === undefined ? 1 : Math.min(1, options.maxWidth / width);
  const svg = s('svg', {
    class: 'graph',
    viewBox: `0 0 ${width} ${height}`,
    width: Math.round(width * scale),
    height: Math.round(height * scale),
  });
  svg.append(
    s(
      'defs',
      {},
      ...['next', 'catch', 'choice', 'default', 'end', 'taken'].map((kind) =>
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
    ),
  );
  const statuses = options.statuses ?? {};
  for (const node of graph.nodes) {
    if (!node.container) continue;
    const drawn = drawContainer(node, statuses[node.id]);
    const select = options.onSelect;
    if (select !== undefined && node.kind !== 'Branch') on(drawn, 'click', () => select(node.id));
    svg.append(drawn);
  }
  for (const edge of graph.edges) {
    const taken = options.taken?.has(edge.id) === true;
    svg.append(
      s('path', {
        d: edgePath(edge),
        class: `edge edge-${edge.kind}${taken ? ' edge-taken' : ''}`,
        'data-edge': `${edge.from}→${edge.to}`,
        'data-taken': options.taken === undefined ? undefined : String(taken),
        'marker-end': `url(#arrow-${taken ? 'taken' : edge.kind})`,
      }),
    );
    if (edge.label !== undefined && edge.labelAt !== undefined) {
      svg.append(
        s(
          'text',
          { x: edge.labelAt[0] + PAD, y: edge.labelAt[1] + PAD + 10, class: `edge-label edge-${edge.kind}` },
          edge.label,
        ),
      );
    }
  }
  for (const node of graph.nodes) {
    if (node.container) continue;
    const drawn = drawState(node, statuses[node.id], options.selected === node.id);
    const select = options.onSelect;
    if (select !== undefined && node.kind !== 'Start' && node.kind !== 'End')
      on(drawn, 'click', () => select(node.id));
    svg.append(drawn);
  }
  return svg;
}
