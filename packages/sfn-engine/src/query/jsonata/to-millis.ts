import { BudgetedRegExp } from '../../regex/budgeted-regex';
import type { AwsFunction } from './aws-functions';
import { callBuiltIn } from './library-environment';
import { checkDateTimePicture } from './size-guards';

/**
 * $toMillis with a picture, its regular expression run under the regex budget.
 *
 * The library parses such a timestamp with a regular expression it builds from the picture, one
 * group per marker (`[f][f][f][f]` gives `^([0-9]+)([0-9]+)([0-9]+)([0-9]+)$`), and runs it with
 * the global RegExp, not with the RegexEngine an expression is given (which runs its other
 * regexes on the sandbox): that search backtracks through every way to split the timestamp
 * between the groups. Against 400 digits and an `x` it held the event loop for 14 s, and each
 * marker more raises the power.
 *
 * The library offers no way in (its fix upstream would be to build this one with its
 * RegexEngine, as it builds the others), so for the one call the global RegExp is a subclass
 * whose exec runs the same pattern on the sandbox, and is restored after. This is sound because
 * the library's toMillis is synchronous, so nothing else runs while it is swapped, and this
 * pattern is the only one it builds through the global (regex literals use the intrinsic
 * RegExp): the matches are the same, only now under the budget. The price is $match's: a round
 * trip to the sandbox per call (0.1-0.2 ms measured, where the native search took microseconds).
 *
 * A guard on the arguments instead was weighed and refused. How long the search takes depends
 * on each part's pattern (digits, letters, number words, a time zone whose separator is not
 * escaped) and on whether the literals between parts also match them (case-insensitively): a
 * check exact enough not to refuse real pictures (`[Y0001][M01][D01]` is fixed-width, the
 * library pins adjacent integer markers, but not `[f]`) would be a second copy of the library's
 * picture grammar; and a cap on the timestamp's length bounds the search only exponentially (ten
 * `[f]` markers split 64 characters 2e10 ways), so a safe cap would refuse real 30-character
 * timestamps. V8's linear-time fallback (a process flag) does not take this pattern's `i` flag.
 */

const NativeRegExp = RegExp;

/** A RegExp whose exec runs on the sandbox under the regex budget (what BudgetedRegExp does). */
class SandboxedRegExp extends NativeRegExp {
  override exec(text: string): RegExpExecArray | null {
    const budgeted = new BudgetedRegExp(this.source, this.flags);
    budgeted.lastIndex = this.lastIndex;
    const found = budgeted.exec(text);
    this.lastIndex = budgeted.lastIndex;
    return found;
  }
}

/** The global the library's date-time code reads `RegExp` from (only ever with `new`). */
const global = globalThis as unknown as { RegExp: typeof NativeRegExp | typeof SandboxedRegExp };

/**
 * $toMillis: the picture checked as $fromMillis's is (size-guards.ts: the library's picture code
 * is quadratic in its length too); without a picture (an ISO 8601 timestamp, matched by a fixed
 * linear pattern) or a timestamp it is the library's as it is.
 */
function toMillis(this: unknown, timestamp: unknown, picture: unknown): unknown {
  checkDateTimePicture('toMillis', picture);
  if (timestamp === undefined || picture === undefined)
    return callBuiltIn('toMillis', this, [timestamp, picture]);
  global.RegExp = SandboxedRegExp;
  try {
    return callBuiltIn('toMillis', this, [timestamp, picture]);
  } finally {
    global.RegExp = NativeRegExp;
  }
}

/** Registered on every expression after Step Functions' own functions (registered-functions.ts). */
export const BUDGETED_TO_MILLIS: readonly AwsFunction[] = [
  { name: 'toMillis', implementation: toMillis, signature: '<s-s?:n>' },
];
