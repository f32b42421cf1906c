/**
 * The budgets every definition-supplied expression runs under. A definition is input from
 * whoever reaches the server: without these, one JSONata function that calls itself or one
 * regular expression that backtracks catastrophically holds the event loop, and no API call
 * (not even StopExecution) is answered again.
 *
 * Step Functions documents no JSONata evaluation limit (its guide only names the JSONata
 * version), so the numbers are ours. They follow AWS's own JSONata sandboxes elsewhere
 * (Elemental Inference: 1,000 ms of CPU time per evaluation; MediaTailor: 100 ms per
 * expression) and are far above what a real template needs: the repository's workflows and the
 * conformance tests evaluate in well under a millisecond, at a depth under 100.
 */

/**
 * Nested evaluation steps (JSONata's own depth count: each AST node being evaluated inside
 * another). A non-tail-recursive call adds about five per level, so 2,000 allows ~400 levels of
 * recursion; each pending level is a heap-held async frame, so without a bound a function that
 * calls itself grows until the process runs out of memory. Tail calls do not nest (JSONata
 * runs them as a loop), so endless tail recursion is caught by the time budget instead.
 */
export const JSONATA_MAX_DEPTH = 2_000;

/**
 * Time one evaluation may spend, not counting the pauses it makes so that other work runs (see
 * turn.ts): a busy server then cannot push a legitimate expression over it.
 */
export const JSONATA_TIME_BUDGET_MS = 1_000;

/**
 * Time a regular expression may take to search one string: all of one $match, $replace, $split
 * or $contains (they call it once per match, without a pause between). A regex runs
 * synchronously, so this is also the longest an API call waits behind one: kept under half of
 * the 100 ms the server answers within. A linear pattern over the largest payload (256 KiB)
 * takes a few ms.
 */
export const REGEX_TIME_BUDGET_MS = 40;

/**
 * How long JSONata evaluations may run before they pause for one event-loop turn, letting I/O
 * (API calls, timers) in. Short enough for API latency, long enough that pausing costs nothing
 * measurable on the normal path (an ordinary evaluation never reaches it).
 */
export const EVALUATION_SLICE_MS = 10;

/**
 * The most items or characters one built-in function call may build ($range's items, $pad's
 * width, $string's text): the limit JSONata itself sets on its range operator (`[a..b]`, 1e7).
 * A built-in runs as one synchronous step, so neither the time budget nor a pause reaches inside
 * it, and past a few hundred million V8 does not throw but stops the whole process (a fatal
 * "invalid size" error). A state's own payload is at most 256 KiB, far under this.
 */
export const MAX_BUILT_SIZE = 10_000_000;

/**
 * An expression or regular expression went over one of the budgets above. A plain Error, not a
 * StatesError: the JSONata field wrapper turns it into States.QueryEvaluationError with the
 * expression and field named, as for any other evaluation error.
 */
export class BudgetExceeded extends Error {
  override readonly name = 'BudgetExceeded';
}
