/**
 * The constructors and unary minus, as the library's evaluator builds them: arrays (nested
 * constructors kept whole, `cons` marked), objects grouped by key over the input sequence.
 */
import { leaveToLibrary } from './environment';
import { append, flag } from './helpers';
import { type CompileNode, type Evaluator, type Node, asNode, asNodes, unsupported } from './nodes';
import { type JsonataError, createSequence, isNumeric } from './values';

export function compileUnary(node: Node, depth: number, compile: CompileNode): Evaluator {
  switch (node.value) {
    case '-': {
      const expression = compile(asNode(node['expression']), depth);
      const position = node['position'];
      return (input, env) => {
        const result = expression(input, env);
        if (result === undefined) return undefined;
        if (isNumeric(result)) return -result;
        throw {
          code: 'D1002',
          position: position as number,
          token: '-',
          value: result,
        } satisfies JsonataError;
      };
    }
    case '[':
      return compileArray(node, depth, compile);
    case '{':
      return compileObject(node, depth, compile);
    default:
      return unsupported(`unary ${String(node.value)}`);
  }
}

function compileArray(node: Node, depth: number, compile: CompileNode): Evaluator {
  const items = asNodes(node['expressions']).map((item) => ({
    evaluate: compile(item, depth),
    // An item that is itself an array constructor is kept whole; anything else is appended.
    nested: item.value === '[',
  }));
  const cons = node['consarray'] === true;
  return (input, env) => {
    // Every item first, then the array (the library evaluates the items all at once).
    const values: unknown[] = [];
    for (const item of items) values.push(item.evaluate(input, env));
    let result: unknown = [];
    for (let i = 0; i < values.length; i += 1) {
      const value = values[i];
      if (value === undefined) continue;
      if ((items[i] as { nested: boolean }).nested) (result as unknown[]).push(value);
      else result = append(result, value);
    }
    if (cons) Object.defineProperty(result, 'cons', { enumerable: false, configurable: false, value: true });
    return result;
  };
}

function compileObject(node: Node, depth: number, compile: CompileNode): Evaluator {
  const lhs = node['lhs'];
  const pairs = (Array.isArray(lhs) ? (lhs as unknown[]) : unsupported('object pairs')).map((pair) => {
    if (!Array.isArray(pair) || pair.length !== 2) unsupported('object pair');
    const [key, value] = pair as [unknown, unknown];
    return [compile(asNode(key), depth), compile(asNode(value), depth)] as const;
  });
  const position = node['position'] as number;
  return (input, env) => {
    if (flag(input, 'tupleStream')) leaveToLibrary();
    const items = (Array.isArray(input) ? input : createSequence(input)) as unknown[];
    if (items.length === 0) items.push(undefined);
    const groups: Record<string, { data: unknown; exprIndex: number }> = Object.create(null) as Record<
      string,
      { data: unknown; exprIndex: number }
    >;
    for (const item of items) {
      for (const [exprIndex, [keyOf]] of pairs.entries()) {
        const key = keyOf(item, env);
        if (typeof key !== 'string' && key !== undefined)
          throw { code: 'T1003', position, value: key } satisfies JsonataError;
        if (key === undefined) continue;
        if (key === '_jsonata_lambda' || key === '_jsonata_function')
          throw { code: 'D1013', position, value: key } satisfies JsonataError;
        const group = groups[key];
        if (group === undefined) groups[key] = { data: item, exprIndex };
        else if (group.exprIndex !== exprIndex)
          throw { code: 'D1009', position, value: key } satisfies JsonataError;
        else group.data = append(group.data, item);
      }
    }
    const result: Record<string, unknown> = Object.create(null) as Record<string, unknown>;
    const keys = Object.keys(groups);
    // Every value first, then the object (the library evaluates the values all at once).
    const values: unknown[] = [];
    for (const key of keys) {
      const group = groups[key] as { data: unknown; exprIndex: number };
      values.push((pairs[group.exprIndex] as readonly [Evaluator, Evaluator])[1](group.data, env));
    }
    for (let i = 0; i < keys.length; i += 1)
      if (values[i] !== undefined) result[keys[i] as string] = values[i];
    return result;
  };
}
