import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

/**
 * Sends the answers made during one turn of the event loop together, at the turn's end, instead
 * of each as it is made.
 *
 * Why: on loopback, the write that sends an answer also delivers it, and when the client is
 * asleep waiting for it, wakes it: on a virtual machine that wake-up (an interrupt to the other
 * core) costs more than the write itself. Written as they are made, answers that take some work
 * each (a StartSyncExecution runs a workflow) arrive one by one, each after the client went back
 * to sleep, and each pays the wake-up. Written together, the first wakes the client and the rest
 * find it awake. Measured on the Step Functions server under 50 connections: about half the CPU
 * per call (bench/README.md, the server against its limit).
 *
 * The turn's end is a setImmediate: it runs once the turn's I/O callbacks and their microtasks
 * are done, in the same loop iteration, so a lone answer waits only for that. A turn that runs
 * long (executions yield every few milliseconds) would hold answers until its end: an answer
 * made when the oldest waiting one has waited `maxHoldMs` sends them all at once.
 */
export class TurnEndWriter {
  private readonly pending: {
    response: ServerResponse;
    status: number;
    headers: OutgoingHttpHeaders;
    body: string;
  }[] = [];
  private oldestAt = 0;

  constructor(
    /** Told of an answer that could not be written (the others are written all the same). */
    private readonly onError: (error: unknown) => void,
    private readonly maxHoldMs = 1,
  ) {}

  /** Sends `body` with this status and these headers at the end of the turn (or sooner, see above). */
  send(response: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: string): void {
    const now = performance.now();
    if (this.pending.length === 0) {
      this.oldestAt = now;
      setImmediate(() => this.flush());
    }
    this.pending.push({ response, status, headers, body });
    if (now - this.oldestAt >= this.maxHoldMs) this.flush();
  }

  private flush(): void {
    const answers = this.pending.splice(0);
    for (const { response, status, headers, body } of answers) {
      try {
        // A client gone meanwhile: nothing to write to (node would drop it anyway).
        if (response.destroyed) continue;
        response.writeHead(status, headers);
        response.end(body);
      } catch (error) {
        this.onError(error);
      }
    }
  }
}
