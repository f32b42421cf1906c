/**
 * The shape of a state machine as a graph: its scopes (the top level, each Parallel branch and
 * each Map processor), the states in each, and where each state can go next. Pure; used by
 * definition validation and by the workflow checks in tests/.
 */

import type { Json as JsonValue, JsonObject } from './json';

export type { JsonObject };

/**
 * A location as the service prints it: JSON-pointer-like with array items in brackets, e.g.
 * `/States/Send/Next`, `/States/C/Choices[0]/Next`, `/States/P/Branches[1]/States/X`.
 */
export type DefinitionPath = string;

export interface StateNode {
  readonly name: string;
  readonly definition: JsonObject;
  readonly path: DefinitionPath;
  /** The Map/Parallel states this one is nested in, outermost first. */
  readonly enclosing: readonly StateNode[];
  readonly scope: Scope;
}

export interface Scope {
  readonly path: DefinitionPath;
  readonly startAt: string | undefined;
  readonly states: ReadonlyMap<string, StateNode>;
}

/** A problem of the graph, with the service's code; MISSING_END_STATE names no location. */
export interface GraphProblem {
  readonly code: 'MISSING_TRANSITION_TARGET' | 'MISSING_END_STATE' | 'DUPLICATE_STATE_NAME';
  readonly path?: DefinitionPath;
  readonly message: string;
}

export function isJsonObject(value: JsonValue | undefined): value is JsonObject {
  return typeof value === 'object' && value !== null && !Array.isArray(value);
}

/** Every state a state can move to, with the path of the field naming it. */
export function transitionsOf(node: StateNode): { target: string; path: DefinitionPath }[] {
  const result: { target: string; path: DefinitionPath }[] = [];
  const def = node.definition;
  const add = (value: JsonValue | undefined, path: DefinitionPath): void => {
    if (typeof value === 'string') result.push({ target: value, path });
  };
  add(def['Next'], `${node.path}/Next`);
  add(def['Default'], `${node.path}/Default`);
  const choices = def['Choices'];
  if (Array.isArray(choices)) {
    choices.forEach((rule, i) => {
      if (isJsonObject(rule)) add(rule['Next'], `${node.path}/Choices[${i}]/Next`);
    });
  }
  const catchers = def['Catch'];
  if (Array.isArray(catchers)) {
    catchers.forEach((catcher, i) => {
      if (isJsonObject(catcher)) add(catcher['Next'], `${node.path}/Catch[${i}]/Next`);
    });
  }
  return result;
}

/** The nested machines of a Map or Parallel state, with their paths. */
export function childMachines(node: StateNode): { machine: JsonObject; path: DefinitionPath }[] {
  const def = node.definition;
  const result: { machine: JsonObject; path: DefinitionPath }[] = [];
  const branches = def['Branches'];
  if (Array.isArray(branches)) {
    branches.forEach((branch, i) => {
      if (isJsonObject(branch)) result.push({ machine: branch, path: `${node.path}/Branches[${i}]` });
    });
  }
  for (const key of ['ItemProcessor', 'Iterator']) {
    const processor = def[key];
    if (isJsonObject(processor)) result.push({ machine: processor, path: `${node.path}/${key}` });
  }
  return result;
}

/** Builds the scope of one machine (top level, branch or processor) and, recursively, its children. */
export function buildScopes(
  machine: JsonObject,
  path: DefinitionPath = '',
  enclosing: readonly StateNode[] = [],
): Scope[] {
  const states = new Map<string, StateNode>();
  const scope: Scope = {
    path,
    startAt: typeof machine['StartAt'] === 'string' ? machine['StartAt'] : undefined,
    states,
  };
  const all: Scope[] = [scope];
  const definitions = machine['States'];
  if (!isJsonObject(definitions)) return all;
  for (const [name, definition] of Object.entries(definitions)) {
    if (!isJsonObject(definition)) continue;
    const node: StateNode = { name, definition, path: `${path}/States/${name}`, enclosing, scope };
    states.set(name, node);
  }
  for (const node of states.values()) {
    for (const child of childMachines(node)) {
      all.push(...buildScopes(child.machine, child.path, [...enclosing, node]));
    }
  }
  return all;
}

/** Every state of the machine, nested ones included, in definition order per scope. */
export function allStates(machine: JsonObject): StateNode[] {
  return buildScopes(machine).flatMap((scope) => [...scope.states.values()]);
}

/** A state that ends the execution: a Succeed or Fail state, or one with `"End": true`. */
const isTerminal = (definition: JsonObject): boolean =>
  definition['Type'] === 'Succeed' || definition['Type'] === 'Fail' || definition['End'] === true;

/**
 * The graph's problems, in the service's order: every StartAt, Next, Default, Choice and Catch
 * target that names no state of its scope (MISSING_TRANSITION_TARGET, "Missing 'Next' target"),
 * then either MISSING_END_STATE when no top-level state is terminal, or else every state no
 * path from its scope's StartAt reaches. The service checks terminal states at the top level
 * only: a loop inside a Map or a Parallel branch is accepted.
 */
export function graphProblems(machine: JsonObject): GraphProblem[] {
  const problems: GraphProblem[] = [];
  const scopes = buildScopes(machine).filter((scope) => scope.startAt !== undefined);
  const missing = (target: string, path: DefinitionPath): GraphProblem => ({
    code: 'MISSING_TRANSITION_TARGET',
    path,
    message: `Missing 'Next' target: ${target}`,
  });
  for (const scope of scopes) {
    if (!scope.states.has(scope.startAt as string))
      problems.push(missing(scope.startAt as string, `${scope.path}/StartAt`));
    for (const node of scope.states.values()) {
      for (const { target, path } of transitionsOf(node))
        if (!scope.states.has(target)) problems.push(missing(target, path));
    }
  }
  const top = scopes.find((scope) => scope.path === '');
  if (
    top !== undefined &&
    top.states.size > 0 &&
    ![...top.states.values()].some((node) => isTerminal(node.definition))
  ) {
    problems.push({ code: 'MISSING_END_STATE', message: 'Workflow has no terminal state' });
    return problems;
  }
  for (const scope of scopes) {
    const reached = new Set<string>();
    const pending = [scope.startAt as string];
    while (pending.length > 0) {
      const node = scope.states.get(pending.pop() as string);
      if (node === undefined || reached.has(node.name)) continue;
      reached.add(node.name);
      pending.push(...transitionsOf(node).map((t) => t.target));
    }
    for (const node of scope.states.values()) {
      if (!reached.has(node.name))
        problems.push({
          code: 'MISSING_TRANSITION_TARGET',
          path: node.path,
          message: `State "${node.name}" is not reachable.`,
        });
    }
  }
  return problems;
}

/**
 * State names used more than once in the machine: names are the whole state machine's, not a
 * scope's, so two Parallel branches or a branch and the top level cannot share one. Each repeat
 * is reported where it appears.
 */
export function duplicateStateNames(machine: JsonObject): GraphProblem[] {
  const seen = new Set<string>();
  const problems: GraphProblem[] = [];
  for (const scope of buildScopes(machine)) {
    for (const node of scope.states.values()) {
      if (seen.has(node.name))
        problems.push({
          code: 'DUPLICATE_STATE_NAME',
          path: node.path,
          message: `Duplicate State name: ${node.name}`,
        });
      seen.add(node.name);
    }
  }
  return problems;
}
