import type { LaidOutGraph, PlacedNode } from './graph-layout';
import type { Box } from './viewport';

/**
 * Where a state is drawn: its own box, or the collapsed Map or Parallel that hides it. Pure: the
 * page uses it to highlight and bring into view a state picked anywhere (the history table).
 */
export function placedState(graph: LaidOutGraph, state: string): PlacedNode | undefined {
  return (
    graph.nodes.find((node) => node.id === state && node.kind !== 'Branch') ??
    graph.nodes.find((node) => node.hides?.includes(state) === true)
  );
}

/** The box the whole layout takes. */
export const contentBox = (graph: LaidOutGraph): Box => ({
  x: 0,
  y: 0,
  width: graph.width,
  height: graph.height,
});

/** The centre of the Start marker: where a reader begins. */
export function startPoint(graph: LaidOutGraph): { x: number; y: number } | undefined {
  const start = graph.nodes.find((node) => node.kind === 'Start');
  return start === undefined ? undefined : { x: start.x + start.width / 2, y: start.y + start.height / 2 };
}
