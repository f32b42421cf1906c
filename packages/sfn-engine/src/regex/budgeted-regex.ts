import { BudgetExceeded, REGEX_TIME_BUDGET_MS } from '../budgets/limits';
import { clockCheck } from '../budgets/turn';
import { knownOverrun, patternOverran, recordOverrun } from './known-overruns';
import { type Found, execInSandbox } from './sandbox';

/**
 * Regular expressions a definition supplies, run in the sandbox under REGEX_TIME_BUDGET_MS for
 * each string they search. $replace, $split and $match call exec once per match without a
 * pause between; the sandbox answers all of them in one batch, and the budget is what the whole
 * search of one string may take, so many slow matches cannot add up to a long block.
 */

/** Most matches one sandbox call returns: bounds a reply; the next call resumes from there. */
const BATCH = 10_000;

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
  /** Sandbox time spent searching `text`. */
  private spentMs = 0;

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
      this.spentMs = 0;
    }
    let hit = this.found.get(this.lastIndex);
    if (hit === undefined) {
      for (const found of this.search(text)) this.found.set(found.from, found);
      hit = this.found.get(this.lastIndex);
      if (hit === undefined) throw new Error('The regular expression sandbox skipped a match');
    }
    this.lastIndex = hit.lastIndex;
    if (hit.match === null) return null;
    return Object.assign([...hit.match], { index: hit.index ?? 0, input: text }) as RegExpExecArray;
  }

  /** Runs exec calls from lastIndex within what is left of this string's budget. */
  private search(text: string): readonly Found[] {
    const left = REGEX_TIME_BUDGET_MS - this.spentMs;
    const request = { source: this.source, flags: this.flags, text, from: this.lastIndex, limit: BATCH };
    const known = knownOverrun(this.source, this.flags, text, this.lastIndex);
    const waitForBoot = !patternOverran(this.source, this.flags);
    const outcome = left > 0 && !known ? execInSandbox(request, left, waitForBoot) : undefined;
    if (outcome?.kind === 'timeout') recordOverrun(this.source, this.flags, text, this.lastIndex);
    if (outcome !== undefined && outcome.elapsedMs > 0) {
      this.spentMs += outcome.elapsedMs;
      // The loop was blocked meanwhile: have the JSONata budget look at the turn at its next step.
      clockCheck.due = true;
    }
    if (outcome === undefined || outcome.kind !== 'done') {
      // Not run (known to overrun, or its pattern did and the sandbox is rebooting) is said so.
      const ran = outcome?.kind === 'timeout' ? '' : ' (it did before; not run again now)';
      throw new BudgetExceeded(
        `The regular expression /${this.source}/${this.flags.replace('g', '')} exceeded the time budget of ${REGEX_TIME_BUDGET_MS} ms for regular expressions${ran}`,
      );
    }
    return outcome.found;
  }

  test(text: string): boolean {
    return this.exec(text) !== null;
  }
}
