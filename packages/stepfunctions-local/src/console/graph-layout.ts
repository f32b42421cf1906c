import type { ELK, ElkExtendedEdge, ElkNode } from 'elkjs/lib/elk.bundled.js';
import type { EdgeKind, GraphEdge, GraphModel, GraphNode } from './graph-model';

/** A graph with every box and arrow placed, in one coordinate space: what the page draws. */
export interface LaidOutGraph {
  readonly width: number;
  readonly height: number;
  readonly nodes: readonly PlacedNode[];
  readonly edges: readonly PlacedEdge[];
}

export interface PlacedNode {
  readonly id: string;
  readonly label: string;
  readonly kind: string;
  readonly container: boolean;
  /** The container it is drawn in (a Map, a Parallel's branch, a Parallel), if any. */
  readonly parent?: string;
  /** A Map or Parallel drawn shut as one box; `hides` names the states inside it. */
  readonly collapsed?: boolean;
  readonly hides?: readonly string[];
  readonly x: number;
  readonly y: number;
  readonly width: number;
  readonly height: number;
}

export interface PlacedEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly label?: string;
  /** The polyline from the source box to the target box. */
  readonly points: readonly (readonly [number, number])[];
  readonly labelAt?: readonly [number, number];
}

/** Rough width of 12 px sans-serif text: enough for ELK to keep labels apart. */
const textWidth = (text: string) => Math.ceil(text.length * 6.6);

function boxSize(node: GraphNode): { width: number; height: number } {
  if (node.kind === 'Start' || node.kind === 'End') return { width: 64, height: 28 };
  // A collapsed container keeps room for its expand button beside the name.
  const extra = node.collapsed === true ? 28 : 0;
  return { width: Math.max(150, textWidth(node.label) + 36 + extra), height: 42 };
}

function toElk(node: GraphNode): ElkNode {
  if (node.children.length === 0) return { id: node.id, ...boxSize(node) };
  return {
    id: node.id,
    layoutOptions: {
      'elk.padding': '[top=34,left=16,bottom=16,right=16]',
      // A Parallel's branches sit side by side, as in Workflow Studio.
      'elk.direction': node.kind === 'Parallel' ? 'RIGHT' : 'DOWN',
    },
    children: node.children.map(toElk),
    edges: node.edges.map(toElkEdge),
  };
}

function toElkEdge(edge: GraphEdge): ElkExtendedEdge {
  return {
    id: edge.id,
    sources: [edge.from],
    targets: [edge.to],
    ...(edge.label === undefined
      ? {}
      : { labels: [{ text: edge.label, width: textWidth(edge.label), height: 14 }] }),
  };
}

/**
 * ELK, loaded on the first layout: its bundle is large, and most processes that load this
 * package (a jest file that only runs executions) never draw a graph.
 */
let elk: Promise<ELK> | undefined;
const loadElk = (): Promise<ELK> =>
  (elk ??= import('elkjs/lib/elk.bundled.js').then((module) => {
    // A CommonJS module whose exports are the constructor: what import() gives as its default.
    const Elk = module.default as unknown as new () => ELK;
    return new Elk();
  }));

/** Lays the graph out top to bottom with ELK's layered algorithm. */
export async function layOut(graph: GraphModel): Promise<LaidOutGraph> {
  const input: ElkNode = {
    id: 'root',
    layoutOptions: {
      'elk.algorithm': 'layered',
      'elk.direction': 'DOWN',
      'elk.hierarchyHandling': 'INCLUDE_CHILDREN',
      'elk.layered.spacing.nodeNodeBetweenLayers': '36',
      'elk.spacing.nodeNode': '28',
      'elk.spacing.edgeLabel': '4',
      'elk.edgeLabels.inline': 'false',
      'elk.json.edgeCoords': 'ROOT',
      'elk.json.shapeCoords': 'ROOT',
    },
    children: graph.nodes.map(toElk),
    edges: graph.edges.map(toElkEdge),
  };
  const root: ElkNode = await (await loadElk()).layout(input);
  const byId = new Map<string, GraphNode>();
  const index = (nodes: readonly GraphNode[]) => {
    for (const node of nodes) {
      byId.set(node.id, node);
      index(node.children);
    }
  };
  index(graph.nodes);
  const edgeById = new Map<string, GraphEdge>();
  const indexEdges = (nodes: readonly GraphNode[], edges: readonly GraphEdge[]) => {
    for (const edge of edges) edgeById.set(edge.id, edge);
    for (const node of nodes) indexEdges(node.children, node.edges);
  };
  indexEdges(graph.nodes, graph.edges);

  const nodes: PlacedNode[] = [];
  const edges: PlacedEdge[] = [];
  const collect = (elkNode: ElkNode, parent?: string) => {
    for (const child of elkNode.children ?? []) {
      const model = byId.get(child.id);
      if (model === undefined) continue;
      nodes.push({
        id: child.id,
        label: model.label,
        kind: model.kind,
        container: model.children.length > 0,
        ...(parent === undefined ? {} : { parent }),
        ...(model.collapsed === true ? { collapsed: true, hides: model.hides ?? [] } : {}),
        x: child.x ?? 0,
        y: child.y ?? 0,
        width: child.width ?? 0,
        height: child.height ?? 0,
      });
      collect(child, child.id);
    }
    for (const elkEdge of elkNode.edges ?? []) {
      const model = edgeById.get(elkEdge.id);
      const section = elkEdge.sections?.[0];
      if (model === undefined || section === undefined) continue;
      const label = elkEdge.labels?.[0];
      edges.push({
        ...model,
        points: [section.startPoint, ...(section.bendPoints ?? []), section.endPoint].map(
          (point) => [point.x, point.y] as const,
        ),
        ...(label?.x === undefined || label.y === undefined ? {} : { labelAt: [label.x, label.y] as const }),
      });
    }
  };
  collect(root);
  return { width: root.width ?? 0, height: root.height ?? 0, nodes, edges };
}
