/**
 * The vocabulary of the pipeline's topology. The topology is data: `infra/` turns it into CDK
 * constructs and `local/runtime` turns it into moto resources and pollers, so the two cannot drift.
 */

export interface TableSpec {
  /** Partition key attribute (always a string). */
  readonly partitionKey: string;
  /** DynamoDB Streams view type, when the table feeds a trigger. */
  readonly stream?: 'NEW_IMAGE' | 'NEW_AND_OLD_IMAGES';
  /** Attribute holding an epoch-seconds expiry, when items expire. */
  readonly timeToLiveAttribute?: string;
}

export interface BucketSpec {
  /** Keep every version of an object: where an overwrite or delete would lose data. */
  readonly versioned: boolean;
  /** Browsers on the site PUT into it with presigned URLs (a CORS rule for the API's origin). */
  readonly browserUploads?: boolean;
}

export interface QueueSpec {
  readonly visibilityTimeoutSeconds: number;
  /** Days a message is kept; dead-letter queues keep theirs for the maximum, 14. */
  readonly retentionDays: number;
  /** Where a message goes after maxReceiveCount failed receives. Dead-letter queues have none. */
  readonly deadLetter?: { readonly queue: QueueName; readonly maxReceiveCount: number };
}

export interface TopicSpec {
  readonly displayName: string;
}

export interface StreamSpec {
  readonly shardCount: number;
}

/** A value a function or workflow needs, named by what it points at. */
export type ResourceRef =
  | { readonly kind: 'tableName'; readonly table: TableName }
  | { readonly kind: 'bucketName'; readonly bucket: BucketName }
  | { readonly kind: 'queueUrl'; readonly queue: QueueName }
  | { readonly kind: 'topicArn'; readonly topic: TopicName }
  | { readonly kind: 'streamName'; readonly stream: StreamName }
  | { readonly kind: 'functionArn'; readonly fn: FunctionName }
  | { readonly kind: 'distributionId' }
  /** Where release files are downloaded from: the CloudFront distribution's https address. */
  | { readonly kind: 'downloadsBaseUrl' }
  | { readonly kind: 'setting'; readonly value: string };

/** What a function may do to which resource; infra turns each into a scoped grant. */
export type Permission =
  | { readonly action: 'readTable' | 'writeTable' | 'readWriteTable'; readonly table: TableName }
  | {
      readonly action: 'readBucket' | 'writeBucket' | 'readWriteBucket' | 'deleteFromBucket';
      readonly bucket: BucketName;
    }
  | { readonly action: 'sendEmail' }
  | { readonly action: 'publish'; readonly topic: TopicName };

export interface FunctionSpec {
  /** Folder under functions/ holding handler.ts. */
  readonly dir: string;
  readonly description: string;
  readonly memoryMb: number;
  readonly timeoutSeconds: number;
  /** Needs native sharp binaries, which decides the architecture it is packaged for. */
  readonly usesSharp?: boolean;
  /** Caps concurrency where a downstream service needs protecting. */
  readonly reservedConcurrency?: number;
  readonly environment: Readonly<Record<string, ResourceRef>>;
  readonly permissions: readonly Permission[];
  /** Mounts the update server's volume (EFS, in the update origin's VPC) at UPDATES_VOLUME_PATH. */
  readonly mountsUpdatesVolume?: boolean;
}

/**
 * Where update-publishing puts a release for clients to download: the distribution bucket behind
 * CloudFront, or also the update server's volume behind its load balancer (the "existing
 * application" of topology/update-origin.ts), whose /updates/ paths the same CloudFront serves.
 */
export type ReleaseOrigin = 'distributionBucket' | 'updateServer';

export interface WorkflowSpec {
  /** File under workflows/. */
  readonly file: string;
  readonly description: string;
  /** STANDARD where exactly-once side effects matter. */
  readonly type: 'STANDARD' | 'EXPRESS';
  readonly substitutions: Readonly<Record<string, ResourceRef>>;
}

/** An EventBridge Pipe: a source polled in batches, filtered, starting a workflow per batch. */
export type PipeSpec = TableStreamPipeSpec | QueuePipeSpec;

export interface TableStreamPipeSpec {
  readonly kind: 'tableStream';
  readonly table: TableName;
  /** DynamoDB stream event names that pass the filter. */
  readonly eventNames: readonly ('INSERT' | 'MODIFY' | 'REMOVE')[];
  readonly batchSize: number;
  readonly workflow: WorkflowName;
  /** Where a batch goes when every attempt failed (a stream has no queue of its own to fall back on). */
  readonly deadLetterQueue: QueueName;
  readonly maximumRetryAttempts: number;
}

export interface QueuePipeSpec {
  readonly kind: 'queue';
  readonly queue: QueueName;
  readonly batchSize: number;
  readonly workflow: WorkflowName;
}

/** A Lambda event source mapping from a Kinesis stream. */
export interface StreamConsumerSpec {
  readonly stream: StreamName;
  readonly fn: FunctionName;
  readonly batchSize: number;
  readonly startingPosition: 'TRIM_HORIZON' | 'LATEST';
  readonly deadLetterQueue: QueueName;
  readonly maximumRetryAttempts: number;
}

export interface BucketNotificationSpec {
  readonly bucket: BucketName;
  readonly prefix?: string;
  readonly suffix?: string;
  readonly target:
    | { readonly kind: 'queue'; readonly queue: QueueName }
    | { readonly kind: 'topic'; readonly topic: TopicName };
}

export interface SubscriptionSpec {
  readonly topic: TopicName;
  readonly queue: QueueName;
  /** Raw delivery skips the SNS envelope; our consumers expect the envelope, so it stays off. */
  readonly rawMessageDelivery: boolean;
  /** SNS subscription filter policy on message attributes. */
  readonly filterPolicy?: Readonly<Record<string, readonly string[]>>;
}

/** One route of the REST API; the Lambda behind it answers every route. */
export interface RouteSpec {
  readonly method: 'GET' | 'POST';
  /** API Gateway resource path, e.g. `/photos/{photoId}`. */
  readonly path: string;
  /** Seconds API Gateway caches a GET answer (keyed by its path parameters). */
  readonly cacheSeconds?: number;
  /** The request body schema API Gateway validates before the Lambda runs. */
  readonly requestModel?: 'SubscribeRequest' | 'PhotoUploadRequest';
}

/** The blog's REST API: API Gateway in front of one function. */
export interface ApiSpec {
  readonly fn: FunctionName;
  /** The site's origin: its pages may call the API and upload with presigned URLs. */
  readonly allowedOrigin: string;
  /** Requests per second across the API, and the burst above it. */
  readonly throttle: { readonly rateLimit: number; readonly burstLimit: number };
  readonly routes: readonly RouteSpec[];
}

export interface Topology {
  readonly project: string;
  readonly releaseOrigin: ReleaseOrigin;
  readonly api: ApiSpec;
  readonly tables: Readonly<Record<TableName, TableSpec>>;
  readonly buckets: Readonly<Record<BucketName, BucketSpec>>;
  readonly queues: Readonly<Record<QueueName, QueueSpec>>;
  readonly topics: Readonly<Record<TopicName, TopicSpec>>;
  readonly streams: Readonly<Record<StreamName, StreamSpec>>;
  readonly functions: Readonly<Record<FunctionName, FunctionSpec>>;
  readonly workflows: Readonly<Record<WorkflowName, WorkflowSpec>>;
  readonly pipes: readonly PipeSpec[];
  readonly streamConsumers: readonly StreamConsumerSpec[];
  readonly bucketNotifications: readonly BucketNotificationSpec[];
  readonly subscriptions: readonly SubscriptionSpec[];
}

export type TableName =
  'subscribers' | 'sentLog' | 'idempotency' | 'photos' | 'releaseAudit' | 'releaseClaims';
export type BucketName = 'uploads' | 'thumbnails' | 'releases' | 'distribution';
export type QueueName =
  | 'thumbnailJobs'
  | 'thumbnailJobsDlq'
  | 'publishJobs'
  | 'publishJobsDlq'
  | 'subscriberEventsDlq'
  | 'releaseAuditDlq'
  | 'updateSubscribers'
  | 'updateSubscribersDlq';
export type TopicName = 'releasePublished' | 'updateAvailable' | 'operations';
export type StreamName = 'releaseEvents';
export type FunctionName =
  | 'validateSubscriber'
  | 'renderWelcomeEmail'
  | 'sendWelcomeEmail'
  | 'parsePhotoEvent'
  | 'inspectImage'
  | 'makeThumbnail'
  | 'parseReleaseEvent'
  | 'validateManifest'
  | 'verifyChecksum'
  | 'copyReleaseFile'
  | 'pointLatestRelease'
  | 'removeReleaseCopies'
  | 'releaseAudit'
  | 'blogApi';
export type WorkflowName = 'welcomeEmail' | 'thumbnail' | 'updatePublishing';
