/**
 * The library's syntax tree as the fast path reads it: the node types and fields it compiles, and
 * Unsupported for everything else (the whole expression is then the library's).
 */
import type { Environment } from './environment';

/** A compiled node: its value for an input, in one evaluation's environment. */
export type Evaluator = (input: unknown, env: Environment) => unknown;

/** A compiled filter (`[...]`) applied to what the node before it gave. */
export type Filter = (input: unknown, env: Environment) => unknown;

/** Compiles a child node one level deeper; handed to the compilers of each kind of node. */
export type CompileNode = (node: Node, depth: number) => Evaluator;

/** The expression uses what the fast path does not compile. */
export class Unsupported extends Error {
  override readonly name = 'Unsupported';
}

/** A node of the library's syntax tree, read loosely: its fields depend on its type. */
export interface Node {
  readonly type: string;
  readonly value?: unknown;
  readonly [field: string]: unknown;
}

/** The fields each node type may carry besides type, value and position. */
const FIELDS: Readonly<Record<string, readonly string[]>> = {
  string: [],
  number: [],
  value: [],
  name: [],
  variable: [],
  wildcard: [],
  path: ['steps', 'keepSingletonArray'],
  binary: ['lhs', 'rhs'],
  unary: ['expression', 'expressions', 'lhs', 'consarray'],
  condition: ['condition', 'then', 'else'],
  block: ['expressions'],
  function: ['procedure', 'arguments'],
};
/** Fields any node may carry: filters on it, `[]` after it, and filters as a step of a path. */
const COMMON_FIELDS = ['type', 'value', 'position', 'predicate', 'keepArray', 'stages'];

export const unsupported = (what: string): never => {
  throw new Unsupported(what);
};

export const asNode = (value: unknown): Node =>
  typeof value === 'object' && value !== null && typeof (value as Node).type === 'string'
    ? (value as Node)
    : unsupported('not a node');

export const asNodes = (value: unknown): Node[] =>
  Array.isArray(value) ? value.map(asNode) : unsupported('not a list of nodes');

/** Refuses a node of a type, or with a field, the fast path does not compile. */
export function checkFields(node: Node): void {
  const own = FIELDS[node.type] ?? unsupported(`node type ${node.type}`);
  // A field set to undefined is no field (the parser writes `name` so on every function call).
  for (const [field, value] of Object.entries(node))
    if (value !== undefined && !COMMON_FIELDS.includes(field) && !own.includes(field))
      unsupported(`field ${field}`);
}
