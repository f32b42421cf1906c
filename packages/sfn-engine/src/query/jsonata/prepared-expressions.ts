import jsonata from 'jsonata';
import { EVALUATION_SLICE_MS } from '../../budgets/limits';
import { pause, turnElapsed } from '../../budgets/turn';
import { BudgetedRegExp } from '../../regex/budgeted-regex';
import { warmRegexSandbox } from '../../regex/sandbox';
import { EvaluationBudget } from './evaluation-budget';
import { compileFastPath, type FastExpression } from './fast-path/evaluate';
import { definedFunctions, REGISTERED_FUNCTIONS } from './registered-functions';
import { checkExpressionLimits } from './expression-limits';

/**
 * The part of compiling a JSONata text that does not depend on the field it is in: parsing it,
 * checking its limits, binding our functions and its budget, compiling its fast path. Made
 * once per definition rather than twice: validating a definition parses each of its
 * expressions (syntax-check.ts), and compiling it right after parsed each one again, half the
 * time a definition of 20,000 expressions held the event loop. A text prepared while validating
 * is handed to the compile that follows in the same turn; what no compile takes is dropped when
 * the turn ends, so nothing is held for a validation alone (TestState,
 * ValidateStateMachineDefinition).
 *
 * This is still most of the work of a large definition (20,000 expressions take seconds), and
 * one synchronous create would hold the event loop for all of it: withPreparedInSlices prepares
 * the texts beforehand, a slice at a time, giving the loop a turn between slices.
 */

type Expression = ReturnType<typeof jsonata>;

/** A text ready to be compiled into a field (template.ts). */
export interface PreparedExpression {
  readonly expression: Expression;
  /** Set when the text is in the fast path's subset. */
  readonly fast: FastExpression | undefined;
  /** The text reads `$states.context`, which is then given to the library. */
  readonly usesContext: boolean;
}

/**
 * Every expression's regexes run in the sandbox under the regex budget (JSONata builds one
 * RegexEngine per regex it evaluates; the option is typed as RegExpConstructor, of which
 * JSONata uses only the constructor, `lastIndex` and `exec`).
 */
const REGEX_OPTIONS: jsonata.JsonataOptions = {
  RegexEngine: BudgetedRegExp as unknown as RegExpConstructor,
};

/**
 * Prepares `body` under a budget of its own. Throws the parser's error, or ExpressionTooComplex
 * for a part past a limit (expression-limits.ts).
 */
function prepareExpression(body: string): PreparedExpression {
  const budget = new EvaluationBudget(REGEX_OPTIONS);
  const expression = jsonata(body, budget.options);
  checkExpressionLimits(expression.ast());
  const defined = definedFunctions();
  if (defined === undefined)
    for (const fn of REGISTERED_FUNCTIONS)
      expression.registerFunction(fn.name, fn.implementation, fn.signature);
  else for (const [name, fn] of defined) expression.assign(name, fn);
  budget.attach(expression);
  const usesContext = body.includes('context');
  const fast = compileFastPath(expression.ast(), usesContext);
  // A regex literal needs a '/': start the sandbox's threads now rather than at the first match
  // (a division starts them too, which costs two idle threads, once per process). The fast path
  // has no regexes, nor does an expression it compiled when the library evaluates it instead,
  // but for $toMillis with a picture, whose pattern runs on the sandbox either way (to-millis.ts).
  if ((fast === undefined && body.includes('/')) || body.includes('toMillis')) warmRegexSandbox();
  return { expression, fast, usesContext };
}

/** Prepared this turn by a validation, by text; at most one per text. */
const handOff = new Map<string, PreparedExpression>();

const dropHandOff = (): void => handOff.clear();

/** Prepared in slices, at hand while the work they were made for runs (withPreparedInSlices). */
let prepared: Map<string, PreparedExpression> | undefined;

/** Prepares `body` (throwing as prepareExpression does), kept for this turn's compile. */
export function prepareForCompile(body: string): PreparedExpression {
  const ready = prepared?.get(body);
  if (ready !== undefined) return ready;
  const made = prepareExpression(body);
  if (handOff.size === 0) setImmediate(dropHandOff);
  handOff.set(body, made);
  return made;
}

/** `body` as prepared beforehand, taken so no second compile shares it; else prepared now. */
export function takeOrPrepare(body: string): PreparedExpression {
  for (const kept of [prepared, handOff]) {
    const made = kept?.get(body);
    if (made === undefined) continue;
    kept?.delete(body);
    return made;
  }
  return prepareExpression(body);
}

/**
 * Prepares each body, pausing for a turn whenever the loop has been held for a slice, then runs
 * `work` (synchronous: a create, an update, a validation) with them at hand. A body that does
 * not parse is left for the validation to report in its own words.
 */
export async function withPreparedInSlices<T>(bodies: Iterable<string>, work: () => T): Promise<T> {
  const made = new Map<string, PreparedExpression>();
  for (const body of bodies) {
    if (turnElapsed() > EVALUATION_SLICE_MS) await pause();
    if (made.has(body)) continue;
    try {
      made.set(body, prepareExpression(body));
    } catch {
      // Reported by the validation that follows.
    }
  }
  if (turnElapsed() > EVALUATION_SLICE_MS) await pause();
  prepared = made;
  try {
    return work();
  } finally {
    prepared = undefined;
  }
}
