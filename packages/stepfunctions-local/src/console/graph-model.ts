import { isObject, type Json, type JsonObject } from '@myblog/asl';

/**
 * A state machine as Workflow Studio's design view draws it: one box per state, Parallel
 * branches and Map item processors as containers holding their own states, and an arrow per
 * transition (Next, each Choice rule, Default, each Catch, End). Pure: no layout, no I/O.
 */

export type EdgeKind = 'next' | 'choice' | 'default' | 'catch' | 'end';

export interface GraphNode {
  /** Unique in the graph: the state name (ASL requires state names unique in a machine), or a marker id. */
  readonly id: string;
  readonly label: string;
  /** The ASL state type, or `Start`/`End` for the markers, or `Branch` for one Parallel branch. */
  readonly kind: string;
  /** States inside a Map or Parallel (a Parallel holds one `Branch` container per branch). */
  readonly children: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
  /** A Map or Parallel drawn shut, as one box: its inner states are left out of the graph. */
  readonly collapsed?: boolean;
  /** The states a collapsed container holds (at any depth), so a page can point at it for them. */
  readonly hides?: readonly string[];
}

export interface GraphEdge {
  readonly id: string;
  readonly from: string;
  readonly to: string;
  readonly kind: EdgeKind;
  readonly label?: string;
}

export interface GraphModel {
  readonly nodes: readonly GraphNode[];
  readonly edges: readonly GraphEdge[];
}

export const START = '__start__';
export const END = '__end__';

const text = (value: Json | undefined): string | undefined => (typeof value === 'string' ? value : undefined);

/** A Choice rule's label: its JSONata Condition or its JSONPath comparison, shortened. */
function ruleLabel(rule: JsonObject, index: number): string {
  const condition = text(rule['Condition']);
  if (condition !== undefined) return shorten(condition.replace(/^\{%\s*|\s*%\}$/g, ''));
  const variable = text(rule['Variable']);
  const comparison = Object.keys(rule).find(
    (key) => key !== 'Variable' && key !== 'Next' && key !== 'Comment',
  );
  if (variable !== undefined && comparison !== undefined) {
    const operand = rule[comparison];
    return shorten(`${variable} ${comparison}${typeof operand === 'object' ? '' : ` ${String(operand)}`}`);
  }
  return text(rule['Comment']) ?? `Rule #${index + 1}`;
}

function shorten(label: string, max = 40): string {
  return label.length <= max ? label : `${label.slice(0, max - 1)}…`;
}

/** Builds the graph of one `States` scope; only the top level gets Start and End markers. */
function scope(states: JsonObject, withMarkers: boolean, startAt: string | undefined): GraphModel {
  const nodes: GraphNode[] = [];
  const edges: GraphEdge[] = [];
  let usesEnd = false;
  const edge = (from: string, to: string, kind: EdgeKind, label?: string) => {
    if (to === END) usesEnd = true;
    edges.push({
      id: `${from}→${to}#${edges.length}`,
      from,
      to,
      kind,
      ...(label === undefined ? {} : { label }),
    });
  };
  if (withMarkers) nodes.push({ id: START, label: 'Start', kind: 'Start', children: [], edges: [] });
  if (withMarkers && startAt !== undefined) edge(START, startAt, 'next');

  for (const [name, value] of Object.entries(states)) {
    if (!isObject(value)) continue;
    const type = text(value['Type']) ?? 'Unknown';
    nodes.push({ id: name, label: name, kind: type, ...inner(name, type, value) });
    const next = text(value['Next']);
    if (next !== undefined) edge(name, next, 'next');
    if (value['End'] === true || type === 'Succeed') {
      if (withMarkers) edge(name, END, 'end');
    }
    if (type === 'Choice') {
      const choices = Array.isArray(value['Choices']) ? value['Choices'] : [];
      choices.forEach((rule, index) => {
        if (isObject(rule) && typeof rule['Next'] === 'string')
          edge(name, rule['Next'], 'choice', ruleLabel(rule, index));
      });
      const fallback = text(value['Default']);
      if (fallback !== undefined) edge(name, fallback, 'default', 'Default');
    }
    const catchers = Array.isArray(value['Catch']) ? value['Catch'] : [];
    for (const catcher of catchers) {
      if (!isObject(catcher) || typeof catcher['Next'] !== 'string') continue;
      const errors = Array.isArray(catcher['ErrorEquals'])
        ? catcher['ErrorEquals'].filter((e) => typeof e === 'string')
        : [];
      edge(name, catcher['Next'], 'catch', shorten(`Catch ${errors.join(', ')}`));
    }
  }
  if (withMarkers && usesEnd) nodes.push({ id: END, label: 'End', kind: 'End', children: [], edges: [] });
  return { nodes, edges };
}

/** The containers inside a Map (its item processor) or a Parallel (one per branch). */
function inner(name: string, type: string, state: JsonObject): Pick<GraphNode, 'children' | 'edges'> {
  if (type === 'Map') {
    const processor = state['ItemProcessor'] ?? state['Iterator'];
    if (isObject(processor) && isObject(processor['States'])) {
      const graph = scope(processor['States'], false, undefined);
      return { children: graph.nodes, edges: graph.edges };
    }
  }
  if (type === 'Parallel' && Array.isArray(state['Branches'])) {
    const children = state['Branches'].flatMap((branch, index): GraphNode[] => {
      if (!isObject(branch) || !isObject(branch['States'])) return [];
      const graph = scope(branch['States'], false, undefined);
      return [
        {
          id: `${name}#branch${index + 1}`,
          label: `Branch ${index + 1}`,
          kind: 'Branch',
          children: graph.nodes,
          edges: graph.edges,
        },
      ];
    });
    return { children, edges: [] };
  }
  return { children: [], edges: [] };
}

/** The whole machine, with Start and End markers at the top level as Workflow Studio shows them. */
export function graphOf(definition: JsonObject): GraphModel {
  const states = isObject(definition['States']) ? definition['States'] : {};
  return scope(states, true, text(definition['StartAt']));
}

/** Whether a node is a Map or Parallel state with states inside it: one that can be collapsed. */
export const isCollapsible = (node: GraphNode): boolean =>
  (node.kind === 'Map' || node.kind === 'Parallel') && (node.children.length > 0 || node.collapsed === true);

/** Every state inside a container, at any depth (Parallel branches are not states). */
function statesIn(node: GraphNode): string[] {
  return node.children.flatMap((child) => [
    ...(child.kind === 'Branch' ? [] : [child.id]),
    ...statesIn(child),
  ]);
}

/**
 * The graph with the named Map and Parallel states shut, each one box, as Workflow Studio's
 * design view collapses them. Transitions never cross a container's edge (ASL keeps each
 * States scope to itself), so leaving a container's inside out leaves no arrow dangling.
 */
export function collapse(graph: GraphModel, shut: ReadonlySet<string>): GraphModel {
  const visit = (node: GraphNode): GraphNode => {
    if (shut.has(node.id) && isCollapsible(node) && node.collapsed !== true)
      return { ...node, children: [], edges: [], collapsed: true, hides: statesIn(node) };
    return node.children.length === 0 ? node : { ...node, children: node.children.map(visit) };
  };
  return { nodes: graph.nodes.map(visit), edges: graph.edges };
}

/** The Map and Parallel states of a graph, at any depth: what can be collapsed. */
export function collapsibleStates(graph: GraphModel): string[] {
  const walk = (nodes: readonly GraphNode[]): string[] =>
    nodes.flatMap((node) => [...(isCollapsible(node) ? [node.id] : []), ...walk(node.children)]);
  return walk(graph.nodes);
}
