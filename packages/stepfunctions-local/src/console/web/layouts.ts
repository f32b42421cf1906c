import type { WorkflowView } from '../api-types';
import type { LaidOutGraph } from '../graph-layout';
import { api } from './api';
import { collapsedIn } from './view-memory';

/** The layouts fetched so far, by state machine and collapsed set (a definition's layout never changes). */
const fetched = new Map<string, Promise<LaidOutGraph>>();

export interface WorkflowLayout {
  readonly graph: LaidOutGraph;
  /** Names the layout: the containers collapsed in it. */
  readonly layout: string;
}

/** A workflow's graph as its reader left it: with the containers they collapsed drawn shut. */
export async function layoutOf(workflow: WorkflowView): Promise<WorkflowLayout> {
  const shut = collapsedIn(workflow.key);
  const layout = JSON.stringify(shut);
  if (shut.length === 0) return { graph: workflow.graph, layout };
  const key = JSON.stringify([workflow.key, shut]);
  let graph = fetched.get(key);
  if (graph === undefined) {
    graph = api.graph(workflow.stateMachineArn, shut);
    fetched.set(key, graph);
    // A failed fetch is asked again next time rather than kept.
    graph.catch(() => fetched.delete(key));
  }
  return { graph: await graph, layout };
}
