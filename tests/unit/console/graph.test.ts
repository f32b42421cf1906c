import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '../../../packages/asl/src/json';
import { layOut, type PlacedNode } from '../../../packages/stepfunctions-local/src/console/graph-layout';
import {
  END,
  graphOf,
  type GraphEdge,
  type GraphNode,
  START,
} from '../../../packages/stepfunctions-local/src/console/graph-model';

const workflow = (file: string) =>
  JSON.parse(readFileSync(join(__dirname, '../../../workflows', file), 'utf8')) as JsonObject;

function allNodes(nodes: readonly GraphNode[]): GraphNode[] {
  return nodes.flatMap((node) => [node, ...allNodes(node.children)]);
}

function stateNames(states: JsonObject): string[] {
  return Object.entries(states).flatMap(([name, state]) => {
    const s = state as JsonObject;
    const inner = (s['ItemProcessor'] ?? s['Iterator']) as JsonObject | undefined;
    const branches = (s['Branches'] ?? []) as JsonObject[];
    return [
      name,
      ...(inner === undefined ? [] : stateNames(inner['States'] as JsonObject)),
      ...branches.flatMap((branch) => stateNames(branch['States'] as JsonObject)),
    ];
  });
}

const machine: JsonObject = {
  StartAt: 'Ask',
  States: {
    Ask: {
      Type: 'Choice',
      Choices: [{ Variable: '$.n', NumericGreaterThan: 1, Next: 'Fan out' }],
      Default: 'Done',
    },
    'Fan out': {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } },
        { StartAt: 'Right', States: { Right: { Type: 'Pass', End: true } } },
      ],
      Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Broken' }],
      Next: 'Each',
    },
    Each: {
      Type: 'Map',
      ItemProcessor: {
        StartAt: 'One',
        States: { One: { Type: 'Pass', Next: 'Two' }, Two: { Type: 'Pass', End: true } },
      },
      End: true,
    },
    Done: { Type: 'Succeed' },
    Broken: { Type: 'Fail', Error: 'Broken' },
  },
};

describe('Workflow graphs', () => {
  test.each(['welcome-email.asl.json', 'thumbnail.asl.json', 'update-publishing.asl.json'])(
    '%s: every state, nested ones included, is one box',
    (file) => {
      const definition = workflow(file);
      const ids = allNodes(graphOf(definition).nodes)
        .filter((node) => node.kind !== 'Branch' && node.kind !== 'Start' && node.kind !== 'End')
        .map((node) => node.id);
      expect(ids.sort()).toEqual(stateNames(definition['States'] as JsonObject).sort());
    },
  );

  test('Start points at StartAt, and End states and Succeed lead to End', () => {
    const graph = graphOf(machine);
    expect(graph.edges).toContainEqual(expect.objectContaining({ from: START, to: 'Ask' }));
    expect(graph.edges).toContainEqual(expect.objectContaining({ from: 'Each', to: END, kind: 'end' }));
    expect(graph.edges).toContainEqual(expect.objectContaining({ from: 'Done', to: END }));
  });

  test('a Choice has one labelled arrow per rule and a Default arrow', () => {
    const fromAsk = graphOf(machine).edges.filter((edge) => edge.from === 'Ask');
    expect(fromAsk).toEqual([
      expect.objectContaining({ to: 'Fan out', kind: 'choice', label: '$.n NumericGreaterThan 1' }),
      expect.objectContaining({ to: 'Done', kind: 'default', label: 'Default' }),
    ]);
  });

  test('a Catch is an arrow labelled with the errors it catches', () => {
    expect(graphOf(machine).edges).toContainEqual(
      expect.objectContaining({ from: 'Fan out', to: 'Broken', kind: 'catch', label: 'Catch States.ALL' }),
    );
  });

  test('a JSONata Choice rule is labelled with its condition', () => {
    const choice = graphOf(workflow('welcome-email.asl.json')).edges.filter((edge) => edge.kind === 'choice');
    expect(choice.length).toBeGreaterThan(0);
    for (const edge of choice) expect(edge.label).not.toMatch(/\{%|%\}/);
  });

  test('a Parallel holds one container per branch, a Map holds its item processor', () => {
    const nodes = graphOf(machine).nodes;
    const parallel = nodes.find((node) => node.id === 'Fan out') as GraphNode;
    expect(parallel.children.map((branch) => [branch.kind, branch.children.map((c) => c.id)])).toEqual([
      ['Branch', ['Left']],
      ['Branch', ['Right']],
    ]);
    const map = nodes.find((node) => node.id === 'Each') as GraphNode;
    expect(map.children.map((c) => c.id)).toEqual(['One', 'Two']);
    expect(map.edges).toEqual([expect.objectContaining({ from: 'One', to: 'Two' })]);
  });

  test.each(['welcome-email.asl.json', 'thumbnail.asl.json', 'update-publishing.asl.json'])(
    '%s: every arrow joins two boxes of the same scope',
    (file) => {
      const check = (nodes: readonly GraphNode[], edges: readonly GraphEdge[]) => {
        const here = new Set(nodes.map((node) => node.id));
        for (const edge of edges) expect([here.has(edge.from), here.has(edge.to)]).toEqual([true, true]);
        for (const node of nodes) check(node.children, node.edges);
      };
      const graph = graphOf(workflow(file));
      check(graph.nodes, graph.edges);
    },
  );
});

describe('Graph layout', () => {
  const inside = (child: PlacedNode, parent: PlacedNode) =>
    child.x >= parent.x &&
    child.y >= parent.y &&
    child.x + child.width <= parent.x + parent.width &&
    child.y + child.height <= parent.y + parent.height;

  test('nested states are drawn inside their container', async () => {
    const laid = await layOut(graphOf(machine));
    const at = (id: string) => laid.nodes.find((node) => node.id === id) as PlacedNode;
    expect(inside(at('Left'), at('Fan out#branch1'))).toBe(true);
    expect(inside(at('Fan out#branch1'), at('Fan out'))).toBe(true);
    expect(inside(at('Two'), at('Each'))).toBe(true);
    expect(at('Each').container).toBe(true);
  });

  test('the flow runs top to bottom and boxes do not overlap', async () => {
    const laid = await layOut(graphOf(machine));
    const at = (id: string) => laid.nodes.find((node) => node.id === id) as PlacedNode;
    expect(at(START).y).toBeLessThan(at('Ask').y);
    expect(at('Ask').y).toBeLessThan(at('Fan out').y);
    const top = laid.nodes.filter((node) => ['Ask', 'Fan out', 'Each', 'Done', 'Broken'].includes(node.id));
    for (const a of top)
      for (const b of top) {
        if (a === b) continue;
        const apart =
          a.x + a.width <= b.x || b.x + b.width <= a.x || a.y + a.height <= b.y || b.y + b.height <= a.y;
        expect(apart).toBe(true);
      }
  });

  test('every arrow starts on its source box and ends on its target box', async () => {
    const laid = await layOut(graphOf(workflow('update-publishing.asl.json')));
    const at = new Map(laid.nodes.map((node) => [node.id, node]));
    const touches = (node: PlacedNode, [x, y]: readonly [number, number]) =>
      x >= node.x - 1 && x <= node.x + node.width + 1 && y >= node.y - 1 && y <= node.y + node.height + 1;
    expect(laid.edges.length).toBeGreaterThan(20);
    for (const edge of laid.edges) {
      expect(touches(at.get(edge.from) as PlacedNode, edge.points[0] as [number, number])).toBe(true);
      expect(touches(at.get(edge.to) as PlacedNode, edge.points.at(-1) as [number, number])).toBe(true);
    }
  });
});
