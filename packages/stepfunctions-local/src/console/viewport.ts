/**
 * The arithmetic of looking at a laid-out graph through a frame: fit, zoom about a point, pan,
 * keep the graph from being dragged out of sight, bring a box into view. Pure: the page's canvas
 * (web/graph-canvas.ts) supplies sizes and events, and tests check the numbers.
 *
 * World coordinates are the layout's; screen coordinates are pixels from the frame's top left:
 * screen = world × scale + (x, y).
 */

export interface Point {
  readonly x: number;
  readonly y: number;
}

export interface Size {
  readonly width: number;
  readonly height: number;
}

export interface Box extends Point, Size {}

export interface View {
  readonly scale: number;
  readonly x: number;
  readonly y: number;
}

export interface ZoomLimits {
  readonly min: number;
  readonly max: number;
}

export interface FitOptions extends ZoomLimits {
  /** Room left free around the graph (screen px). */
  readonly margin: number;
  /**
   * Where to look when the graph is larger than the frame at the smallest scale allowed: this
   * world point is centred, as far as the graph's edges let it be (the Start marker, say).
   */
  readonly anchor?: Point;
}

export const clamp = (value: number, low: number, high: number): number =>
  Math.min(high, Math.max(low, value));

export const toWorld = (view: View, point: Point): Point => ({
  x: (point.x - view.x) / view.scale,
  y: (point.y - view.y) / view.scale,
});

export const toScreen = (view: View, point: Point): Point => ({
  x: point.x * view.scale + view.x,
  y: point.y * view.scale + view.y,
});

/** The part of the world the frame shows. */
export function visibleBox(view: View, frame: Size): Box {
  const { x, y } = toWorld(view, { x: 0, y: 0 });
  return { x, y, width: frame.width / view.scale, height: frame.height / view.scale };
}

/** Whether `inner` lies wholly inside `outer`, allowing `slack` for rounding. */
export const contains = (outer: Box, inner: Box, slack = 0.5): boolean =>
  inner.x >= outer.x - slack &&
  inner.y >= outer.y - slack &&
  inner.x + inner.width <= outer.x + outer.width + slack &&
  inner.y + inner.height <= outer.y + outer.height + slack;

/** The offset along one axis: centred when the content fits, else the anchor centred within the content's edges. */
function axisOffset(
  start: number,
  length: number,
  frame: number,
  scale: number,
  margin: number,
  anchor?: number,
) {
  const drawn = length * scale;
  if (drawn <= frame - 2 * margin) return (frame - drawn) / 2 - start * scale;
  const wanted = frame / 2 - (anchor ?? start + length / 2) * scale;
  // Never leave empty room past the content's first or last edge.
  return clamp(wanted, frame - margin - (start + length) * scale, margin - start * scale);
}

/** The whole content in the frame, as large as the limits allow, centred. */
export function fitView(content: Box, frame: Size, options: FitOptions): View {
  const room = (length: number, frameLength: number) =>
    length <= 0 ? Infinity : Math.max(1, frameLength - 2 * options.margin) / length;
  const scale = clamp(
    Math.min(room(content.width, frame.width), room(content.height, frame.height)),
    options.min,
    options.max,
  );
  return {
    scale,
    x: axisOffset(content.x, content.width, frame.width, scale, options.margin, options.anchor?.x),
    y: axisOffset(content.y, content.height, frame.height, scale, options.margin, options.anchor?.y),
  };
}

/** Zooms by `factor` about a screen point, which stays over the same world point. */
export function zoomAt(view: View, factor: number, at: Point, limits: ZoomLimits): View {
  const scale = clamp(view.scale * factor, limits.min, limits.max);
  const world = toWorld(view, at);
  return { scale, x: at.x - world.x * scale, y: at.y - world.y * scale };
}

export const panBy = (view: View, dx: number, dy: number): View => ({
  scale: view.scale,
  x: view.x + dx,
  y: view.y + dy,
});

/**
 * The view moved as little as needed for at least `keep` px of the content (or all of it, when
 * smaller) to stay in the frame along each axis, so the graph cannot be dragged out of sight.
 */
export function keepInSight(view: View, content: Box, frame: Size, keep = 48): View {
  const axis = (offset: number, start: number, length: number, frameLength: number) => {
    const drawn = length * view.scale;
    const visible = Math.min(keep, drawn, frameLength);
    return clamp(offset, visible - (start + length) * view.scale, frameLength - visible - start * view.scale);
  };
  return {
    scale: view.scale,
    x: axis(view.x, content.x, content.width, frame.width),
    y: axis(view.y, content.y, content.height, frame.height),
  };
}

/** The view with a world point at the frame's centre, at the same scale. */
export const centreOn = (view: View, point: Point, frame: Size): View => ({
  scale: view.scale,
  x: frame.width / 2 - point.x * view.scale,
  y: frame.height / 2 - point.y * view.scale,
});

/** The view unchanged when the box is already in sight (with `margin` px to spare), else centred on it. */
export function reveal(view: View, box: Box, frame: Size, margin = 16): View {
  const inner = {
    x: margin,
    y: margin,
    width: Math.max(0, frame.width - 2 * margin),
    height: Math.max(0, frame.height - 2 * margin),
  };
  const topLeft = toScreen(view, box);
  if (contains(inner, { ...topLeft, width: box.width * view.scale, height: box.height * view.scale }))
    return view;
  return centreOn(view, { x: box.x + box.width / 2, y: box.y + box.height / 2 }, frame);
}

/** The content drawn at this view lies wholly in the frame. */
export const showsAll = (view: View, content: Box, frame: Size): boolean =>
  contains(
    { x: 0, y: 0, ...frame },
    { ...toScreen(view, content), width: content.width * view.scale, height: content.height * view.scale },
  );
