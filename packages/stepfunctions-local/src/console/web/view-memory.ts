import type { View } from '../viewport';

/**
 * How each graph on the page is being looked at, kept apart from the drawing: the page redraws
 * whole views whenever an execution moves on or a state is picked, and a redrawn graph takes up
 * the zoom, position, expanded view and focus its reader left it in.
 */
export interface CanvasMemory {
  /** The view the reader chose; undefined while the graph is simply fitted to its frame. */
  view: View | undefined;
  /** Drawn over the whole window. */
  expanded: boolean;
  /** The frame had the keyboard focus. */
  focused: boolean;
  /** Which layout the view was chosen on (a container collapsed since makes it void). */
  layout: string;
  /** A state to bring into view the next time the graph is drawn. */
  reveal: string | undefined;
}

const canvases = new Map<string, CanvasMemory>();

/** What is remembered of one graph's canvas (e.g. `execution:<arn>`), made on first use. */
export function remembered(key: string): CanvasMemory {
  let memory = canvases.get(key);
  if (memory === undefined) {
    memory = { view: undefined, expanded: false, focused: false, layout: '', reveal: undefined };
    canvases.set(key, memory);
  }
  return memory;
}

const collapsed = new Map<string, Set<string>>();

/** The Map and Parallel states collapsed in a workflow's graphs, sorted. */
export const collapsedIn = (workflow: string): string[] => [...(collapsed.get(workflow) ?? [])].sort();

/** Collapses the container if it is open, opens it if it is collapsed (in every view of the workflow). */
export function toggleCollapsed(workflow: string, state: string): void {
  const shut = collapsed.get(workflow) ?? new Set<string>();
  if (!shut.delete(state)) shut.add(state);
  collapsed.set(workflow, shut);
}
