import jsonata from 'jsonata';

/**
 * The environment the `jsonata` library evaluates in: its built-in functions, as an expression
 * sees them. The library exports no way to reach it; its evaluation entry hook (the one
 * evaluation-budget.ts uses) is called with it, synchronously, as evaluate() starts, so a probe
 * expression is started once with a hook that keeps the environment and stops the evaluation.
 * Should a future version of the library change that, the probe finds nothing.
 */
export interface LibraryEnvironment {
  lookup(name: string): unknown;
}

type Expression = ReturnType<typeof jsonata>;

const ENTRY = Symbol.for('jsonata.__evaluate_entry');
const STOP = Symbol('probe done');

/** The environment of an expression `prepare` registered its own functions on (if any). */
export function probeEnvironment(
  prepare: (expression: Expression) => void = () => undefined,
): LibraryEnvironment | undefined {
  const probe = jsonata('$');
  prepare(probe);
  let captured: LibraryEnvironment | undefined;
  // `assign` is typed for string names; JSONata's hooks are bound under symbols.
  const assign = probe.assign as (name: string | symbol, value: unknown) => void;
  assign(ENTRY, (_expr: unknown, _input: unknown, environment: LibraryEnvironment) => {
    captured = environment;
    throw STOP;
  });
  probe.evaluate(undefined).catch(() => undefined);
  return typeof captured?.lookup === 'function' ? captured : undefined;
}

/** A built-in as the library defines it: its implementation, called with the arguments. */
export interface BuiltIn {
  readonly implementation: (...args: unknown[]) => unknown;
}

let pristine: LibraryEnvironment | null | undefined;

/** The library's own `$name`, before any function of ours is registered over it. */
export function builtIn(name: string): BuiltIn | undefined {
  if (pristine === undefined) pristine = probeEnvironment() ?? null;
  const found = pristine?.lookup(name) as { implementation?: unknown } | undefined;
  return typeof found?.implementation === 'function' ? (found as BuiltIn) : undefined;
}

/**
 * Calls the library's own `$name` as JSONata would (`self` is the `this` it gives a built-in):
 * for a function of ours registered over it that hands some calls back to the original.
 */
export function callBuiltIn(name: string, self: unknown, args: readonly unknown[]): unknown {
  const original = builtIn(name);
  if (original === undefined) throw new Error(`JSONata's $${name} could not be found`);
  return original.implementation.apply(self, [...args]);
}
