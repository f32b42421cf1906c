import { nestsTooDeep, tooDeepMessage } from '@myblog/sfn-engine';

export { MAX_JSON_DEPTH, nestsTooDeep, tooDeepMessage } from '@myblog/sfn-engine';

/**
 * A member carrying JSON as text (a definition, an input, an output), passed on unchanged when it
 * is within the limit, else refused with the error the action answers for bad JSON in it.
 */
export function withinDepth<T extends string | undefined>(
  text: T,
  what: string,
  refuse: (message: string) => Error,
): T {
  if (text !== undefined && nestsTooDeep(text)) throw refuse(tooDeepMessage(what));
  return text;
}
