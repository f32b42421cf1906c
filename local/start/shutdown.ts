/** A stop was asked for while a part was starting: what has started is being stopped. */
export class StopRequested extends Error {
  override readonly name = 'StopRequested';
  constructor() {
    super('stopping');
  }
}

interface Part {
  readonly name: string;
  stop(): Promise<void>;
}

/**
 * Everything `npm start` has started, so a stop asked for at any moment (a signal in the middle
 * of starting, the demo, or the wait) stops all of it, the newest first, exactly once. Parts are
 * started one at a time.
 */
export class Shutdown {
  readonly #parts: Part[] = [];
  /** Settles once the part being started, if any, is up (and registered) or has failed. */
  #starting: Promise<void> = Promise.resolve();
  #stopped: Promise<void> | undefined;

  constructor(private readonly report: (line: string) => void) {}

  get stopping(): boolean {
    return this.#stopped !== undefined;
  }

  /**
   * Starts a part and registers how to stop it; once a stop has been asked for, starts nothing and
   * throws StopRequested. A part cannot be abandoned halfway (startRuntime, say, has no way to be
   * cancelled), so a stop asked for while it starts waits for it and stops it too; this then
   * throws StopRequested, so nothing more is started.
   */
  async start<T>(name: string, begin: () => Promise<T>, stop: (part: T) => Promise<void>): Promise<T> {
    if (this.stopping) throw new StopRequested();
    const registered = begin().then((part) => {
      this.#parts.push({ name, stop: () => stop(part) });
      return part;
    });
    this.#starting = registered.then(
      () => undefined,
      () => undefined,
    );
    const part = await registered;
    if (this.stopping) throw new StopRequested();
    return part;
  }

  /** Registers something already done that must be undone on stop (the runtime info file). */
  add(name: string, stop: () => Promise<void> | void): void {
    this.#parts.push({ name, stop: async () => stop() });
  }

  /** Stops every part, the newest first; a part that fails to stop does not keep the others up. */
  stop(): Promise<void> {
    this.#stopped ??= (async () => {
      await this.#starting;
      for (const part of [...this.#parts].reverse()) {
        try {
          await part.stop();
        } catch (error) {
          this.report(`${part.name} did not stop cleanly: ${(error as Error).message}`);
        }
      }
    })();
    return this.#stopped;
  }
}
