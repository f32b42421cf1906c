/** One round of polling; it checks `signal` between its steps (see Poller.kill). */
export type PollRound = (signal: AbortSignal) => Promise<number>;

/**
 * A loop that polls until stopped. Each round's failure is reported and the loop goes on after a
 * pause: a poller that dies quietly would lose events.
 */
export class Poller {
  private stopped = false;
  private controller = new AbortController();
  private running: Promise<void> | undefined;

  constructor(
    readonly name: string,
    private readonly round: PollRound,
    private readonly onError: (error: unknown) => void,
    private readonly idleMs = 200,
  ) {}

  start(): void {
    if (this.running !== undefined) return;
    this.controller = new AbortController();
    this.running = this.loop(this.controller.signal);
  }

  private async loop(signal: AbortSignal): Promise<void> {
    while (!this.stopped) {
      let handled = 0;
      try {
        handled = await this.round(signal);
      } catch (error) {
        if (this.stopped) return;
        this.onError(error);
        await this.pause(1000);
      }
      if (handled === 0) await this.pause(this.idleMs);
    }
  }

  private pause(ms: number): Promise<void> {
    return new Promise((resolve) => setTimeout(resolve, ms));
  }

  /** Stops after the current round. */
  async stop(): Promise<void> {
    this.stopped = true;
    await this.running;
  }

  /**
   * Stops as a killed process would: the round in flight ends after the step under way, and
   * nothing after it happens (no delete, no checkpoint), so what it had read comes again.
   */
  async kill(): Promise<void> {
    this.stopped = true;
    this.controller.abort(new Error(`${this.name} was killed`));
    await this.running;
  }

  /** Stops (or is killed), then polls again from its last checkpoint, as a Pipe resumes. */
  async restart(how: 'stop' | 'kill' = 'stop'): Promise<void> {
    await (how === 'kill' ? this.kill() : this.stop());
    this.stopped = false;
    this.running = undefined;
    this.start();
  }
}
