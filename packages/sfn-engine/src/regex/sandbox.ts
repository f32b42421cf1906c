import { join } from 'node:path';
import { MessageChannel, type MessagePort, Worker, receiveMessageOnPort } from 'node:worker_threads';

/**
 * Runs definition-supplied regular expressions on a worker thread, so one that backtracks
 * catastrophically can be stopped: V8 cannot interrupt a regex on the thread running it, but
 * terminating a worker does (in ~3 ms, measured). The call is synchronous, because its callers
 * are (JSONata's $match/$replace/$split/$contains, JSONPath filters): the main thread blocks in
 * Atomics.wait until the worker answers or the budget runs out, and then reads the answer with
 * receiveMessageOnPort, without an event-loop turn.
 *
 * Why not the alternatives: a linear-time engine (re2 needs a native build or download; re2js
 * is a separate JavaScript port) changes what patterns mean (no lookaround, no backreferences)
 * and is still unbounded in time for large inputs; a static "safe regex" check refuses valid
 * patterns and misses polynomial ones (`.*x` over 256 KiB). The cost here is ~25 µs per call,
 * paid only by expressions that use a regex, and mostly once per (pattern, string): the worker
 * returns a batch of successive matches, which is what $replace and $split ask for next.
 */

// The worker's progress, in shared memory (a new buffer holds 0: booting). After boot it is
// ready (1); a call sets sent (2), the worker running (3), then done (4) with its reply posted.
const BOOTING = 0;
const SENT = 2;
const RUNNING = 3;

/** How long a worker may take to pick a request up (it may be booting on a busy machine). */
const START_WAIT_MS = 10_000;

export interface ExecRequest {
  readonly source: string;
  readonly flags: string;
  readonly text: string;
  /** The lastIndex to search from. */
  readonly from: number;
  /** The most matches to return at once. */
  readonly limit: number;
}

/** One exec call's result: searched from `from`, found `match` (null: none) at `index`. */
export interface Found {
  readonly from: number;
  readonly match: (string | undefined)[] | null;
  readonly index?: number;
  readonly lastIndex: number;
}

export type ExecOutcome =
  | { readonly kind: 'done'; readonly found: readonly Found[]; readonly elapsedMs: number }
  | { readonly kind: 'timeout'; readonly elapsedMs: number }
  /** The worker was still booting and the caller would not wait for it. */
  | { readonly kind: 'booting'; readonly elapsedMs: 0 };

interface Sandbox {
  readonly worker: Worker;
  readonly port: MessagePort;
  readonly state: Int32Array;
}

/** The worker that serves calls, and a booted spare that replaces it when it is ended. */
let active: Sandbox | undefined;
let spare: Sandbox | undefined;

function start(): Sandbox {
  const state = new Int32Array(new SharedArrayBuffer(Int32Array.BYTES_PER_ELEMENT));
  const { port1, port2 } = new MessageChannel();
  const worker = new Worker(join(__dirname, 'regex-worker.mjs'), {
    workerData: { port: port2, state },
    transferList: [port2],
  });
  // Neither keeps the process alive: the sandbox only ever serves synchronous calls.
  worker.unref();
  port1.unref();
  const box: Sandbox = { worker, port: port1, state };
  const forget = () => {
    if (active === box) active = undefined;
    if (spare === box) spare = undefined;
  };
  worker.on('error', forget);
  worker.on('exit', forget);
  return box;
}

/**
 * Starts the worker and its spare ahead of need (when an expression with a regex is compiled):
 * a thread takes 30-150 ms to boot, and a call that waited for one would hold the event loop
 * that long. With a spare, ending an overrunning worker costs the next call nothing.
 */
export function warmRegexSandbox(): void {
  active ??= start();
  spare ??= start();
}

/** Waits while state holds `value`, at most `ms`; true when it changed. */
function waitWhile(state: Int32Array, value: number, ms: number): boolean {
  const deadline = performance.now() + ms;
  while (Atomics.load(state, 0) === value) {
    const left = deadline - performance.now();
    if (left <= 0) return false;
    Atomics.wait(state, 0, value, left);
  }
  return true;
}

/** Ends a worker whose regex overran; the spare takes over and a new spare boots meanwhile. */
function replace(box: Sandbox): void {
  if (active === box) active = spare;
  if (spare === box || active === spare) spare = undefined;
  box.port.close();
  void box.worker.terminate();
  warmRegexSandbox();
}

/**
 * Runs one batch of exec calls, giving the pattern at most `budgetMs` on the worker. With
 * `waitForBoot` false, a call that finds the worker still booting returns at once instead of
 * holding the event loop until it is up.
 */
export function execInSandbox(request: ExecRequest, budgetMs: number, waitForBoot = true): ExecOutcome {
  warmRegexSandbox();
  const box = active as Sandbox;
  if (!waitForBoot && Atomics.load(box.state, 0) === BOOTING) return { kind: 'booting', elapsedMs: 0 };
  Atomics.store(box.state, 0, SENT);
  box.port.postMessage(request);
  if (!waitWhile(box.state, SENT, START_WAIT_MS)) {
    replace(box);
    throw new Error('The regular expression sandbox did not start');
  }
  const startedAt = performance.now();
  const finished = waitWhile(box.state, RUNNING, Math.max(0, budgetMs));
  const elapsedMs = performance.now() - startedAt;
  if (!finished) {
    replace(box);
    return { kind: 'timeout', elapsedMs };
  }
  const reply = receiveMessageOnPort(box.port)?.message as
    { matches: Found[]; error?: undefined } | { error: string } | undefined;
  if (reply === undefined) throw new Error('The regular expression sandbox did not answer');
  if (reply.error !== undefined) throw new SyntaxError(reply.error);
  return { kind: 'done', found: reply.matches, elapsedMs };
}
