import {
  centreOn,
  contains,
  fitView,
  keepInSight,
  panBy,
  reveal,
  showsAll,
  toScreen,
  toWorld,
  visibleBox,
  zoomAt,
} from '../../../packages/stepfunctions-local/src/console/viewport';

const frame = { width: 800, height: 600 };
const limits = { min: 0.1, max: 3 };

describe('Fitting a graph to its frame', () => {
  test('a graph larger than the frame is scaled down to fit within the margin, and centred', () => {
    const content = { x: 0, y: 0, width: 1600, height: 600 };
    const view = fitView(content, frame, { margin: 20, min: 0, max: 1 });
    expect(view.scale).toBeCloseTo(760 / 1600);
    expect(showsAll(view, content, frame)).toBe(true);
    const left = toScreen(view, { x: 0, y: 0 });
    const right = toScreen(view, { x: 1600, y: 600 });
    expect(left.x).toBeCloseTo(20);
    expect(right.x).toBeCloseTo(780);
    // Centred along the axis it has room on.
    expect(left.y + right.y).toBeCloseTo(600);
  });

  test('a small graph is not blown up past the largest scale allowed', () => {
    const view = fitView({ x: 0, y: 0, width: 200, height: 100 }, frame, { margin: 20, min: 0, max: 1 });
    expect(view.scale).toBe(1);
    expect(toScreen(view, { x: 100, y: 50 })).toEqual({ x: 400, y: 300 });
  });

  test('held at the smallest scale allowed, a graph too big for the frame shows its anchor, not empty space', () => {
    const content = { x: 0, y: 0, width: 3000, height: 2000 };
    const anchor = { x: 1500, y: 10 };
    const view = fitView(content, frame, { margin: 10, min: 0.9, max: 1, anchor });
    expect(view.scale).toBe(0.9);
    // Centred across; at the top, since centring a point at the very top would leave room above the graph.
    expect(toScreen(view, anchor).x).toBeCloseTo(400);
    expect(toScreen(view, { x: 0, y: 0 }).y).toBeCloseTo(10);
  });

  test('an anchor near an edge is shown as near the edge as the graph allows', () => {
    const content = { x: 0, y: 0, width: 3000, height: 2000 };
    const view = fitView(content, frame, { margin: 10, min: 1, max: 1, anchor: { x: 50, y: 10 } });
    expect(toScreen(view, { x: 0, y: 0 })).toEqual({ x: 10, y: 10 });
  });
});

describe('Zooming and panning', () => {
  test('zooming about a point keeps the world point under it in place', () => {
    const view = { scale: 0.5, x: 30, y: 40 };
    const at = { x: 310, y: 220 };
    const before = toWorld(view, at);
    const zoomed = zoomAt(view, 2, at, limits);
    expect(zoomed.scale).toBe(1);
    expect(toScreen(zoomed, before).x).toBeCloseTo(at.x);
    expect(toScreen(zoomed, before).y).toBeCloseTo(at.y);
  });

  test('zoom stops at its limits', () => {
    expect(zoomAt({ scale: 2, x: 0, y: 0 }, 10, { x: 0, y: 0 }, limits).scale).toBe(3);
    expect(zoomAt({ scale: 0.2, x: 0, y: 0 }, 0.01, { x: 0, y: 0 }, limits).scale).toBe(0.1);
  });

  test('panning moves the view by the distance dragged, at any scale', () => {
    expect(panBy({ scale: 2.5, x: 10, y: 20 }, -30, 15)).toEqual({ scale: 2.5, x: -20, y: 35 });
  });

  test('a graph dragged away keeps a strip of itself in the frame', () => {
    const content = { x: 0, y: 0, width: 1000, height: 1000 };
    const gone = keepInSight({ scale: 1, x: 5000, y: -5000 }, content, frame, 48);
    expect(toScreen(gone, { x: 0, y: 0 }).x).toBe(800 - 48);
    expect(toScreen(gone, { x: 1000, y: 1000 }).y).toBe(48);
  });

  test('a graph within its frame is left where it is', () => {
    const content = { x: 0, y: 0, width: 100, height: 100 };
    const view = { scale: 1, x: 300, y: 200 };
    expect(keepInSight(view, content, frame)).toEqual(view);
  });

  test('the visible box is the frame in world coordinates', () => {
    expect(visibleBox({ scale: 2, x: -100, y: 50 }, frame)).toEqual({
      x: 50,
      y: -25,
      width: 400,
      height: 300,
    });
  });
});

describe('Bringing a state into view', () => {
  const box = { x: 1000, y: 1000, width: 150, height: 40 };

  test('a box out of sight is centred, at the same scale', () => {
    const view = reveal({ scale: 2, x: 0, y: 0 }, box, frame);
    expect(view.scale).toBe(2);
    expect(toScreen(view, { x: 1075, y: 1020 })).toEqual({ x: 400, y: 300 });
  });

  test('a box already in sight leaves the view as it is', () => {
    const view = centreOn({ scale: 1, x: 0, y: 0 }, { x: 1075, y: 1020 }, frame);
    expect(reveal(view, box, frame)).toBe(view);
  });

  test('containment allows for half a pixel of rounding, no more', () => {
    const outer = { x: 0, y: 0, width: 100, height: 100 };
    expect(contains(outer, { x: -0.4, y: 0, width: 100, height: 100 })).toBe(true);
    expect(contains(outer, { x: 0, y: 0, width: 101, height: 100 })).toBe(false);
  });
});
