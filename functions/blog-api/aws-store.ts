import {
  ConditionalCheckFailedException,
  type DynamoDBClient,
  GetItemCommand,
  PutItemCommand,
} from '@aws-sdk/client-dynamodb';
import { GetObjectCommand, HeadObjectCommand, PutObjectCommand, type S3Client } from '@aws-sdk/client-s3';
import { getSignedUrl } from '@aws-sdk/s3-request-presigner';
import { unmarshall } from '@aws-sdk/util-dynamodb';
import { manifestSchema } from '../shared/manifest';
import { isNotFound, isTransientServiceError } from '../shared/storage-errors';
import { TemporarilyUnavailable } from './problems';
import type { BlogStore, PhotoRecord } from './store';

export interface AwsStoreConfig {
  readonly subscribersTable: string;
  readonly photosTable: string;
  readonly uploadsBucket: string;
  readonly thumbnailsBucket: string;
  readonly distributionBucket: string;
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

/**
 * The API's store on DynamoDB and S3. `presigner` signs upload and download URLs; it is the
 * same S3 client in AWS, and one pointed at the local upload gate when run locally.
 */
export function awsStore(
  dynamodb: DynamoDBClient,
  s3: S3Client,
  presigner: S3Client,
  config: AwsStoreConfig,
): BlogStore {
  return {
    addSubscriber: (subscriber, at) =>
      guarded('The subscribers table', async () => {
        try {
          await dynamodb.send(
            new PutItemCommand({
              TableName: config.subscribersTable,
              Item: {
                email: { S: subscriber.email },
                name: { S: subscriber.name },
                locale: { S: subscriber.locale },
                consent: { BOOL: subscriber.consent },
                subscribedAt: { S: at.toISOString() },
              },
              ConditionExpression: 'attribute_not_exists(email)',
            }),
          );
          return 'added';
        } catch (error) {
          if (error instanceof ConditionalCheckFailedException) return 'exists';
          if ((error as Error).name === 'ConditionalCheckFailedException') return 'exists';
          throw error;
        }
      }),

    reservePhoto: (photo, at) =>
      guarded('The photos table', async () => {
        await dynamodb.send(
          new PutItemCommand({
            TableName: config.photosTable,
            Item: {
              photoId: { S: photo.photoId },
              status: { S: 'AWAITING_UPLOAD' },
              sourceKey: { S: photo.key },
              contentType: { S: photo.contentType },
              declaredSize: { N: String(photo.size) },
              updatedAt: { S: at.toISOString() },
            },
            // A new key every time: an existing photo is never overwritten by a reservation.
            ConditionExpression: 'attribute_not_exists(photoId)',
          }),
        );
      }),

    presignUpload: (key, contentType, size, expiresSeconds) =>
      getSignedUrl(
        presigner,
        new PutObjectCommand({
          Bucket: config.uploadsBucket,
          Key: key,
          ContentType: contentType,
          ContentLength: size,
        }),
        // Signed headers: S3 refuses a PUT whose type or length differs from these.
        { expiresIn: expiresSeconds, signableHeaders: new Set(['content-type', 'content-length']) },
      ),

    photo: (photoId) =>
      guarded('The photos table', async () => {
        const { Item } = await dynamodb.send(
          new GetItemCommand({
            TableName: config.photosTable,
            Key: { photoId: { S: photoId } },
            ConsistentRead: true,
          }),
        );
        if (Item === undefined) return undefined;
        const item = unmarshall(Item) as Record<string, unknown>;
        const record: PhotoRecord = {
          photoId,
          status: String(item['status'] ?? ''),
          key: String(item['sourceKey'] ?? ''),
          ...(item['width'] === undefined ? {} : { width: Number(item['width']) }),
          ...(item['height'] === undefined ? {} : { height: Number(item['height']) }),
          ...(typeof item['format'] === 'string' ? { format: item['format'] } : {}),
          thumbnails:
            typeof item['thumbnails'] === 'string'
              ? (JSON.parse(item['thumbnails']) as PhotoRecord['thumbnails'])
              : [],
          ...(typeof item['error'] === 'string' ? { error: item['error'] } : {}),
          updatedAt: String(item['updatedAt'] ?? ''),
        };
        return record;
      }),

    uploaded: (key) =>
      guarded('The uploads bucket', async () => {
        try {
          await s3.send(new HeadObjectCommand({ Bucket: config.uploadsBucket, Key: key }));
          return true;
        } catch (error) {
          if (isNotFound(error)) return false;
          throw error;
        }
      }),

    thumbnailUrl: (key) =>
      getSignedUrl(presigner, new GetObjectCommand({ Bucket: config.thumbnailsBucket, Key: key }), {
        expiresIn: 3600,
      }),

    release: (key) =>
      guarded('The distribution bucket', async () => {
        let text: string;
        try {
          const object = await s3.send(new GetObjectCommand({ Bucket: config.distributionBucket, Key: key }));
          text = (await object.Body?.transformToString('utf-8')) ?? '';
        } catch (error) {
          if (isNotFound(error)) return undefined;
          throw error;
        }
        return manifestSchema.parse(JSON.parse(text));
      }),
  };
}
