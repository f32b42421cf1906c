import { InvalidDefinition, ValidationException } from '../api/errors';
import { compileStateMachine } from '../definition/compile';
import { transitionsOf, type JsonObject as GraphObject } from '@myblog/asl';
import { DefinitionError } from '../errors';
import { type Json, type JsonObject, isObject } from '@myblog/asl';
import type { QueryLanguage } from '../states/data-flow';
import type { StateExecutor } from '../states/state';

/**
 * The name AWS gives a state tested on its own, as its context object shows (`$$.State.Name`);
 * a state picked from a whole machine with `stateName` keeps its own.
 */
export const SINGLE_STATE_NAME = 'StateName';

/** The state a TestState request runs, compiled, with what it needs to know of its surroundings. */
export interface StateUnderTest {
  readonly name: string;
  readonly definition: JsonObject;
  readonly type: string;
  readonly language: QueryLanguage;
  readonly executor: StateExecutor;
  /** Inside a Map's ItemProcessor: the context object has `Map.Item`. */
  readonly inMapIteration: boolean;
  /** The names of every state the definition holds (the state itself and those nested in it). */
  readonly nestedStateNames: ReadonlySet<string>;
}

interface Found {
  readonly definition: JsonObject;
  /** The query language of the scope the state sits in. */
  readonly scopeLanguage: QueryLanguage;
  readonly inMapIteration: boolean;
}

const languageOf = (definition: JsonObject, inherited: QueryLanguage): QueryLanguage =>
  definition['QueryLanguage'] === 'JSONata' || definition['QueryLanguage'] === 'JSONPath'
    ? definition['QueryLanguage']
    : inherited;

/** The nested machines of a state: Parallel branches and a Map's processor (with whether it is one). */
function nestedMachines(state: JsonObject): { machine: JsonObject; mapIteration: boolean }[] {
  const machines: { machine: JsonObject; mapIteration: boolean }[] = [];
  const branches = state['Branches'];
  if (Array.isArray(branches))
    for (const branch of branches)
      if (isObject(branch)) machines.push({ machine: branch, mapIteration: false });
  for (const key of ['ItemProcessor', 'Iterator']) {
    const processor = state[key];
    if (isObject(processor)) machines.push({ machine: processor, mapIteration: true });
  }
  return machines;
}

/** Looks for a state by name in a machine and every machine nested in it (names are unique across all). */
function findState(
  machine: JsonObject,
  name: string,
  inherited: QueryLanguage,
  inMapIteration: boolean,
): Found | undefined {
  const scopeLanguage = languageOf(machine, inherited);
  const states = isObject(machine['States']) ? machine['States'] : {};
  const own = Object.hasOwn(states, name) ? states[name] : undefined;
  if (isObject(own)) return { definition: own, scopeLanguage, inMapIteration };
  for (const state of Object.values(states)) {
    if (!isObject(state)) continue;
    for (const nested of nestedMachines(state)) {
      const found = findState(
        nested.machine,
        name,
        languageOf(state, scopeLanguage),
        inMapIteration || nested.mapIteration,
      );
      if (found !== undefined) return found;
    }
  }
  return undefined;
}

/** The names of a state and of every state nested in it. */
function stateNames(name: string, state: JsonObject, names = new Set<string>()): Set<string> {
  names.add(name);
  for (const { machine } of nestedMachines(state)) {
    const states = isObject(machine['States']) ? machine['States'] : {};
    for (const [nestedName, nested] of Object.entries(states))
      if (isObject(nested)) stateNames(nestedName, nested, names);
  }
  return names;
}

/** The names every Assign of a definition sets: a state picked from a machine may read them. */
function assignedVariables(value: Json, names = new Set<string>()): Set<string> {
  if (Array.isArray(value)) for (const item of value) assignedVariables(item, names);
  else if (isObject(value))
    for (const [key, item] of Object.entries(value)) {
      if (key === 'Assign' && isObject(item))
        for (const name of Object.keys(item)) names.add(name.endsWith('.$') ? name.slice(0, -2) : name);
      assignedVariables(item, names);
    }
  return names;
}

function compiled(machine: Json, knownVariables: Iterable<string>): ReturnType<typeof compileStateMachine> {
  try {
    return compileStateMachine(machine, { knownVariables });
  } catch (error) {
    if (error instanceof DefinitionError) throw new InvalidDefinition(error.message);
    throw error;
  }
}

/**
 * The state alone, as a machine the engine compiles: its transition targets become Succeed
 * stubs, so it validates as the service validates one state.
 */
function compileAlone(
  name: string,
  state: JsonObject,
  scopeLanguage: QueryLanguage,
  knownVariables: Iterable<string>,
): StateExecutor {
  const node = {
    name,
    definition: state as GraphObject,
    path: `/States/${name}`,
    enclosing: [],
    scope: { path: '', startAt: name, states: new Map() },
  };
  const stubs: JsonObject = {};
  for (const { target } of transitionsOf(node)) if (target !== name) stubs[target] = { Type: 'Succeed' };
  const machine: JsonObject = { StartAt: name, States: { ...stubs, [name]: state } };
  if (scopeLanguage === 'JSONata') machine['QueryLanguage'] = 'JSONata';
  return compiled(machine, knownVariables).states.get(name) as StateExecutor;
}

function parsed(text: string, invalid: (message: string) => Error): Json {
  try {
    return JSON.parse(text) as Json;
  } catch (error) {
    throw invalid((error as Error).message);
  }
}

/**
 * The state a request tests: the definition itself (one state), or with `stateName` the state
 * of that name anywhere in the machine the definition holds, which is validated whole first.
 */
export function stateUnderTest(
  definitionText: string,
  stateName: string | undefined,
  variables: readonly string[],
): StateUnderTest {
  let name: string;
  let found: Found;
  let knownVariables: Iterable<string> = variables;
  if (stateName === undefined) {
    const state = parsed(
      definitionText,
      (message) => new InvalidDefinition(`Invalid State Definition: '${message}'`),
    );
    if (!isObject(state))
      throw new InvalidDefinition(
        'Invalid State Definition: the definition must be a JSON object of one state',
      );
    name = SINGLE_STATE_NAME;
    found = {
      definition: state,
      scopeLanguage: state['QueryLanguage'] === 'JSONata' ? 'JSONata' : 'JSONPath',
      inMapIteration: false,
    };
  } else {
    const machine = parsed(
      definitionText,
      (message) =>
        new InvalidDefinition(`Invalid State Machine Definition: 'INVALID_JSON_DESCRIPTION: ${message}'`),
    );
    knownVariables = [...variables, ...assignedVariables(machine)];
    compiled(machine, knownVariables);
    const inMachine = isObject(machine) ? findState(machine, stateName, 'JSONPath', false) : undefined;
    if (inMachine === undefined) throw new ValidationException('State not found in definition');
    name = stateName;
    found = inMachine;
  }
  const executor = compileAlone(name, found.definition, found.scopeLanguage, knownVariables);
  return {
    name,
    definition: found.definition,
    type: String(found.definition['Type']),
    language: languageOf(found.definition, found.scopeLanguage),
    executor,
    inMapIteration: found.inMapIteration,
    nestedStateNames: stateNames(name, found.definition),
  };
}
