import type { OutgoingHttpHeaders, ServerResponse } from 'node:http';

interface Answer {
  readonly response: ServerResponse;
  readonly status: number;
  readonly headers: OutgoingHttpHeaders;
  readonly body: string;
}

/**
 * On a busy server, sends the answers made during one turn of the event loop together, at the
 * turn's end, instead of each as it is made.
 *
 * Why: on loopback, the write that sends an answer also delivers it, and when the client is
 * asleep waiting for it, wakes it: on a virtual machine that wake-up (an interrupt to the other
 * core) costs more than the write itself. Written as they are made, answers that take some work
 * each (a StartSyncExecution runs a workflow) arrive one by one, each after the client went back
 * to sleep, and each pays the wake-up. Written together, the first wakes the client and the rest
 * find it awake. Measured on the Step Functions server under 50 connections: about half the CPU
 * per call (bench/README.md, the server against its limit).
 *
 * Busy means the last turn made more than one answer. A server answering one request at a time
 * (one connection, the usual test) has nothing to gather, so it answers at once: holding its
 * lone answer to the turn's end would only add the wait. The turn's end is a setImmediate: it
 * runs once the turn's I/O callbacks and their microtasks are done, in the same loop iteration.
 * A turn that runs long (executions yield every few milliseconds) would hold answers until its
 * end: an answer made when the oldest held one has waited `maxHoldMs` sends them all at once.
 */
export class TurnEndWriter {
  private readonly held: Answer[] = [];
  private oldestAt = 0;
  /** Answers made in this turn so far, and in the last turn that made any. */
  private thisTurn = 0;
  private lastTurn = 0;

  constructor(
    /** Told of an answer that could not be written (the others are written all the same). */
    private readonly onError: (error: unknown) => void,
    private readonly maxHoldMs = 1,
  ) {}

  /** Sends `body` with this status and these headers, now or at the turn's end (see above). */
  send(response: ServerResponse, status: number, headers: OutgoingHttpHeaders, body: string): void {
    if (this.thisTurn === 0) setImmediate(() => this.endTurn());
    this.thisTurn += 1;
    const answer = { response, status, headers, body };
    if (this.lastTurn <= 1 && this.held.length === 0) return this.write(answer);
    const now = performance.now();
    if (this.held.length === 0) this.oldestAt = now;
    this.held.push(answer);
    if (now - this.oldestAt >= this.maxHoldMs) this.flush();
  }

  private endTurn(): void {
    this.lastTurn = this.thisTurn;
    this.thisTurn = 0;
    this.flush();
  }

  private flush(): void {
    for (const answer of this.held.splice(0)) this.write(answer);
  }

  private write({ response, status, headers, body }: Answer): void {
    try {
      // A client gone meanwhile: nothing to write to (node would drop it anyway).
      if (response.destroyed) return;
      response.writeHead(status, headers);
      response.end(body);
    } catch (error) {
      this.onError(error);
    }
  }
}
