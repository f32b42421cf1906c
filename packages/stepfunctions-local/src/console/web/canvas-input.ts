import type { Point } from '../viewport';
import { on } from './dom';
import { holdRedraws } from './redraw-hold';

/** What the reader's wheel, drags and keys ask of the canvas. */
export interface CanvasControls {
  /** Zoom by a factor about a point of the frame (its centre when not given). */
  zoomBy(factor: number, at?: Point): void;
  panBy(dx: number, dy: number): void;
  fit(): void;
  actualSize(): void;
  /** A click (not the end of a drag) on the graph, where the canvas opens a fuller view. */
  open?: () => void;
}

export interface InputOptions {
  /**
   * `zoom`: the wheel zooms. `ctrl`: it zooms only with Ctrl (or a pinch, which browsers send as
   * Ctrl+wheel) and otherwise scrolls the page, for graphs on a page that is read by scrolling.
   */
  readonly wheel: 'zoom' | 'ctrl';
}

/** A pointer must move this far (px) before a press becomes a drag rather than a click. */
const DRAG_THRESHOLD = 4;
const KEY_ZOOM = 1.25;
const KEY_PAN = 60;

function wheelFactor(event: WheelEvent, frameHeight: number): number {
  const unit = event.deltaMode === 1 ? 16 : event.deltaMode === 2 ? frameHeight : 1;
  // A pinch's deltas are small and come often; one notch of a mouse wheel is about 100 px.
  const delta = Math.max(-120, Math.min(120, event.deltaY * unit));
  return Math.exp(-delta * (event.ctrlKey ? 0.01 : 0.002));
}

const pointIn = (frame: HTMLElement, event: MouseEvent): Point => {
  const rect = frame.getBoundingClientRect();
  return { x: event.clientX - rect.left, y: event.clientY - rect.top };
};

/** Binds the wheel, dragging, clicks and keys on a graph's frame to its controls. */
export function bindCanvasInput(frame: HTMLElement, controls: CanvasControls, options: InputOptions): void {
  // Not passive: a wheel that zooms must not also scroll the page.
  frame.addEventListener(
    'wheel',
    (wheel) => {
      if (options.wheel === 'ctrl' && !wheel.ctrlKey && !wheel.metaKey) return;
      wheel.preventDefault();
      controls.zoomBy(wheelFactor(wheel, frame.clientHeight), pointIn(frame, wheel));
    },
    { passive: false },
  );

  let press: { id: number; x: number; y: number; dragging: boolean; release?: () => void } | undefined;
  let swallowClick = false;
  on(frame, 'pointerdown', (event) => {
    const pointer = event as PointerEvent;
    if (pointer.button !== 0) return;
    swallowClick = false;
    press = { id: pointer.pointerId, x: pointer.clientX, y: pointer.clientY, dragging: false };
  });
  on(frame, 'pointermove', (event) => {
    const pointer = event as PointerEvent;
    if (press === undefined || press.id !== pointer.pointerId) return;
    const dx = pointer.clientX - press.x;
    const dy = pointer.clientY - press.y;
    if (!press.dragging) {
      if (Math.hypot(dx, dy) < DRAG_THRESHOLD) return;
      // Captured only now that it is a drag: capturing at once would take the click from the box pressed.
      press.dragging = true;
      press.release = holdRedraws();
      frame.setPointerCapture(pointer.pointerId);
      frame.classList.add('panning');
    }
    press.x = pointer.clientX;
    press.y = pointer.clientY;
    controls.panBy(dx, dy);
  });
  const end = (event: Event) => {
    const pointer = event as PointerEvent;
    if (press === undefined || press.id !== pointer.pointerId) return;
    if (press.dragging) {
      swallowClick = true;
      frame.classList.remove('panning');
      press.release?.();
    }
    press = undefined;
  };
  on(frame, 'pointerup', end);
  on(frame, 'pointercancel', end);
  frame.addEventListener(
    'click',
    (event) => {
      if (!swallowClick) return;
      // The click that ends a drag selects nothing and opens nothing.
      swallowClick = false;
      event.stopPropagation();
      event.preventDefault();
    },
    { capture: true },
  );
  const open = controls.open;
  if (open !== undefined) on(frame, 'click', () => open());

  on(frame, 'keydown', (event) => {
    const key = event as KeyboardEvent;
    if (key.altKey || key.ctrlKey || key.metaKey) return;
    const step = key.shiftKey ? KEY_PAN * 4 : KEY_PAN;
    const act: Record<string, () => void> = {
      '+': () => controls.zoomBy(KEY_ZOOM),
      '=': () => controls.zoomBy(KEY_ZOOM),
      '-': () => controls.zoomBy(1 / KEY_ZOOM),
      _: () => controls.zoomBy(1 / KEY_ZOOM),
      '0': () => controls.fit(),
      '1': () => controls.actualSize(),
      // The arrow moves the view that way: the graph slides the other way.
      ArrowLeft: () => controls.panBy(step, 0),
      ArrowRight: () => controls.panBy(-step, 0),
      ArrowUp: () => controls.panBy(0, step),
      ArrowDown: () => controls.panBy(0, -step),
      ...(open === undefined || key.target !== frame ? {} : { Enter: open }),
    };
    const action = act[key.key];
    if (action === undefined) return;
    key.preventDefault();
    action();
  });
}
