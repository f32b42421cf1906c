import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  ListTagsForResourceCommand,
  RedriveExecutionCommand,
  SendTaskFailureCommand,
  SendTaskHeartbeatCommand,
  SendTaskSuccessCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  TagResourceCommand,
  TestStateCommand,
  UntagResourceCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { LambdaHandler } from '../../packages/stepfunctions-local/src/integrations/lambda';
import type { LocalStepFunctions } from '../../packages/stepfunctions-local/src/server';
import { ROLE, startServer } from './local-server';

let server: LocalStepFunctions;
let sfn: SFNClient;
let brokenCalls = 0;

beforeAll(async () => {
  ({ server, sfn } = await startServer({
    functions: new Map<string, LambdaHandler>([
      ['echo', async (event: unknown) => ({ echoed: event })],
      [
        'always-broken',
        async () => {
          throw new Error('broken every time');
        },
      ],
      [
        'once-broken',
        async (event: unknown) => {
          brokenCalls += 1;
          if (brokenCalls === 1) throw new Error('broken the first time');
          return { fixed: event };
        },
      ],
    ]),
  }));
});
afterAll(async () => {
  sfn.destroy();
  await server.close();
});

const pass = JSON.stringify({
  StartAt: 'A',
  States: { A: { Type: 'Pass', Result: { done: true }, End: true } },
});
let counter = 0;
const create = async (definition = pass, type?: 'STANDARD' | 'EXPRESS') =>
  (
    await sfn.send(
      new CreateStateMachineCommand({
        name: `m${(counter += 1)}`,
        definition,
        roleArn: ROLE,
        ...(type === undefined ? {} : { type }),
      }),
    )
  ).stateMachineArn as string;

async function finished(executionArn: string) {
  for (;;) {
    const described = await sfn.send(new DescribeExecutionCommand({ executionArn }));
    if (described.status !== 'RUNNING') return described;
    await new Promise((resolve) => setTimeout(resolve, 5));
  }
}

describe('state machines over the API', () => {
  test('create, describe, update, list and delete', async () => {
    const arn = await create();
    const described = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }));
    expect(described).toMatchObject({
      stateMachineArn: arn,
      definition: pass,
      roleArn: ROLE,
      type: 'STANDARD',
      status: 'ACTIVE',
    });
    expect(described.creationDate).toBeInstanceOf(Date);
    const updated = JSON.stringify({ StartAt: 'B', States: { B: { Type: 'Succeed' } } });
    await sfn.send(new UpdateStateMachineCommand({ stateMachineArn: arn, definition: updated }));
    expect((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).definition).toBe(
      updated,
    );
    const listed = await sfn.send(new ListStateMachinesCommand({}));
    expect(listed.stateMachines?.map((m) => m.stateMachineArn)).toContain(arn);
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn: arn }));
    await expect(sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
  });

  test('ListStateMachines pages with maxResults and nextToken', async () => {
    for (let i = 0; i < 5; i += 1) await create();
    const seen: string[] = [];
    let nextToken: string | undefined;
    do {
      const page = await sfn.send(new ListStateMachinesCommand({ maxResults: 2, nextToken }));
      expect((page.stateMachines ?? []).length).toBeLessThanOrEqual(2);
      seen.push(...(page.stateMachines ?? []).map((m) => m.name as string));
      nextToken = page.nextToken;
    } while (nextToken !== undefined);
    expect(new Set(seen).size).toBe(seen.length);
    expect(seen.length).toBeGreaterThanOrEqual(5);
  });

  test('an invalid definition is InvalidDefinition naming the path', async () => {
    const definition = JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'Missing' } } });
    await expect(
      sfn.send(new CreateStateMachineCommand({ name: 'bad', definition, roleArn: ROLE })),
    ).rejects.toMatchObject({
      name: 'InvalidDefinition',
      message: expect.stringContaining('/States/A/Next') as unknown,
    });
  });

  test('a bad name is InvalidName and a missing roleArn is a ValidationException', async () => {
    await expect(
      sfn.send(new CreateStateMachineCommand({ name: 'a b', definition: pass, roleArn: ROLE })),
    ).rejects.toMatchObject({ name: 'InvalidName' });
    await expect(
      sfn.send(
        new CreateStateMachineCommand({
          name: 'x',
          definition: pass,
          roleArn: undefined as unknown as string,
        }),
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
    });
  });

  test('ValidateStateMachineDefinition reports diagnostics with locations', async () => {
    const ok = await sfn.send(new ValidateStateMachineDefinitionCommand({ definition: pass }));
    expect(ok).toMatchObject({ result: 'OK', diagnostics: [] });
    const bad = await sfn.send(
      new ValidateStateMachineDefinitionCommand({
        definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass' } } }),
      }),
    );
    expect(bad.result).toBe('FAIL');
    expect(bad.diagnostics?.[0]).toMatchObject({ severity: 'ERROR', location: '/States/A' });
  });

  test('tags are added, listed and removed', async () => {
    const arn = await create();
    await sfn.send(
      new TagResourceCommand({
        resourceArn: arn,
        tags: [
          { key: 'team', value: 'blog' },
          { key: 'env', value: 'local' },
        ],
      }),
    );
    await sfn.send(new UntagResourceCommand({ resourceArn: arn, tagKeys: ['env'] }));
    expect((await sfn.send(new ListTagsForResourceCommand({ resourceArn: arn }))).tags).toEqual([
      { key: 'team', value: 'blog' },
    ]);
  });
});

describe('executions over the API', () => {
  test('start, describe, history and the definition it ran', async () => {
    const arn = await create();
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, name: 'first', input: '{"a":1}' }),
    );
    const described = await finished(executionArn as string);
    expect(described).toMatchObject({
      status: 'SUCCEEDED',
      name: 'first',
      input: '{"a":1}',
      output: '{"done":true}',
    });
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
    expect(history.events?.map((e) => e.type)).toEqual([
      'ExecutionStarted',
      'PassStateEntered',
      'PassStateExited',
      'ExecutionSucceeded',
    ]);
    expect(history.events?.[1]?.stateEnteredEventDetails).toEqual({
      name: 'A',
      input: '{"a":1}',
      inputDetails: { truncated: false },
    });
    expect(history.events?.[0]?.timestamp).toBeInstanceOf(Date);
    const forExecution = await sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn }));
    expect(forExecution.definition).toBe(pass);
  });

  test('GetExecutionHistory pages, reverses and leaves out data on request', async () => {
    const arn = await create(
      JSON.stringify({
        StartAt: 'A',
        States: {
          A: { Type: 'Pass', Next: 'B' },
          B: { Type: 'Pass', Next: 'C' },
          C: { Type: 'Pass', End: true },
        },
      }),
    );
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: '{"secret":1}' }),
    );
    await finished(executionArn as string);
    const first = await sfn.send(new GetExecutionHistoryCommand({ executionArn, maxResults: 3 }));
    const second = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, maxResults: 3, nextToken: first.nextToken }),
    );
    expect([...(first.events ?? []), ...(second.events ?? [])].map((e) => e.id)).toEqual([1, 2, 3, 4, 5, 6]);
    const reversed = await sfn.send(
      new GetExecutionHistoryCommand({ executionArn, reverseOrder: true, includeExecutionData: false }),
    );
    expect(reversed.events?.[0]?.type).toBe('ExecutionSucceeded');
    expect(JSON.stringify(reversed.events)).not.toContain('secret');
  });

  test('ListExecutions filters by status and pages', async () => {
    const arn = await create(
      JSON.stringify({
        StartAt: 'C',
        States: {
          C: {
            Type: 'Choice',
            Choices: [{ Variable: '$.ok', BooleanEquals: true, Next: 'Y' }],
            Default: 'N',
          },
          Y: { Type: 'Succeed' },
          N: { Type: 'Fail', Error: 'No' },
        },
      }),
    );
    for (const ok of [true, false, true, true])
      await finished(
        (await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: JSON.stringify({ ok }) })))
          .executionArn as string,
      );
    const succeeded = await sfn.send(
      new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'SUCCEEDED', maxResults: 2 }),
    );
    expect(succeeded.executions).toHaveLength(2);
    const rest = await sfn.send(
      new ListExecutionsCommand({
        stateMachineArn: arn,
        statusFilter: 'SUCCEEDED',
        nextToken: succeeded.nextToken,
      }),
    );
    expect(rest.executions).toHaveLength(1);
    expect(
      (await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'FAILED' })))
        .executions?.[0],
    ).toMatchObject({ status: 'FAILED' });
  });

  test('errors of executions: bad input, unknown execution, name reused', async () => {
    const arn = await create();
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: arn, input: '{bad' })),
    ).rejects.toMatchObject({ name: 'InvalidExecutionInput' });
    await expect(
      sfn.send(
        new DescribeExecutionCommand({
          executionArn: `${arn.replace(':stateMachine:', ':execution:')}:nope`,
        }),
      ),
    ).rejects.toMatchObject({ name: 'ExecutionDoesNotExist' });
    await expect(
      sfn.send(new DescribeExecutionCommand({ executionArn: 'not-an-arn' })),
    ).rejects.toMatchObject({ name: 'InvalidArn' });
    await finished(
      (await sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'once', input: '{}' })))
        .executionArn as string,
    );
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: arn, name: 'once', input: '{"x":1}' })),
    ).rejects.toMatchObject({ name: 'ExecutionAlreadyExists' });
  });

  test('StopExecution aborts a waiting execution', async () => {
    const waiting = await create(
      JSON.stringify({
        StartAt: 'W',
        States: {
          W: { Type: 'Wait', Seconds: 1, Next: 'Check' },
          Check: {
            Type: 'Choice',
            Choices: [{ Variable: '$.stop', IsPresent: true, Next: 'Done' }],
            Default: 'W',
          },
          Done: { Type: 'Succeed' },
        },
      }),
    );
    const { executionArn } = await sfn.send(new StartExecutionCommand({ stateMachineArn: waiting }));
    await sfn.send(new StopExecutionCommand({ executionArn, error: 'Stopped.ByTest', cause: 'enough' }));
    expect(await finished(executionArn as string)).toMatchObject({
      status: 'ABORTED',
      error: 'Stopped.ByTest',
      cause: 'enough',
    });
  });

  test('StartSyncExecution runs an EXPRESS machine to its end and refuses a STANDARD one', async () => {
    const express = await create(pass, 'EXPRESS');
    const result = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: express, input: '{}' }));
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '{"done":true}' });
    await expect(
      sfn.send(new StartSyncExecutionCommand({ stateMachineArn: await create() })),
    ).rejects.toMatchObject({ name: 'StateMachineTypeNotSupported' });
  });

  test("StartSyncExecution's answer holds the fields of its output and none of DescribeExecution's own", async () => {
    const express = await create(pass, 'EXPRESS');
    const answer = await fetch(server.url, {
      method: 'POST',
      headers: {
        'content-type': 'application/x-amz-json-1.0',
        'x-amz-target': 'AWSStepFunctions.StartSyncExecution',
      },
      body: JSON.stringify({ stateMachineArn: express, input: '{}' }),
    });
    expect(Object.keys((await answer.json()) as object).sort()).toEqual([
      'billingDetails',
      'executionArn',
      'input',
      'inputDetails',
      'name',
      'output',
      'outputDetails',
      'startDate',
      'stateMachineArn',
      'status',
      'stopDate',
    ]);
  });

  test('RedriveExecution goes on with a failed execution; DescribeExecution and ListExecutions show the redrive', async () => {
    const arn = await create(
      JSON.stringify({
        StartAt: 'T',
        States: {
          T: {
            Type: 'Task',
            Resource: 'arn:aws:lambda:us-east-1:123456789012:function:once-broken',
            End: true,
          },
        },
      }),
    );
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: '{"n":2}' }),
    );
    expect(await finished(executionArn as string)).toMatchObject({
      status: 'FAILED',
      redriveStatus: 'REDRIVABLE',
    });
    const { redriveDate } = await sfn.send(new RedriveExecutionCommand({ executionArn }));
    expect(redriveDate).toBeInstanceOf(Date);
    expect(await finished(executionArn as string)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"fixed":{"n":2}}',
      redriveCount: 1,
      redriveStatus: 'NOT_REDRIVABLE',
      redriveStatusReason: 'Execution is SUCCEEDED and cannot be redriven',
    });
    const { executions } = await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn }));
    expect(executions?.[0]).toMatchObject({ redriveCount: 1, redriveDate });
    await expect(sfn.send(new RedriveExecutionCommand({ executionArn }))).rejects.toMatchObject({
      name: 'ExecutionNotRedrivable',
    });
  });

  test("ListExecutions' redriveFilter lists the executions redriven at least once, or those never redriven", async () => {
    const arn = await create(
      JSON.stringify({
        StartAt: 'T',
        States: {
          // Waits for a task token no one sends: running until stopped.
          T: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: { FunctionName: 'echo', 'Payload.$': '$$.Task.Token' },
            End: true,
          },
        },
      }),
    );
    const start = async () =>
      (await sfn.send(new StartExecutionCommand({ stateMachineArn: arn }))).executionArn as string;
    const [redriven, untouched] = [await start(), await start()];
    for (const executionArn of [redriven, untouched])
      await sfn.send(new StopExecutionCommand({ executionArn }));
    await sfn.send(new RedriveExecutionCommand({ executionArn: redriven }));
    const listed = async (redriveFilter?: 'REDRIVEN' | 'NOT_REDRIVEN') =>
      (await sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, redriveFilter }))).executions?.map(
        (execution) => execution.executionArn,
      );
    try {
      expect(await listed('REDRIVEN')).toEqual([redriven]);
      expect(await listed('NOT_REDRIVEN')).toEqual([untouched]);
      expect(await listed()).toEqual([untouched, redriven]);
    } finally {
      await sfn.send(new StopExecutionCommand({ executionArn: redriven }));
    }
  });

  test('ListExecutions refuses an unknown redriveFilter, and PENDING_REDRIVE without a map run', async () => {
    const arn = await create();
    await expect(
      sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, redriveFilter: 'SOMETIMES' as 'REDRIVEN' })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value 'SOMETIMES' at 'redriveFilter' failed to satisfy constraint: Member must satisfy enum value set: [REDRIVEN, NOT_REDRIVEN]",
    });
    await expect(
      sfn.send(new ListExecutionsCommand({ stateMachineArn: arn, statusFilter: 'PENDING_REDRIVE' })),
    ).rejects.toMatchObject({ name: 'ValidationException' });
  });

  test('a plain Lambda ARN runs a registered function in-process', async () => {
    const arn = await create(
      JSON.stringify({
        StartAt: 'T',
        States: {
          T: { Type: 'Task', Resource: 'arn:aws:lambda:us-east-1:123456789012:function:echo', End: true },
        },
      }),
    );
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: arn, input: '{"n":1}' }),
    );
    expect(await finished(executionArn as string)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"echoed":{"n":1}}',
    });
  });
});

describe('callbacks over the API', () => {
  const callbackMachine = async (heartbeatSeconds?: number) => {
    // The token goes out through a registered function, as a Lambda would forward it.
    return create(
      JSON.stringify({
        StartAt: 'Ask',
        States: {
          Ask: {
            Type: 'Task',
            Resource: 'arn:aws:states:::lambda:invoke.waitForTaskToken',
            Parameters: { FunctionName: 'echo', Payload: { 'token.$': '$$.Task.Token' } },
            ...(heartbeatSeconds === undefined ? {} : { HeartbeatSeconds: heartbeatSeconds }),
            End: true,
          },
        },
      }),
    );
  };

  async function tokenOf(executionArn: string): Promise<string> {
    for (;;) {
      const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn }));
      const submitted = history.events?.find((e) => e.type === 'TaskSubmitted');
      if (submitted !== undefined) {
        const scheduled = history.events?.find((e) => e.type === 'TaskScheduled');
        return (
          JSON.parse(scheduled?.taskScheduledEventDetails?.parameters as string) as {
            Payload: { token: string };
          }
        ).Payload.token;
      }
      await new Promise((resolve) => setTimeout(resolve, 5));
    }
  }

  test('SendTaskSuccess completes a .waitForTaskToken task', async () => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: await callbackMachine() }),
    );
    const token = await tokenOf(executionArn as string);
    await sfn.send(new SendTaskHeartbeatCommand({ taskToken: token }));
    await sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{"approved":true}' }));
    expect(await finished(executionArn as string)).toMatchObject({
      status: 'SUCCEEDED',
      output: '{"approved":true}',
    });
    await expect(
      sfn.send(new SendTaskSuccessCommand({ taskToken: token, output: '{}' })),
    ).rejects.toMatchObject({ name: 'TaskDoesNotExist' });
  });

  test('SendTaskFailure fails it with the given error', async () => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: await callbackMachine() }),
    );
    await sfn.send(
      new SendTaskFailureCommand({
        taskToken: await tokenOf(executionArn as string),
        error: 'Denied',
        cause: 'no',
      }),
    );
    expect(await finished(executionArn as string)).toMatchObject({
      status: 'FAILED',
      error: 'Denied',
      cause: 'no',
    });
  });

  test('a missing heartbeat fails it with States.HeartbeatTimeout', async () => {
    const { executionArn } = await sfn.send(
      new StartExecutionCommand({ stateMachineArn: await callbackMachine(10) }),
    );
    expect(await finished(executionArn as string)).toMatchObject({
      status: 'FAILED',
      error: 'States.HeartbeatTimeout',
    });
  });
});

describe('TestState', () => {
  test('INFO returns output, status and next state', async () => {
    const result = await sfn.send(
      new TestStateCommand({
        definition: JSON.stringify({ Type: 'Pass', Parameters: { 'v.$': '$.a' }, Next: 'Later' }),
        input: '{"a":5}',
        roleArn: ROLE,
      }),
    );
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '{"v":5}', nextState: 'Later' });
    expect(result.inspectionData).toBeUndefined();
  });

  test('DEBUG shows each data-flow step', async () => {
    const result = await sfn.send(
      new TestStateCommand({
        definition: JSON.stringify({
          Type: 'Task',
          Resource: 'arn:aws:lambda:us-east-1:123456789012:function:echo',
          InputPath: '$.in',
          ResultSelector: { 'e.$': '$.echoed' },
          ResultPath: '$.out',
          End: true,
        }),
        input: '{"in":{"x":1}}',
        roleArn: ROLE,
        inspectionLevel: 'DEBUG',
      }),
    );
    expect(result.status).toBe('SUCCEEDED');
    expect(result.inspectionData).toMatchObject({
      input: '{"in":{"x":1}}',
      afterInputPath: '{"x":1}',
      result: '{"echoed":{"x":1}}',
      afterResultSelector: '{"e":{"x":1}}',
      afterResultPath: '{"in":{"x":1},"out":{"e":{"x":1}}}',
    });
  });

  test('an error a Retry would retry is RETRIABLE; a caught one is CAUGHT_ERROR', async () => {
    // A function that fails every call: a missing one failed by a DNS look-up of AWS's endpoint,
    // which a loaded machine's resolver could answer otherwise.
    const failing = {
      Type: 'Task',
      Resource: 'arn:aws:lambda:us-east-1:123456789012:function:always-broken',
      End: true,
    };
    const retriable = await sfn.send(
      new TestStateCommand({
        definition: JSON.stringify({ ...failing, Retry: [{ ErrorEquals: ['States.ALL'] }] }),
        roleArn: ROLE,
      }),
    );
    expect(retriable).toMatchObject({
      status: 'RETRIABLE',
      cause: expect.stringContaining('broken every time') as unknown,
    });
    const caught = await sfn.send(
      new TestStateCommand({
        definition: JSON.stringify({ ...failing, Catch: [{ ErrorEquals: ['States.ALL'], Next: 'Handle' }] }),
        roleArn: ROLE,
      }),
    );
    expect(caught).toMatchObject({ status: 'CAUGHT_ERROR', nextState: 'Handle' });
  });

  test('variables are in scope for a JSONata state', async () => {
    const result = await sfn.send(
      new TestStateCommand({
        definition: JSON.stringify({
          QueryLanguage: 'JSONata',
          Type: 'Pass',
          Output: '{% $greeting & " " & $states.input.name %}',
          End: true,
        }),
        input: '{"name":"Ana"}',
        variables: '{"greeting":"hi"}',
        roleArn: ROLE,
      }),
    );
    expect(result).toMatchObject({ status: 'SUCCEEDED', output: '"hi Ana"' });
  });
});

describe('protocol errors', () => {
  test('an unknown action and a malformed body get the service errors; the server keeps serving', async () => {
    const post = (target: string, body: string) =>
      fetch(server.url, {
        method: 'POST',
        headers: { 'content-type': 'application/x-amz-json-1.0', 'x-amz-target': target },
        body,
      });
    const unknown = await post('AWSStepFunctions.Nope', '{}');
    expect(unknown.status).toBe(400);
    expect(await unknown.json()).toMatchObject({
      __type: expect.stringContaining('UnknownOperationException') as unknown,
    });
    const malformed = await post('AWSStepFunctions.ListStateMachines', '{not json');
    expect(malformed.status).toBe(400);
    expect(await malformed.json()).toMatchObject({
      __type: expect.stringContaining('SerializationException') as unknown,
    });
    expect((await sfn.send(new ListStateMachinesCommand({}))).stateMachines).toBeDefined();
  });

  test('a member of the wrong JSON type is a SerializationException naming what was found and wanted', async () => {
    const post = async (target: string, body: object) => {
      const answer = await fetch(server.url, {
        method: 'POST',
        headers: {
          'content-type': 'application/x-amz-json-1.0',
          'x-amz-target': `AWSStepFunctions.${target}`,
        },
        body: JSON.stringify(body),
      });
      return { status: answer.status, ...((await answer.json()) as { __type: string; message: string }) };
    };
    const arn = 'arn:aws:states:us-east-1:123456789012:stateMachine:any';
    expect(await post('StartExecution', { stateMachineArn: 5 })).toMatchObject({
      status: 400,
      __type: expect.stringContaining('#SerializationException') as unknown,
      message: 'NUMBER_VALUE can not be converted to a String',
    });
    expect(
      await post('CreateStateMachine', { name: 'n', roleArn: 'r', definition: { StartAt: 'A' } }),
    ).toMatchObject({
      __type: expect.stringContaining('#SerializationException') as unknown,
      message: 'Start of structure or map found where not expected.',
    });
    expect(await post('ListExecutions', { stateMachineArn: arn, maxResults: 'many' })).toMatchObject({
      __type: expect.stringContaining('#SerializationException') as unknown,
      message: 'STRING_VALUE can not be converted to an Integer',
    });
    // Missing is another thing: a ValidationException naming the member.
    expect(await post('StartExecution', {})).toMatchObject({
      __type: expect.stringContaining('#ValidationException') as unknown,
      message: expect.stringContaining("Value at 'stateMachineArn'") as unknown,
    });
  });
});
