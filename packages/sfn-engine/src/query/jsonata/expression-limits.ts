import type jsonata from 'jsonata';

/**
 * What a parsed JSONata text may hold, checked when a definition is created (and when $eval
 * parses a text at run time): the parts the library evaluates where no budget reaches, at a
 * cost that grows faster than the text.
 */

/**
 * Function signatures (`function($a, $b)<s?s?n>{...}`). JSONata checks each call's arguments
 * against a regular expression it builds from the signature, with the native RegExp engine, out
 * of reach of the regex budget. Every optional or variadic parameter adds a quantified group, and
 * a call that does not match backtracks through all their combinations: 20 of them took 74 ms per
 * call and each one more doubles it (measured), so one call with 30 would hold the event loop for
 * over a minute. Up to 10, a mismatch costs about 2 ms; the built-in functions use at most three.
 */
export const MAX_SIGNATURE_QUANTIFIERS = 10;

/**
 * Items written in one array constructor (`[1, 2, 3]`; a range `[1..n]` is one item). The
 * library appends each item's value by copying the array built so far, so a constructor of n
 * items copies n²/2 values: 10,000 items took 0.15 s, 20,000 took 1.1 s, 200,000 held the
 * server for minutes (measured). A definition that needs more data than this reads it from its
 * input; ranges and values built at run time are not counted here.
 */
export const MAX_ARRAY_CONSTRUCTOR_ITEMS = 10_000;

/** A text past one of the limits above; the expression compiler names the field. */
export class ExpressionTooComplex extends Error {
  override readonly name = 'ExpressionTooComplex';
}

type Node = jsonata.ExprNode & { signature?: { definition?: unknown } };

/** The refusal for `node` if it breaks a limit, else undefined. */
function problemOf(node: Node): string | undefined {
  const definition = node.signature?.definition;
  if (typeof definition === 'string') {
    const quantifiers = definition.replace(/[^?+]/g, '').length;
    if (quantifiers > MAX_SIGNATURE_QUANTIFIERS)
      return `the function signature ${definition} has ${quantifiers} optional or repeated parameters; at most ${MAX_SIGNATURE_QUANTIFIERS} are allowed`;
  }
  const items = node.type === 'unary' && node.value === '[' ? (node.expressions?.length ?? 0) : 0;
  if (items > MAX_ARRAY_CONSTRUCTOR_ITEMS)
    return `an array constructor at position ${node.position ?? '?'} has ${items} items; at most ${MAX_ARRAY_CONSTRUCTOR_ITEMS} are allowed`;
  return undefined;
}

/** Throws ExpressionTooComplex for the first part of `ast` past a limit. */
export function checkExpressionLimits(ast: jsonata.ExprNode): void {
  const pending: unknown[] = [ast];
  // JSONata's AST links some nodes back to their ancestors: each is visited once.
  const seen = new WeakSet<object>();
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      // One by one: spread into push, an array of 120,000 items overflowed the stack.
      for (const item of node as unknown[]) pending.push(item);
      continue;
    }
    const problem = problemOf(node as Node);
    if (problem !== undefined) throw new ExpressionTooComplex(problem);
    for (const [key, value] of Object.entries(node))
      if (key !== 'signature' && typeof value === 'object') pending.push(value);
  }
}
