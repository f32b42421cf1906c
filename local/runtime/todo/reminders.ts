import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { TodoTopology, TodoWorkflowName } from '../../../topology/todo-types';
import { applySubstitutions } from '@myblog/asl';
import type { AwsClients } from '../aws-clients';
import { Poller } from '../pollers/poller';
import { TableStreamPipe } from '../pollers/table-stream-pipe';
import type { StepFunctionsLink } from '../step-functions-link';
import { resolveTodoRef, type TodoResources } from './provision';

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

export interface TodoWorkflows {
  readonly stateMachineArns: Readonly<Record<TodoWorkflowName, string>>;
  readonly pollers: readonly Poller[];
}

/**
 * MyTodoList's workflows on the local Step Functions, with their `${Name}` placeholders filled from
 * the resources on moto, and a poller per Pipe playing the EventBridge Pipe from the todos stream.
 * The pollers are returned unstarted.
 */
export async function registerTodoWorkflows(options: {
  readonly topology: TodoTopology;
  readonly resources: TodoResources;
  readonly clients: AwsClients;
  readonly stepFunctions: StepFunctionsLink;
  readonly log: (line: string) => void;
  readonly pollIdleMs?: number;
}): Promise<TodoWorkflows> {
  const { topology, resources, clients, stepFunctions } = options;
  const stateMachineArns = {} as Record<TodoWorkflowName, string>;
  for (const [workflow, spec] of Object.entries(topology.workflows) as [
    TodoWorkflowName,
    TodoTopology['workflows'][TodoWorkflowName],
  ][]) {
    const values = Object.fromEntries(
      Object.entries(spec.substitutions).map(([key, ref]) => [key, resolveTodoRef(ref, resources)]),
    );
    const definition = applySubstitutions(
      readFileSync(join(__dirname, '..', '..', '..', 'workflows', spec.file), 'utf8'),
      values,
    );
    stateMachineArns[workflow] = await stepFunctions.createStateMachine(
      `${resources.prefix}-${kebab(workflow)}`,
      definition,
      spec.type,
    );
  }
  const pollers = topology.pipes.map((pipe) => {
    const name = `pipe ${resources.prefix} ${pipe.table} stream → ${pipe.workflow}`;
    const streamPipe = new TableStreamPipe({
      streams: clients.streams,
      sqs: clients.sqs,
      streamArn: resources.tableStreamArns[pipe.table] as string,
      eventNames: pipe.eventNames,
      batchSize: pipe.batchSize,
      maximumRetryAttempts: pipe.maximumRetryAttempts,
      deadLetterQueueUrl: resources.queueUrls[pipe.deadLetterQueue],
      start: (input) => stepFunctions.startExecution(stateMachineArns[pipe.workflow], input),
    });
    return new Poller(
      name,
      (signal) => streamPipe.round(signal),
      (error) => options.log(`${name}: ${(error as Error).message}`),
      options.pollIdleMs ?? 200,
    );
  });
  return { stateMachineArns, pollers };
}
