/**
 * The filter expressions a query path may carry (`$.items[?(@.price < 10)]`), checked when the
 * definition is created.
 *
 * The service evaluates paths with Jayway JsonPath, whose filters compare values: `@` paths,
 * literals, comparison and logical operators, parentheses. jsonpath-plus, which evaluates our
 * query paths, runs a filter as a JavaScript expression instead (in its "safe" evaluator, but
 * still with method calls and regular expressions), so a definition could hold the event loop
 * with one filter: `@.s.repeat(1e9)`, or `@.s.match(/(a+)+$/)` backtracking for minutes (85 s on
 * a 31-character string, measured). Nothing here is a budget: a filter that only compares
 * cannot run long, so everything else is refused before it can run at all.
 *
 * Script expressions (`[(@.length-1)]`) are jsonpath-plus's, not Jayway's: refused too.
 */

/** Why a path's filter is refused; the path compiler names the path around it. */
export class UnsupportedFilter extends Error {
  override readonly name = 'UnsupportedFilter';
}

type Token =
  | { readonly kind: 'operand'; readonly text: string }
  | { readonly kind: 'operator'; readonly text: string }
  | { readonly kind: 'open' | 'close' };

const OPERATORS = ['===', '!==', '==', '!=', '<=', '>=', '&&', '||', '<', '>'] as const;
const LITERAL_WORDS = /^(?:true|false|null)\b/;
const NUMBER = /^-?(?:\d+\.?\d*|\.\d+)(?:[eE][+-]?\d+)?/;
const MEMBER = /^(?:\.[A-Za-z_$][A-Za-z0-9_$-]*|\[\s*(?:\d+|'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")\s*\])/;
const STRING = /^(?:'(?:[^'\\]|\\.)*'|"(?:[^"\\]|\\.)*")/;

/** The tokens of one filter body; throws on any character a comparison has no use for. */
function tokens(body: string): Token[] {
  const found: Token[] = [];
  let rest = body;
  while (rest.length > 0) {
    const space = /^\s+/.exec(rest);
    if (space !== null) {
      rest = rest.slice(space[0].length);
      continue;
    }
    if (rest.startsWith('@')) {
      let end = 1;
      for (let member = MEMBER.exec(rest.slice(end)); member !== null; member = MEMBER.exec(rest.slice(end)))
        end += member[0].length;
      found.push({ kind: 'operand', text: rest.slice(0, end) });
      rest = rest.slice(end);
      continue;
    }
    const literal = STRING.exec(rest) ?? NUMBER.exec(rest) ?? LITERAL_WORDS.exec(rest);
    if (literal !== null) {
      found.push({ kind: 'operand', text: literal[0] });
      rest = rest.slice(literal[0].length);
      continue;
    }
    const operator = OPERATORS.find((candidate) => rest.startsWith(candidate));
    if (operator !== undefined) {
      found.push({ kind: 'operator', text: operator });
      rest = rest.slice(operator.length);
      continue;
    }
    if (rest.startsWith('!')) {
      found.push({ kind: 'operator', text: '!' });
      rest = rest.slice(1);
      continue;
    }
    if (rest[0] === '(' || rest[0] === ')') {
      found.push({ kind: rest[0] === '(' ? 'open' : 'close' });
      rest = rest.slice(1);
      continue;
    }
    throw new UnsupportedFilter(
      `the filter "${body}" has "${rest.slice(0, 20)}", which is not a comparison (filters compare @ paths and literals with == != < <= > >= && || !)`,
    );
  }
  return found;
}

/**
 * Checks the order of the tokens: operands and operators alternate, so nothing can be called
 * (an operand followed by "(") and every parenthesis groups.
 */
function checkOrder(body: string, list: readonly Token[]): void {
  let expectOperand = true;
  let depth = 0;
  const refuse = (why: string) => new UnsupportedFilter(`the filter "${body}" ${why}`);
  for (const token of list) {
    if (token.kind === 'operand') {
      if (!expectOperand) throw refuse(`has "${token.text}" where an operator belongs`);
      expectOperand = false;
    } else if (token.kind === 'open') {
      if (!expectOperand) throw refuse('calls a function (only comparisons are supported)');
      depth += 1;
    } else if (token.kind === 'close') {
      if (expectOperand || depth === 0) throw refuse('has an unmatched or empty ")"');
      depth -= 1;
    } else if (token.kind === 'operator' && token.text === '!') {
      if (!expectOperand) throw refuse('has "!" where an operator belongs');
    } else if (token.kind === 'operator') {
      if (expectOperand) throw refuse(`has "${token.text}" without a value before it`);
      expectOperand = true;
    }
  }
  if (expectOperand || depth !== 0) throw refuse('is incomplete');
}

/** The text between `(` at `open` and its matching `)`, skipping quoted strings. */
function parenthesised(path: string, open: number): string {
  let depth = 0;
  for (let i = open; i < path.length; i++) {
    const char = path[i];
    if (char === "'" || char === '"') {
      const close = STRING.exec(path.slice(i));
      if (close === null) break;
      i += close[0].length - 1;
    } else if (char === '(') depth += 1;
    else if (char === ')') {
      depth -= 1;
      if (depth === 0) return path.slice(open + 1, i);
    }
  }
  throw new UnsupportedFilter('a filter "[?(" is not closed');
}

/** Throws UnsupportedFilter for a query path whose filters or scripts are not comparisons. */
export function checkFilters(path: string): void {
  for (let i = 0; i < path.length; i++) {
    const char = path[i];
    if (char === "'" || char === '"') {
      const close = STRING.exec(path.slice(i));
      if (close !== null) i += close[0].length - 1;
    } else if (path.startsWith('[?(', i)) {
      const body = parenthesised(path, i + 2);
      checkOrder(body, tokens(body));
      i += 2 + body.length + 1;
    } else if (path.startsWith('[(', i)) {
      throw new UnsupportedFilter(
        'script expressions "[(...)]" are not JSONPath the service runs (use a slice such as [-1:])',
      );
    }
  }
}
