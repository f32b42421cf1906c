import {
  CreateStateMachineCommand,
  DeleteStateMachineCommand,
  DescribeExecutionCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachinesCommand,
  RedriveExecutionCommand,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  StopExecutionCommand,
  UpdateStateMachineCommand,
  ValidateStateMachineDefinitionCommand,
  type SFNClient,
} from '@aws-sdk/client-sfn';
import type { LocalStepFunctions } from '../../packages/stepfunctions-local/src/server';
import { ROLE, startServer } from './local-server';

let server: LocalStepFunctions;
let sfn: SFNClient;

beforeAll(async () => {
  ({ server, sfn } = await startServer());
});
afterAll(async () => {
  sfn.destroy();
  await server.close();
});

const machineArn = 'arn:aws:states:us-east-1:123456789012:stateMachine:m';
const executionArn = 'arn:aws:states:us-east-1:123456789012:execution:m:e';
const validate = (definition: unknown, extra: Record<string, unknown> = {}) =>
  sfn.send(
    new ValidateStateMachineDefinitionCommand({
      definition: typeof definition === 'string' ? definition : JSON.stringify(definition),
      ...extra,
    }),
  );
const loop = { StartAt: 'A', States: { A: { Type: 'Pass', Next: 'B' }, B: { Type: 'Pass', Next: 'A' } } };

describe('ValidateStateMachineDefinition', () => {
  test('a valid definition is OK with no diagnostics, not truncated', async () => {
    expect(await validate({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } })).toMatchObject({
      result: 'OK',
      diagnostics: [],
      truncated: false,
    });
  });

  test('a definition without a terminal state is FAIL with MISSING_END_STATE and no location', async () => {
    const answer = await validate(loop);
    expect(answer.result).toBe('FAIL');
    expect(answer.diagnostics).toEqual([
      { severity: 'ERROR', code: 'MISSING_END_STATE', message: 'Workflow has no terminal state' },
    ]);
  });

  test('each problem is a diagnostic with its code, message and location, in the service’s order', async () => {
    const answer = await validate({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'NOPE' } } });
    expect(answer.diagnostics).toEqual([
      {
        severity: 'ERROR',
        code: 'MISSING_TRANSITION_TARGET',
        message: "Missing 'Next' target: NOPE",
        location: '/States/A/Next',
      },
      { severity: 'ERROR', code: 'MISSING_END_STATE', message: 'Workflow has no terminal state' },
    ]);
  });

  test('an empty object names the two required fields at the root', async () => {
    expect((await validate({})).diagnostics).toEqual([
      {
        severity: 'ERROR',
        code: 'SCHEMA_VALIDATION_FAILED',
        message: 'These fields are required: [States, StartAt]',
        location: '/',
      },
    ]);
  });

  test('text that is not JSON is INVALID_JSON_DESCRIPTION', async () => {
    const answer = await validate('not a definition');
    expect(answer.result).toBe('FAIL');
    expect(answer.diagnostics).toEqual([
      expect.objectContaining({ severity: 'ERROR', code: 'INVALID_JSON_DESCRIPTION' }),
    ]);
  });

  test('an empty definition is a diagnostic, not an error', async () => {
    expect((await validate('')).diagnostics).toEqual([
      {
        severity: 'ERROR',
        code: 'SCHEMA_VALIDATION_FAILED',
        message: 'Definition must be a valid JSON object',
      },
    ]);
  });

  test('the type is the machine’s: a callback Task is valid for STANDARD and not for EXPRESS', async () => {
    const callback = {
      StartAt: 'T',
      States: {
        T: { Type: 'Task', Resource: 'arn:aws:states:::sqs:sendMessage.waitForTaskToken', End: true },
      },
    };
    expect((await validate(callback, { type: 'STANDARD' })).result).toBe('OK');
    expect((await validate(callback, { type: 'EXPRESS' })).diagnostics).toEqual([
      {
        severity: 'ERROR',
        code: 'SCHEMA_VALIDATION_FAILED',
        message: "Express state machine does not support '.waitForTaskToken' service integration ",
        location: '/States/T/Resource',
      },
    ]);
  });

  test('maxResults caps the diagnostics and sets truncated', async () => {
    const threeFields = {
      QueryLanguage: 'JSONata',
      StartAt: 'X',
      States: { X: { Type: 'Pass', InputPath: '$.a', OutputPath: '$.b', ResultPath: '$.c', End: true } },
    };
    expect(await validate(threeFields, { maxResults: 1 })).toMatchObject({
      result: 'FAIL',
      diagnostics: [{ location: '/States/X' }],
      truncated: true,
    });
    const all = await validate(threeFields, { maxResults: 0 });
    expect(all.diagnostics).toHaveLength(3);
    expect(all.truncated).toBe(false);
  });

  test('warnings come only with severity WARNING, and leave the result OK', async () => {
    const noDollar = {
      StartAt: 'P',
      States: { P: { Type: 'Pass', Parameters: { id: '$.id' }, End: true } },
    };
    expect(await validate(noDollar)).toMatchObject({ result: 'OK', diagnostics: [] });
    expect(await validate(noDollar, { severity: 'WARNING' })).toMatchObject({
      result: 'OK',
      diagnostics: [{ severity: 'WARNING', code: 'NO_DOLLAR', location: '/States/P/Parameters/id' }],
    });
  });

  test('a path in a Pass state’s Result is the PASS_RESULT_IS_STATIC warning', async () => {
    const staticResult = {
      StartAt: 'P',
      States: { P: { Type: 'Pass', Result: { 'id.$': '$.id' }, End: true } },
    };
    expect((await validate(staticResult, { severity: 'WARNING' })).diagnostics).toMatchObject([
      { severity: 'WARNING', code: 'PASS_RESULT_IS_STATIC', location: '/States/P/Result' },
    ]);
  });

  test('members outside their constraints are one ValidationException listing each', async () => {
    await expect(
      validate(
        { StartAt: 'A', States: { A: { Type: 'Pass', End: true } } },
        { maxResults: 101, severity: 'INFO' },
      ),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "2 validation errors detected: Value 'INFO' at 'severity' failed to satisfy constraint: Member must satisfy enum value set: [ERROR, WARNING]; Value '101' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 100",
    });
  });
});

describe('CreateStateMachine and UpdateStateMachine refuse what validation reports', () => {
  test('CreateStateMachine of a machine without a terminal state is InvalidDefinition MISSING_END_STATE', async () => {
    await expect(
      sfn.send(
        new CreateStateMachineCommand({ name: 'loop', definition: JSON.stringify(loop), roleArn: ROLE }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidDefinition',
      message:
        "Invalid State Machine Definition: 'MISSING_END_STATE: Workflow has no terminal state at null'",
    });
  });

  test('UpdateStateMachine lists several problems as the service quotes a list', async () => {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'to-update',
        definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }),
        roleArn: ROLE,
      }),
    );
    await expect(
      sfn.send(
        new UpdateStateMachineCommand({
          stateMachineArn,
          definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', Next: 'NOPE' } } }),
        }),
      ),
    ).rejects.toMatchObject({
      name: 'InvalidDefinition',
      message:
        "Invalid State Machine Definition: ''MISSING_TRANSITION_TARGET: Missing 'Next' target: NOPE at /States/A/Next', 'MISSING_END_STATE: Workflow has no terminal state at null''",
    });
  });
});

describe('other refusals in the service’s words (LocalStack’s snapshots, recorded on AWS)', () => {
  test('UpdateStateMachine with nothing to update is MissingRequiredParameter', async () => {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'nothing-to-update',
        definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }),
        roleArn: ROLE,
      }),
    );
    await expect(sfn.send(new UpdateStateMachineCommand({ stateMachineArn }))).rejects.toMatchObject({
      name: 'MissingRequiredParameter',
      message:
        'Either the definition, the role ARN, the LoggingConfiguration, or the TracingConfiguration must be specified',
    });
  });

  test('a nextToken over the member’s length is a ValidationException, before it is read as a token', async () => {
    await expect(
      sfn.send(new ListStateMachinesCommand({ nextToken: 'x'.repeat(1025) })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(
        /at 'nextToken' failed to satisfy constraint: Member must have length less than or equal to 1024$/,
      ) as unknown,
    });
    await expect(
      sfn.send(new ListExecutionsCommand({ stateMachineArn: machineArn, nextToken: 'x'.repeat(3097) })),
    ).rejects.toMatchObject({
      name: 'ValidationException',
      message: expect.stringMatching(/Member must have length less than or equal to 3096$/) as unknown,
    });
  });

  test('a maxResults over 1000 names the value and the bound', async () => {
    await expect(sfn.send(new ListStateMachinesCommand({ maxResults: 1001 }))).rejects.toMatchObject({
      name: 'ValidationException',
      message:
        "1 validation error detected: Value '1001' at 'maxResults' failed to satisfy constraint: Member must have value less than or equal to 1000",
    });
  });

  test('StartSyncExecution of a STANDARD machine is StateMachineTypeNotSupported', async () => {
    const { stateMachineArn } = await sfn.send(
      new CreateStateMachineCommand({
        name: 'standard-not-sync',
        definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }),
        roleArn: ROLE,
      }),
    );
    await expect(sfn.send(new StartSyncExecutionCommand({ stateMachineArn }))).rejects.toMatchObject({
      name: 'StateMachineTypeNotSupported',
      message: 'This operation is not supported by this type of state machine',
    });
  });
});

describe('Express executions are not kept to read back, as on AWS (test_sfn_api_express, recorded there)', () => {
  let stateMachineArn: string;
  let expressExecutionArn: string;
  beforeAll(async () => {
    ({ stateMachineArn } = (await sfn.send(
      new CreateStateMachineCommand({
        name: 'express-not-kept',
        type: 'EXPRESS',
        definition: JSON.stringify({ StartAt: 'A', States: { A: { Type: 'Pass', End: true } } }),
        roleArn: ROLE,
      }),
    )) as { stateMachineArn: string });
    expressExecutionArn = (await sfn.send(new StartExecutionCommand({ stateMachineArn })))
      .executionArn as string;
  });

  test('ListExecutions of an Express machine is StateMachineTypeNotSupported', async () => {
    await expect(sfn.send(new ListExecutionsCommand({ stateMachineArn }))).rejects.toMatchObject({
      name: 'StateMachineTypeNotSupported',
      message: 'This operation is not supported by this type of state machine',
    });
  });

  test.each([
    [
      'DescribeExecution',
      () => sfn.send(new DescribeExecutionCommand({ executionArn: expressExecutionArn })),
    ],
    ['StopExecution', () => sfn.send(new StopExecutionCommand({ executionArn: expressExecutionArn }))],
    [
      'GetExecutionHistory',
      () => sfn.send(new GetExecutionHistoryCommand({ executionArn: expressExecutionArn })),
    ],
    [
      'DescribeStateMachineForExecution',
      () => sfn.send(new DescribeStateMachineForExecutionCommand({ executionArn: expressExecutionArn })),
    ],
  ])('%s of an Express execution is InvalidArn naming the resource type', async (_, call) => {
    expect(expressExecutionArn).toContain(':express:');
    await expect(call()).rejects.toMatchObject({
      name: 'InvalidArn',
      message: "Invalid Arn: 'Resource type not valid in this context: express'",
    });
  });
});

describe('InvalidArn as the service words it', () => {
  const refused = (message: string) => ({ name: 'InvalidArn', message });

  test.each([
    ['DescribeStateMachine', () => new DescribeStateMachineCommand({ stateMachineArn: 'not_a_valid_arn' })],
    ['DeleteStateMachine', () => new DeleteStateMachineCommand({ stateMachineArn: 'not_a_valid_arn' })],
    ['StartExecution', () => new StartExecutionCommand({ stateMachineArn: 'not_a_valid_arn' })],
    ['ListExecutions', () => new ListExecutionsCommand({ stateMachineArn: 'not_a_valid_arn' })],
    [
      'UpdateStateMachine',
      () => new UpdateStateMachineCommand({ stateMachineArn: 'not_a_valid_arn', roleArn: ROLE }),
    ],
    ['DescribeExecution', () => new DescribeExecutionCommand({ executionArn: 'not_a_valid_arn' })],
    ['StopExecution', () => new StopExecutionCommand({ executionArn: 'not_a_valid_arn' })],
    ['RedriveExecution', () => new RedriveExecutionCommand({ executionArn: 'not_a_valid_arn' })],
    ['GetExecutionHistory', () => new GetExecutionHistoryCommand({ executionArn: 'not_a_valid_arn' })],
    [
      'DescribeStateMachineForExecution',
      () => new DescribeStateMachineForExecutionCommand({ executionArn: 'not_a_valid_arn' }),
    ],
  ] as const)(
    '%s of text that is not an ARN: Invalid ARN prefix, the text quoted',
    async (_action, command) => {
      await expect(sfn.send(command() as never)).rejects.toMatchObject(
        refused("Invalid Arn: 'Invalid ARN prefix: not_a_valid_arn'"),
      );
    },
  );

  test('StartExecution of an execution ARN names the resource type, not the ARN', async () => {
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: executionArn })),
    ).rejects.toMatchObject(refused("Invalid Arn: 'Resource type not valid in this context: execution'"));
  });

  test('DescribeExecution of a state machine ARN names the resource type', async () => {
    await expect(sfn.send(new DescribeExecutionCommand({ executionArn: machineArn }))).rejects.toMatchObject(
      refused("Invalid Arn: 'Resource type not valid in this context: stateMachine'"),
    );
  });

  test('DescribeStateMachine of an activity ARN names the resource type', async () => {
    await expect(
      sfn.send(
        new DescribeStateMachineCommand({
          stateMachineArn: 'arn:aws:states:us-east-1:123456789012:activity:work',
        }),
      ),
    ).rejects.toMatchObject(refused("Invalid Arn: 'Resource type not valid in this context: activity'"));
  });
});
