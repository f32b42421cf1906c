import type { TodoWorkflowName, TodoTopology } from '../../../topology/todo-types';
import { todo } from '../../../topology/todo';
import { type AwsClients, awsClients } from '../aws-clients';
import type { Poller } from '../pollers/poller';
import type { StepFunctionsLink } from '../step-functions-link';
import { provisionTodo, type TodoResources } from './provision';
import { registerTodoWorkflows } from './reminders';

export interface TodoBackendOptions {
  /** moto's server: DynamoDB with streams, S3, SNS, SQS, Cognito user pools, STS. */
  readonly motoEndpoint: string;
  /** The local Step Functions the reminder workflow runs on (npm start's, or a test's own). */
  readonly stepFunctions: StepFunctionsLink;
  /** Prefix of every resource name; tests use their own so they can share a moto server. */
  readonly prefix?: string;
  readonly region?: string;
  readonly accountId?: string;
  readonly log?: (line: string) => void;
  /** Pause between empty polls of the todos stream (ms). */
  readonly pollIdleMs?: number;
  readonly topology?: TodoTopology;
}

/** MyTodoList running locally, beside the blog or on its own. */
export interface TodoBackend {
  readonly resources: TodoResources;
  readonly clients: AwsClients;
  readonly region: string;
  readonly stateMachineArns: Readonly<Record<TodoWorkflowName, string>>;
  stop(): Promise<void>;
}

/**
 * MyTodoList's back end on this machine, wired as the TodoStack wires it in AWS: its resources on
 * moto, the reminder workflow on the local Step Functions, and the Pipe from the todos stream.
 */
export async function startTodoBackend(options: TodoBackendOptions): Promise<TodoBackend> {
  const topology = options.topology ?? todo;
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  const log = options.log ?? ((line: string) => console.error(line));
  const clients = awsClients(options.motoEndpoint, region);
  const pollers: Poller[] = [];
  const stop = async () => {
    await Promise.all(pollers.map((poller) => poller.stop()));
    clients.destroy();
  };
  try {
    const provisioned = await provisionTodo(
      topology,
      clients,
      { endpoint: options.motoEndpoint, region, accountId },
      options.prefix ?? topology.project,
    );
    const resources: TodoResources = { ...provisioned, daxEndpoint: '' };
    const workflows = await registerTodoWorkflows({
      topology,
      resources,
      clients,
      stepFunctions: options.stepFunctions,
      log,
      ...(options.pollIdleMs === undefined ? {} : { pollIdleMs: options.pollIdleMs }),
    });
    pollers.push(...workflows.pollers);
    for (const poller of pollers) poller.start();
    return { resources, clients, region, stateMachineArns: workflows.stateMachineArns, stop };
  } catch (error) {
    await stop();
    throw error;
  }
}
