/**
 * Parses an intrinsic function call such as `States.Format('Hi {}', $.name, States.UUID())` into
 * a tree, once, when the definition is compiled.
 */
export type IntrinsicArgument =
  | { kind: 'literal'; value: string | number | boolean | null }
  | { kind: 'path'; text: string }
  | IntrinsicCall;

export interface IntrinsicCall {
  kind: 'call';
  name: string;
  args: IntrinsicArgument[];
  /** The call as written in the definition, which the service quotes when it fails. */
  source: string;
}

/** Private-use characters standing for `\{` and `\}` inside string literals. */
export const ESCAPED_OPEN = '\uE000';
export const ESCAPED_CLOSE = '\uE001';

/** A literal's text with escaped braces turned back into plain braces. */
export function unescapeBraces(text: string): string {
  return text.replaceAll(ESCAPED_OPEN, '{').replaceAll(ESCAPED_CLOSE, '}');
}

export class IntrinsicSyntaxError extends Error {
  override readonly name = 'IntrinsicSyntaxError';
}

/** True when a `.$` value is an intrinsic call rather than a path. */
export function looksLikeIntrinsic(text: string): boolean {
  return /^States\.[A-Za-z0-9]+\s*\(/.test(text.trim());
}

export function parseIntrinsic(source: string): IntrinsicCall {
  let i = 0;
  const text = source.trim();
  const fail = (message: string): never => {
    throw new IntrinsicSyntaxError(`${message} at position ${i} of "${text}"`);
  };
  const skipSpaces = () => {
    while (i < text.length && /\s/.test(text[i] as string)) i += 1;
  };

  const parseString = (): IntrinsicArgument => {
    i += 1; // opening quote
    let value = '';
    while (i < text.length && text[i] !== "'") {
      if (text[i] === '\\' && i + 1 < text.length) {
        // \' and \\ keep the escaped character. Escaped braces become ESCAPED_OPEN/CLOSE, so
        // States.Format can tell a literal brace from a {} placeholder.
        const next = text[i + 1] as string;
        value += next === '{' ? ESCAPED_OPEN : next === '}' ? ESCAPED_CLOSE : next;
        i += 2;
      } else {
        value += text[i];
        i += 1;
      }
    }
    if (text[i] !== "'") fail('Unterminated string literal');
    i += 1;
    return { kind: 'literal', value };
  };

  const parsePath = (): IntrinsicArgument => {
    const start = i;
    let depth = 0;
    while (i < text.length) {
      const char = text[i] as string;
      if (char === '[' || char === '(') depth += 1;
      else if (char === ']' || char === ')') {
        if (depth === 0) break;
        depth -= 1;
      } else if (char === "'") {
        const close = text.indexOf("'", i + 1);
        if (close < 0) fail('Unterminated quote in path');
        i = close;
      } else if ((char === ',' || /\s/.test(char)) && depth === 0) break;
      i += 1;
    }
    return { kind: 'path', text: text.slice(start, i) };
  };

  const parseArgument = (): IntrinsicArgument => {
    skipSpaces();
    const char = text[i];
    if (char === "'") return parseString();
    if (char === '$') return parsePath();
    if (text.startsWith('States.', i)) return parseCall();
    const literal = /^(-?\d+(\.\d+)?([eE][+-]?\d+)?|true|false|null)/.exec(text.slice(i));
    if (literal === null) return fail('Expected a string, number, boolean, null, path or function call');
    i += literal[0].length;
    const token = literal[0];
    return {
      kind: 'literal',
      value: token === 'true' ? true : token === 'false' ? false : token === 'null' ? null : Number(token),
    };
  };

  const parseCall = (): IntrinsicCall => {
    const start = i;
    const name = /^States\.[A-Za-z0-9]+/.exec(text.slice(i));
    if (name === null) return fail('Expected a States.* function name');
    i += name[0].length;
    skipSpaces();
    if (text[i] !== '(') fail(`Expected "(" after ${name[0]}`);
    i += 1;
    const args: IntrinsicArgument[] = [];
    skipSpaces();
    if (text[i] === ')') {
      i += 1;
      return { kind: 'call', name: name[0], args, source: text.slice(start, i) };
    }
    for (;;) {
      args.push(parseArgument());
      skipSpaces();
      if (text[i] === ',') {
        i += 1;
        continue;
      }
      if (text[i] === ')') {
        i += 1;
        return { kind: 'call', name: name[0], args, source: text.slice(start, i) };
      }
      return fail('Expected "," or ")"');
    }
  };

  const call = parseCall();
  skipSpaces();
  if (i !== text.length) fail('Unexpected text after the function call');
  return call;
}
