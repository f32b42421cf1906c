import { BudgetExceeded, REGEX_TIME_BUDGET_MS } from '../budgets/limits';
import { currentTurn } from '../budgets/turn';
import { type Found, execInSandbox } from './sandbox';

/**
 * Regular expressions a definition supplies, run in the sandbox under REGEX_TIME_BUDGET_MS.
 * The budget is per event-loop turn, not per call: $replace or $split call exec once per match
 * without a pause between, so a per-call bound would let many slow matches hold the loop.
 */

/** Most matches one sandbox call returns: bounds a reply; the next call resumes from there. */
const BATCH = 10_000;

let chargedTurn = -1;
let charged = 0;

/** Runs exec calls from `from` within what is left of this turn's regex budget. */
function runBudgeted(source: string, flags: string, text: string, from: number): readonly Found[] {
  const turn = currentTurn();
  if (turn !== chargedTurn) {
    chargedTurn = turn;
    charged = 0;
  }
  const shown = `/${source}/${flags.replace('g', '')}`;
  const left = REGEX_TIME_BUDGET_MS - charged;
  const outcome = left > 0 ? execInSandbox({ source, flags, text, from, limit: BATCH }, left) : undefined;
  if (outcome !== undefined) charged += outcome.elapsedMs;
  if (outcome === undefined || outcome.kind === 'timeout') {
    throw new BudgetExceeded(
      `The regular expression ${shown} exceeded the time budget of ${REGEX_TIME_BUDGET_MS} ms for regular expressions`,
    );
  }
  return outcome.found;
}

/**
 * A stand-in for RegExp with what JSONata's RegexEngine option uses (`lastIndex`, `exec`),
 * backed by the sandbox. Successive matches in the same string come from one batch.
 */
export class BudgetedRegExp {
  lastIndex = 0;
  readonly source: string;
  readonly flags: string;
  private text: string | undefined;
  private readonly found = new Map<number, Found>();

  constructor(pattern: RegExp | string, flags?: string) {
    // Compiled here too, so a bad pattern fails as RegExp would, where it is written.
    const regex = new RegExp(pattern, flags);
    this.source = regex.source;
    this.flags = regex.flags;
  }

  exec(text: string): RegExpExecArray | null {
    if (text !== this.text) {
      this.text = text;
      this.found.clear();
    }
    let hit = this.found.get(this.lastIndex);
    if (hit === undefined) {
      for (const found of runBudgeted(this.source, this.flags, text, this.lastIndex))
        this.found.set(found.from, found);
      hit = this.found.get(this.lastIndex);
      if (hit === undefined) throw new Error('The regular expression sandbox skipped a match');
    }
    this.lastIndex = hit.lastIndex;
    if (hit.match === null) return null;
    return Object.assign([...hit.match], { index: hit.index ?? 0, input: text }) as RegExpExecArray;
  }

  test(text: string): boolean {
    return this.exec(text) !== null;
  }
}
