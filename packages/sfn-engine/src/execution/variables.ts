import type { Json } from '@myblog/asl';

/**
 * Workflow variables. A Parallel branch or Map iteration gets a child scope: it reads the outer
 * variables, and its own assignments stay inside it (the service keeps outer variables read-only
 * from inner states).
 */
export class VariableScope {
  private readonly values = new Map<string, Json>();

  constructor(private readonly parent?: VariableScope) {}

  get(name: string): Json | undefined {
    const own = this.values.get(name);
    if (own !== undefined || this.values.has(name)) return own;
    return this.parent?.get(name);
  }

  /** Assigns all at once: every value was evaluated against the variables as they were before. */
  assign(values: ReadonlyMap<string, Json> | Record<string, Json>): void {
    const entries = values instanceof Map ? values.entries() : Object.entries(values);
    for (const [name, value] of entries) this.values.set(name, value);
  }

  /** Names visible from here, innermost first, each once. */
  *names(): Iterable<string> {
    const seen = new Set<string>();
    // eslint-disable-next-line @typescript-eslint/no-this-alias -- walking up the chain starts here
    for (let scope: VariableScope | undefined = this; scope !== undefined; scope = scope.parent) {
      for (const name of scope.values.keys()) {
        if (!seen.has(name)) {
          seen.add(name);
          yield name;
        }
      }
    }
  }

  /** This scope's own variables (not its parents'), to resume from later. */
  snapshot(): Record<string, Json> {
    return Object.fromEntries(this.values);
  }

  child(): VariableScope {
    return new VariableScope(this);
  }
}
