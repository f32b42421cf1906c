/** A counting semaphore: running executions (global) and task invocations (per execution). */
export class Slots {
  private free: number;
  /** Made when the first taker waits: most never do (one per execution, for its tasks). */
  private waiting: (() => void)[] | undefined;
  constructor(size: number) {
    this.free = size;
  }
  async take(): Promise<void> {
    if (this.free > 0) {
      this.free -= 1;
      return;
    }
    const waiting = (this.waiting ??= []);
    await new Promise<void>((resolve) => waiting.push(resolve));
  }
  release(): void {
    const next = this.waiting?.shift();
    if (next !== undefined) next();
    else this.free += 1;
  }
}
