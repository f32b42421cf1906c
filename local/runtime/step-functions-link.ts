import {
  CreateStateMachineCommand,
  SFNClient,
  StartExecutionCommand,
  type StateMachineType,
} from '@aws-sdk/client-sfn';
import type { LocalStepFunctions } from '@myblog/stepfunctions-local';
import { LOCAL_CREDENTIALS } from './aws-clients';
import type { StepFunctionsProcess } from './step-functions-process';

/** What the runtime needs of Step Functions, wherever it runs: its machines and starting them. */
export interface StepFunctionsLink {
  readonly url: string;
  /** An SDK client for it (the soak and tools watch executions through the real API). */
  readonly sfn: SFNClient;
  createStateMachine(name: string, definition: string, type: StateMachineType): Promise<string>;
  startExecution(stateMachineArn: string, input: string): Promise<void>;
  close(): Promise<void>;
}

const clientFor = (url: string, region: string) =>
  new SFNClient({ endpoint: url, region, credentials: LOCAL_CREDENTIALS, maxAttempts: 1 });

/** The server in this process: calls go straight to its engine. */
export function inProcessLink(server: LocalStepFunctions, region: string): StepFunctionsLink {
  const sfn = clientFor(server.url, region);
  return {
    url: server.url,
    sfn,
    createStateMachine: async (name, definition, type) =>
      server.engine.createStateMachine({ name, definition, type }).stateMachineArn,
    startExecution: async (stateMachineArn, input) => {
      server.engine.startExecution({ stateMachineArn, input });
    },
    close: async () => {
      sfn.destroy();
      await server.close();
    },
  };
}

/** An SDK error that never reached the server (refused, reset): it is down or restarting. */
export const unreachable = (error: unknown): boolean =>
  (error as { $metadata?: { httpStatusCode?: number } }).$metadata?.httpStatusCode === undefined;

/**
 * Calls `call` again while the server cannot be reached, backing off up to `forMs`, as a Pipe
 * retries a target that is down; an answer from the server (an error included) is final.
 */
export async function whileUnreachable<T>(call: () => Promise<T>, forMs = 60_000): Promise<T> {
  const giveUpAt = Date.now() + forMs;
  for (let delay = 100; ; delay = Math.min(delay * 2, 2000)) {
    try {
      return await call();
    } catch (error) {
      if (!unreachable(error) || Date.now() + delay > giveUpAt) throw error;
      await new Promise((resolve) => setTimeout(resolve, delay));
    }
  }
}

const ROLE = (accountId: string) => `arn:aws:iam::${accountId}:role/service-role/StepFunctions-local`;

/** The server as a process of its own (see step-functions-process.ts), over its HTTP API. */
export function processLink(
  server: StepFunctionsProcess,
  region: string,
  accountId: string,
): StepFunctionsLink {
  const sfn = clientFor(server.url, region);
  return {
    url: server.url,
    sfn,
    createStateMachine: async (name, definition, type) => {
      const created = await whileUnreachable(() =>
        sfn.send(new CreateStateMachineCommand({ name, definition, type, roleArn: ROLE(accountId) })),
      );
      return created.stateMachineArn as string;
    },
    startExecution: async (stateMachineArn, input) => {
      await whileUnreachable(() => sfn.send(new StartExecutionCommand({ stateMachineArn, input })));
    },
    close: async () => {
      sfn.destroy();
      await server.stop();
    },
  };
}
