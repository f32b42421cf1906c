import { type ChildProcess, fork } from 'node:child_process';
import { FunctionError, FunctionTimedOut, RuntimeExitError } from './errors';
import { type InvocationContext, type SandboxMessage, TIMED_OUT_EXIT_CODE } from './protocol';

/** What an environment of one function is started with. */
export interface EnvironmentSpec {
  /** The sandbox's main module (bundle.ts). */
  readonly sandbox: string;
  /** Every variable the process sees: Lambda's reserved ones and the function's own. */
  readonly env: Readonly<Record<string, string>>;
  readonly memoryMb: number;
}

interface Pending {
  readonly requestId: string;
  readonly seconds: number;
  /** The deadline passed: the process is being killed, and whatever it still says is ignored. */
  timedOut: boolean;
  resolve(payload: string): void;
  reject(error: Error): void;
}

const exitText = (code: number | null, signal: NodeJS.Signals | null) =>
  signal === null ? `exit status ${String(code)}` : `signal: ${signal === 'SIGKILL' ? 'killed' : signal}`;

/**
 * One Lambda execution environment: a child process that loaded one function and runs one
 * invocation at a time. It is stopped (SIGKILL) at an invocation's deadline, as Lambda stops a
 * timed-out function, so nothing of that attempt can still run once the timeout is reported.
 */
export class ExecutionEnvironment {
  private pending: Pending | undefined;
  private readonly exited: Promise<void>;
  private alive = true;
  /** When it last finished an invocation (ms), for reusing and reaping warm environments. */
  idleSince = Date.now();

  private constructor(private readonly child: ChildProcess) {
    this.exited = new Promise((resolve) => {
      child.once('exit', (code, signal) => {
        this.alive = false;
        const pending = this.pending;
        this.pending = undefined;
        if (pending !== undefined)
          pending.reject(
            pending.timedOut || code === TIMED_OUT_EXIT_CODE
              ? new FunctionTimedOut(pending.requestId, pending.seconds)
              : new RuntimeExitError(pending.requestId, exitText(code, signal)),
          );
        resolve();
      });
    });
    child.on('message', (message: SandboxMessage) => {
      const pending = this.pending;
      if (pending === undefined || pending.timedOut) return;
      if (!('requestId' in message) || message.requestId !== pending.requestId) return;
      this.pending = undefined;
      this.idleSince = Date.now();
      this.hold(false);
      if (message.type === 'result') pending.resolve(message.payload);
      else pending.reject(new FunctionError(message.error));
    });
  }

  /**
   * A cold start: forks the sandbox and waits for the handler module to load (Lambda's INIT
   * phase, which is not counted in the invocation's timeout). A module that throws while loading
   * rejects with its error, as Lambda answers the invocation that found it.
   */
  static start(spec: EnvironmentSpec): Promise<ExecutionEnvironment> {
    const child = fork(spec.sandbox, [], {
      env: spec.env,
      // Not the host's own flags (a TypeScript loader, jest's): the bundle is plain JavaScript.
      execArgv: ['--enable-source-maps', `--max-old-space-size=${spec.memoryMb}`],
      stdio: ['ignore', 'inherit', 'inherit', 'ipc'],
      serialization: 'json',
    });
    return new Promise((resolve, reject) => {
      const onMessage = (message: SandboxMessage) => {
        if (message.type === 'ready') {
          child.off('message', onMessage);
          child.off('exit', onExit);
          const environment = new ExecutionEnvironment(child);
          environment.hold(false);
          resolve(environment);
        } else if (message.type === 'init-error') {
          child.off('message', onMessage);
          reject(new FunctionError(message.error));
        }
      };
      const onExit = (code: number | null, signal: NodeJS.Signals | null) => {
        child.off('message', onMessage);
        reject(new RuntimeExitError('init', exitText(code, signal)));
      };
      child.on('message', onMessage);
      child.once('exit', onExit);
    });
  }

  get isAlive(): boolean {
    return this.alive;
  }

  /**
   * Runs one invocation; the payload comes back as JSON text. At the deadline the process is
   * killed and the invocation rejects with Sandbox.Timedout, only once the process is gone.
   */
  invoke(event: string, context: InvocationContext, seconds: number): Promise<string> {
    if (!this.alive) return Promise.reject(new RuntimeExitError(context.awsRequestId, 'not running'));
    if (this.pending !== undefined) throw new Error('An execution environment runs one invocation at a time');
    const deadline = Date.now() + seconds * 1000;
    return new Promise<string>((resolve, reject) => {
      const timer = setTimeout(() => {
        // Reported by the exit handler once the process is gone, as Sandbox.Timedout.
        pending.timedOut = true;
        this.child.kill('SIGKILL');
      }, seconds * 1000);
      const pending: Pending = {
        requestId: context.awsRequestId,
        seconds,
        timedOut: false,
        resolve: (payload) => (clearTimeout(timer), resolve(payload)),
        reject: (error) => (clearTimeout(timer), reject(error)),
      };
      this.pending = pending;
      this.hold(true);
      this.child.send({ type: 'invoke', context, event, deadline });
    });
  }

  /** Stops the process (SIGKILL) and waits until it has ended. */
  async kill(): Promise<void> {
    if (this.alive) {
      // Held until it has ended, or an idle (unreferenced) one would let the process exit first.
      this.child.ref();
      this.child.kill('SIGKILL');
    }
    await this.exited;
  }

  /** A busy environment keeps the host's process alive; an idle one does not. */
  private hold(busy: boolean): void {
    if (busy) {
      this.child.ref();
      this.child.channel?.ref();
    } else {
      this.child.unref();
      this.child.channel?.unref();
    }
  }
}
