import type jsonata from 'jsonata';
import {
  BudgetExceeded,
  EVALUATION_SLICE_MS,
  JSONATA_MAX_DEPTH,
  JSONATA_TIME_BUDGET_MS,
} from '../budgets/limits';
import { pause, turnElapsed } from '../budgets/turn';

/**
 * Puts every evaluation of a compiled JSONata expression under the depth and time budgets, and
 * makes a long one pause so the server keeps answering. Uses JSONata's documented evaluation
 * entry hook (the "timeboxExpression" pattern of its docs): `evaluate` looks it up and awaits it
 * before every step.
 */

const CLOCK = Symbol('evaluation clock');

/** What the hook reads of JSONata's per-evaluation environment (`environment.base`). */
interface EvaluationFrame {
  /** JSONata's own count of nested evaluate() calls in this evaluation. */
  depth?: number;
  [CLOCK]?: EvaluationClock;
}

/** When one evaluation started and how long it has spent paused for others. */
interface EvaluationClock {
  readonly startedAt: number;
  paused: number;
}

const ENTRY = Symbol.for('jsonata.__evaluate_entry');

function frameOf(environment: unknown): EvaluationFrame | undefined {
  const base = (environment as { base?: EvaluationFrame } | undefined)?.base;
  return typeof base === 'object' && base !== null ? base : undefined;
}

async function pauseCounted(clock: EvaluationClock): Promise<void> {
  const before = performance.now();
  await pause();
  clock.paused += performance.now() - before;
}

/**
 * The entry hook. Synchronous unless it pauses: an awaited non-promise costs JSONata one
 * microtask per step, a promise only when a turn has run past the slice.
 */
function onEntry(_expr: unknown, _input: unknown, environment: unknown): Promise<void> | undefined {
  const frame = frameOf(environment);
  if (frame === undefined) return undefined;
  if ((frame.depth ?? 0) > JSONATA_MAX_DEPTH) {
    throw new BudgetExceeded(
      `The expression exceeded the maximum evaluation depth of ${JSONATA_MAX_DEPTH} nested steps (a function that calls itself without end?)`,
    );
  }
  const now = performance.now();
  let clock = frame[CLOCK];
  if (clock === undefined) {
    // The first step of this evaluation: `base` is created afresh by every evaluate() call.
    clock = { startedAt: now, paused: 0 };
    frame[CLOCK] = clock;
  }
  if (now - clock.startedAt - clock.paused > JSONATA_TIME_BUDGET_MS) {
    throw new BudgetExceeded(
      `The expression exceeded the evaluation time budget of ${JSONATA_TIME_BUDGET_MS} ms`,
    );
  }
  return turnElapsed(now) > EVALUATION_SLICE_MS ? pauseCounted(clock) : undefined;
}

/** Installs the budget on one compiled expression (its hooks are per expression, not global). */
export function budgetEvaluations(expression: ReturnType<typeof jsonata>): void {
  // `assign` is typed for string names; JSONata's hooks are bound under these symbols.
  (expression.assign as (name: string | symbol, value: unknown) => void)(ENTRY, onEntry);
}
