import type { StateVisit } from '../execution/frame';
import type { Json } from '@myblog/asl';
import { JsonataFlow, JsonPathFlow } from './data-flow';
import type { StateCompileContext, StateExecutor, StateOutcome } from './state';

class JsonPathSucceed implements StateExecutor {
  readonly type = 'Succeed';
  readonly synchronous = true;
  private readonly flow: JsonPathFlow;

  constructor(
    readonly name: string,
    context: StateCompileContext,
  ) {
    this.flow = new JsonPathFlow(context.definition, null);
  }

  run(input: Json, visit: StateVisit): StateOutcome {
    return { output: this.flow.outputOf(this.flow.effectiveInput(input, visit), visit), next: undefined };
  }
}

class JsonataSucceed implements StateExecutor {
  readonly type = 'Succeed';
  readonly synchronous: boolean;
  private readonly flow: JsonataFlow;

  constructor(
    readonly name: string,
    context: StateCompileContext,
  ) {
    this.flow = new JsonataFlow(context.definition, null);
    this.synchronous = this.flow.finishesSynchronously;
  }

  run(input: Json, visit: StateVisit): StateOutcome | Promise<StateOutcome> {
    const finished = this.flow.finish(input, undefined, input, visit);
    if (finished instanceof Promise) return finished.then(({ output }) => ({ output, next: undefined }));
    return { output: finished.output, next: undefined };
  }
}

export function compileSucceed(context: StateCompileContext): StateExecutor {
  return context.language === 'JSONata'
    ? new JsonataSucceed(context.name, context)
    : new JsonPathSucceed(context.name, context);
}
