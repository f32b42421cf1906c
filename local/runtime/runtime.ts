import { readFileSync } from 'node:fs';
import { join } from 'node:path';
import type { Clock } from '@myblog/sfn-engine';
import { type LocalStepFunctions, startLocalStepFunctions } from '@myblog/stepfunctions-local';
import { pipeline } from '../../topology/pipeline';
import type { FunctionName, QueueName, Topology, WorkflowName } from '../../topology/types';
import type { FunctionRegistry, LambdaHandler } from '@myblog/stepfunctions-local';
import { applySubstitutions } from '@myblog/asl';
import { type AwsClients, awsClients, LOCAL_CREDENTIALS } from './aws-clients';
import { hostedFunctions } from './functions';
import { FunctionHost, inheritedVariables } from './function-host/function-host';
import { startLambdaEndpoint } from './lambda-endpoint';
import type { Listening } from '@myblog/local-http';
import { inProcessLink, processLink, type StepFunctionsLink } from './step-functions-link';
import { spawnStepFunctions, type StepFunctionsProcess } from './step-functions-process';
import { type MotoServer, startMoto } from './moto';
import { KinesisConsumer, localContext } from './pollers/kinesis-consumer';
import { Poller } from './pollers/poller';
import { queuePipeRound } from './pollers/queue-pipe';
import { TableStreamPipe } from './pollers/table-stream-pipe';
import { provision, type Resources, resolveRef } from './provision';
import { type ApiServer, startApiServer } from './api-server';
import { ApiResponseCache } from './stage-cache';
import { type UploadGate, startUploadGate } from './upload-gate';
import { type LocalCdn, startLocalCdn } from './local-cdn';
import { type LocalUpdateOrigin, startLocalUpdateOrigin } from './update-origin';
import { type RedriveResult, type RedriveTarget, redriveQueue, redriveTargets, toQueue } from './redrive';

export interface RuntimeOptions {
  /** A moto server already running (tests share one); otherwise one is started and stopped. */
  readonly motoEndpoint?: string;
  /** Prefix of every resource name; tests use their own so they can share a moto server. */
  readonly prefix?: string;
  /** Overrides of the functions' settings, e.g. a small MULTIPART_COPY_THRESHOLD_BYTES. */
  readonly settings?: Readonly<Record<string, string>>;
  /** Port of the local Step Functions API; 0 picks a free one. Default 8083. */
  readonly stepFunctionsPort?: number;
  readonly clock?: Clock;
  readonly waitTimeScale?: number;
  readonly region?: string;
  readonly accountId?: string;
  readonly log?: (line: string) => void;
  /** Pause between empty polls (ms). */
  readonly pollIdleMs?: number;
  /** Port of the blog API; 0 (the default) picks a free one. */
  readonly apiPort?: number;
  /** Each function's timeout from its configured one (the soak shortens them, so an injected hang ends soon). */
  readonly functionTimeout?: (name: FunctionName, configuredSeconds: number) => number;
  /** Wraps each function's handler, given its timeout in seconds (the soak run injects faults here). */
  readonly wrapFunction?: (
    name: FunctionName,
    handler: LambdaHandler,
    timeoutSeconds: number,
  ) => LambdaHandler;
  /** Live function environments at most (child processes; default 32): more invocations wait for one. */
  readonly maxFunctionEnvironments?: number;
  /**
   * Runs the local Step Functions as a process of its own, keeping its journal here, with the
   * functions served to it over a local Lambda API: the soak kills and restarts it. `clock` does
   * not reach it then; `waitTimeScale` does.
   */
  readonly stepFunctionsDataDir?: string;
  /** Finished executions the local Step Functions keeps (default 10,000; a long soak needs more). */
  readonly retainedExecutions?: number;
  /** The update server's folder when the topology's releaseOrigin is updateServer; a fresh one by default. */
  readonly updatesDir?: string;
  /** The blog API stage cache's clock (milliseconds): a test moves it past a route's TTL. */
  readonly apiCacheClock?: () => number;
  /** Also serves the blog API without the stage cache, at `uncachedApiUrl`: the other side of `npm run bench -- api`. */
  readonly uncachedApi?: boolean;
}

/** The running pipeline, wherever its Step Functions runs. */
export interface RuntimeBase {
  readonly endpoint: string;
  /** The local Step Functions, through its API. */
  readonly stepFunctionsLink: StepFunctionsLink;
  readonly resources: Resources;
  readonly clients: AwsClients;
  readonly stateMachineArns: Readonly<Record<WorkflowName, string>>;
  readonly region: string;
  /** The blog's REST API, served by its Lambda handler as API Gateway would, with the stage cache the infra configures. */
  readonly apiUrl: string;
  /** The blog API's stage cache: its hits and misses, and flush() as FlushStageCache. */
  readonly apiCache: ApiResponseCache;
  /** The same API with no stage cache, when asked for (`uncachedApi`). */
  readonly uncachedApiUrl: string | undefined;
  /** Runs the functions as Lambda does: each invocation in a process of its own, stopped at its timeout. */
  readonly functionHost: FunctionHost;
  /** The addresses this pipeline's functions send email from: its outbox is what SES got from them. */
  readonly senderAddresses: readonly string[];
  /** Where presigned S3 URLs point locally: checks their signatures, then hands them to moto. */
  readonly uploadEndpoint: string;
  /** Every dead-letter queue and where its messages go back to. */
  readonly deadLetterQueues: Readonly<Partial<Record<QueueName, RedriveTarget>>>;
  /** The update server and its edge, when the topology's releaseOrigin is updateServer. */
  readonly updateOrigin: LocalUpdateOrigin | undefined;
  /** Sends every message of a dead-letter queue back to where it failed. */
  redrive(queue: QueueName): Promise<RedriveResult>;
  /**
   * Stops every poller and starts it again from its checkpoint; `kill` stops each as a crash of
   * the Pipes' workers would, in the middle of what it was doing (see Poller.kill).
   */
  restartPollers(how?: 'stop' | 'kill'): Promise<void>;
  stop(): Promise<void>;
}

/** The pipeline with its Step Functions in this process (npm start, the tests). */
export interface Runtime extends RuntimeBase {
  readonly stepFunctions: LocalStepFunctions;
}

/** The pipeline with its Step Functions in a process of its own (see stepFunctionsDataDir). */
export interface ProcessRuntime extends RuntimeBase {
  readonly stepFunctionsProcess: StepFunctionsProcess;
}

const kebab = (name: string) => name.replace(/[A-Z]/g, (c) => `-${c.toLowerCase()}`);

/** The sender addresses the functions are configured with: SES needs them verified. */
function senderAddresses(topology: Topology, settings: Readonly<Record<string, string>>): string[] {
  const addresses = new Set<string>();
  for (const spec of Object.values(topology.functions)) {
    for (const [variable, ref] of Object.entries(spec.environment)) {
      if (variable === 'SENDER_ADDRESS' && ref.kind === 'setting')
        addresses.add(settings[variable] ?? ref.value);
    }
  }
  return [...addresses];
}

/**
 * The whole pipeline on this machine, wired as in AWS: moto for the AWS services, the local
 * Step Functions for the workflows, the functions in-process, and pollers playing the
 * EventBridge Pipes and the Kinesis event source mapping.
 */
export async function startRuntime(
  options: RuntimeOptions & { readonly stepFunctionsDataDir: string },
  topology?: Topology,
): Promise<ProcessRuntime>;
export async function startRuntime(
  options?: RuntimeOptions & { readonly stepFunctionsDataDir?: undefined },
  topology?: Topology,
): Promise<Runtime>;
export async function startRuntime(
  options: RuntimeOptions = {},
  topology: Topology = pipeline,
): Promise<Runtime | ProcessRuntime> {
  const region = options.region ?? 'us-east-1';
  const accountId = options.accountId ?? '123456789012';
  // The dashboard and a local site are other origins than the production site's.
  let settings: Readonly<Record<string, string>> = { ALLOWED_ORIGIN: '*', ...options.settings };
  const log = options.log ?? ((line: string) => console.error(line));
  let moto: MotoServer | undefined;
  const endpoint = options.motoEndpoint ?? (moto = await startMoto()).endpoint;
  const clients = awsClients(endpoint, region);
  const pollers: Poller[] = [];
  let link: StepFunctionsLink | undefined;
  let lambda: Listening | undefined;
  let gate: UploadGate | undefined;
  let cdn: LocalCdn | undefined;
  let api: ApiServer | undefined;
  let uncachedApi: ApiServer | undefined;
  let functionHost: FunctionHost | undefined;
  let updateOrigin: LocalUpdateOrigin | undefined;
  const stop = async () => {
    await api?.close();
    await uncachedApi?.close();
    await updateOrigin?.stop();
    await gate?.close();
    await cdn?.close();
    await Promise.all(pollers.map((poller) => poller.stop()));
    await link?.close();
    await lambda?.close();
    await functionHost?.stop();
    clients.destroy();
    await moto?.stop();
  };
  try {
    const senders = senderAddresses(topology, settings);
    const provisioned = await provision(topology, clients, {
      prefix: options.prefix ?? topology.project,
      senderAddresses: senders,
    });
    cdn = await startLocalCdn(clients.s3, provisioned.buckets.distribution);
    if (topology.releaseOrigin === 'updateServer') {
      updateOrigin = await startLocalUpdateOrigin({
        cloudfront: clients.cloudfront,
        distributionId: provisioned.distributionId,
        ...(options.updatesDir === undefined ? {} : { dir: options.updatesDir }),
        log,
      });
      // The functions that write the update server's volume write its folder here.
      settings = { UPDATES_VOLUME_PATH: updateOrigin.dir, ...settings };
    }
    const resources: Resources = { ...provisioned, downloadsBaseUrl: cdn.url };
    gate = await startUploadGate({ motoEndpoint: endpoint, credentials: LOCAL_CREDENTIALS });
    const functions = hostedFunctions(
      topology,
      resources,
      { endpoint, region, accountId },
      {
        settings,
        common: { UPLOAD_ENDPOINT: gate.url },
        ...(options.functionTimeout === undefined ? {} : { timeout: options.functionTimeout }),
      },
    );
    const started = FunctionHost.start(
      functions.map(([, fn]) => fn),
      {
        region,
        accountId,
        inherited: inheritedVariables(),
        ...(options.maxFunctionEnvironments === undefined
          ? {}
          : { maxEnvironments: options.maxFunctionEnvironments }),
      },
    );
    functionHost = started;
    const wrap = options.wrapFunction ?? ((_name: FunctionName, handler: LambdaHandler) => handler);
    const registry: FunctionRegistry = new Map(
      functions.map(([logical, fn]) => [fn.name, wrap(logical, started.handler(fn.name), fn.timeoutSeconds)]),
    );
    let host: { stepFunctions: LocalStepFunctions } | { stepFunctionsProcess: StepFunctionsProcess };
    if (options.stepFunctionsDataDir === undefined) {
      const stepFunctions = await startLocalStepFunctions({
        port: options.stepFunctionsPort ?? 8083,
        functions: registry,
        target: { region, accountId, endpoints: {}, defaultEndpoint: endpoint },
        ...(options.clock === undefined ? {} : { clock: options.clock }),
        ...(options.waitTimeScale === undefined ? {} : { waitTimeScale: options.waitTimeScale }),
        ...(options.retainedExecutions === undefined
          ? {}
          : { retainedExecutions: options.retainedExecutions }),
        log,
      });
      link = inProcessLink(stepFunctions, region);
      host = { stepFunctions };
    } else {
      lambda = await startLambdaEndpoint(registry);
      const stepFunctionsProcess = await spawnStepFunctions(
        options.stepFunctionsDataDir,
        {
          LAMBDA_ENDPOINT: lambda.url,
          AWS_ENDPOINT_URL: endpoint,
          AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
          AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
          AWS_DEFAULT_REGION: region,
          AWS_ACCOUNT_ID: accountId,
          WAIT_TIME_SCALE: String(options.waitTimeScale ?? 1),
        },
        options.retainedExecutions === undefined
          ? []
          : ['--retained-executions', String(options.retainedExecutions)],
      );
      link = processLink(stepFunctionsProcess, region, accountId);
      host = { stepFunctionsProcess };
    }
    const stepFunctionsLink = link;
    const stateMachineArns = {} as Record<WorkflowName, string>;
    for (const [workflow, spec] of Object.entries(topology.workflows) as [
      WorkflowName,
      Topology['workflows'][WorkflowName],
    ][]) {
      const values = Object.fromEntries(
        Object.entries(spec.substitutions).map(([key, ref]) => [
          key,
          resolveRef(ref, resources, region, accountId, settings),
        ]),
      );
      const definition = applySubstitutions(
        readFileSync(join(__dirname, '..', '..', 'workflows', spec.file), 'utf8'),
        values,
      );
      stateMachineArns[workflow] = await stepFunctionsLink.createStateMachine(
        `${resources.prefix}-${kebab(workflow)}`,
        definition,
        spec.type,
      );
    }
    const idle = options.pollIdleMs ?? 200;
    const report = (name: string) => (error: unknown) => log(`${name}: ${(error as Error).message}`);
    for (const pipe of topology.pipes) {
      const start = (input: string) =>
        stepFunctionsLink.startExecution(stateMachineArns[pipe.workflow], input);
      if (pipe.kind === 'queue') {
        const name = `pipe ${pipe.queue} → ${pipe.workflow}`;
        pollers.push(
          new Poller(
            name,
            (signal) =>
              queuePipeRound(
                {
                  sqs: clients.sqs,
                  queueUrl: resources.queueUrls[pipe.queue],
                  queueArn: resources.queueArns[pipe.queue],
                  region,
                  batchSize: pipe.batchSize,
                  start,
                  waitSeconds: 1,
                },
                signal,
              ),
            report(name),
            idle,
          ),
        );
      } else {
        const name = `pipe ${pipe.table} stream → ${pipe.workflow}`;
        const streamPipe = new TableStreamPipe({
          streams: clients.streams,
          sqs: clients.sqs,
          streamArn: resources.tableStreamArns[pipe.table] as string,
          eventNames: pipe.eventNames,
          batchSize: pipe.batchSize,
          maximumRetryAttempts: pipe.maximumRetryAttempts,
          deadLetterQueueUrl: resources.queueUrls[pipe.deadLetterQueue],
          start,
        });
        pollers.push(new Poller(name, (signal) => streamPipe.round(signal), report(name), idle));
      }
    }
    for (const consumer of topology.streamConsumers) {
      const name = `event source mapping ${consumer.stream} → ${consumer.fn}`;
      const handler = registry.get(resources.functions[consumer.fn]);
      if (handler === undefined) throw new Error(`${name}: no function ${consumer.fn}`);
      const kinesis = new KinesisConsumer({
        kinesis: clients.kinesis,
        sqs: clients.sqs,
        streamName: resources.streams[consumer.stream],
        streamArn: `arn:aws:kinesis:${region}:${accountId}:stream/${resources.streams[consumer.stream]}`,
        region,
        batchSize: consumer.batchSize,
        maximumRetryAttempts: consumer.maximumRetryAttempts,
        deadLetterQueueUrl: resources.queueUrls[consumer.deadLetterQueue],
        handler,
      });
      pollers.push(new Poller(name, (signal) => kinesis.round(signal), report(name), idle));
    }
    for (const poller of pollers) poller.start();
    const apiHandler = registry.get(resources.functions.blogApi);
    if (apiHandler === undefined) throw new Error('The topology has no blogApi function');
    const apiCache = new ApiResponseCache(options.apiCacheClock);
    api = await startApiServer(apiHandler, {
      port: options.apiPort ?? 0,
      routes: topology.api.routes,
      cache: apiCache,
    });
    if (options.uncachedApi === true)
      uncachedApi = await startApiServer(apiHandler, { routes: topology.api.routes });
    const deadLetterQueues = redriveTargets(topology);
    const redrive = async (queue: QueueName): Promise<RedriveResult> => {
      const target = deadLetterQueues[queue];
      if (target === undefined) throw new Error(`${queue} is not a dead-letter queue`);
      return redriveQueue(clients.sqs, resources.queueUrls[queue], async (message) => {
        if (target.kind === 'queue') return toQueue(clients.sqs, resources.queueUrls[target.queue])(message);
        if (target.kind === 'pipe') {
          await stepFunctionsLink.startExecution(stateMachineArns[target.workflow], message.Body ?? '');
          return;
        }
        const { records } = JSON.parse(message.Body ?? '{}') as { records?: unknown[] };
        const handler = registry.get(resources.functions[target.fn]);
        if (handler === undefined || !Array.isArray(records))
          throw new Error(`cannot redrive to ${target.fn}`);
        const response = (await handler(
          { Records: records },
          localContext(resources.functions[target.fn]),
        )) as { batchItemFailures?: unknown[] } | undefined;
        if ((response?.batchItemFailures ?? []).length > 0) throw new Error(`${target.fn} failed again`);
      });
    };
    return {
      endpoint,
      ...host,
      stepFunctionsLink,
      resources,
      clients,
      stateMachineArns,
      region,
      apiUrl: api.url,
      apiCache,
      uncachedApiUrl: uncachedApi?.url,
      functionHost: started,
      senderAddresses: senders,
      uploadEndpoint: gate.url,
      deadLetterQueues,
      updateOrigin,
      redrive,
      restartPollers: async (how = 'stop') => {
        await Promise.all(pollers.map((poller) => poller.restart(how)));
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
