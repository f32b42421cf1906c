import type { TodoResourceRef, TodoTopology } from './todo-types';

/**
 * MyTodoList: a mobile to-do list's serverless back end. Users sign in with Cognito (user pool),
 * call the REST API with their ID token, and read and write their own folder of the attachments
 * bucket with temporary credentials from the identity pool. A to-do with a due time is reminded
 * through SNS by the todo-reminder workflow. Read by infra/ (TodoStack) and local/runtime/todo.
 */

const table = (name: Extract<TodoResourceRef, { kind: 'tableName' }>['table']): TodoResourceRef => ({
  kind: 'tableName',
  table: name,
});
const setting = (value: string): TodoResourceRef => ({ kind: 'setting', value });

/** The IAM policy variable that is the caller's identity id in the identity pool. */
export const IDENTITY_ID_VARIABLE = '${cognito-identity.amazonaws.com:sub}';

/** Largest title and notes the API stores (a DynamoDB item is at most 400 KB; a to-do is small). */
export const MAX_TITLE_LENGTH = 200;
export const MAX_NOTES_LENGTH = 4000;

export const todo: TodoTopology = {
  project: 'mytodolist',
  api: {
    fn: 'todoApi',
    throttle: { rateLimit: 50, burstLimit: 100 },
    routes: [
      // Reads dominate: each user's GETs are cached briefly, keyed by their Authorization header.
      // A write is not seen by a cached GET until it expires, so the time is short.
      { method: 'GET', path: '/todos', cacheSeconds: 10, cacheKeyQuery: ['cursor'] },
      { method: 'POST', path: '/todos' },
      { method: 'GET', path: '/todos/{todoId}', cacheSeconds: 10 },
      { method: 'PUT', path: '/todos/{todoId}' },
      { method: 'DELETE', path: '/todos/{todoId}' },
      { method: 'POST', path: '/todos/{todoId}/attachments' },
      { method: 'GET', path: '/todos/{todoId}/attachments/{name}' },
      { method: 'GET', path: '/openapi.json', cacheSeconds: 3600 },
    ],
  },
  auth: { passwordMinimumLength: 12, tokenValidityMinutes: 60 },
  storage: {
    bucket: 'attachments',
    privatePrefix: 'private/',
    maxAttachmentBytes: 25 * 1024 * 1024,
    urlExpirySeconds: 900,
  },
  dax: { nodeType: 'dax.t3.small', replicationFactor: 3, itemTtlSeconds: 300, queryTtlSeconds: 5 },
  tables: {
    // A user's to-dos are one partition: listing them is one Query, and no key reaches another user's.
    todos: { partitionKey: 'userId', sortKey: 'todoId', stream: 'NEW_AND_OLD_IMAGES' },
    // Which execution may remind each to-do, and whether it did (see workflows/todo-reminder.asl.json).
    reminders: { partitionKey: 'todoId', timeToLiveAttribute: 'expiresAt' },
  },
  buckets: { attachments: { versioned: true } },
  topics: { reminders: { displayName: 'MyTodoList reminders' } },
  queues: { reminderEventsDlq: { retentionDays: 14 } },
  functions: {
    todoApi: {
      dir: 'todo-api',
      description: "MyTodoList's REST API: a user's to-dos and their attachment URLs",
      memoryMb: 512,
      timeoutSeconds: 10,
      environment: {
        TODOS_TABLE: table('todos'),
        ATTACHMENTS_BUCKET: { kind: 'bucketName', bucket: 'attachments' },
        IDENTITY_POOL_ID: { kind: 'identityPoolId' },
        USER_POOL_ID: { kind: 'userPoolId' },
        DAX_ENDPOINT: { kind: 'daxEndpoint' },
        ALLOWED_ORIGIN: setting('*'),
      },
      permissions: [
        { action: 'readWriteTable', table: 'todos' },
        { action: 'presignPrivateObjects', bucket: 'attachments' },
        { action: 'resolveIdentity' },
      ],
    },
  },
  workflows: {
    todoReminder: {
      file: 'todo-reminder.asl.json',
      description: 'A to-do with a due time: wait until it, then remind its user through SNS',
      type: 'STANDARD',
      substitutions: {
        TodosTableName: table('todos'),
        RemindersTableName: table('reminders'),
        ReminderTopicArn: { kind: 'topicArn', topic: 'reminders' },
      },
    },
  },
  pipes: [
    {
      table: 'todos',
      eventNames: ['INSERT', 'MODIFY', 'REMOVE'],
      batchSize: 1,
      workflow: 'todoReminder',
      deadLetterQueue: 'reminderEventsDlq',
      maximumRetryAttempts: 3,
    },
  ],
};

/** One statement of an identity-based IAM policy, as JSON. */
export interface PolicyStatementJson {
  readonly Sid: string;
  readonly Effect: 'Allow' | 'Deny';
  readonly Action: readonly string[];
  readonly Resource: readonly string[];
  readonly Condition?: Readonly<Record<string, Readonly<Record<string, readonly string[]>>>>;
}

/**
 * What a signed-in user may do in the attachments bucket with the identity pool's credentials:
 * objects under `private/<their identity id>/` only, and listing only that prefix. The same
 * statements are the authenticated role's policy in AWS (infra) and what the local storage gate
 * evaluates in front of moto, which does not evaluate IAM.
 */
export function attachmentsAccessStatements(bucketArn: string): PolicyStatementJson[] {
  const folder = `${todo.storage.privatePrefix}${IDENTITY_ID_VARIABLE}/`;
  return [
    {
      Sid: 'OwnFolderObjects',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: [`${bucketArn}/${folder}*`],
    },
    {
      Sid: 'ListOwnFolder',
      Effect: 'Allow',
      Action: ['s3:ListBucket'],
      Resource: [bucketArn],
      Condition: { StringLike: { 's3:prefix': [`${folder}*`] } },
    },
  ];
}

/**
 * What the API function may do in the attachments bucket: sign uploads and downloads under
 * private/ (a presigned URL acts with the signer's rights, so the API checks the folder is the
 * caller's before signing) and delete a deleted to-do's attachments. Nothing outside private/.
 */
export function apiAttachmentStatements(bucketArn: string): PolicyStatementJson[] {
  return [
    {
      Sid: 'PrivateFoldersForPresignedUrls',
      Effect: 'Allow',
      Action: ['s3:GetObject', 's3:PutObject', 's3:DeleteObject'],
      Resource: [`${bucketArn}/${todo.storage.privatePrefix}*`],
    },
  ];
}
