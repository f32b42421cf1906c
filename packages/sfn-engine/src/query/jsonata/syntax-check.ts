import { BoundedTextCache } from '../bounded-cache';
import { prepareForCompile } from './prepared-expressions';
import { ExpressionTooComplex } from './expression-limits';

/** What is wrong with a JSONata text, in the parser's own words (or the limits' check's). */
interface Verdict {
  /** The parser's refusal. */
  readonly parse?: string;
  /** A part past a limit the library's evaluation needs (expression-limits.ts). */
  readonly limit?: string;
}

/**
 * Verdicts by text. Validating a definition read each expression twice (the schema's format and
 * the expression rules) before the definition was compiled, and parsing is most of the work: a
 * definition of 20,000 expressions, within the 1 MiB quota, held the event loop for 6 s.
 */
const verdicts = new BoundedTextCache<Verdict>(20_000, 2 * 1024 * 1024);

const messageOf = (thrown: unknown): string =>
  typeof (thrown as { message?: unknown } | null)?.message === 'string'
    ? (thrown as { message: string }).message
    : String(thrown);

/** Prepared for the compile that follows (prepared-expressions.ts), which parses and checks it. */
function judge(body: string): Verdict {
  try {
    prepareForCompile(body);
  } catch (thrown) {
    return thrown instanceof ExpressionTooComplex
      ? { limit: messageOf(thrown) }
      : { parse: messageOf(thrown) };
  }
  return {};
}

/** Whether JSONata parses `body` (the text inside `{% %}`). */
export function parsesAsJsonata(body: string): boolean {
  return verdicts.get(body, judge).parse === undefined;
}

/** Why `body` cannot be compiled, as compiling it would say; undefined when it can. */
export function jsonataSyntaxProblem(body: string): string | undefined {
  const verdict = verdicts.get(body, judge);
  return verdict.parse ?? verdict.limit;
}
