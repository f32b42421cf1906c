/**
 * The two engines under test, behind one interface: ours (in-process StepFunctionsEngine) and the
 * peer (the npm package aws-local-stepfunctions, a devDependency used only here).
 */
import { StepFunctionsEngine } from '@myblog/sfn-engine';
import type { Json, JsonObject } from '@myblog/asl';

export interface EngineRunner {
  readonly name: string;
  /** Prepares a definition once; returns a function that runs it on an input. */
  prepare(definition: JsonObject): Promise<(input: Json) => Promise<unknown>>;
}

let machines = 0;

export const ours: EngineRunner = {
  name: 'ours',
  async prepare(definition) {
    const engine = new StepFunctionsEngine({ retainedExecutions: 10 });
    machines += 1;
    // Express: the cases make more than a Standard execution's 25,000 history events (the
    // service fails such an execution; an Express one has no history quota).
    const { stateMachineArn } = engine.createStateMachine({
      name: `bench-${machines}`,
      definition,
      type: 'EXPRESS',
    });
    return async (input) => {
      const result = await engine.startSyncExecution({ stateMachineArn, input: JSON.stringify(input) });
      if (result.status !== 'SUCCEEDED')
        throw new Error(`${result.status}: ${result.error ?? ''} ${result.cause ?? ''}`);
      return JSON.parse(result.output as string) as unknown;
    };
  },
};

export const peer: EngineRunner = {
  name: 'aws-local-stepfunctions',
  async prepare(definition) {
    // The peer ships as an ES module; this file is CommonJS, hence the dynamic import.
    const { StateMachine } = await import('aws-local-stepfunctions');
    // The peer's definition type is its own copy of the ASL types; the JSON is the same.
    const machine = new StateMachine(definition as never, {
      validationOptions: { checkPaths: false, checkArn: false },
    });
    return async (input) => machine.run(input as never).result;
  },
};
