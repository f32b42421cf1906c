/**
 * Compiles a JSONata syntax tree (the library's own parse, `jsonata(text).ast()`) into plain
 * synchronous closures, one per node, each doing what the library's evaluator does for that node
 * (jsonata 2.x, `evaluate` and the functions it calls, followed step by step: sequences, flags,
 * flattening, which side is evaluated first, which error is thrown with which fields). Only the
 * common part of the language is compiled; a node of any other kind, or with a field this does not
 * know, makes the whole expression the library's (Unsupported). This module dispatches on the node
 * type; each kind has its own module (paths, operators, constructors, calls), handed compileNode
 * for the nodes below it. Nothing in them loops over anything but the data, calls itself, or runs
 * a regex, so an evaluation cannot run long.
 */
import { compileFunction } from './calls';
import { compileUnary } from './constructors';
import { flag, helpers, lookup } from './helpers';
import { type Evaluator, type Node, asNode, asNodes, checkFields, unsupported } from './nodes';
import { compileBinary, compileCondition } from './operators';
import { compilePath, evaluateWildcard, filtersOf } from './paths';
import { settle } from './values';

/** Deeper trees are left to the library, whose depth budget (D1011) then applies as before. */
const MAX_DEPTH = 100;

/** Compiles an expression's tree; throws Unsupported for anything it does not compile. */
export function compileTree(ast: unknown): Evaluator {
  helpers();
  return compileNode(asNode(ast), 0);
}

function compileNode(node: Node, depth: number): Evaluator {
  if (depth > MAX_DEPTH) unsupported('too deep');
  checkFields(node);
  const core = compileCore(node, depth + 1);
  const filters = filtersOf(node['predicate'], depth + 1, compileNode);
  const keepArray = node['keepArray'] === true;
  if (filters.length === 0 && !keepArray) return (input, env) => settle(core(input, env), false);
  return (input, env) => {
    let result = core(input, env);
    for (const filter of filters) result = filter(result, env);
    return settle(result, keepArray);
  };
}

function compileCore(node: Node, depth: number): Evaluator {
  switch (node.type) {
    case 'string':
    case 'number':
    case 'value': {
      const value = node.value;
      return () => value;
    }
    case 'name': {
      const key = String(node.value);
      return (input) => lookup(input, key);
    }
    case 'variable':
      return compileVariable(String(node.value));
    case 'wildcard':
      return evaluateWildcard;
    case 'path':
      return compilePath(node, depth, compileNode);
    case 'binary':
      return compileBinary(node, depth, compileNode);
    case 'unary':
      return compileUnary(node, depth, compileNode);
    case 'condition':
      return compileCondition(node, depth, compileNode);
    case 'block': {
      const expressions = asNodes(node['expressions']).map((e) => compileNode(e, depth));
      return (input, env) => {
        let result: unknown;
        for (const expression of expressions) result = expression(input, env);
        return result;
      };
    }
    case 'function':
      return compileFunction(node, depth, compileNode);
    default:
      return unsupported(`node type ${node.type}`);
  }
}

function compileVariable(name: string): Evaluator {
  // `$` alone is the context value.
  if (name === '') return (input) => (flag(input, 'outerWrapper') ? (input as unknown[])[0] : input);
  return (_input, env) => env.lookup(name);
}
