import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { JsonObject } from '../../../packages/asl/src/json';
import { layOut } from '../../../packages/stepfunctions-local/src/console/graph-layout';
import {
  collapse,
  collapsibleStates,
  graphOf,
  type GraphNode,
} from '../../../packages/stepfunctions-local/src/console/graph-model';
import { placedState } from '../../../packages/stepfunctions-local/src/console/placed-state';

const machine: JsonObject = {
  StartAt: 'Fan out',
  States: {
    'Fan out': {
      Type: 'Parallel',
      Branches: [
        { StartAt: 'Left', States: { Left: { Type: 'Pass', End: true } } },
        {
          StartAt: 'Each',
          States: {
            Each: {
              Type: 'Map',
              ItemProcessor: { StartAt: 'One', States: { One: { Type: 'Pass', End: true } } },
              End: true,
            },
          },
        },
      ],
      Next: 'Done',
    },
    Done: { Type: 'Succeed' },
  },
};

const find = (nodes: readonly GraphNode[], id: string): GraphNode | undefined => {
  for (const node of nodes) {
    if (node.id === id) return node;
    const inner = find(node.children, id);
    if (inner !== undefined) return inner;
  }
  return undefined;
};

describe('Collapsing Map and Parallel states', () => {
  test('the Map and Parallel states at any depth are what can be collapsed', () => {
    expect(collapsibleStates(graphOf(machine))).toEqual(['Fan out', 'Each']);
  });

  test('a collapsed Parallel is one box naming every state inside it, and its arrows stay', () => {
    const whole = graphOf(machine);
    const shut = collapse(whole, new Set(['Fan out']));
    const parallel = find(shut.nodes, 'Fan out') as GraphNode;
    expect(parallel).toEqual(
      expect.objectContaining({ collapsed: true, children: [], edges: [], hides: ['Left', 'Each', 'One'] }),
    );
    expect(find(shut.nodes, 'Left')).toBeUndefined();
    expect(shut.edges).toEqual(whole.edges);
  });

  test('a nested Map collapses alone, its Parallel left open', () => {
    const shut = collapse(graphOf(machine), new Set(['Each']));
    expect(find(shut.nodes, 'Fan out')?.collapsed).toBeUndefined();
    expect(find(shut.nodes, 'Each')).toEqual(expect.objectContaining({ collapsed: true, hides: ['One'] }));
    expect(find(shut.nodes, 'Left')).toBeDefined();
  });

  test('a collapsed container is laid out as a box, and a state inside it is found there', async () => {
    const laid = await layOut(collapse(graphOf(machine), new Set(['Fan out'])));
    const parallel = laid.nodes.find((node) => node.id === 'Fan out');
    expect(parallel).toEqual(expect.objectContaining({ container: false, collapsed: true }));
    expect(placedState(laid, 'One')?.id).toBe('Fan out');
    expect(placedState(laid, 'Done')?.id).toBe('Done');
  });

  test('collapsing shrinks the layout of a real workflow and keeps every arrow on its boxes', async () => {
    const definition = JSON.parse(
      readFileSync(join(__dirname, '../../../workflows/update-publishing.asl.json'), 'utf8'),
    ) as JsonObject;
    const whole = graphOf(definition);
    const open = await layOut(whole);
    const shut = await layOut(collapse(whole, new Set(collapsibleStates(whole))));
    expect(shut.height).toBeLessThan(open.height);
    const at = new Map(shut.nodes.map((node) => [node.id, node]));
    for (const edge of shut.edges) {
      expect(at.has(edge.from)).toBe(true);
      expect(at.has(edge.to)).toBe(true);
    }
  });

  test('nested states say which container they are drawn in', async () => {
    const laid = await layOut(graphOf(machine));
    const parentOf = (id: string) => laid.nodes.find((node) => node.id === id)?.parent;
    expect(parentOf('One')).toBe('Each');
    expect(parentOf('Fan out#branch1')).toBe('Fan out');
    expect(parentOf('Done')).toBeUndefined();
  });
});
