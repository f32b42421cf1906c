/**
 * Redraws wait while the reader drags a graph: the page redraws whole views as executions move
 * on, and replacing a canvas mid-drag would drop the pointer it holds.
 */
let holds = 0;
const waiting = new Set<() => void>();

export const redrawsHeld = (): boolean => holds > 0;

/** Runs `redraw` once nothing holds redraws any more (once, however often it was asked for). */
export function afterHold(redraw: () => void): void {
  waiting.add(redraw);
}

/** Holds redraws until the returned release is called (once). */
export function holdRedraws(): () => void {
  holds += 1;
  let released = false;
  return () => {
    if (released) return;
    released = true;
    holds -= 1;
    if (holds > 0) return;
    const due = [...waiting];
    waiting.clear();
    for (const redraw of due) redraw();
  };
}
