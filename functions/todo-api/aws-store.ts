import { type CognitoIdentityClient, GetIdCommand } from '@aws-sdk/client-cognito-identity';
import type {
  DeleteItemCommandInput,
  DeleteItemCommandOutput,
  GetItemCommandInput,
  GetItemCommandOutput,
  PutItemCommandInput,
  PutItemCommandOutput,
  QueryCommandInput,
  QueryCommandOutput,
  UpdateItemCommandInput,
  UpdateItemCommandOutput,
} from '@aws-sdk/client-dynamodb';
import { DeleteObjectsCommand, GetObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { marshall, unmarshall } from '@aws-sdk/util-dynamodb';
import { z } from 'zod';
import { isTransientServiceError } from '../shared/storage-errors';
import { TemporarilyUnavailable, ValidationFailed } from './problems';
import { attachment, todoItem } from './schemas';
import type { StoredTodo, TodoStore } from './store';

/**
 * The item operations the store uses, in the DynamoDB client's aggregated style: both the SDK's
 * `DynamoDB` and DAX's `Dax` client (which has no `send`) provide them, so reads and writes go
 * through DAX where there is a cluster and straight to DynamoDB where there is not.
 */
export interface TableClient {
  getItem(input: GetItemCommandInput): Promise<GetItemCommandOutput>;
  putItem(input: PutItemCommandInput): Promise<PutItemCommandOutput>;
  updateItem(input: UpdateItemCommandInput): Promise<UpdateItemCommandOutput>;
  deleteItem(input: DeleteItemCommandInput): Promise<DeleteItemCommandOutput>;
  query(input: QueryCommandInput): Promise<QueryCommandOutput>;
}

export interface TodoAwsConfig {
  readonly todosTable: string;
  readonly attachmentsBucket: string;
  readonly identityPoolId: string;
  /** `cognito-idp.<region>.amazonaws.com/<user pool id>`: the login the ID token is from. */
  readonly loginProvider: string;
}

/** A throttled or failing service is the client's 503 with Retry-After, not a 500. */
async function guarded<T>(what: string, work: () => Promise<T>): Promise<T> {
  try {
    return await work();
  } catch (error) {
    if (isTransientServiceError(error)) throw new TemporarilyUnavailable(`${what} is busy; try again`);
    throw error;
  }
}

const conditionFailed = (error: unknown) => (error as Error).name === 'ConditionalCheckFailedException';

/** A row as the API wrote it; a row written around the API that is not one fails loudly (500, logged). */
const storedTodo = todoItem.extend({ userId: z.string(), attachments: z.array(attachment).default([]) });

function fromItem(item: Record<string, unknown>): StoredTodo {
  return storedTodo.parse(item);
}

function encodeCursor(key: Record<string, unknown> | undefined): string | undefined {
  return key === undefined ? undefined : Buffer.from(JSON.stringify(key)).toString('base64url');
}

/** A cursor is the page's last key, and only ever one in the caller's own partition. */
function decodeCursor(cursor: string, userId: string): Record<string, { S: string }> {
  try {
    const key = JSON.parse(Buffer.from(cursor, 'base64url').toString('utf8')) as Record<
      string,
      { S?: unknown }
    >;
    const todoId = key['todoId']?.S;
    if (key['userId']?.S === userId && typeof todoId === 'string' && Object.keys(key).length === 2)
      return { userId: { S: userId }, todoId: { S: todoId } };
  } catch {
    // Not base64 JSON: refused below like any other cursor that is not ours.
  }
  throw new ValidationFailed('cursor is not one this API gave you', [
    { path: 'cursor', message: 'unknown cursor' },
  ]);
}

/**
 * The API's store: to-dos in DynamoDB (through DAX when configured), attachments in S3 under
 * each user's identity folder, and Cognito's GetId for which folder that is. `presigner` signs
 * the URLs (locally it points at the storage gate in front of moto).
 */
export function awsTodoStore(
  table: TableClient,
  s3: S3Client,
  presigner: S3Client,
  identity: CognitoIdentityClient,
  config: TodoAwsConfig,
): TodoStore {
  const identities = new Map<string, string>();
  const key = (userId: string, todoId: string) => marshall({ userId, todoId });
  return {
    list: (userId, limit, cursor) =>
      guarded('The todos table', async () => {
        const page = await table.query({
          TableName: config.todosTable,
          KeyConditionExpression: 'userId = :user',
          ExpressionAttributeValues: { ':user': { S: userId } },
          Limit: limit,
          ...(cursor === undefined ? {} : { ExclusiveStartKey: decodeCursor(cursor, userId) }),
        });
        const nextCursor = encodeCursor(page.LastEvaluatedKey);
        return {
          todos: (page.Items ?? []).map((item) => fromItem(unmarshall(item))),
          ...(nextCursor === undefined ? {} : { nextCursor }),
        };
      }),

    get: (userId, todoId) =>
      guarded('The todos table', async () => {
        const found = await table.getItem({ TableName: config.todosTable, Key: key(userId, todoId) });
        return found.Item === undefined ? undefined : fromItem(unmarshall(found.Item));
      }),

    create: (todo) =>
      guarded('The todos table', async () => {
        await table.putItem({
          TableName: config.todosTable,
          Item: marshall(todo, { removeUndefinedValues: true }),
          ConditionExpression: 'attribute_not_exists(todoId)',
        });
      }),

    replace: (todo, expectedVersion) =>
      guarded('The todos table', async () => {
        try {
          await table.putItem({
            TableName: config.todosTable,
            Item: marshall(todo, { removeUndefinedValues: true }),
            ConditionExpression: 'attribute_exists(todoId) AND version = :expected',
            ExpressionAttributeValues: { ':expected': { N: String(expectedVersion) } },
          });
          return 'replaced';
        } catch (error) {
          if (!conditionFailed(error)) throw error;
          // Gone, or changed by another write? A strongly consistent read says (DAX passes it to
          // DynamoDB; its PutItem does not return the item on a failed condition as DynamoDB can).
          const now = await table.getItem({
            TableName: config.todosTable,
            Key: key(todo.userId, todo.todoId),
            ConsistentRead: true,
          });
          return now.Item === undefined ? 'missing' : 'conflict';
        }
      }),

    delete: (userId, todoId) =>
      guarded('The todos table', async () => {
        const deleted = await table.deleteItem({
          TableName: config.todosTable,
          Key: key(userId, todoId),
          ReturnValues: 'ALL_OLD',
        });
        return deleted.Attributes === undefined ? undefined : fromItem(unmarshall(deleted.Attributes));
      }),

    deleteObjects: (keys) =>
      guarded('The attachments bucket', async () => {
        if (keys.length === 0) return;
        await s3.send(
          new DeleteObjectsCommand({
            Bucket: config.attachmentsBucket,
            Delete: { Objects: keys.map((Key) => ({ Key })), Quiet: true },
          }),
        );
      }),

    presignUpload: (objectKey, contentType, size, expiresSeconds) =>
      getSignedUrl(
        presigner,
        new PutObjectCommand({
          Bucket: config.attachmentsBucket,
          Key: objectKey,
          ContentType: contentType,
          ContentLength: size,
        }),
        { expiresIn: expiresSeconds, signableHeaders: new Set(['content-type', 'content-length']) },
      ),

    presignDownload: (objectKey, expiresSeconds) =>
      getSignedUrl(presigner, new GetObjectCommand({ Bucket: config.attachmentsBucket, Key: objectKey }), {
        expiresIn: expiresSeconds,
      }),

    identityIdOf: (idToken) =>
      guarded('Cognito', async () => {
        const known = identities.get(idToken);
        if (known !== undefined) return known;
        const found = await identity.send(
          new GetIdCommand({
            IdentityPoolId: config.identityPoolId,
            Logins: { [config.loginProvider]: idToken },
          }),
        );
        const identityId = found.IdentityId as string;
        // ID tokens live an hour; a warm function meets the same few again and again.
        if (identities.size > 1000) identities.clear();
        identities.set(idToken, identityId);
        return identityId;
      }),
  };
}
