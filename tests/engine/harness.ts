import { VirtualClock } from '../../packages/sfn-engine/src/clock';
import {
  StepFunctionsEngine,
  type EngineOptions,
  type ExecutionDescription,
} from '../../packages/sfn-engine/src/engine';
import { StatesError } from '../../packages/sfn-engine/src/errors';
import type { TaskInvocation } from '../../packages/sfn-engine/src/execution/services';
import type { Json, JsonObject } from '../../packages/asl/src/json';

/** What a fake task resource does when invoked: return a value, or throw `fail(...)`. */
export type TaskBehaviour = (parameters: Json, invocation: TaskInvocation) => Json | Promise<Json>;

export const fail = (error: string, cause = ''): StatesError => new StatesError(error, cause);

/** A Task resource ARN for the fake resolver. */
export const fn = (name: string): string => `arn:aws:lambda:us-east-1:123456789012:function:${name}`;

/** An engine on virtual time whose tasks are the given functions, keyed by resource ARN. */
export function engineWith(
  tasks: Record<string, TaskBehaviour> = {},
  options: EngineOptions = {},
): StepFunctionsEngine {
  return new StepFunctionsEngine({
    clock: new VirtualClock(),
    resolver: {
      invoke: async (invocation) => {
        const behaviour = tasks[invocation.resource];
        if (behaviour === undefined) throw fail('States.TaskFailed', `no fake for ${invocation.resource}`);
        return behaviour(invocation.parameters, invocation);
      },
    },
    ...options,
  });
}

let counter = 0;

/** Creates the machine and runs one execution to its end. */
export async function runDefinition(
  definition: JsonObject,
  input: Json = {},
  tasks: Record<string, TaskBehaviour> = {},
  engine: StepFunctionsEngine = engineWith(tasks),
): Promise<{ engine: StepFunctionsEngine; execution: ExecutionDescription }> {
  counter += 1;
  const { stateMachineArn } = engine.createStateMachine({ name: `conformance-${counter}`, definition });
  const execution = await engine.startSyncExecution({ stateMachineArn, input: JSON.stringify(input) });
  return { engine, execution };
}

/** The names of the states entered, in order (all scopes interleaved as recorded). */
export function statesEntered(engine: StepFunctionsEngine, executionArn: string): string[] {
  return engine
    .getExecutionHistory(executionArn)
    .filter((event) => event.type.endsWith('StateEntered'))
    .map((event) => (event['stateEnteredEventDetails'] as { name: string }).name);
}

export type Expectation =
  | { readonly output: Json }
  | { readonly error: string; readonly cause?: string | RegExp }
  | { readonly invalid: string | RegExp };

/** One conformance case: a definition, an input and what the service does with them. */
export interface ConformanceCase {
  readonly name: string;
  readonly definition: JsonObject;
  readonly input?: Json;
  readonly tasks?: Record<string, TaskBehaviour>;
  readonly expect: Expectation;
  /** States entered, in order, when the path matters. */
  readonly path?: readonly string[];
}

/** Runs every case as its own jest test. */
export function conformance(cases: readonly ConformanceCase[]): void {
  test.each(cases.map((c) => [c.name, c] as const))('%s', async (_name, c) => {
    const expectation = c.expect;
    if ('invalid' in expectation) {
      const engine = engineWith();
      let thrown: unknown;
      try {
        engine.createStateMachine({ name: 'invalid', definition: c.definition });
      } catch (error) {
        thrown = error;
      }
      expect(thrown).toMatchObject({ name: 'InvalidDefinition' });
      expect((thrown as Error).message).toMatch(expectation.invalid);
      return;
    }
    const { engine, execution } = await runDefinition(c.definition, c.input ?? {}, c.tasks ?? {});
    if ('output' in expectation) {
      expect({ status: execution.status, error: execution.error, cause: execution.cause }).toEqual({
        status: 'SUCCEEDED',
        error: undefined,
        cause: undefined,
      });
      expect(JSON.parse(execution.output as string)).toEqual(expectation.output);
    } else {
      expect({ status: execution.status, error: execution.error }).toEqual({
        status: 'FAILED',
        error: expectation.error,
      });
      if (expectation.cause !== undefined) expect(execution.cause ?? '').toMatch(expectation.cause);
    }
    if (c.path !== undefined) expect(statesEntered(engine, execution.executionArn)).toEqual(c.path);
  });
}

/** A one-state machine: a Pass whose Parameters compute `r`, output `r`. */
export function passComputing(expression: string, language: 'JSONPath' | 'JSONata' = 'JSONPath'): JsonObject {
  if (language === 'JSONata') {
    return {
      QueryLanguage: 'JSONata',
      StartAt: 'P',
      States: { P: { Type: 'Pass', Output: expression, End: true } },
    };
  }
  return {
    StartAt: 'P',
    States: { P: { Type: 'Pass', Parameters: { 'r.$': expression }, OutputPath: '$.r', End: true } },
  };
}

/** A one-state machine of the given state definition. */
export function single(state: JsonObject, top: JsonObject = {}): JsonObject {
  const terminal =
    ['Choice', 'Succeed', 'Fail'].includes(String(state['Type'])) || state['Next'] !== undefined;
  return { ...top, StartAt: 'S', States: { S: terminal ? state : { ...state, End: true } } };
}
