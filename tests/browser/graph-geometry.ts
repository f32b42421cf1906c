import type { Locator } from 'playwright-core';

/**
 * What the graph tests measure in the page: where each state's box is drawn against the part of
 * the graph's frame the window shows, how large labels are rendered, how wide the path's arrows
 * are. The functions passed to evaluate run in Chromium; the test project has no DOM types, so
 * the little they touch is typed here.
 */

interface ClientRect {
  readonly left: number;
  readonly top: number;
  readonly right: number;
  readonly bottom: number;
}

interface PageWindow {
  readonly innerWidth: number;
  readonly innerHeight: number;
  getComputedStyle(element: PageElement): { readonly fontSize: string; readonly strokeWidth: string };
}

interface PageElement {
  getBoundingClientRect(): ClientRect;
  getAttribute(name: string): string | null;
  querySelector(selector: string): PageElement | null;
  querySelectorAll(selector: string): Iterable<PageElement>;
  getScreenCTM(): { readonly a: number } | null;
  readonly textContent: string | null;
  readonly ownerDocument: {
    readonly defaultView: PageWindow;
    querySelector(selector: string): PageElement | null;
  };
}

export interface Placement {
  readonly state: string;
  /** Its box in window coordinates. */
  readonly box: ClientRect;
  /** Wholly inside the graph's frame and the window. */
  readonly inView: boolean;
}

/** Every state drawn in a canvas (boxes and Map/Parallel containers), and whether it can be seen whole. */
export function placements(canvas: Locator): Promise<Placement[]> {
  return canvas.evaluate((node) => {
    const root = node as unknown as PageElement;
    const window = root.ownerDocument.defaultView;
    const frame = (root.querySelector('[data-testid="graph-frame"]') as PageElement).getBoundingClientRect();
    // The page's header stays at the top of the window, over whatever scrolls under it (not over
    // an expanded graph, which covers the whole window).
    const expanded = (root.getAttribute('class') ?? '').split(' ').includes('expanded');
    const header = expanded
      ? undefined
      : root.ownerDocument.querySelector('header.top')?.getBoundingClientRect();
    const seen = {
      left: Math.max(frame.left, 0),
      top: Math.max(frame.top, header?.bottom ?? 0),
      right: Math.min(frame.right, window.innerWidth),
      bottom: Math.min(frame.bottom, window.innerHeight),
    };
    return [...root.querySelectorAll('svg.graph [data-state]')].map((group) => {
      const box = (group.querySelector(':scope > rect') as PageElement).getBoundingClientRect();
      return {
        state: group.getAttribute('data-state') ?? '',
        box: { left: box.left, top: box.top, right: box.right, bottom: box.bottom },
        inView:
          box.left >= seen.left - 0.5 &&
          box.top >= seen.top - 0.5 &&
          box.right <= seen.right + 0.5 &&
          box.bottom <= seen.bottom + 0.5,
      };
    });
  });
}

/** The states of a canvas that cannot be seen whole. */
export async function outOfView(canvas: Locator): Promise<string[]> {
  return (await placements(canvas)).filter((placement) => !placement.inView).map((p) => p.state);
}

/** The centre of a state's box, in window coordinates. */
export async function centreOf(canvas: Locator, state: string): Promise<{ x: number; y: number }> {
  const placement = (await placements(canvas)).find((p) => p.state === state);
  if (placement === undefined) throw new Error(`${state} is not drawn`);
  const { box } = placement;
  return { x: (box.left + box.right) / 2, y: (box.top + box.bottom) / 2 };
}

/** Each label of a graph with the size its text is rendered at on screen (px). */
export function renderedLabelSizes(canvas: Locator): Promise<{ text: string; px: number }[]> {
  return canvas.evaluate((node) => {
    const root = node as unknown as PageElement;
    const window = root.ownerDocument.defaultView;
    return [...root.querySelectorAll('svg.graph text')].map((text) => ({
      text: text.textContent ?? '',
      px: parseFloat(window.getComputedStyle(text).fontSize) * (text.getScreenCTM()?.a ?? 0),
    }));
  });
}

/** The on-screen widths (px) of the arrows drawn as taken. */
export function takenArrowWidths(canvas: Locator): Promise<number[]> {
  return canvas.evaluate((node) => {
    const root = node as unknown as PageElement;
    const window = root.ownerDocument.defaultView;
    return [...root.querySelectorAll('svg.graph path.edge.edge-taken')].map(
      (path) => parseFloat(window.getComputedStyle(path).strokeWidth) * (path.getScreenCTM()?.a ?? 0),
    );
  });
}

/** The canvas's zoom, as it reports it on its frame. */
export async function scaleOf(canvas: Locator): Promise<number> {
  return Number(await canvas.locator('[data-testid="graph-frame"]').getAttribute('data-scale'));
}
