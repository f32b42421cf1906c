import { MAX_BUILT_SIZE } from '../../budgets/limits';

/**
 * A failure of a function we register on JSONata (Step Functions' own, or a guarded built-in):
 * a JSONata error (a code and JSONata's message), which the expression's field reports as it
 * reports any JSONata error.
 */
export class JsonataFunctionError extends Error {
  constructor(
    readonly code: string,
    message: string,
    /** The argument at fault: JSONata writes its message again from the code and this. */
    readonly index?: number,
  ) {
    super(message);
  }
}

/** A refusal that is not about a type (JSONata's code for a raised error). */
export const refused = (message: string): never => {
  throw new JsonataFunctionError('D3137', message);
};

/** Why a call that would build more than MAX_BUILT_SIZE is refused. */
export const tooLarge = (fn: string, asked: string): string =>
  `The function "${fn}" may build at most ${MAX_BUILT_SIZE} items or characters; it was asked for ${asked}`;
