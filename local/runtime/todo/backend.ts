import type { TodoWorkflowName, TodoTopology } from '../../../topology/todo-types';
import { apiAttachmentStatements, attachmentsAccessStatements, todo } from '../../../topology/todo';
import { type AwsClients, awsClients, LOCAL_CREDENTIALS } from '../aws-clients';
import { join } from 'node:path';
import { FunctionHost, type HostedFunction, inheritedVariables } from '../function-host/function-host';
import type { Listening } from '@myblog/local-http';
import type { Poller } from '../pollers/poller';
import type { StepFunctionsLink } from '../step-functions-link';
import { ApiResponseCache } from '../stage-cache';
import { startTodoGateway } from './api-gateway';
import { type DaxCaches, startDaxCache } from './dax-cache';
import { withPolicyVariables } from './iam-policy';
import { userPoolKeys, verifyIdToken } from './id-token';
import { CredentialRegistry, LocalIdentityPool, startLocalIdentityPool } from './identity-pool';
import { provisionTodo, resolveTodoRef, type TodoResources } from './provision';
import { registerTodoWorkflows } from './reminders';
import { type Principal, startStorageGate } from './storage-gate';
import type { SignInTarget } from './users';

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
  /**
   * Also serve the API without its caches (no API Gateway cache, reads straight to DynamoDB) at
   * `uncachedApiUrl`: the other side of `npm run bench -- todo`.
   */
  readonly uncachedApi?: boolean;
  /** Port of the to-do API; 0 (the default) picks a free one. */
  readonly apiPort?: number;
}

/** MyTodoList running locally, beside the blog or on its own. */
export interface TodoBackend {
  readonly resources: TodoResources;
  readonly clients: AwsClients;
  readonly region: string;
  readonly stateMachineArns: Readonly<Record<TodoWorkflowName, string>>;
  /** Cognito's identity pool, locally: GetId and GetCredentialsForIdentity (see identity-pool.ts). */
  readonly identityPoolUrl: string;
  /** S3 for the attachments bucket, enforcing each signer's policy in front of moto. */
  readonly storageUrl: string;
  /** What a client needs to sign in (signIn in users.ts). */
  readonly signInTarget: SignInTarget;
  /** The REST API as API Gateway serves it (Cognito authorizer, per-user stage cache), reading through DAX's stand-in. */
  readonly apiUrl: string;
  /** The same API with no cache at all, when asked for (uncachedApi). */
  readonly uncachedApiUrl: string | undefined;
  /** The same API reading through DAX's stand-in but without the stage cache (uncachedApi). */
  readonly daxOnlyApiUrl: string | undefined;
  /** The stage cache's and DAX's hit counts (the dashboard shows them). */
  readonly caches: { readonly api: ApiResponseCache; readonly dax: DaxCaches };
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
  const servers: Listening[] = [];
  let identityPool: LocalIdentityPool | undefined;
  let functionHost: FunctionHost | undefined;
  const stop = async () => {
    await Promise.all(pollers.map((poller) => poller.stop()));
    await functionHost?.stop();
    await Promise.all(servers.map((server) => server.close()));
    identityPool?.close();
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
    const registry = new CredentialRegistry();
    const providerName = `cognito-idp.${region}.amazonaws.com/${resources.userPoolId}`;
    identityPool = new LocalIdentityPool({
      identityPoolId: resources.identityPoolId,
      region,
      providerName,
      userPoolClientId: resources.userPoolClientId,
      keys: await userPoolKeys(options.motoEndpoint, resources.userPoolId),
      authenticatedRoleArn: resources.authenticatedRoleArn,
      stsEndpoint: options.motoEndpoint,
      registry,
    });
    const identityServer = await startLocalIdentityPool(identityPool);
    servers.push(identityServer);
    const bucketArn = `arn:aws:s3:::${resources.buckets[topology.storage.bucket]}`;
    const principalFor = (accessKeyId: string): Principal | undefined => {
      // The API function's credentials locally (its role's policy in AWS): presigned URLs.
      if (accessKeyId === LOCAL_CREDENTIALS.accessKeyId)
        return {
          secretAccessKey: LOCAL_CREDENTIALS.secretAccessKey,
          statements: apiAttachmentStatements(bucketArn),
        };
      const issued = registry.find(accessKeyId);
      return issued === undefined
        ? undefined
        : {
            secretAccessKey: issued.secretAccessKey,
            sessionToken: issued.sessionToken,
            statements: withPolicyVariables(attachmentsAccessStatements(bucketArn), {
              'cognito-identity.amazonaws.com:sub': issued.identityId,
            }),
          };
    };
    const gate = await startStorageGate({ motoEndpoint: options.motoEndpoint, principalFor });
    servers.push(gate);

    const dax = await startDaxCache(options.motoEndpoint, {
      itemTtlSeconds: topology.dax.itemTtlSeconds,
      queryTtlSeconds: topology.dax.queryTtlSeconds,
    });
    servers.push(dax);
    const apiSpec = topology.functions[topology.api.fn];
    const apiFunction = (name: string, daxEndpoint: string): HostedFunction => ({
      name,
      handlerFile: join(__dirname, '..', '..', '..', 'functions', apiSpec.dir, 'handler.ts'),
      env: {
        ...Object.fromEntries(
          Object.entries(apiSpec.environment).map(([variable, ref]) => [
            variable,
            resolveTodoRef(ref, { ...resources, daxEndpoint }),
          ]),
        ),
        AWS_ENDPOINT_URL: options.motoEndpoint,
        AWS_ACCESS_KEY_ID: LOCAL_CREDENTIALS.accessKeyId,
        AWS_SECRET_ACCESS_KEY: LOCAL_CREDENTIALS.secretAccessKey,
        // Cognito Identity is the local identity pool (moto's gives a new identity on every GetId).
        AWS_ENDPOINT_URL_COGNITO_IDENTITY: identityServer.url,
        S3_FORCE_PATH_STYLE: 'true',
        UPLOAD_ENDPOINT: gate.url,
        AWS_SDK_JS_NODE_VERSION_SUPPORT_WARNING_DISABLED: 'true',
      },
      timeoutSeconds: apiSpec.timeoutSeconds,
      memoryMb: apiSpec.memoryMb,
    });
    const functionName = `${resources.prefix}-todo-api`;
    const functions = [apiFunction(functionName, dax.url)];
    if (options.uncachedApi === true) functions.push(apiFunction(`${functionName}-direct`, ''));
    functionHost = FunctionHost.start(functions, { region, accountId, inherited: inheritedVariables() });
    const keys = await userPoolKeys(options.motoEndpoint, resources.userPoolId);
    const authorize = (token: string) =>
      verifyIdToken(token, {
        issuer: `https://${providerName}`,
        audience: resources.userPoolClientId,
        keys,
      });
    const publicPaths = ['/openapi.json'];
    const apiCache = new ApiResponseCache();
    const api = await startTodoGateway({
      handler: functionHost.handler(functionName),
      routes: topology.api.routes,
      authorize,
      publicPaths,
      cache: apiCache,
      ...(options.apiPort === undefined ? {} : { port: options.apiPort }),
    });
    servers.push(api);
    const uncached =
      options.uncachedApi === true
        ? await startTodoGateway({
            handler: functionHost.handler(`${functionName}-direct`),
            routes: topology.api.routes,
            authorize,
            publicPaths,
          })
        : undefined;
    if (uncached !== undefined) servers.push(uncached);
    const daxOnly =
      options.uncachedApi === true
        ? await startTodoGateway({
            handler: functionHost.handler(functionName),
            routes: topology.api.routes,
            authorize,
            publicPaths,
          })
        : undefined;
    if (daxOnly !== undefined) servers.push(daxOnly);
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
    return {
      resources,
      clients,
      region,
      stateMachineArns: workflows.stateMachineArns,
      identityPoolUrl: identityServer.url,
      apiUrl: api.url,
      uncachedApiUrl: uncached?.url,
      daxOnlyApiUrl: daxOnly?.url,
      caches: { api: apiCache, dax: dax.caches },
      storageUrl: gate.url,
      signInTarget: {
        userPoolEndpoint: options.motoEndpoint,
        identityPoolEndpoint: identityServer.url,
        region,
        userPoolId: resources.userPoolId,
        userPoolClientId: resources.userPoolClientId,
        identityPoolId: resources.identityPoolId,
      },
      stop,
    };
  } catch (error) {
    await stop();
    throw error;
  }
}
