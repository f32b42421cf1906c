import { mkdtempSync } from 'node:fs';
import { tmpdir } from 'node:os';
import { join } from 'node:path';
import {
  CreateStateMachineAliasCommand,
  CreateStateMachineCommand,
  DeleteStateMachineAliasCommand,
  DeleteStateMachineCommand,
  DeleteStateMachineVersionCommand,
  DescribeExecutionCommand,
  DescribeStateMachineAliasCommand,
  DescribeStateMachineCommand,
  DescribeStateMachineForExecutionCommand,
  GetExecutionHistoryCommand,
  ListExecutionsCommand,
  ListStateMachineAliasesCommand,
  ListStateMachineVersionsCommand,
  ListTagsForResourceCommand,
  PublishStateMachineVersionCommand,
  type RoutingConfigurationListItem,
  type SFNClient,
  StartExecutionCommand,
  StartSyncExecutionCommand,
  TagResourceCommand,
  UpdateStateMachineAliasCommand,
  UpdateStateMachineCommand,
} from '@aws-sdk/client-sfn';
import type {
  LocalStepFunctions,
  LocalStepFunctionsOptions,
} from '../../packages/stepfunctions-local/src/server';
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

/** A machine whose output names its revision and the state machine the context object gives. */
const definition = (revision: string) =>
  JSON.stringify({
    Comment: revision,
    StartAt: 'Answer',
    States: {
      Answer: {
        Type: 'Pass',
        Parameters: { revision, 'stateMachineId.$': '$$.StateMachine.Id' },
        End: true,
      },
    },
  });

let counter = 0;
const uniqueName = (prefix = 'versioned') => `${prefix}-${(counter += 1)}`;

async function createMachine(
  options: { publish?: boolean; versionDescription?: string; type?: 'STANDARD' | 'EXPRESS' } = {},
  client: SFNClient = sfn,
) {
  const created = await client.send(
    new CreateStateMachineCommand({
      name: uniqueName(),
      definition: definition('R0'),
      roleArn: ROLE,
      ...options,
    }),
  );
  return { arn: created.stateMachineArn as string, versionArn: created.stateMachineVersionArn };
}

const update = (stateMachineArn: string, revision: string, publish = false, client: SFNClient = sfn) =>
  client.send(new UpdateStateMachineCommand({ stateMachineArn, definition: definition(revision), publish }));

async function publishedVersions(arn: string, ...revisions: string[]): Promise<string[]> {
  const versions: string[] = [];
  for (const revision of revisions)
    versions.push((await update(arn, revision, true)).stateMachineVersionArn as string);
  return versions;
}

const route = (...entries: [string, number][]): RoutingConfigurationListItem[] =>
  entries.map(([stateMachineVersionArn, weight]) => ({ stateMachineVersionArn, weight }));

const createAlias = (
  name: string,
  routingConfiguration: RoutingConfigurationListItem[],
  description?: string,
) => sfn.send(new CreateStateMachineAliasCommand({ name, routingConfiguration, description }));

async function run(stateMachineArn: string, client: SFNClient = sfn) {
  const { executionArn } = await client.send(new StartExecutionCommand({ stateMachineArn }));
  await server.engine.waitForExecution(executionArn as string);
  return client.send(new DescribeExecutionCommand({ executionArn }));
}

const output = (described: { output?: string }) =>
  JSON.parse(described.output as string) as { revision: string; stateMachineId: string };

describe('publishing versions', () => {
  test('CreateStateMachine with publish answers version 1, which DescribeStateMachine describes', async () => {
    const { arn, versionArn } = await createMachine({ publish: true });
    expect(versionArn).toBe(`${arn}:1`);
    const version = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: versionArn }));
    expect(version).toMatchObject({
      stateMachineArn: `${arn}:1`,
      definition: definition('R0'),
      status: 'ACTIVE',
    });
    expect(version.creationDate).toBeInstanceOf(Date);
    // A machine never updated has no revision yet, nor does the version cut from it.
    expect(version.revisionId).toBeUndefined();
    expect(
      (await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).revisionId,
    ).toBeUndefined();
  });

  test('a version description needs publish', async () => {
    await expect(createMachine({ versionDescription: 'HelloWorld!' })).rejects.toMatchObject({
      name: 'ValidationException',
      message: 'Version description can only be set when publish is true',
    });
    const { versionArn } = await createMachine({ publish: true, versionDescription: 'HelloWorld!' });
    const version = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: versionArn }));
    expect(version.description).toBe('HelloWorld!');
  });

  test('an update that changes the definition is a new revision, which its published version keeps', async () => {
    const { arn } = await createMachine();
    const updated = await update(arn, 'R1', true);
    expect(updated.revisionId).toMatch(/^[0-9a-f-]{36}$/);
    expect(updated.stateMachineVersionArn).toBe(`${arn}:1`);
    const version = await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}:1` }));
    expect(version).toMatchObject({ definition: definition('R1'), revisionId: updated.revisionId });
    expect((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).revisionId).toBe(
      updated.revisionId,
    );
  });

  test('an update that changes nothing publishes nothing new: it answers the version the revision has', async () => {
    const { arn, versionArn } = await createMachine({ publish: true });
    const first = await update(arn, 'R0', true);
    const second = await update(arn, 'R0', true);
    expect(first.stateMachineVersionArn).toBe(versionArn);
    expect(second.stateMachineVersionArn).toBe(versionArn);
    expect(first.revisionId).toBeUndefined();
  });

  test('PublishStateMachineVersion is idempotent for an unchanged revision', async () => {
    const { arn } = await createMachine();
    const first = await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn }));
    const second = await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn }));
    expect(first.stateMachineVersionArn).toBe(`${arn}:1`);
    expect(second).toMatchObject({ stateMachineVersionArn: `${arn}:1`, creationDate: first.creationDate });
    const listed = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn }));
    expect(listed.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([`${arn}:1`]);
  });

  test('PublishStateMachineVersion takes a description and publishes only the revision it is told', async () => {
    const { arn } = await createMachine();
    const r1 = await update(arn, 'R1');
    const published = await sfn.send(
      new PublishStateMachineVersionCommand({
        stateMachineArn: arn,
        revisionId: r1.revisionId,
        description: 'v1',
      }),
    );
    expect(
      (await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: published.stateMachineVersionArn })))
        .description,
    ).toBe('v1');
    const r2 = await update(arn, 'R2');
    await expect(
      sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn, revisionId: r1.revisionId })),
    ).rejects.toMatchObject({
      name: 'ConflictException',
      $metadata: { httpStatusCode: 409 },
      message: `Failed to publish the State Machine version for revision ${r1.revisionId}. The current State Machine revision is ${r2.revisionId}.`,
    });
  });

  test('INITIAL is the revision of a state machine never updated', async () => {
    const { arn } = await createMachine();
    const published = await sfn.send(
      new PublishStateMachineVersionCommand({ stateMachineArn: arn, revisionId: 'INITIAL' }),
    );
    expect(published.stateMachineVersionArn).toBe(`${arn}:1`);
  });

  test('versions are listed newest first, a page at a time', async () => {
    const { arn } = await createMachine({ publish: true });
    await publishedVersions(arn, 'R1', 'R2');
    const first = await sfn.send(
      new ListStateMachineVersionsCommand({ stateMachineArn: arn, maxResults: 2 }),
    );
    expect(first.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([
      `${arn}:3`,
      `${arn}:2`,
    ]);
    const rest = await sfn.send(
      new ListStateMachineVersionsCommand({
        stateMachineArn: arn,
        maxResults: 2,
        nextToken: first.nextToken,
      }),
    );
    expect(rest.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([`${arn}:1`]);
    expect(rest.nextToken).toBeUndefined();
  });

  test('a deleted version is gone, its number is not given again, and deleting it again succeeds', async () => {
    const { arn } = await createMachine({ publish: true });
    await publishedVersions(arn, 'R1');
    await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:2` }));
    await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:2` }));
    await expect(
      sfn.send(new DescribeStateMachineCommand({ stateMachineArn: `${arn}:2` })),
    ).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
      message: `State Machine Does Not Exist: '${arn}:2'`,
    });
    const again = await sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: arn }));
    expect(again.stateMachineVersionArn).toBe(`${arn}:3`);
  });

  test('a version cannot be updated: its ARN names no state machine', async () => {
    const { arn, versionArn } = await createMachine({ publish: true });
    await expect(update(versionArn as string, 'R1')).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
      message: `State Machine Does Not Exist: '${arn}:1'`,
    });
  });

  test('publishing for a state machine that does not exist, or for no ARN, is refused', async () => {
    const missing = 'arn:aws:states:us-east-1:123456789012:stateMachine:never-created';
    await expect(
      sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: missing })),
    ).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
      message: `State Machine Does Not Exist: '${missing}'`,
    });
    await expect(
      sfn.send(new PublishStateMachineVersionCommand({ stateMachineArn: 'invalid_arn' })),
    ).rejects.toMatchObject({ name: 'InvalidArn' });
  });

  test('a state machine has at most 1000 versions; the next publish is ServiceQuotaExceededException', async () => {
    const { arn } = await createMachine({ publish: true });
    for (let i = 1; i < 1000; i += 1)
      server.engine.updateStateMachine({
        stateMachineArn: arn,
        definition: definition(`R${i}`),
        publish: true,
      });
    await expect(update(arn, 'R1000', true)).rejects.toMatchObject({
      name: 'ServiceQuotaExceededException',
      $metadata: { httpStatusCode: 402 },
    });
    // The refused update changed nothing.
    expect((await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: arn }))).definition).toBe(
      definition('R999'),
    );
    await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:1` }));
    expect((await update(arn, 'R1000', true)).stateMachineVersionArn).toBe(`${arn}:1001`);
  });
});

describe('executions of versions', () => {
  test('a version ARN runs that version even after the state machine changed', async () => {
    const { arn, versionArn } = await createMachine({ publish: true });
    await update(arn, 'R1');
    const described = await run(versionArn as string);
    expect(described.executionArn).toMatch(new RegExp(`:execution:${arn.split(':').at(-1) as string}:`));
    expect(described).toMatchObject({
      stateMachineArn: arn,
      stateMachineVersionArn: versionArn,
      status: 'SUCCEEDED',
    });
    expect(described.stateMachineAliasArn).toBeUndefined();
    expect(output(described).revision).toBe('R0');
    expect(output(await run(arn)).revision).toBe('R1');
  });

  test("$$.StateMachine.Id is the version's ARN in a versioned execution, the machine's otherwise", async () => {
    const { arn, versionArn } = await createMachine({ publish: true });
    expect(output(await run(versionArn as string)).stateMachineId).toBe(versionArn);
    expect(output(await run(arn)).stateMachineId).toBe(arn);
  });

  test("DescribeStateMachineForExecution gives the version's definition under the machine's ARN", async () => {
    const { arn } = await createMachine();
    const { revisionId, stateMachineVersionArn } = await update(arn, 'R1', true);
    await update(arn, 'R2');
    const described = await run(stateMachineVersionArn as string);
    const forExecution = await sfn.send(
      new DescribeStateMachineForExecutionCommand({ executionArn: described.executionArn }),
    );
    expect(forExecution).toMatchObject({ stateMachineArn: arn, definition: definition('R1'), revisionId });
  });

  test('ExecutionStarted names the version and the alias an execution started through', async () => {
    const { versionArn } = await createMachine({ publish: true });
    const { stateMachineAliasArn } = await createAlias(
      uniqueName('alias'),
      route([versionArn as string, 100]),
    );
    const described = await run(stateMachineAliasArn as string);
    const history = await sfn.send(new GetExecutionHistoryCommand({ executionArn: described.executionArn }));
    expect(history.events?.[0]?.executionStartedEventDetails).toMatchObject({
      stateMachineVersionArn: versionArn,
      stateMachineAliasArn,
    });
  });

  test('a version or an alias that does not exist starts nothing, sync or not', async () => {
    const { arn } = await createMachine();
    await expect(sfn.send(new StartExecutionCommand({ stateMachineArn: `${arn}:7` }))).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
      message: `State Machine Does Not Exist: '${arn}:7'`,
    });
    const { arn: express } = await createMachine({ type: 'EXPRESS' });
    await expect(
      sfn.send(new StartSyncExecutionCommand({ stateMachineArn: `${express}:PROD` })),
    ).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
      message: `State Machine Does Not Exist: '${express}:PROD'`,
    });
  });

  test('ListExecutions lists all of a machine, or those of one version or one alias', async () => {
    const { arn, versionArn } = await createMachine({ publish: true });
    const [v2] = await publishedVersions(arn, 'R1');
    const { stateMachineAliasArn } = await createAlias(uniqueName('alias'), route([v2 as string, 100]));
    const plain = await run(arn);
    const byVersion = await run(versionArn as string);
    const byAlias = await run(stateMachineAliasArn as string);
    const list = async (stateMachineArn: string) =>
      (await sfn.send(new ListExecutionsCommand({ stateMachineArn }))).executions ?? [];
    const all = await list(arn);
    expect(all.map((e) => e.executionArn)).toEqual([
      byAlias.executionArn,
      byVersion.executionArn,
      plain.executionArn,
    ]);
    expect(all[0]).toMatchObject({ stateMachineArn: arn, stateMachineVersionArn: v2, stateMachineAliasArn });
    expect(all[2]?.stateMachineVersionArn).toBeUndefined();
    expect((await list(versionArn as string)).map((e) => e.executionArn)).toEqual([byVersion.executionArn]);
    expect((await list(v2 as string)).map((e) => e.executionArn)).toEqual([byAlias.executionArn]);
    expect((await list(stateMachineAliasArn as string)).map((e) => e.executionArn)).toEqual([
      byAlias.executionArn,
    ]);
  });

  test('StartSyncExecution runs an Express version, and an Express alias', async () => {
    const { versionArn } = await createMachine({ publish: true, type: 'EXPRESS' });
    const byVersion = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: versionArn }));
    expect(byVersion).toMatchObject({ status: 'SUCCEEDED' });
    expect(JSON.parse(byVersion.output as string)).toMatchObject({ stateMachineId: versionArn });
    const { stateMachineAliasArn } = await createAlias(
      uniqueName('alias'),
      route([versionArn as string, 100]),
    );
    const byAlias = await sfn.send(new StartSyncExecutionCommand({ stateMachineArn: stateMachineAliasArn }));
    expect(byAlias.status).toBe('SUCCEEDED');
  });
});

describe('aliases', () => {
  test('an alias is created under its machine, and described with its routing', async () => {
    const { arn, versionArn } = await createMachine({ publish: true });
    const name = uniqueName('PROD');
    const created = await createAlias(name, route([versionArn as string, 100]), 'the live one');
    expect(created.stateMachineAliasArn).toBe(`${arn}:${name}`);
    const described = await sfn.send(
      new DescribeStateMachineAliasCommand({ stateMachineAliasArn: created.stateMachineAliasArn }),
    );
    expect(described).toMatchObject({
      stateMachineAliasArn: `${arn}:${name}`,
      name,
      description: 'the live one',
      routingConfiguration: route([versionArn as string, 100]),
      creationDate: created.creationDate,
    });
    expect(described.updateDate).toBeInstanceOf(Date);
  });

  test('creating the same alias again answers it; the same name with other settings is a conflict', async () => {
    const { arn, versionArn } = await createMachine({ publish: true });
    const [v2] = await publishedVersions(arn, 'R1');
    const name = uniqueName('alias');
    const first = await createAlias(name, route([versionArn as string, 100]), 'one');
    expect(await createAlias(name, route([versionArn as string, 100]), 'one')).toMatchObject({
      stateMachineAliasArn: first.stateMachineAliasArn,
      creationDate: first.creationDate,
    });
    const conflict = {
      name: 'ConflictException',
      message:
        'Failed to create alias because an alias with the same name and a different routing configuration already exists.',
    };
    await expect(createAlias(name, route([versionArn as string, 100]), 'two')).rejects.toMatchObject(
      conflict,
    );
    await expect(
      createAlias(name, route([versionArn as string, 50], [v2 as string, 50]), 'one'),
    ).rejects.toMatchObject(conflict);
  });

  test('alias names are refused as the service refuses them', async () => {
    const { versionArn } = await createMachine({ publish: true });
    const pattern = '^(?=.*[a-zA-Z_\\-\\.])[a-zA-Z0-9_\\-\\.]+$';
    for (const name of ['123', 'INVALID ALIAS', '!INVALID', 'ALIAS@'])
      await expect(createAlias(name, route([versionArn as string, 100]))).rejects.toMatchObject({
        name: 'ValidationException',
        message: `1 validation error detected: Value '${name}' at 'name' failed to satisfy constraint: Member must satisfy regular expression pattern: ${pattern}`,
      });
    const long = 'A'.repeat(81);
    await expect(createAlias(long, route([versionArn as string, 100]))).rejects.toMatchObject({
      message: `1 validation error detected: Value '${long}' at 'name' failed to satisfy constraint: Member must have length less than or equal to 80`,
    });
  });

  test('routing configurations are refused in the words of the service', async () => {
    const { arn, versionArn } = await createMachine({ publish: true });
    const [v2, v3] = await publishedVersions(arn, 'R1', 'R2');
    const v1 = versionArn as string;
    const refused = (routing: RoutingConfigurationListItem[], message: string) =>
      expect(createAlias(uniqueName('alias'), routing)).rejects.toMatchObject({
        name: 'ValidationException',
        message,
      });
    await refused(
      route([v1, 50], [v2 as string, 30], [v3 as string, 20]),
      `1 validation error detected: Value '[RoutingConfigurationListItem(stateMachineVersionArn=${v1}, weight=50), RoutingConfigurationListItem(stateMachineVersionArn=${v2 as string}, weight=30), RoutingConfigurationListItem(stateMachineVersionArn=${v3 as string}, weight=20)]' at 'routingConfiguration' failed to satisfy constraint: Member must have length less than or equal to 2`,
    );
    await refused(
      route([v1, 50], [v1, 50]),
      `Routing configuration must contain distinct state machine version ARNs. Received: [${v1}, ${v1}]`,
    );
    await refused(
      route([arn, 70], [v2 as string, 30]),
      `Routing configuration must contain state machine version ARNs. Received: [${arn}, ${v2 as string}]`,
    );
    await refused(
      route([v1, 101]),
      "1 validation error detected: Value '101' at 'routingConfiguration.1.member.weight' failed to satisfy constraint: Member must have value less than or equal to 100",
    );
    await refused(
      route([v1, 70], [v2 as string, 29]),
      'Sum of routing configuration weights must equal 100. Received: [70, 29]',
    );
  });

  test('an alias runs each version in the share its weight gives it', async () => {
    const { arn, versionArn } = await createMachine({ publish: true });
    const [v2] = await publishedVersions(arn, 'R1');
    const { stateMachineAliasArn: allToV2 } = await createAlias(
      uniqueName('alias'),
      route([versionArn as string, 0], [v2 as string, 100]),
    );
    for (let i = 0; i < 5; i += 1) {
      const described = await run(allToV2 as string);
      expect(described).toMatchObject({ stateMachineVersionArn: v2, stateMachineAliasArn: allToV2 });
      expect(output(described)).toEqual({ revision: 'R1', stateMachineId: v2 });
    }
    const { stateMachineAliasArn: split } = await createAlias(
      uniqueName('alias'),
      route([versionArn as string, 50], [v2 as string, 50]),
    );
    const ran = new Set<string>();
    for (let i = 0; i < 40; i += 1) ran.add((await run(split as string)).stateMachineVersionArn as string);
    expect(ran).toEqual(new Set([versionArn, v2]));
  });

  test('a version an alias routes to cannot be deleted until the alias moves off it', async () => {
    const { arn, versionArn } = await createMachine({ publish: true });
    const [v2] = await publishedVersions(arn, 'R1');
    const name = uniqueName('alias');
    const { stateMachineAliasArn } = await createAlias(name, route([versionArn as string, 100]));
    await expect(
      sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: versionArn })),
    ).rejects.toMatchObject({
      name: 'ConflictException',
      message: `Version to be deleted must not be referenced by an alias. Current list of aliases referencing this version: [${name}]`,
    });
    const updated = await sfn.send(
      new UpdateStateMachineAliasCommand({
        stateMachineAliasArn,
        routingConfiguration: route([v2 as string, 100]),
      }),
    );
    expect(updated.updateDate).toBeInstanceOf(Date);
    await sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: versionArn }));
    const listed = await sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn }));
    expect(listed.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([v2]);
  });

  test('UpdateStateMachineAlias changes the description alone, keeping the routing', async () => {
    const { versionArn } = await createMachine({ publish: true });
    const { stateMachineAliasArn } = await createAlias(
      uniqueName('alias'),
      route([versionArn as string, 100]),
      'old',
    );
    await sfn.send(
      new UpdateStateMachineAliasCommand({ stateMachineAliasArn, description: 'new description' }),
    );
    expect(await sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn }))).toMatchObject({
      description: 'new description',
      routingConfiguration: route([versionArn as string, 100]),
    });
  });

  test('a deleted alias starts nothing and is not found; deleting it again succeeds', async () => {
    const { versionArn } = await createMachine({ publish: true });
    const { stateMachineAliasArn } = await createAlias(
      uniqueName('alias'),
      route([versionArn as string, 100]),
    );
    await sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn }));
    await sfn.send(new DeleteStateMachineAliasCommand({ stateMachineAliasArn }));
    await expect(
      sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFound',
    });
    await expect(
      sfn.send(new UpdateStateMachineAliasCommand({ stateMachineAliasArn, description: 'again' })),
    ).rejects.toMatchObject({ name: 'ResourceNotFound' });
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: stateMachineAliasArn })),
    ).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
    // Its version stays.
    await sfn.send(new DescribeStateMachineCommand({ stateMachineArn: versionArn }));
  });

  test('aliases are listed oldest first; with a version ARN, those routing to it', async () => {
    const { arn, versionArn } = await createMachine({ publish: true });
    const [v2] = await publishedVersions(arn, 'R1');
    const first = await createAlias(uniqueName('zeta'), route([versionArn as string, 100]));
    const second = await createAlias(uniqueName('alpha'), route([v2 as string, 100]));
    const list = async (stateMachineArn: string) =>
      (
        (await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn }))).stateMachineAliases ?? []
      ).map((a) => a.stateMachineAliasArn);
    expect(await list(arn)).toEqual([first.stateMachineAliasArn, second.stateMachineAliasArn]);
    expect(await list(v2 as string)).toEqual([second.stateMachineAliasArn]);
  });
});

describe('deleting and tagging', () => {
  test('DeleteStateMachine deletes its versions and aliases with it', async () => {
    const name = uniqueName();
    const create = () =>
      sfn.send(
        new CreateStateMachineCommand({ name, definition: definition('R0'), roleArn: ROLE, publish: true }),
      );
    const { stateMachineArn, stateMachineVersionArn } = await create();
    const { stateMachineAliasArn } = await createAlias(
      uniqueName('alias'),
      route([stateMachineVersionArn as string, 100]),
    );
    await sfn.send(new DeleteStateMachineCommand({ stateMachineArn }));
    await expect(
      sfn.send(new StartExecutionCommand({ stateMachineArn: stateMachineVersionArn })),
    ).rejects.toMatchObject({
      name: 'StateMachineDoesNotExist',
    });
    await expect(
      sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn })),
    ).rejects.toMatchObject({
      name: 'ResourceNotFound',
    });
    // A machine created again under the name starts its versions afresh.
    expect((await create()).stateMachineVersionArn).toBe(`${stateMachineArn as string}:1`);
    const aliases = await sfn.send(new ListStateMachineAliasesCommand({ stateMachineArn }));
    expect(aliases.stateMachineAliases).toEqual([]);
  });

  test('tags given at creation are the state machine’s; a version carries none of its own', async () => {
    const created = await sfn.send(
      new CreateStateMachineCommand({
        name: uniqueName(),
        definition: definition('R0'),
        roleArn: ROLE,
        publish: true,
        tags: [{ key: 'team', value: 'orders' }],
      }),
    );
    const tags = await sfn.send(new ListTagsForResourceCommand({ resourceArn: created.stateMachineArn }));
    expect(tags.tags).toEqual([{ key: 'team', value: 'orders' }]);
    await expect(
      sfn.send(
        new TagResourceCommand({
          resourceArn: created.stateMachineVersionArn,
          tags: [{ key: 'a', value: 'b' }],
        }),
      ),
    ).rejects.toMatchObject({ name: 'ResourceNotFound' });
  });
});

describe('versions and aliases in a data dir', () => {
  const restartable = (dataDir: string): LocalStepFunctionsOptions => ({ dataDir, resumeProbationMs: 10 });

  test('versions, aliases, their numbering and the executions started through them survive a restart', async () => {
    const dataDir = mkdtempSync(join(tmpdir(), 'versions-'));
    const before = await startServer(restartable(dataDir));
    const { arn, versionArn } = await createMachine(
      { publish: true, versionDescription: 'first' },
      before.sfn,
    );
    const v2 = (await update(arn, 'R1', true, before.sfn)).stateMachineVersionArn as string;
    await update(arn, 'R2', true, before.sfn);
    await before.sfn.send(new DeleteStateMachineVersionCommand({ stateMachineVersionArn: `${arn}:3` }));
    const name = uniqueName('PROD');
    const { stateMachineAliasArn } = await before.sfn.send(
      new CreateStateMachineAliasCommand({
        name,
        routingConfiguration: route([v2, 100]),
        description: 'live',
      }),
    );
    const { executionArn } = await before.sfn.send(
      new StartExecutionCommand({ stateMachineArn: stateMachineAliasArn }),
    );
    await before.server.engine.waitForExecution(executionArn as string);
    before.sfn.destroy();
    await before.server.close();

    const after = await startServer(restartable(dataDir));
    try {
      const versions = await after.sfn.send(new ListStateMachineVersionsCommand({ stateMachineArn: arn }));
      expect(versions.stateMachineVersions?.map((v) => v.stateMachineVersionArn)).toEqual([v2, versionArn]);
      expect(
        await after.sfn.send(new DescribeStateMachineCommand({ stateMachineArn: versionArn })),
      ).toMatchObject({
        definition: definition('R0'),
        description: 'first',
      });
      expect(
        await after.sfn.send(new DescribeStateMachineAliasCommand({ stateMachineAliasArn })),
      ).toMatchObject({
        name,
        description: 'live',
        routingConfiguration: route([v2, 100]),
      });
      expect(await after.sfn.send(new DescribeExecutionCommand({ executionArn }))).toMatchObject({
        stateMachineVersionArn: v2,
        stateMachineAliasArn,
      });
      // The revision survived (publishing it again answers its version) and number 3 stays spent.
      expect((await update(arn, 'R2', true, after.sfn)).stateMachineVersionArn).toBe(`${arn}:4`);
      expect((await update(arn, 'R2', true, after.sfn)).stateMachineVersionArn).toBe(`${arn}:4`);
      const rerun = await after.sfn.send(
        new StartExecutionCommand({ stateMachineArn: stateMachineAliasArn }),
      );
      const described = await after.server.engine.waitForExecution(rerun.executionArn as string);
      expect(JSON.parse(described.output as string)).toEqual({ revision: 'R1', stateMachineId: v2 });
    } finally {
      after.sfn.destroy();
      await after.server.close();
    }
  });
});
