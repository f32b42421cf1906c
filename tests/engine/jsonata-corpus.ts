/**
 * The JSONata expressions the fast path is compared on (tests/engine/jsonata-fast-path.test.ts):
 * those written in the conformance tests and the workflows, and a seeded random corpus over the
 * subset the fast path compiles, each with random data to read.
 */
import { readFileSync, readdirSync } from 'node:fs';
import { join } from 'node:path';
import ts from 'typescript';
import type { Json } from '../../packages/asl/src/json';

const ROOT = join(__dirname, '..', '..');
const EXPRESSION = /^\{%([\s\S]*)%\}$/;

/** Every `{% %}` string of a JSON value, as its body. */
function jsonExpressions(value: unknown, into: string[]): void {
  if (typeof value === 'string') {
    const match = EXPRESSION.exec(value);
    if (match) into.push(match[1] as string);
  } else if (Array.isArray(value)) {
    for (const item of value) jsonExpressions(item, into);
  } else if (typeof value === 'object' && value !== null) {
    for (const item of Object.values(value)) jsonExpressions(item, into);
  }
}

/** Helpers of the conformance tests whose second argument is a bare JSONata expression. */
const EXPRESSION_HELPERS = new Set(['expression', 'evaluationError']);

/**
 * Every JSONata expression of a test file: each string literal that is a whole `{% %}`, and the
 * text given to the helpers that wrap it in `{% %}` themselves. Read with the TypeScript parser,
 * so escapes are undone as the test's own code sees them.
 */
function sourceExpressions(path: string, into: string[]): void {
  const source = ts.createSourceFile(path, readFileSync(path, 'utf8'), ts.ScriptTarget.ES2022, true);
  const visit = (node: ts.Node): void => {
    if (ts.isStringLiteral(node) || ts.isNoSubstitutionTemplateLiteral(node)) {
      const match = EXPRESSION.exec(node.text);
      if (match) into.push(match[1] as string);
    }
    if (ts.isCallExpression(node) && ts.isIdentifier(node.expression)) {
      const text = node.arguments[1];
      if (EXPRESSION_HELPERS.has(node.expression.text) && text !== undefined && ts.isStringLiteralLike(text))
        into.push(text.text);
    }
    ts.forEachChild(node, visit);
  };
  visit(source);
}

/** The expressions of tests/engine/conformance/*.test.ts and workflows/*.asl.json, each once. */
export function writtenExpressions(): string[] {
  const found: string[] = [];
  const conformance = join(ROOT, 'tests', 'engine', 'conformance');
  for (const file of readdirSync(conformance).filter((name) => name.endsWith('.test.ts')))
    sourceExpressions(join(conformance, file), found);
  const workflows = join(ROOT, 'workflows');
  for (const file of readdirSync(workflows).filter((name) => name.endsWith('.asl.json')))
    jsonExpressions(JSON.parse(readFileSync(join(workflows, file), 'utf8')), found);
  return [...new Set(found.map((body) => body.trim()))];
}

/** A small seeded generator (mulberry32), so a failing case can be found again. */
export class Random {
  private state: number;

  constructor(seed: number) {
    this.state = seed >>> 0;
  }

  next(): number {
    this.state = (this.state + 0x6d2b79f5) >>> 0;
    let t = this.state;
    t = Math.imul(t ^ (t >>> 15), t | 1);
    t ^= t + Math.imul(t ^ (t >>> 7), t | 61);
    return ((t ^ (t >>> 14)) >>> 0) / 4294967296;
  }

  below(n: number): number {
    return Math.floor(this.next() * n);
  }

  pick<T>(items: readonly T[]): T {
    return items[this.below(items.length)] as T;
  }

  chance(p: number): boolean {
    return this.next() < p;
  }
}

export const KEYS = ['a', 'b', 'n', 's', 'items', 'x'];
export const VARIABLES = ['v', 'w'];

const STRINGS = ['', 'a', 'Ab c', '12', '-3.5', '0x1F', 'true', 'é😀', '1e3', ' x '];
const NUMBERS = [0, 1, -1, 2, 3, 0.5, -2.25, 10, 1e21, 0.1 + 0.2, 123456789.123, 1e-7];

/** A random JSON value over the keys, `depth` levels deep at most. */
export function randomJson(random: Random, keys: readonly string[], depth: number): Json {
  const kind = random.below(depth <= 0 ? 4 : 7);
  switch (kind) {
    case 0:
      return random.pick(NUMBERS);
    case 1:
      return random.pick(STRINGS);
    case 2:
      return random.pick([true, false]);
    case 3:
      return null;
    case 4:
    case 5: {
      const object: Record<string, Json> = {};
      const count = random.below(4);
      for (let i = 0; i < count; i += 1) object[random.pick(keys)] = randomJson(random, keys, depth - 1);
      return object;
    }
    default:
      return Array.from({ length: random.below(4) }, () => randomJson(random, keys, depth - 1));
  }
}

/** Functions the generator calls: the fast path's, but for those whose result is random. */
const FUNCTIONS: readonly [string, number][] = [
  ['sum', 1],
  ['count', 1],
  ['max', 1],
  ['min', 1],
  ['average', 1],
  ['string', 1],
  ['string', 2],
  ['substring', 2],
  ['substring', 3],
  ['substringBefore', 2],
  ['substringAfter', 2],
  ['lowercase', 1],
  ['uppercase', 1],
  ['length', 1],
  ['trim', 1],
  ['pad', 2],
  ['pad', 3],
  ['join', 1],
  ['join', 2],
  ['formatNumber', 2],
  ['formatBase', 2],
  ['number', 1],
  ['floor', 1],
  ['ceil', 1],
  ['round', 1],
  ['round', 2],
  ['abs', 1],
  ['sqrt', 1],
  ['power', 2],
  ['boolean', 1],
  ['not', 1],
  ['zip', 2],
  ['keys', 1],
  ['lookup', 2],
  ['append', 2],
  ['exists', 1],
  ['spread', 1],
  ['merge', 1],
  ['reverse', 1],
  ['type', 1],
  ['distinct', 1],
  ['base64encode', 1],
  ['encodeUrlComponent', 1],
  ['decodeUrlComponent', 1],
  ['fromMillis', 1],
  ['toMillis', 1],
  ['error', 1],
  ['assert', 2],
  ['partition', 2],
  ['range', 3],
  ['hash', 2],
  ['parse', 1],
  ['count', 0],
  ['string', 0],
];

const OPERATORS = ['+', '-', '*', '/', '%', '=', '!=', '<', '<=', '>', '>=', '&', 'and', 'or', 'in'];

/** Random JSONata text over the fast path's subset (and a little past it). */
export class ExpressionGenerator {
  constructor(private readonly random: Random) {}

  expression(depth: number): string {
    const r = this.random;
    if (depth <= 0) return this.atom();
    switch (r.below(12)) {
      case 0:
      case 1:
        return this.path(depth);
      case 2:
      case 3:
        return `${this.expression(depth - 1)} ${r.pick(OPERATORS)} ${this.expression(depth - 1)}`;
      case 4:
        return r.chance(0.8)
          ? `${this.expression(depth - 1)} ? ${this.expression(depth - 1)} : ${this.expression(depth - 1)}`
          : `(${this.expression(depth - 1)} ? ${this.expression(depth - 1)})`;
      case 5:
        return `-${this.expression(depth - 1)}`;
      case 6:
        return `[${this.list(depth)}]`;
      case 7: {
        const count = r.below(4);
        const pairs = Array.from({ length: count }, () => `${this.key()}: ${this.expression(depth - 1)}`);
        return `{${pairs.join(', ')}}`;
      }
      case 8:
      case 9: {
        const [name, arity] = r.pick(FUNCTIONS);
        const args = Array.from({ length: arity }, () => this.expression(depth - 1));
        return `$${name}(${args.join(', ')})`;
      }
      case 10:
        return `(${this.expression(depth - 1)}; ${this.expression(depth - 1)})`;
      default:
        return r.chance(0.5)
          ? `(${this.expression(depth - 1)})[${this.filter(depth - 1)}]`
          : `${this.expression(depth - 1)} ?? ${this.expression(depth - 1)}`;
    }
  }

  private list(depth: number): string {
    return Array.from({ length: this.random.below(4) }, () => this.expression(depth - 1)).join(', ');
  }

  private key(): string {
    const r = this.random;
    return r.chance(0.1) ? `${this.atom()}` : `"${r.pick(KEYS)}"`;
  }

  private atom(): string {
    const r = this.random;
    switch (r.below(8)) {
      case 0:
        return String(r.pick([0, 1, 2, -1, 3.5, 100, 1e300]));
      case 1:
        return `'${r.pick(STRINGS)}'`;
      case 2:
        return r.pick(['true', 'false', 'null']);
      case 3:
        return `$${r.pick(VARIABLES)}`;
      case 4:
        return r.pick(['$', '$$', '$states', '$states.input']);
      default:
        return this.path(0);
    }
  }

  private path(depth: number): string {
    const r = this.random;
    const base = r.pick(['$states.input', '$states.input', '$states.result', `$${r.pick(VARIABLES)}`]);
    const steps = Array.from({ length: 1 + r.below(3) }, () => {
      const step = r.chance(0.1) ? '*' : r.pick(KEYS);
      if (depth > 0 && r.chance(0.25)) return `${step}[${this.filter(depth - 1)}]`;
      return r.chance(0.05) ? `${step}[]` : step;
    });
    return [base, ...steps].join('.');
  }

  /** What goes between brackets: an index, or a test on each item (relative paths, `$`). */
  private filter(depth: number): string {
    const r = this.random;
    if (r.chance(0.4)) return String(r.pick([0, 1, -1, 2, 0.7]));
    const relative = r.chance(0.5) ? r.pick(KEYS) : '$';
    return `${relative} ${r.pick(['>', '=', '!=', '<'])} ${depth > 0 ? this.expression(depth - 1) : this.atom()}`;
  }
}
