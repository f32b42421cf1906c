import type { Transition } from './execution-path';
import { END, type GraphEdge, START } from './graph-model';

/**
 * The arrows an execution went along: an edge is taken when the execution moved between its two
 * ends (the Start and End markers standing for its start and end), through a Catch exactly when
 * the edge is one. Pure: edges from the workflow's graph, transitions from its history.
 */
export function takenEdges(
  edges: readonly Pick<GraphEdge, 'id' | 'from' | 'to' | 'kind'>[],
  transitions: readonly Transition[],
): Set<string> {
  const moves = new Set(
    transitions.map((t) => `${t.from ?? START}→${t.to ?? END}${t.caught ? ' caught' : ''}`),
  );
  return new Set(
    edges
      .filter((edge) => moves.has(`${edge.from}→${edge.to}${edge.kind === 'catch' ? ' caught' : ''}`))
      .map((edge) => edge.id),
  );
}
