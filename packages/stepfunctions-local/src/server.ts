import { type Clock, RealClock } from '@myblog/sfn-engine';
import { allStates, type JsonObject as GraphObject } from '@myblog/asl';
import { ResourceNotFound, StateMachineDoesNotExist, ValidationException } from '@myblog/sfn-engine';
import type { Compatibility } from '@myblog/sfn-engine';
import { StepFunctionsEngine } from '@myblog/sfn-engine';
import type { TaskResolver } from '@myblog/sfn-engine';
import { activityActions } from './actions/activities';
import { callbackActions } from './actions/callbacks';
import { executionActions } from './actions/executions';
import { mapRunActions } from './actions/map-runs';
import { stateMachineActions } from './actions/state-machines';
import { TagStore, tagActions } from './actions/tags';
import { testStateAction } from './actions/test-state';
import { aliasActions, versionActions } from './actions/versions';
import { parseQualifiedStateMachineArn } from '@myblog/sfn-engine';
import { type Listening, listenOnLoopback } from '@myblog/local-http';
import { createProtocolServer } from './http';
import { type AwsTarget, targetFromEnvironment } from './integrations/endpoints';
import { type FunctionRegistry, LambdaInvoker } from './integrations/lambda';
import { IntegrationResolver } from './integrations/resolver';
import { SdkClients } from './integrations/sdk-clients';
import { type MockConfig, unknownMockedStates } from './mock-config/config';
import { MockResolver } from './mock-config/mock-resolver';
import { S3ObjectStore } from './object-store';
import type { JournalFileSystem } from '@myblog/sfn-engine';
import { JournalFile } from '@myblog/sfn-engine';
import { gateChanges } from './journal-gate';
import type { Action } from './wire';

export interface LocalStepFunctionsOptions {
  /** 0 picks a free port. Default 8083. */
  readonly port?: number;
  readonly host?: string;
  readonly mockConfig?: MockConfig;
  /** Multiplies every wait (WAIT_TIME_SCALE); ignored when `clock` is given. */
  readonly waitTimeScale?: number;
  readonly clock?: Clock;
  /** Region, account and service endpoints. Default: from the environment. */
  readonly target?: AwsTarget;
  /** Lambda handlers run in-process; others go to LAMBDA_ENDPOINT. */
  readonly functions?: FunctionRegistry;
  /** Where notices (e.g. mocked states a machine lacks) are written. */
  readonly log?: (line: string) => void;
  /**
   * Keeps state machines and executions in a journal here, so a restarted server (even after
   * SIGKILL) has them all and goes on with the executions that were running.
   */
  readonly dataDir?: string;
  /** Finished executions kept for Describe/History (and in the journal). Default 10,000. */
  readonly retainedExecutions?: number;
  /**
   * How long executions resumed from the data dir must run without bringing the process down
   * before a later start resumes them again (a start after a stop within it fails them with
   * StepFunctionsLocal.ResumeInterrupted). Default 10 s.
   */
  readonly resumeProbationMs?: number;
  /** The file-system calls the journal writes with (tests make them fail as a full disk does). */
  readonly dataDirFileSystem?: JournalFileSystem;
  /** `stepfunctions-local` answers as AWS Step Functions Local where it differs from AWS. Default `aws`. */
  readonly compatibility?: Compatibility;
}

export interface LocalStepFunctions {
  readonly url: string;
  readonly port: number;
  readonly engine: StepFunctionsEngine;
  /** Executions taken back from the data dir that were running and went on. */
  readonly resumed: readonly string[];
  close(): Promise<void>;
}

/**
 * The whole local Step Functions: engine, integrations, mock config and the HTTP API, started
 * on one port. Used by the CLI, by `npm start` and in-process by tests.
 */
export async function startLocalStepFunctions(
  options: LocalStepFunctionsOptions = {},
): Promise<LocalStepFunctions> {
  const log = options.log ?? ((line: string) => console.error(line));
  const target = options.target ?? targetFromEnvironment(process.env);
  // An `aws-sdk:sfn:*` Task (StopExecution, DescribeExecution...) calls Step Functions itself, as in
  // AWS: without STEP_FUNCTIONS_ENDPOINT it reaches this server, once it listens (clients are made
  // on first use, and no execution runs before that).
  const endpoints: Record<string, string> = { ...target.endpoints };
  const clients = new SdkClients({ ...target, endpoints });
  const integrations = new IntegrationResolver(
    clients,
    new LambdaInvoker(options.functions ?? new Map(), clients, target.region, target.accountId),
  );
  const mockConfig = options.mockConfig;
  const mocks = mockConfig === undefined ? undefined : new MockResolver(mockConfig, integrations);
  const resolver: TaskResolver = mocks ?? integrations;
  const retainedExecutions = options.retainedExecutions ?? 10_000;
  const dataDir = options.dataDir;
  const opened =
    dataDir === undefined
      ? undefined
      : JournalFile.open(dataDir, retainedExecutions, {
          ...(options.dataDirFileSystem === undefined ? {} : { fileSystem: options.dataDirFileSystem }),
          onWritable: (failure) =>
            log(
              failure === undefined
                ? `stepfunctions-local: the data dir ${dataDir} can be written again; changes are accepted`
                : `stepfunctions-local: cannot write the data dir ${dataDir} (${failure.message}): free space in ${dataDir}. ` +
                    'Until then reads are answered and changes are refused with ServiceUnavailable; nothing answered is lost.',
            ),
        });
  for (const warning of opened?.warnings ?? []) log(`stepfunctions-local: journal: ${warning}`);
  const engine = new StepFunctionsEngine({
    retainedExecutions,
    ...(opened === undefined ? {} : { journal: opened.journal }),
    clock: options.clock ?? new RealClock(options.waitTimeScale ?? 1),
    resolver,
    region: target.region,
    accountId: target.accountId,
    objects: new S3ObjectStore(clients),
    onExecutionFinished: (arn) => mocks?.forget(arn),
    ...(options.compatibility === undefined ? {} : { compatibility: options.compatibility }),
  });
  if (mocks !== undefined) {
    mocks.callbacks = {
      succeed: (token, output) => engine.sendTaskSuccess(token, output),
      fail: (token, error, cause) => engine.sendTaskFailure(token, error, cause),
    };
  }

  const tags = new TagStore();
  const machineActions = stateMachineActions(engine, tags);
  const runActions = executionActions(engine);
  const actions: Record<string, Action> = {
    ...machineActions,
    ...runActions,
    ...callbackActions(engine),
    ...mapRunActions(engine),
    ...versionActions(engine),
    ...aliasActions(engine),
    ...activityActions(engine.activities, tags),
    ...tagActions(tags, (arn) => {
      if (arn.includes(':activity:')) {
        if (!engine.activities.exists(arn)) throw new ResourceNotFound(`Resource not found: '${arn}'`);
        return;
      }
      if (!arn.includes(':stateMachine:'))
        throw new StateMachineDoesNotExist(`Resource Does Not Exist: '${arn}'`);
      // Versions and aliases carry no tags of their own.
      if (parseQualifiedStateMachineArn(arn).qualifier !== undefined)
        throw new ResourceNotFound(`Resource not found: '${arn}'`);
      engine.describeStateMachine(arn);
    }),
    TestState: testStateAction(engine),
  };
  if (mockConfig !== undefined) {
    const create = actions['CreateStateMachine'] as Action;
    actions['CreateStateMachine'] = async (body) => {
      const created = (await create(body)) as { stateMachineArn: string };
      const name = String(body['name']);
      const definition = JSON.parse(String(body['definition'])) as GraphObject;
      for (const problem of unknownMockedStates(
        mockConfig,
        name,
        new Set(allStates(definition).map((s) => s.name)),
      ))
        log(`mock config: ${problem}`);
      return created;
    };
    for (const start of ['StartExecution', 'StartSyncExecution']) {
      const original = actions[start] as Action;
      actions[start] = (body) => {
        const { name, testCase } = parseQualifiedStateMachineArn(String(body['stateMachineArn'] ?? ''));
        if (testCase !== undefined && mockConfig.testCases.get(name)?.get(testCase) === undefined) {
          throw new ValidationException(
            `The test case '${testCase}' is not in the mock config for the state machine '${name}'`,
          );
        }
        return original(body);
      };
    }
  }

  const server = createProtocolServer(
    opened === undefined ? actions : gateChanges(actions, opened.journal),
    (error) => log(`unexpected error: ${(error as Error).stack ?? String(error)}`),
  );
  let listening: Listening;
  try {
    listening = await listenOnLoopback(server, { port: options.port ?? 8083, host: options.host });
  } catch (error) {
    opened?.journal.close();
    throw error;
  }
  endpoints['sfn'] ??= listening.url;
  // Executions go on only once the server answers: their callbacks may arrive through it.
  // Marked first, so one whose resume brings the process down is not resumed again.
  opened?.journal.resuming(
    opened.snapshot.executions.filter((e) => e.result === undefined).map((e) => e.arn),
  );
  const resumed = opened === undefined ? [] : engine.restore(opened.snapshot);
  const probation =
    opened === undefined
      ? undefined
      : setTimeout(() => opened.journal.survived(), options.resumeProbationMs ?? 10_000);
  probation?.unref();
  return {
    url: listening.url,
    port: listening.port,
    engine,
    resumed,
    close: async () => {
      // Nothing keeps running once the server has stopped (journaled executions resume later).
      await engine.halt();
      clearTimeout(probation);
      await listening.close();
      opened?.journal.close();
    },
  };
}
