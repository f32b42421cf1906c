import { DefinitionError } from '../errors';
import { type JsonObject, isObject } from '@myblog/asl';
import { compileChoice } from '../states/choice';
import type { QueryLanguage } from '../states/data-flow';
import { compileFail } from '../states/fail';
import { compileMap } from '../states/map';
import { compileParallel } from '../states/parallel';
import { compilePass } from '../states/pass';
import type { CompiledMachine, StateCompileContext, StateExecutor } from '../states/state';
import { compileSucceed } from '../states/succeed';
import { compileTask } from '../states/task';
import { compileWait } from '../states/wait';
import { validateDefinition, type ValidationOptions } from './validate';

const COMPILERS: Record<string, (context: StateCompileContext) => StateExecutor> = {
  Pass: compilePass,
  Task: compileTask,
  Choice: compileChoice,
  Wait: compileWait,
  Succeed: compileSucceed,
  Fail: compileFail,
  Parallel: compileParallel,
  Map: compileMap,
};

function compileScope(machine: JsonObject, inherited: QueryLanguage): CompiledMachine {
  const language: QueryLanguage = machine['QueryLanguage'] === 'JSONata' ? 'JSONata' : inherited;
  const states = new Map<string, StateExecutor>();
  for (const [name, definition] of Object.entries(machine['States'] as JsonObject)) {
    if (!isObject(definition)) continue;
    const stateLanguage: QueryLanguage =
      definition['QueryLanguage'] === 'JSONata'
        ? 'JSONata'
        : definition['QueryLanguage'] === 'JSONPath'
          ? 'JSONPath'
          : language;
    const compile = COMPILERS[String(definition['Type'])] as (context: StateCompileContext) => StateExecutor;
    states.set(name, compile({ name, definition, language: stateLanguage, compileMachine: compileScope }));
  }
  return {
    startAt: String(machine['StartAt']),
    states,
    language,
    timeoutSeconds: typeof machine['TimeoutSeconds'] === 'number' ? machine['TimeoutSeconds'] : undefined,
  };
}

/**
 * Validates a definition and compiles it into executors, once; every execution of the state
 * machine reuses the result. Throws DefinitionError listing every problem with its path.
 */
/**
 * Compiles a definition read back from the journal without validating it again: it was accepted
 * when it was created, and checks at creation grow stricter (they follow the service more
 * closely with each version; they depend on the machine's type and the compatibility mode).
 * journal/restorable.ts leaves out, with a warning, any that cannot run. Throws DefinitionError
 * when a state's compiler cannot take it at all.
 */
export function compileAcceptedStateMachine(definition: JsonObject): CompiledMachine {
  try {
    return compileScope(definition, 'JSONPath');
  } catch (error) {
    throw new DefinitionError([{ message: (error as Error).message }]);
  }
}

export function compileStateMachine(definition: unknown, options: ValidationOptions = {}): CompiledMachine {
  const problems = validateDefinition(definition, options);
  if (problems.length > 0) throw new DefinitionError(problems);
  try {
    return compileScope(definition as JsonObject, 'JSONPath');
  } catch (error) {
    // A state's compiler refusing what validation let through: the service would name no place.
    throw new DefinitionError([{ message: (error as Error).message }]);
  }
}
