/**
 * A loop that polls until stopped. Each round's failure is reported and the loop goes on after a
 * pause: a poller that dies quietly would lose events.
 */
export class Poller {
  private stopped = false;
  private running: Promise<void> | undefined;

  constructor(
    readonly name: string,
    private readonly round: () => Promise<number>,
    private readonly onError: (error: unknown) => void,
    private readonly idleMs = 200,
  ) {}

  start(): void {
    this.running ??= this.loop();
  }

  private async loop(): Promise<void> {
    while (!this.stopped) {
      let handled = 0;
      try {
        handled = await this.round();
      } catch (error) {
        if (!this.stopped) this.onError(error);
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

  /** Stops, then polls again from where it was (as a Pipe resumes from its checkpoint). */
  async restart(): Promise<void> {
    await this.stop();
    this.stopped = false;
    this.running = undefined;
    this.start();
  }
}
