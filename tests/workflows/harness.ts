/**
 * Runs a workflow of workflows/ on a Step Functions endpoint under a mock config test case and
 * reports what happened: status, output, error, the states entered in order, and the history.
 *
 * By default it starts the local Step Functions in-process with the workflow's mock config
 * (tests/workflows/mocks/<workflow>.mock.json) and a virtual clock, so Waits and back-off cost
 * no real time. Set SFN_ENDPOINT to run the same tests against another endpoint, e.g. AWS Step
 * Functions Local started with SFN_MOCK_CONFIG pointing at the same file.
 */
import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import {
  CreateStateMachineCommand,
  DescribeExecutionCommand,
  GetExecutionHistoryCommand,
  type HistoryEvent,
  SFNClient,
  StartExecutionCommand,
  StateMachineAlreadyExists,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import { VirtualClock } from '../../packages/sfn-engine/src/clock';
import { loadMockConfig } from '../../packages/stepfunctions-local/src/mock-config/config';
import { startLocalStepFunctions } from '../../packages/stepfunctions-local/src/server';
import { applySubstitutions, placeholdersIn } from '../../packages/asl/src/substitutions';

const ROLE = 'arn:aws:iam::123456789012:role/workflow-tests';

export interface WorkflowRun {
  readonly status: string;
  readonly output: unknown;
  readonly error: string | undefined;
  readonly cause: string | undefined;
  /** Names of the states entered, in order (this execution's own; Map children run apart). */
  readonly entered: string[];
  readonly events: HistoryEvent[];
}

export interface WorkflowUnderTest {
  run(testCase: string, input?: unknown): Promise<WorkflowRun>;
  close(): Promise<void>;
}

/** The workflow's ASL with every `${Name}` filled in with a stand-in value. */
export function definitionOf(workflow: string): string {
  const text = readFileSync(join(__dirname, '..', '..', 'workflows', `${workflow}.asl.json`), 'utf8');
  const values: Record<string, string> = {};
  for (const name of placeholdersIn(text)) {
    if (name.endsWith('FunctionArn'))
      values[name] = `arn:aws:lambda:us-east-1:123456789012:function:${name.replace(/FunctionArn$/, '')}`;
    else if (name.endsWith('TopicArn'))
      values[name] = `arn:aws:sns:us-east-1:123456789012:${name.replace(/TopicArn$/, '')}`;
    else values[name] = `test-${name}`;
  }
  return applySubstitutions(text, values);
}

async function allEvents(sfn: SFNClient, executionArn: string): Promise<HistoryEvent[]> {
  const events: HistoryEvent[] = [];
  let nextToken: string | undefined;
  do {
    const page = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 1000, nextToken }),
    );
    events.push(...(page.events ?? []));
    nextToken = page.nextToken;
  } while (nextToken !== undefined);
  return events;
}

export async function workflowUnderTest(workflow: string): Promise<WorkflowUnderTest> {
  const external = process.env['SFN_ENDPOINT'];
  const local = external
    ? undefined
    : await startLocalStepFunctions({
        port: 0,
        clock: new VirtualClock(),
        mockConfig: loadMockConfig(join(__dirname, 'mocks', `${workflow}.mock.json`)),
        target: { region: 'us-east-1', accountId: '123456789012', endpoints: {} },
        log: () => undefined,
      });
  const sfn = new SFNClient({
    endpoint: external ?? local?.url,
    region: process.env['AWS_REGION'] ?? 'us-east-1',
    credentials: external ? undefined : { accessKeyId: 'test', secretAccessKey: 'test' },
  });
  const definition = definitionOf(workflow);
  let stateMachineArn: string;
  try {
    stateMachineArn = (
      await sfn.send(new CreateStateMachineCommand({ name: workflow, definition, roleArn: ROLE }))
    ).stateMachineArn as string;
  } catch (error) {
    if (!(error instanceof StateMachineAlreadyExists)) throw error;
    // Another run left it there (an external endpoint): bring it up to date.
    stateMachineArn = (error.message.match(/arn:aws[^']*/) ?? [''])[0];
    await sfn.send(new UpdateStateMachineCommand({ stateMachineArn, definition }));
  }
  return {
    async run(testCase, input = [{}]) {
      const { executionArn } = await sfn.send(
        new StartExecutionCommand({
          stateMachineArn: `${stateMachineArn}#${testCase}`,
          input: JSON.stringify(input),
        }),
      );
      for (;;) {
        const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
        if (described.status !== 'RUNNING') {
          const events = await allEvents(sfn, executionArn as string);
          return {
            status: described.status as string,
            output: described.output === undefined ? undefined : (JSON.parse(described.output) as unknown),
            error: described.error,
            cause: described.cause,
            entered: events
              .filter((e) => e.type?.endsWith('StateEntered'))
              .map((e) => e.stateEnteredEventDetails?.name as string),
            events,
          };
        }
        await new Promise((resolve) => setTimeout(resolve, external ? 200 : 2));
      }
    },
    async close() {
      sfn.destroy();
      await local?.close();
    },
  };
}

/**
 * How many times a Task state was attempted, and the seconds waited before each retry. Events
 * of Parallel branches interleave, so each task event is traced back along previousEventId to
 * the TaskStateEntered it belongs to.
 */
export function attemptsOf(run: WorkflowRun, state: string): { attempts: number; waits: number[] } {
  const byId = new Map(run.events.map((event) => [event.id, event]));
  const stateOf = (event: HistoryEvent): string | undefined => {
    for (
      let current: HistoryEvent | undefined = event;
      current !== undefined;
      current = byId.get(current.previousEventId ?? 0)
    ) {
      if (current.type === 'TaskStateEntered') return current.stateEnteredEventDetails?.name;
    }
    return undefined;
  };
  const attempts: number[] = [];
  const failures: number[] = [];
  for (const event of run.events) {
    if (event.type !== 'TaskScheduled' && event.type !== 'TaskFailed' && event.type !== 'TaskTimedOut')
      continue;
    if (stateOf(event) !== state) continue;
    (event.type === 'TaskScheduled' ? attempts : failures).push((event.timestamp as Date).getTime());
  }
  return {
    attempts: attempts.length,
    waits: attempts.slice(1).map((at, i) => (at - (failures[i] as number)) / 1000),
  };
}
