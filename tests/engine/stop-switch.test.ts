import { StopSwitch, signalOf } from '../../packages/sfn-engine/src/execution/stop-switch';

describe("an execution's stop switch", () => {
  test('is not thrown until aborted, and then says why', () => {
    const stop = new StopSwitch();
    expect(stop.aborted).toBe(false);
    expect(stop.reason).toBeUndefined();
    const why = new Error('stopped');
    stop.abort(why);
    expect(stop.aborted).toBe(true);
    expect(stop.reason).toBe(why);
  });

  test('keeps the first reason, as an AbortController does', () => {
    const stop = new StopSwitch();
    const first = new Error('first');
    stop.abort(first);
    stop.abort(new Error('second'));
    expect(stop.reason).toBe(first);
  });

  test('a signal asked for before the switch is thrown aborts with it', () => {
    const stop = new StopSwitch();
    const signal = stop.signal;
    const heard: unknown[] = [];
    signal.addEventListener('abort', () => heard.push(signal.reason));
    expect(signal.aborted).toBe(false);
    const why = new Error('timed out');
    stop.abort(why);
    expect(heard).toEqual([why]);
  });

  test('a signal asked for after the switch was thrown is already aborted, with its reason', () => {
    const stop = new StopSwitch();
    const why = new Error('stopped');
    stop.abort(why);
    expect(stop.signal.aborted).toBe(true);
    expect(stop.signal.reason).toBe(why);
  });

  test('hands out one signal however often it is asked', () => {
    const stop = new StopSwitch();
    expect(stop.signal).toBe(stop.signal);
  });

  test("signalOf gives a branch's own AbortSignal back as it is", () => {
    const controller = new AbortController();
    expect(signalOf(controller.signal)).toBe(controller.signal);
    const stop = new StopSwitch();
    expect(signalOf(stop)).toBe(stop.signal);
  });
});
