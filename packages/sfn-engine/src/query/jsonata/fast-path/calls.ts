/**
 * Function calls, `$name(...)` only: the library's own function behind the name, its signature
 * validated as the library does, `$now()` and `$millis()` fixed for the whole evaluation.
 */
import { type Environment, leaveToLibrary } from './environment';
import { annotate, helpers, libraryFunction } from './helpers';
import { type Focus, timestampFunction } from './library';
import { type CompileNode, type Evaluator, type Node, asNode, asNodes, unsupported } from './nodes';
import { createSequence, isFunction } from './values';

export function compileFunction(node: Node, depth: number, compile: CompileNode): Evaluator {
  const procedure = asNode(node['procedure']);
  const plain = Object.entries(procedure).every(
    ([field, value]) => value === undefined || ['type', 'value', 'position'].includes(field),
  );
  if (procedure.type !== 'variable' || !plain) unsupported('procedure');
  const name = String(procedure.value);
  const args = asNodes(node['arguments']).map((arg) => compile(arg, depth));
  const call = compileCall(name);
  const position = node['position'];
  return (input, env) => {
    // A variable of the same name is what `$name` calls (and fails to): the library's to say.
    if (env.hides(name)) leaveToLibrary();
    const values: unknown[] = [];
    for (const arg of args) {
      const value = arg(input, env);
      // A function passed as an argument (data marked as one, here) is the library's too.
      if (isFunction(value)) leaveToLibrary();
      values.push(value);
    }
    try {
      return call(values, input, env);
    } catch (error) {
      annotate(error, position, name, false);
      throw error;
    }
  };
}

type Call = (args: unknown[], input: unknown, env: Environment) => unknown;

function focusOf(input: unknown, env: Environment): Focus {
  return { environment: env, input, options: {}, createSequence };
}

function compileCall(name: string): Call {
  if (name === 'now' || name === 'millis') {
    const signature = (timestampFunction(name) ?? unsupported(`$${name}`)).signature;
    return (args, input, env) => {
      const [picture, timezone] = signature === undefined ? args : signature.validate(args, input);
      const millis = env.timestamp.getTime();
      return name === 'millis'
        ? millis
        : helpers().fromMillis.call(focusOf(input, env), millis, picture, timezone);
    };
  }
  const fn = libraryFunction(name);
  return (args, input, env) => {
    const validated = fn.signature === undefined ? args : fn.signature.validate(args, input);
    return fn.implementation.apply(focusOf(input, env), validated);
  };
}
