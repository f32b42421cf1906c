import type jsonata from 'jsonata';

/**
 * Function signatures in a definition's JSONata (`function($a, $b)<s?s?n>{...}`), checked when
 * the definition is created.
 *
 * JSONata checks each call's arguments against a regular expression it builds from the
 * signature, with the native RegExp engine, out of reach of the regex budget. Every optional or
 * variadic parameter adds a quantified group, and a call that does not match backtracks through
 * all their combinations: 20 of them took 74 ms per call and each one more doubles it (measured),
 * so one call with 30 would hold the event loop for over a minute. Up to 10, a mismatch costs
 * about 2 ms; the built-in functions use at most three.
 */
export const MAX_SIGNATURE_QUANTIFIERS = 10;

/** A signature that could backtrack too long; the expression compiler names the field. */
export class SignatureTooComplex extends Error {
  override readonly name = 'SignatureTooComplex';
}

type Node = jsonata.ExprNode & { signature?: { definition?: unknown } };

/** Throws SignatureTooComplex for a lambda whose signature has too many optional parameters. */
export function checkSignatures(ast: jsonata.ExprNode): void {
  const pending: unknown[] = [ast];
  // JSONata's AST links some nodes back to their ancestors: each is visited once.
  const seen = new WeakSet<object>();
  while (pending.length > 0) {
    const node = pending.pop();
    if (typeof node !== 'object' || node === null || seen.has(node)) continue;
    seen.add(node);
    if (Array.isArray(node)) {
      pending.push(...(node as unknown[]));
      continue;
    }
    const definition = (node as Node).signature?.definition;
    if (typeof definition === 'string') {
      const quantifiers = definition.replace(/[^?+]/g, '').length;
      if (quantifiers > MAX_SIGNATURE_QUANTIFIERS)
        throw new SignatureTooComplex(
          `the function signature ${definition} has ${quantifiers} optional or repeated parameters; at most ${MAX_SIGNATURE_QUANTIFIERS} are allowed`,
        );
    }
    for (const [key, value] of Object.entries(node))
      if (key !== 'signature' && typeof value === 'object') pending.push(value);
  }
}
