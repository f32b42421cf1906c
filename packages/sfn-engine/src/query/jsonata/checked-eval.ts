import jsonata from 'jsonata';
import type { AwsFunction } from './aws-functions';
import { refused } from './function-error';
import { callBuiltIn } from './library-environment';
import { ExpressionTooComplex, checkExpressionLimits } from './expression-limits';

/**
 * $eval parses its text when it is called, after the definition's expressions were checked, and
 * the text can come from the input: a function signature in it with 24 optional parameters held
 * the event loop for 1.8 s on one mismatched call, and each one more doubles that
 * (expression-limits.ts). The text is checked against the limits a definition's expressions are
 * checked against before the library evaluates it.
 */

/** The text as the library parses it, or undefined when it does not parse. */
function parsed(text: string): jsonata.ExprNode | undefined {
  try {
    return jsonata(text).ast();
  } catch {
    return undefined;
  }
}

/**
 * $eval: refused when the text holds a part past a limit (a signature too complex to check calls
 * against, an array constructor too long); anything else, a text that does not parse included
 * (its D3120), is the library's.
 */
function evalChecked(this: unknown, expr: unknown, focus: unknown): unknown {
  const ast = typeof expr === 'string' ? parsed(expr) : undefined;
  if (ast !== undefined) {
    try {
      checkExpressionLimits(ast);
    } catch (error) {
      if (error instanceof ExpressionTooComplex)
        refused(`The function "eval" was given an expression in which ${error.message}`);
      throw error;
    }
  }
  return callBuiltIn('eval', this, [expr, focus]);
}

/** Registered on every expression after Step Functions' own functions (registered-functions.ts). */
export const CHECKED_EVAL: readonly AwsFunction[] = [
  { name: 'eval', implementation: evalChecked, signature: '<sx?:x>' },
];
