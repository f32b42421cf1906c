/**
 * The vocabulary of MyTodoList's topology: the serverless mobile back end beside the blog. It is
 * data, as the blog's (types.ts): `infra/` turns it into the TodoStack and `local/runtime/todo`
 * into resources on moto, so the two cannot drift. Its names are its own, so neither application's
 * changes reach the other.
 */

export type TodoTableName = 'todos' | 'reminders';
export type TodoBucketName = 'attachments';
export type TodoTopicName = 'reminders';
export type TodoQueueName = 'reminderEventsDlq';
export type TodoFunctionName = 'todoApi';
export type TodoWorkflowName = 'todoReminder';

export interface TodoTableSpec {
  readonly partitionKey: string;
  /** Sort key (a string), for tables read by partition: a user's to-dos. */
  readonly sortKey?: string;
  readonly stream?: 'NEW_AND_OLD_IMAGES';
  /** Attribute holding an epoch-seconds expiry, when items expire. */
  readonly timeToLiveAttribute?: string;
}

/** A value a function or workflow needs, named by what it points at. */
export type TodoResourceRef =
  | { readonly kind: 'tableName'; readonly table: TodoTableName }
  | { readonly kind: 'bucketName'; readonly bucket: TodoBucketName }
  | { readonly kind: 'topicArn'; readonly topic: TodoTopicName }
  | { readonly kind: 'userPoolId' }
  | { readonly kind: 'userPoolClientId' }
  | { readonly kind: 'identityPoolId' }
  /** The DAX cluster's endpoint in AWS; empty locally and where DAX is off (reads go to DynamoDB). */
  | { readonly kind: 'daxEndpoint' }
  | { readonly kind: 'setting'; readonly value: string };

export type TodoPermission =
  | { readonly action: 'readTable' | 'readWriteTable'; readonly table: TodoTableName }
  /** Presign GET and PUT under the bucket's private/ prefix, for the caller's own folder only. */
  | { readonly action: 'presignPrivateObjects'; readonly bucket: TodoBucketName }
  /** GetId on the identity pool: which identity (and so which folder) a signed-in user has. */
  | { readonly action: 'resolveIdentity' };

export interface TodoFunctionSpec {
  /** Folder under functions/ holding handler.ts. */
  readonly dir: string;
  readonly description: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  readonly environment: Readonly<Record<string, TodoResourceRef>>;
  readonly permissions: readonly TodoPermission[];
}

export interface TodoRouteSpec {
  readonly method: 'GET' | 'POST' | 'PUT' | 'DELETE';
  /** API Gateway resource path, e.g. `/todos/{todoId}`. */
  readonly path: string;
  /** Seconds API Gateway caches a GET answer, keyed per user (the Authorization header) and path. */
  readonly cacheSeconds?: number;
  /** Query string parameters that are part of the cache key too (a page's cursor); others are not. */
  readonly cacheKeyQuery?: readonly string[];
}

export interface TodoApiSpec {
  readonly fn: TodoFunctionName;
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly routes: readonly TodoRouteSpec[];
}

/** Cognito: who the users are (user pool) and the AWS credentials each gets (identity pool). */
export interface TodoAuthSpec {
  /** Users sign in with their email address and a password (SRP or USER_PASSWORD_AUTH). */
  readonly passwordMinimumLength: number;
  /** Lifetime of the ID and access tokens the API's authorizer accepts. */
  readonly tokenValidityMinutes: number;
}

/** Each user's own folder in the attachments bucket: `<prefix><identity id>/`. */
export interface TodoStorageSpec {
  readonly bucket: TodoBucketName;
  readonly privatePrefix: string;
  /** Largest attachment a presigned upload URL allows. */
  readonly maxAttachmentBytes: number;
  /** How long a presigned URL is valid. */
  readonly urlExpirySeconds: number;
}

/** DynamoDB Accelerator in front of the todos table, for the API's reads. */
export interface TodoDaxSpec {
  readonly nodeType: string;
  readonly replicationFactor: number;
  /** DAX's item cache TTL (GetItem), written through on the API's writes. */
  readonly itemTtlSeconds: number;
  /** DAX's query cache TTL (Query): not invalidated by writes, so kept short. */
  readonly queryTtlSeconds: number;
}

export interface TodoWorkflowSpec {
  readonly file: string;
  readonly description: string;
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly substitutions: Readonly<Record<string, TodoResourceRef>>;
}

/** An EventBridge Pipe from the todos table's stream to the reminder workflow. */
export interface TodoStreamPipeSpec {
  readonly table: TodoTableName;
  readonly eventNames: readonly ('INSERT' | 'MODIFY' | 'REMOVE')[];
  readonly batchSize: number;
  readonly workflow: TodoWorkflowName;
  readonly deadLetterQueue: TodoQueueName;
  readonly maximumRetryAttempts: number;
}

export interface TodoTopology {
  readonly project: string;
  readonly api: TodoApiSpec;
  readonly auth: TodoAuthSpec;
  readonly storage: TodoStorageSpec;
  readonly dax: TodoDaxSpec;
  readonly tables: Readonly<Record<TodoTableName, TodoTableSpec>>;
  readonly buckets: Readonly<Record<TodoBucketName, { readonly versioned: boolean }>>;
  readonly topics: Readonly<Record<TodoTopicName, { readonly displayName: string }>>;
  readonly queues: Readonly<Record<TodoQueueName, { readonly retentionDays: number }>>;
  readonly functions: Readonly<Record<TodoFunctionName, TodoFunctionSpec>>;
  readonly workflows: Readonly<Record<TodoWorkflowName, TodoWorkflowSpec>>;
  readonly pipes: readonly TodoStreamPipeSpec[];
}
