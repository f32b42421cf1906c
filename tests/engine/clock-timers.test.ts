import { RealClock, VirtualClock } from '../../packages/sfn-engine/src/clock';

describe('a timer set on the clock (what an execution time limit is armed with)', () => {
  it('fires on virtual time, after the sleeps due before it and before those due after', async () => {
    const clock = new VirtualClock({ start: 0 });
    const order: string[] = [];
    void clock.sleep(100).then(() => order.push('sleep 100'));
    clock.after(200, () => order.push(`timer 200 at ${clock.now()}`));
    await clock.sleep(300);
    order.push('sleep 300');
    expect(order).toEqual(['sleep 100', 'timer 200 at 200', 'sleep 300']);
  });

  it('never fires once cancelled, and lets a later sleep end at its own time', async () => {
    const clock = new VirtualClock({ start: 0 });
    let fired = false;
    clock.after(50, () => (fired = true)).cancel();
    await clock.sleep(100);
    expect(fired).toBe(false);
    expect(clock.now()).toBe(100);
  });

  it('on real time, fires after its delay unless cancelled', async () => {
    const clock = new RealClock();
    const fired: string[] = [];
    clock.after(5, () => fired.push('kept'));
    clock.after(5, () => fired.push('cancelled')).cancel();
    await new Promise((resolve) => setTimeout(resolve, 50));
    expect(fired).toEqual(['kept']);
  });
});
