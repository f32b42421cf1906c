import { rmSync } from 'node:fs';
import type { LambdaContext, LambdaHandler } from '@myblog/stepfunctions-local';
import { bundleDirectory, bundleFunctions } from './bundle';
import { ExecutionEnvironment } from './environment';
import { TooManyRequests } from './errors';
import { HANDLER_FILE_VARIABLE, type InvocationContext } from './protocol';

/** One function as the host runs it. */
export interface HostedFunction {
  /** The function's name, as the Invoke API and Step Functions call it. */
  readonly name: string;
  /** Its handler.ts: bundled once when the host starts. */
  readonly handlerFile: string;
  /** Its own environment variables (Lambda's reserved ones are added). */
  readonly env: Readonly<Record<string, string>>;
  readonly timeoutSeconds: number;
  readonly memoryMb: number;
  /** At most this many invocations at once; more are throttled (TooManyRequestsException), as Lambda does. */
  readonly reservedConcurrency?: number;
}

export interface FunctionHostOptions {
  readonly region: string;
  readonly accountId: string;
  /**
   * Live environments across every function: this machine's limit, not Lambda's. An invocation
   * beyond it waits for one (not counted in its timeout, as Lambda would have started it at once).
   */
  readonly maxEnvironments?: number;
  /** An environment idle for this long is stopped (ms); Lambda keeps them minutes, so does this. */
  readonly idleMs?: number;
  /** Variables of the host's own environment every function also sees (PATH, POWERTOOLS_*...). */
  readonly inherited?: Readonly<Record<string, string>>;
}

/** How the host's invocations started: what bench/ and the tests read. */
export interface HostCounts {
  coldStarts: number;
  warmStarts: number;
  timeouts: number;
  throttles: number;
}

interface Slot {
  readonly spec: HostedFunction;
  readonly env: Readonly<Record<string, string>>;
  readonly idle: ExecutionEnvironment[];
  inFlight: number;
}

/** The host variables a function sees as well, as Lambda's runtime has its own PATH and locale. */
export function inheritedVariables(env: NodeJS.ProcessEnv = process.env): Record<string, string> {
  const kept: Record<string, string> = {};
  for (const [name, value] of Object.entries(env))
    if (
      value !== undefined &&
      (/^(PATH|LANG|LC_\w+|TZ|HOME|TMPDIR)$/.test(name) || name.startsWith('POWERTOOLS_'))
    )
      kept[name] = value;
  return kept;
}

/**
 * The functions as Lambda runs them: each invocation in an execution environment of its own (a
 * child process, reused warm, one invocation at a time), stopped at its timeout, with reserved
 * concurrency throttled. What a function may share with another is only what AWS would let it.
 */
export class FunctionHost {
  private readonly slots = new Map<string, Slot>();
  private readonly waiting: (() => void)[] = [];
  /** Every environment started and not yet stopped, busy or idle. */
  private readonly environments = new Set<ExecutionEnvironment>();
  /** Environments being started (cold starts under way): they count against the limit too. */
  private starting = 0;
  private stopped = false;
  private readonly reaper: NodeJS.Timeout;
  readonly counts: HostCounts = { coldStarts: 0, warmStarts: 0, timeouts: 0, throttles: 0 };

  private constructor(
    functions: readonly HostedFunction[],
    private readonly sandbox: string,
    handlers: Readonly<Record<string, string>>,
    private readonly directory: string,
    private readonly options: FunctionHostOptions,
  ) {
    for (const spec of functions) {
      const handlerFile = handlers[spec.name];
      if (handlerFile === undefined) throw new Error(`No bundle for ${spec.name}`);
      this.slots.set(spec.name, {
        spec,
        env: {
          ...options.inherited,
          ...lambdaVariables(spec, options.region),
          ...spec.env,
          [HANDLER_FILE_VARIABLE]: handlerFile,
        },
        idle: [],
        inFlight: 0,
      });
    }
    const idleMs = options.idleMs ?? 5 * 60_000;
    this.reaper = setInterval(() => this.reap(idleMs), Math.min(idleMs, 10_000));
    this.reaper.unref();
  }

  /** Bundles every function (one esbuild run) and returns a host with no environment started yet. */
  static start(functions: readonly HostedFunction[], options: FunctionHostOptions): FunctionHost {
    const directory = bundleDirectory();
    const bundles = bundleFunctions(
      Object.fromEntries(functions.map((spec) => [spec.name, spec.handlerFile] as const)),
      directory,
    );
    return new FunctionHost(functions, bundles.sandbox, bundles.handlers, directory, options);
  }

  /** The function as a handler the engine, the pollers and the local APIs call. */
  handler(name: string): LambdaHandler {
    return (event, context) => this.invoke(name, event, context);
  }

  async invoke(name: string, event: unknown, invoked: Pick<LambdaContext, 'awsRequestId'>): Promise<unknown> {
    const slot = this.slots.get(name);
    if (slot === undefined) throw new Error(`No function ${name} in this host`);
    const { spec } = slot;
    if (spec.reservedConcurrency !== undefined && slot.inFlight >= spec.reservedConcurrency) {
      this.counts.throttles += 1;
      throw new TooManyRequests(name, spec.reservedConcurrency);
    }
    slot.inFlight += 1;
    try {
      const environment = await this.acquire(slot);
      try {
        const payload = await environment.invoke(
          JSON.stringify(event ?? null),
          this.context(spec, invoked.awsRequestId),
          spec.timeoutSeconds,
        );
        return JSON.parse(payload) as unknown;
      } catch (error) {
        if ((error as Error).name === 'Sandbox.Timedout') this.counts.timeouts += 1;
        throw error;
      } finally {
        this.release(slot, environment);
      }
    } finally {
      slot.inFlight -= 1;
    }
  }

  /** Stops every environment and removes the bundles. */
  async stop(): Promise<void> {
    this.stopped = true;
    clearInterval(this.reaper);
    for (const slot of this.slots.values()) slot.idle.splice(0);
    // Busy ones too: an invocation still running answers Runtime.ExitError.
    await Promise.all([...this.environments].map((environment) => environment.kill()));
    for (const wake of this.waiting.splice(0)) wake();
    rmSync(this.directory, { recursive: true, force: true });
  }

  /** A warm environment of the function if one is idle, otherwise a cold start once there is room. */
  private async acquire(slot: Slot): Promise<ExecutionEnvironment> {
    for (;;) {
      if (this.stopped) throw new Error('The function host has stopped');
      const warm = slot.idle.pop();
      if (warm !== undefined) {
        if (!warm.isAlive) {
          this.forget(warm);
          continue;
        }
        this.counts.warmStarts += 1;
        return warm;
      }
      if (this.environments.size + this.starting < (this.options.maxEnvironments ?? 32)) {
        this.starting += 1;
        this.counts.coldStarts += 1;
        try {
          const environment = await ExecutionEnvironment.start({
            sandbox: this.sandbox,
            env: slot.env,
            memoryMb: slot.spec.memoryMb,
          });
          this.environments.add(environment);
          if (this.stopped) await environment.kill();
          return environment;
        } catch (error) {
          this.wakeOne();
          throw error;
        } finally {
          this.starting -= 1;
        }
      }
      // Full: make room by stopping the environment idle longest, of whichever function.
      const victim = this.longestIdle();
      if (victim !== undefined) {
        victim.slot.idle.splice(victim.slot.idle.indexOf(victim.environment), 1);
        await this.forget(victim.environment);
        continue;
      }
      await new Promise<void>((resolve) => this.waiting.push(resolve));
    }
  }

  private release(slot: Slot, environment: ExecutionEnvironment): void {
    if (environment.isAlive && !this.stopped) slot.idle.push(environment);
    else void this.forget(environment);
    this.wakeOne();
  }

  /** Stops an environment that left the pool, and frees its place. */
  private forget(environment: ExecutionEnvironment): Promise<void> {
    this.environments.delete(environment);
    return environment.kill();
  }

  private wakeOne(): void {
    this.waiting.shift()?.();
  }

  private longestIdle(): { slot: Slot; environment: ExecutionEnvironment } | undefined {
    let found: { slot: Slot; environment: ExecutionEnvironment } | undefined;
    for (const slot of this.slots.values())
      for (const environment of slot.idle)
        if (found === undefined || environment.idleSince < found.environment.idleSince)
          found = { slot, environment };
    return found;
  }

  private reap(idleMs: number): void {
    const cutoff = Date.now() - idleMs;
    for (const slot of this.slots.values()) {
      const stale = slot.idle.filter((environment) => environment.idleSince < cutoff);
      for (const environment of stale) {
        slot.idle.splice(slot.idle.indexOf(environment), 1);
        void this.forget(environment);
      }
    }
    if (this.waiting.length > 0) this.wakeOne();
  }

  private context(spec: HostedFunction, requestId: string): InvocationContext {
    return {
      functionName: spec.name,
      functionVersion: '$LATEST',
      invokedFunctionArn: `arn:aws:lambda:${this.options.region}:${this.options.accountId}:function:${spec.name}`,
      memoryLimitInMB: String(spec.memoryMb),
      awsRequestId: requestId,
      logGroupName: `/aws/lambda/${spec.name}`,
      logStreamName: `local/[$LATEST]${process.pid}`,
    };
  }
}

/** The variables Lambda itself sets in every environment of a function. */
function lambdaVariables(spec: HostedFunction, region: string): Record<string, string> {
  return {
    AWS_REGION: region,
    AWS_DEFAULT_REGION: region,
    AWS_LAMBDA_FUNCTION_NAME: spec.name,
    AWS_LAMBDA_FUNCTION_VERSION: '$LATEST',
    AWS_LAMBDA_FUNCTION_MEMORY_SIZE: String(spec.memoryMb),
    AWS_LAMBDA_LOG_GROUP_NAME: `/aws/lambda/${spec.name}`,
    AWS_EXECUTION_ENV: 'AWS_Lambda_nodejs20.x',
    _HANDLER: 'index.handler',
  };
}
