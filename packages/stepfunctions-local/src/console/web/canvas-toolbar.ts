import { h, on } from './dom';

/** What the toolbar's buttons do. */
export interface ToolbarActions {
  zoomIn(): void;
  zoomOut(): void;
  fit(): void;
  actualSize(): void;
  /** Only where the graph can be expanded over the window. */
  toggleExpanded?: () => void;
  open?: () => void;
}

export interface Toolbar {
  readonly element: HTMLElement;
  /** Shows the current zoom. */
  showScale(scale: number): void;
  showExpanded(expanded: boolean): void;
}

function button(label: string, title: string, testId: string, action: () => void): HTMLButtonElement {
  return on(
    h('button', { type: 'button', title, 'aria-label': title, 'data-testid': testId }, label),
    'click',
    action,
  );
}

/** Zoom out, the zoom level, zoom in, fit, 100 %, expand (and open, in the overview). */
export function canvasToolbar(actions: ToolbarActions): Toolbar {
  const level = h('span', { class: 'zoom-level', 'data-testid': 'zoom-level' }, '');
  const toggle = actions.toggleExpanded;
  const expand =
    toggle === undefined
      ? undefined
      : button('⤢ Expand', 'Show the graph over the whole window (Esc closes)', 'expand', toggle);
  const element = h(
    'div',
    { class: 'canvas-toolbar', role: 'toolbar', 'aria-label': 'Graph view' },
    button('−', 'Zoom out (-)', 'zoom-out', () => actions.zoomOut()),
    level,
    button('+', 'Zoom in (+)', 'zoom-in', () => actions.zoomIn()),
    button('Fit', 'Fit the whole graph in view (0)', 'zoom-fit', () => actions.fit()),
    button('100%', 'Actual size (1)', 'zoom-actual', () => actions.actualSize()),
    expand,
    actions.open === undefined
      ? null
      : button('Open full view', 'Open this workflow on a page of its own', 'open-full-view', actions.open),
  );
  return {
    element,
    showScale(scale) {
      level.textContent = `${Math.round(scale * 100)}%`;
    },
    showExpanded(expanded) {
      if (expand === undefined) return;
      expand.textContent = expanded ? '✕ Close' : '⤢ Expand';
      expand.setAttribute('aria-pressed', String(expanded));
    },
  };
}
