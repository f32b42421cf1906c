/**
 * Limits on the JSON the engine is given (a definition, an input, an output), checked on the text
 * before anything parses or walks it, whether it came over the wire or from a caller in-process.
 *
 * The engine's walkers (definition validation, templates, paths, JSON.stringify for sizes and
 * history) recurse once per nesting level, so JSON nested tens of thousands deep overflows the
 * stack. The service documents no nesting limit; 1000 is the default of the Java JSON parser
 * (Jackson) and far inside what every walker here handles.
 */
export const MAX_JSON_DEPTH = 1000;

/**
 * The deepest nesting of arrays and objects in JSON text, counted without parsing or recursion;
 * it stops counting once past `limit` (the caller only needs to know that). Brackets inside
 * strings do not count; text that is not JSON is left for the parser to name.
 */
export function jsonDepth(text: string, limit = MAX_JSON_DEPTH): number {
  let depth = 0;
  let deepest = 0;
  let inString = false;
  for (let i = 0; i < text.length; i++) {
    const code = text.charCodeAt(i);
    if (inString) {
      if (code === 0x5c /* \ */) i++;
      else if (code === 0x22 /* " */) inString = false;
    } else if (code === 0x22) inString = true;
    else if (code === 0x5b /* [ */ || code === 0x7b /* { */) {
      depth++;
      if (depth > deepest) {
        deepest = depth;
        if (deepest > limit) return deepest;
      }
    } else if (code === 0x5d /* ] */ || code === 0x7d /* } */) depth--;
  }
  return deepest;
}

/** Whether JSON text nests deeper than the limit. */
export function nestsTooDeep(text: string, limit = MAX_JSON_DEPTH): boolean {
  return jsonDepth(text, limit) > limit;
}

/** The sentence every refusal of deep JSON ends with. */
export const tooDeepMessage = (what: string): string =>
  `${what} nests arrays and objects deeper than ${MAX_JSON_DEPTH} levels`;

/** The service's quota on a definition: CreateStateMachine's `definition` is at most this long. */
export const MAX_DEFINITION_LENGTH = 1_048_576;
