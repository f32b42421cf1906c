import type { StepFunctionsEngine } from '@myblog/sfn-engine';
import type { TodoBackend } from '../runtime/todo/backend';
import type { TodoDashboardView } from './todo-types';

/** How many reminder executions the tab lists. */
const SHOWN = 30;

/** What the change that started an execution was, and which to-do: from its input, a Pipe batch. */
function changeOf(input: string): { todoId: string; change: string } {
  try {
    const [record] = JSON.parse(input) as {
      eventName?: string;
      dynamodb?: { Keys?: { todoId?: { S?: string } } };
    }[];
    return { todoId: record?.dynamodb?.Keys?.todoId?.S ?? '?', change: record?.eventName ?? '?' };
  } catch {
    return { todoId: '?', change: '?' };
  }
}

function outcomeOf(output: string | undefined): string | undefined {
  if (output === undefined) return undefined;
  try {
    const status = (JSON.parse(output) as { status?: unknown }).status;
    return typeof status === 'string' ? status : undefined;
  } catch {
    return undefined;
  }
}

/** The MyTodoList tab's data: how to reach it, its caches' counts, its latest reminder executions. */
export function todoView(backend: TodoBackend | undefined, engine: StepFunctionsEngine): TodoDashboardView {
  if (backend === undefined) return { enabled: false };
  const { api, dax } = backend.caches;
  const executions = engine
    .listExecutions({ stateMachineArn: backend.stateMachineArns.todoReminder })
    .sort((a, b) => b.startDate.getTime() - a.startDate.getTime())
    .slice(0, SHOWN);
  return {
    enabled: true,
    apiUrl: backend.apiUrl,
    userPoolId: backend.resources.userPoolId,
    userPoolClientId: backend.resources.userPoolClientId,
    identityPoolId: backend.resources.identityPoolId,
    identityPoolUrl: backend.identityPoolUrl,
    storageUrl: backend.storageUrl,
    caches: {
      stage: { ...api.counts },
      daxItems: { hits: dax.counts.itemHits, misses: dax.counts.itemMisses },
      daxQueries: { hits: dax.counts.queryHits, misses: dax.counts.queryMisses },
      writesThrough: dax.counts.writesThrough,
    },
    reminders: executions.map((execution) => {
      const outcome = outcomeOf(execution.output);
      return {
        executionArn: execution.executionArn,
        name: execution.name,
        ...changeOf(execution.input),
        status: execution.status,
        ...(execution.error === undefined ? {} : { error: execution.error }),
        ...(outcome === undefined ? {} : { outcome }),
        startDate: execution.startDate.toISOString(),
      };
    }),
  };
}
