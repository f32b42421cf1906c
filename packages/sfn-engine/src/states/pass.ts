import type { StateVisit } from '../execution/frame';
import type { Json } from '@myblog/asl';
import { JsonataFlow, JsonPathFlow } from './data-flow';
import { nextOf, type StateCompileContext, type StateExecutor, type StateOutcome } from './state';

/** Pass in JSONPath: Result (or the effective input) placed by ResultPath. */
class JsonPathPass implements StateExecutor {
  readonly type = 'Pass';
  readonly synchronous = true;
  private readonly flow: JsonPathFlow;
  private readonly result: Json | undefined;
  private readonly next: string | undefined;

  constructor(
    readonly name: string,
    context: StateCompileContext,
  ) {
    this.flow = new JsonPathFlow(context.definition);
    this.result = context.definition['Result'];
    this.next = nextOf(context.definition);
  }

  run(input: Json, visit: StateVisit): StateOutcome {
    const result = this.result !== undefined ? this.result : this.flow.effectiveInput(input, visit);
    const assignment = this.flow.assignments(result, visit);
    return { output: this.flow.output(input, result, visit), next: this.next, assignment };
  }
}

/** Pass in JSONata: Output (default: the input) and Assign. */
class JsonataPass implements StateExecutor {
  readonly type = 'Pass';
  readonly synchronous: boolean;
  private readonly flow: JsonataFlow;
  private readonly next: string | undefined;

  constructor(
    readonly name: string,
    context: StateCompileContext,
  ) {
    this.flow = new JsonataFlow(context.definition, null);
    this.next = nextOf(context.definition);
    this.synchronous = this.flow.finishesSynchronously;
  }

  run(input: Json, visit: StateVisit): StateOutcome | Promise<StateOutcome> {
    const finished = this.flow.finish(input, undefined, input, visit);
    // Without a promise when its expressions took the JSONata fast path.
    if (finished instanceof Promise)
      return finished.then(({ output, assignment }) => ({ output, next: this.next, assignment }));
    return { output: finished.output, next: this.next, assignment: finished.assignment };
  }
}

export function compilePass(context: StateCompileContext): StateExecutor {
  return context.language === 'JSONata'
    ? new JsonataPass(context.name, context)
    : new JsonPathPass(context.name, context);
}
