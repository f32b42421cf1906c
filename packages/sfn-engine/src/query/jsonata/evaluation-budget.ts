import type jsonata from 'jsonata';
import {
  BudgetExceeded,
  EVALUATION_SLICE_MS,
  JSONATA_MAX_DEPTH,
  JSONATA_TIME_BUDGET_MS,
} from '../../budgets/limits';
import { clockCheck, pauseAfterTurn, turnElapsed } from '../../budgets/turn';

/**
 * Puts every evaluation of one compiled JSONata expression under the depth and time budgets,
 * and makes a long one pause so the server keeps answering.
 *
 * JSONata's documented way is an evaluation entry hook (the "timeboxExpression" pattern of its
 * docs), but JSONata awaits the hook before every step, and that await alone made evaluation
 * 15-25% slower (measured on the bench's JSONata loop). So the per-step work rides on JSONata's
 * own guardrails instead, which are synchronous: with `stack` set, each step compares its depth
 * to it (D1011 past it) and then reads `options.timeout`, which here is a getter that counts the
 * step. Every CHECK_EVERY steps the clock is read, and when the event-loop turn has run past the
 * slice, the entry hook is bound for one step: that step pauses for a turn and checks the
 * evaluation's time. An evaluation that never runs long never meets the hook.
 */

/**
 * Steps between two looks at the clock. A step takes about a microsecond, so an overrun or a
 * long turn is seen within a fraction of a millisecond; performance.now() on every step cost
 * ~10% (measured).
 */
const CHECK_EVERY = 128;
/** One counter for all evaluations: whichever runs when it runs out looks at the clock. */
let stepsUntilCheck = CHECK_EVERY;

const ENTRY = Symbol.for('jsonata.__evaluate_entry');
const PAUSED = Symbol('paused ms');

/** What the hook reads of JSONata's per-evaluation environment (`environment.base`). */
interface EvaluationFrame {
  /** Set by JSONata when evaluate() starts (what $now() returns): the evaluation's start. */
  timestamp?: Date;
  [PAUSED]?: number;
}

type Expression = ReturnType<typeof jsonata>;

function frameOf(environment: unknown): EvaluationFrame | undefined {
  const base = (environment as { base?: EvaluationFrame } | undefined)?.base;
  return typeof base === 'object' && base !== null ? base : undefined;
}

/** The error of an evaluation past its time (or of one built-in call that alone took all of it). */
export const timeBudgetExceeded = (): BudgetExceeded =>
  new BudgetExceeded(`The expression exceeded the evaluation time budget of ${JSONATA_TIME_BUDGET_MS} ms`);

/**
 * Fails work the evaluation budget never sees (one synchronous built-in call, or a built-in
 * function called from the library's own loop) once it has held the event loop for the whole time
 * budget: since `since`, when the work started, or since the current turn started if that is later
 * (the loop had a turn in between). Without `since`, the whole turn counts. Cheap enough to call
 * every few thousand items, not on each.
 */
export function failPastTurnBudget(since = Number.NEGATIVE_INFINITY): void {
  const now = performance.now();
  if (Math.min(turnElapsed(now), now - since) > JSONATA_TIME_BUDGET_MS) throw timeBudgetExceeded();
}

/** Fails an evaluation that has run past its time, not counting the pauses it made. */
function checkTime(frame: EvaluationFrame): void {
  const startedAt = frame.timestamp?.getTime();
  if (startedAt === undefined) return;
  if (Date.now() - startedAt - (frame[PAUSED] ?? 0) > JSONATA_TIME_BUDGET_MS) throw timeBudgetExceeded();
}

export class EvaluationBudget {
  /** The options to compile the expression with (with any others, e.g. RegexEngine, added). */
  readonly options: jsonata.JsonataOptions;
  private assign: ((name: symbol, value: unknown) => void) | undefined;
  private armed = false;

  constructor(others: jsonata.JsonataOptions = {}) {
    const check = () => this.check();
    this.options = {
      ...others,
      stack: JSONATA_MAX_DEPTH,
      // Read by JSONata's guardrails on every step: counts it, and returns 0 (no time limit of
      // JSONata's own, which would count the pauses as running time). Kept this small because
      // it runs on every step.
      get timeout() {
        stepsUntilCheck -= 1;
        if (stepsUntilCheck <= 0 || clockCheck.due) check();
        return 0;
      },
    };
  }

  /** Binds the budget to the expression compiled with `options` (the hook lives on it). */
  attach(expression: Expression): void {
    // `assign` is typed for string names; JSONata's hooks are bound under these symbols.
    this.assign = (expression.assign as (name: string | symbol, value: unknown) => void).bind(expression);
  }

  /** Every CHECK_EVERY steps (or when a regex search blocked): arms the hook past the slice. */
  private check(): void {
    stepsUntilCheck = CHECK_EVERY;
    clockCheck.due = false;
    if (!this.armed && this.assign !== undefined && turnElapsed() > EVALUATION_SLICE_MS) {
      this.armed = true;
      this.assign(ENTRY, this.onEntry);
    }
  }

  /** Bound for one step once a turn has run long: pauses for a turn, then checks the time. */
  private readonly onEntry = async (_expr: unknown, _input: unknown, environment: unknown) => {
    if (this.armed) {
      this.armed = false;
      this.assign?.(ENTRY, undefined);
    }
    const frame = frameOf(environment);
    if (frame === undefined) return;
    checkTime(frame);
    const before = performance.now();
    await pauseAfterTurn(EVALUATION_SLICE_MS);
    frame[PAUSED] = (frame[PAUSED] ?? 0) + (performance.now() - before);
    checkTime(frame);
  };
}

/** The budget error an evaluation error stands for, if any (JSONata's D1011 is the depth). */
export function budgetMessage(error: unknown): string | undefined {
  if (error instanceof BudgetExceeded) return error.message;
  if ((error as { code?: unknown } | null)?.code === 'D1011') {
    return `The expression exceeded the maximum evaluation depth of ${JSONATA_MAX_DEPTH} nested steps (a function that calls itself without end?)`;
  }
  return undefined;
}
